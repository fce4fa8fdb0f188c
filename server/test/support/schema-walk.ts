import fs from 'node:fs';
import path from 'node:path';
import {
  buildSchema,
  getNamedType,
  isEnumType,
  isInputObjectType,
  isLeafType,
  isListType,
  isNonNullType,
  isScalarType,
  type GraphQLArgument,
  type GraphQLField,
  type GraphQLInputField,
  type GraphQLInputType,
  type GraphQLSchema,
} from 'graphql';

/** The committed schema.graphql: tests that walk it fail when a field is added without its case. */
export function committedSchema(): GraphQLSchema {
  return buildSchema(fs.readFileSync(path.join(__dirname, '../../../schema.graphql'), 'utf8'));
}

export type RootField = GraphQLField<unknown, unknown>;
export type Path = (string | number)[];

/** Every root field of `Query` and `Mutation`, by operation kind. */
export function rootFields(schema: GraphQLSchema): { kind: 'query' | 'mutation'; field: RootField }[] {
  return [
    ...Object.values(schema.getQueryType()!.getFields()).map((field) => ({ kind: 'query' as const, field })),
    ...Object.values(schema.getMutationType()!.getFields()).map((field) => ({ kind: 'mutation' as const, field })),
  ];
}

/** A valid value for a custom scalar of ours. */
const SCALAR_SAMPLES: Record<string, unknown> = {
  String: 'x',
  ID: 'x',
  Int: 1,
  Float: 1,
  Boolean: false,
  DateTimeISO: '2030-01-01T00:00:00.000Z',
  LocalDate: '2030-01-01',
  JSONObject: {},
};

/** The smallest value of `type` that passes GraphQL coercion: required fields only, lists of one. */
export function minimalValue(type: GraphQLInputType, overrides: Record<string, unknown> = {}): unknown {
  const inner = isNonNullType(type) ? type.ofType : type;
  if (isListType(inner)) return [minimalValue(inner.ofType, overrides)];
  if (isEnumType(inner)) return inner.getValues()[0].value;
  if (isScalarType(inner)) {
    if (!(inner.name in SCALAR_SAMPLES)) throw new Error(`No sample value for scalar ${inner.name}: add one to SCALAR_SAMPLES`);
    return SCALAR_SAMPLES[inner.name];
  }
  if (isInputObjectType(inner)) {
    const value: Record<string, unknown> = {};
    for (const field of Object.values(inner.getFields())) {
      if (field.name in overrides) value[field.name] = overrides[field.name];
      else if (isNonNullType(field.type) && field.defaultValue === undefined) value[field.name] = minimalValue(field.type, overrides);
    }
    return value;
  }
  throw new Error(`Unexpected input type ${String(inner)}`);
}

/** Minimal variables for every argument of `field` (required ones, plus `overrides` by field name anywhere). */
export function minimalArgs(field: RootField, overrides: Record<string, unknown> = {}): Record<string, unknown> {
  const args: Record<string, unknown> = {};
  for (const arg of field.args) {
    if (arg.name in overrides) args[arg.name] = overrides[arg.name];
    else if (isNonNullType(arg.type)) args[arg.name] = minimalValue(arg.type, overrides);
  }
  return args;
}

/** `query|mutation($a: T!) { field(a: $a) { <selection> } }` with every argument as a variable. */
export function operationFor(kind: 'query' | 'mutation', field: RootField, selection = '__typename'): string {
  const vars = field.args.map((a) => `$${a.name}: ${String(a.type)}`).join(', ');
  const args = field.args.map((a) => `${a.name}: $${a.name}`).join(', ');
  const leaf = isLeafType(getNamedType(field.type));
  return `${kind}${vars ? `(${vars})` : ''} { ${field.name}${args ? `(${args})` : ''}${leaf ? '' : ` { ${selection} }`} }`;
}

/** A String or ID position a client can fill: its path in the variables and its declaration. */
export interface StringPosition {
  path: Path;
  /** Path as the server names it in `extensions.fields` (inside `input`, from its fields). */
  field: string[];
  declaration: GraphQLArgument | GraphQLInputField;
}

/** Every String/ID position of `field`'s arguments, through input objects and (first items of) lists. */
export function stringPositions(field: RootField): StringPosition[] {
  const found: StringPosition[] = [];
  const visit = (type: GraphQLInputType, p: Path, declaration: GraphQLArgument | GraphQLInputField, depth: number) => {
    if (depth > 6) return;
    const inner = isNonNullType(type) ? type.ofType : type;
    if (isListType(inner)) return visit(inner.ofType, [...p, 0], declaration, depth + 1);
    const named = getNamedType(inner);
    if (isScalarType(named) && (named.name === 'String' || named.name === 'ID')) {
      const field = p[0] === 'input' ? p.slice(1) : p;
      found.push({ path: p, field: field.map(String), declaration });
    }
    if (isInputObjectType(named)) {
      for (const f of Object.values(named.getFields())) visit(f.type, [...p, f.name], f, depth + 1);
    }
  };
  for (const arg of field.args) visit(arg.type, [arg.name], arg, 0);
  return found;
}

/** The limit a position's description declares ("At most N characters"), or null when it declares none. */
export function declaredMaxLength(declaration: GraphQLArgument | GraphQLInputField): number | null {
  const match = /At most (\d+) characters/.exec(declaration.description ?? '');
  return match ? Number(match[1]) : null;
}

/** A copy of `root` with `value` at `p`, creating the (minimal) objects and one-item lists on the way. */
export function setAt(root: Record<string, unknown>, p: Path, value: unknown, field: RootField): Record<string, unknown> {
  const copy = structuredClone(root);
  let container = copy as Record<string | number, unknown>;
  let type: GraphQLInputType = field.args.find((a) => a.name === p[0])!.type;
  for (let i = 0; i < p.length - 1; i += 1) {
    const key = p[i];
    if (container[key] === undefined || container[key] === null) container[key] = minimalValue(type);
    container = container[key] as Record<string | number, unknown>;
    const inner = isNonNullType(type) ? type.ofType : type;
    if (isListType(inner)) type = inner.ofType;
    else if (isInputObjectType(inner)) type = inner.getFields()[p[i + 1] as string].type;
  }
  container[p[p.length - 1]] = value;
  return copy;
}
