import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import {
  buildSchema,
  getNamedType,
  isObjectType,
  Kind,
  parse,
  validate,
  type DocumentNode,
  type FragmentDefinitionNode,
  type GraphQLObjectType,
  type OperationDefinitionNode,
  type SelectionSetNode,
} from 'graphql';
import { CLIENT_HELPERS } from '../src/client';
import * as generated from '../src/generated';

const root = join(__dirname, '..', '..');
const schema = buildSchema(readFileSync(join(root, 'schema.graphql'), 'utf8'));
const operationsDir = join(root, 'sdk', 'operations');
const files = readdirSync(operationsDir).filter((f) => f.endsWith('.graphql'));
const documents = files.map((file) => ({ file, doc: parse(readFileSync(join(operationsDir, file), 'utf8')) }));
const definitions = documents.flatMap(({ doc }) => doc.definitions);
const operations = definitions.filter((d): d is OperationDefinitionNode => d.kind === Kind.OPERATION_DEFINITION);
const fragments = new Map(
  definitions.filter((d): d is FragmentDefinitionNode => d.kind === Kind.FRAGMENT_DEFINITION).map((f) => [f.name.value, f]),
);

/**
 * Field name → its selection sets, looking through fragment spreads and inline fragments.
 * Aliased fields are listed as `alias:name`: the client reads them under another key.
 */
function fieldsOf(set: SelectionSetNode | undefined, out = new Map<string, (SelectionSetNode | undefined)[]>()) {
  for (const selection of set?.selections ?? []) {
    if (selection.kind === Kind.FIELD) {
      const alias = selection.alias && selection.alias.value !== selection.name.value ? `${selection.alias.value}:` : '';
      const key = alias + selection.name.value;
      out.set(key, [...(out.get(key) ?? []), selection.selectionSet]);
    } else if (selection.kind === Kind.INLINE_FRAGMENT) {
      fieldsOf(selection.selectionSet, out);
    } else {
      fieldsOf(fragments.get(selection.name.value)?.selectionSet, out);
    }
  }
  return out;
}

const fieldName = (key: string) => key.slice(key.indexOf(':') + 1);

const rootFieldsSelected = (type: 'query' | 'mutation') =>
  new Set(operations.filter((op) => op.operation === type).flatMap((op) => [...fieldsOf(op.selectionSet).keys()].map(fieldName)));

describe('SDK operations (sdk/operations/*.graphql)', () => {
  it('are all named, uniquely', () => {
    expect(operations.filter((op) => !op.name).map((op) => op.loc?.source.body.slice(op.loc.start, op.loc.start + 60))).toEqual([]);
    const names = operations.map((op) => op.name!.value);
    expect(names.filter((name, i) => names.indexOf(name) !== i)).toEqual([]);
  });

  it('are valid against schema.graphql', () => {
    const all: DocumentNode = { kind: Kind.DOCUMENT, definitions };
    expect(validate(schema, all).map((e) => e.message)).toEqual([]);
  });

  it('cover every root Query field', () => {
    const missing = Object.keys(schema.getQueryType()!.getFields()).filter((f) => !rootFieldsSelected('query').has(f));
    expect(missing).toEqual([]);
  });

  it('cover every root Mutation field', () => {
    const mutation = schema.getMutationType();
    const missing = Object.keys(mutation?.getFields() ?? {}).filter((f) => !rootFieldsSelected('mutation').has(f));
    expect(missing).toEqual([]);
  });

  it('select userErrors { code field message } in every mutation payload', () => {
    const mutation = schema.getMutationType() as GraphQLObjectType;
    const faults: string[] = [];
    for (const op of operations.filter((o) => o.operation === 'mutation')) {
      for (const [field, sets] of fieldsOf(op.selectionSet)) {
        const payload = getNamedType(mutation.getFields()[fieldName(field)]?.type);
        if (!isObjectType(payload) || !payload.getFields().userErrors) continue;
        for (const set of sets) {
          const userErrors = fieldsOf(set).get('userErrors');
          const selected = new Set(userErrors?.flatMap((s) => [...fieldsOf(s).keys()]) ?? []);
          const lacking = ['code', 'field', 'message'].filter((f) => !selected.has(f));
          if (lacking.length) faults.push(`${op.name!.value}.${field}: userErrors lacks ${lacking.join(', ')}`);
        }
      }
    }
    expect(faults).toEqual([]);
  });

  it('do not take a name the client reserves for itself', () => {
    const methods = operations.map((op) => op.name!.value.charAt(0).toLowerCase() + op.name!.value.slice(1));
    expect(methods.filter((m) => (CLIENT_HELPERS as string[]).includes(m))).toEqual([]);
  });

  it('match the generated SDK (run `npm run generate` when this fails)', () => {
    const names = Object.keys(generated).filter((k) => k.endsWith('Document')).map((k) => k.slice(0, -'Document'.length));
    expect(names.sort()).toEqual(operations.map((op) => op.name!.value).sort());
  });
});
