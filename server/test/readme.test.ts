import fs from 'node:fs';
import path from 'node:path';
import { buildSchema, parse, validate } from 'graphql';
import { ENGINE } from './support/server';

const ROOT = path.join(__dirname, '../..');

/** Every GraphQL example in README.md, one operation each. */
function readmeOperations(): string[] {
  const markdown = fs.readFileSync(path.join(ROOT, 'README.md'), 'utf8');
  const blocks = [...markdown.matchAll(/```graphql\n([\s\S]*?)```/g)].map((m) => m[1]);
  return blocks
    .flatMap((block) => block.split(/\n(?=mutation|query)/))
    .map((op) => op.replace(/^#.*$/gm, '').trim())
    .filter(Boolean);
}

// Documentation, not data: it needs no database, so it runs once, in the SQLite project.
(ENGINE === 'sqlite' ? describe : describe.skip)('README', () => {
  const schema = buildSchema(fs.readFileSync(path.join(ROOT, 'schema.graphql'), 'utf8'));
  const operations = readmeOperations();

  it('has GraphQL examples to paste into the playground', () => {
    expect(operations.length).toBeGreaterThanOrEqual(10);
  });

  it.each(operations.map((op) => [op.split('\n')[0].slice(0, 70), op]))('example is valid against schema.graphql: %s', (_title, op) => {
    expect(validate(schema, parse(op)).map((e) => e.message)).toEqual([]);
  });
});
