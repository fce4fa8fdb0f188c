/** Writes schema.graphql from the resolvers (sorted, so diffs stay small). CI fails when it is stale. */
import 'reflect-metadata';
import fs from 'node:fs';
import path from 'node:path';
import { lexicographicSortSchema, printSchema } from 'graphql';
import { buildWorkroomSchema } from '../src/schema';

async function main(): Promise<void> {
  const schema = await buildWorkroomSchema();
  const header = '# Generated from the server\'s resolvers by `npm run generate`. Do not edit.\n\n';
  const file = path.join(__dirname, '../../schema.graphql');
  fs.writeFileSync(file, header + printSchema(lexicographicSortSchema(schema)) + '\n');
  console.log(`wrote ${path.relative(process.cwd(), file)}`);
}

main().catch((error: unknown) => {
  console.error(error);
  process.exit(1);
});
