/**
 * Writes schema.graphql from the resolvers (sorted, so diffs stay small), and sdk/src/server-codes.ts
 * from the server's lists the SDK types itself with: the public GraphQL error codes and the
 * mutations that take an idempotency key. CI fails when either is stale.
 */
import 'reflect-metadata';
import fs from 'node:fs';
import path from 'node:path';
import { lexicographicSortSchema, printSchema } from 'graphql';
import { PUBLIC_ERROR_CODES } from '../src/common/errors';
import { IDEMPOTENT_MUTATIONS } from '../src/idempotency';
import { buildWorkroomSchema } from '../src/schema';

const root = path.join(__dirname, '../..');
const list = (values: Iterable<string>) => `[\n${[...values].map((v) => `  '${v}',\n`).join('')}] as const`;

async function main(): Promise<void> {
  const schema = await buildWorkroomSchema();
  const header = '# Generated from the server\'s resolvers by `npm run generate`. Do not edit.\n\n';
  const write = (file: string, text: string) => {
    fs.writeFileSync(path.join(root, file), text);
    console.log(`wrote ${file}`);
  };
  write('schema.graphql', header + printSchema(lexicographicSortSchema(schema)) + '\n');
  write(
    'sdk/src/server-codes.ts',
    [
      '// Generated from server/src by `npm run generate` (server/scripts/emit-schema.ts). Do not edit.',
      '',
      '/** Every `extensions.code` the server answers with (server/src/common/errors.ts `PUBLIC_ERROR_CODES`). */',
      `export const GRAPHQL_ERROR_CODES = ${list(PUBLIC_ERROR_CODES)};`,
      'export type GraphQLErrorCode = (typeof GRAPHQL_ERROR_CODES)[number];',
      '',
      '/** The mutations that accept an `Idempotency-Key` (server/src/idempotency, `@Idempotent()`). */',
      `export const IDEMPOTENT_MUTATIONS = ${list([...IDEMPOTENT_MUTATIONS].sort())};`,
      '',
    ].join('\n'),
  );
}

main().catch((error: unknown) => {
  console.error(error);
  process.exit(1);
});
