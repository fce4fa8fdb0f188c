import fs from 'node:fs';
import path from 'node:path';
import { buildSchema, parse, validate } from 'graphql';
import { W1_NODE, W2_COMPANIES, W3_TREE, W4_UPDATE_COMPANY } from '../../bench/workloads';
import { ENGINE } from './support/server';

// `npm run bench` refuses to time when a document stops matching the schema; this says so in CI,
// before anyone runs it. Documentation-like: no database, so only in the SQLite project.
(ENGINE === 'sqlite' ? describe : describe.skip)('bench workloads', () => {
  const schema = buildSchema(fs.readFileSync(path.join(__dirname, '../../schema.graphql'), 'utf8'));

  it.each([
    ['W1', W1_NODE],
    ['W2', W2_COMPANIES],
    ['W3', W3_TREE],
    ['W4', W4_UPDATE_COMPANY],
  ])('%s is valid against schema.graphql', (_name, document) => {
    expect(validate(schema, parse(document)).map((e) => e.message)).toEqual([]);
  });
});
