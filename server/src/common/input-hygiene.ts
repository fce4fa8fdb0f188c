import { getMetadataStorage as validationMetadata } from 'class-validator';
import {
  GraphQLID,
  GraphQLInputObjectType,
  GraphQLString,
  defaultFieldResolver,
  getNamedType,
  isInputObjectType,
  isListType,
  isNonNullType,
  isObjectType,
  type GraphQLArgument,
  type GraphQLInputField,
  type GraphQLInputType,
  type GraphQLSchema,
} from 'graphql';
import { getMetadataStorage as typeMetadata } from 'type-graphql';
import { invalidInput, type FieldIssue } from './errors';

/** For `@Matches(NOT_BLANK)`: a required text must hold something other than white space. */
export const NOT_BLANK = /\S/;

/**
 * Input hygiene for the whole schema, in one place (issue 9): every String and ID a client sends —
 * in any argument or input-object field, at any depth — has a length limit and no control
 * characters, and every list a maximum size. Checked before any resolver runs, so a bad value
 * changes nothing and answers the same BAD_USER_INPUT on SQLite and PostgreSQL (where a NUL byte
 * used to be an internal error), with `extensions.fields: [{field, message}]` like class-validator.
 *
 * Limits: a field's own `@MaxLength` / `@ArrayMaxSize` when it declares one, else the defaults
 * below. Each limit is written into the field's description, so schema.graphql and the IDE show it
 * (and a test reads it back from schema.graphql).
 */

/** An ID longer than this is no id of ours (global ids are ~60 characters). */
export const MAX_ID_LENGTH = 100;
/** Default for a String input with no `@MaxLength` of its own. */
export const DEFAULT_MAX_STRING = 200;
/** Default for a list input with no `@ArrayMaxSize` of its own. */
export const DEFAULT_MAX_LIST = 100;

/**
 * Fields that may hold line breaks and tabs; every other string none: multi-line texts, and link
 * tokens, which people paste with a trailing newline and the server trims.
 */
const MULTILINE_FIELDS = new Set(['body', 'message', 'details', 'memo', 'description', 'token']);

/** C0 controls and DEL; multi-line text may keep \t \n \r. Matching them is the point here. */
/* eslint-disable no-control-regex */
const CONTROL = /[\u0000-\u001f\u007f]/;
const CONTROL_MULTILINE = /[\u0000-\u0008\u000b\u000c\u000e-\u001f\u007f]/;
/* eslint-enable no-control-regex */
/** Half a surrogate pair: not text, and each database would store it differently. */
const LONE_SURROGATE = /[\ud800-\udbff](?![\udc00-\udfff])|(?<![\ud800-\udbff])[\udc00-\udfff]/;

interface Rule {
  maxLength?: number;
  multiline?: boolean;
  maxItems?: number;
}

type Issue = FieldIssue;

/** The `@MaxLength` / `@ArrayMaxSize` a class (or its parents) declares on `property`, smallest first. */
function declared(targets: Function[], property: string): { maxLength?: number; maxItems?: number } {
  const found: { maxLength?: number; maxItems?: number } = {};
  for (const target of targets) {
    for (const meta of validationMetadata().getTargetValidationMetadatas(target, '', true, false)) {
      if (meta.propertyName !== property) continue;
      const limit = Number(meta.constraints?.[0]);
      if (!Number.isFinite(limit)) continue;
      if (meta.name === 'maxLength') found.maxLength = Math.min(found.maxLength ?? Infinity, limit);
      if (meta.name === 'arrayMaxSize') found.maxItems = Math.min(found.maxItems ?? Infinity, limit);
    }
  }
  return found;
}

function unwrap(type: GraphQLInputType): GraphQLInputType {
  return isNonNullType(type) ? type.ofType : type;
}

/** Limits of one argument or input field, from its declared validators and the defaults. */
function ruleFor(name: string, type: GraphQLInputType, classes: Function[]): Rule {
  const own = declared(classes, name);
  const rule: Rule = {};
  let inner = unwrap(type);
  if (isListType(inner)) {
    rule.maxItems = own.maxItems ?? DEFAULT_MAX_LIST;
    inner = unwrap(inner.ofType);
  }
  if (inner === GraphQLID) rule.maxLength = Math.min(own.maxLength ?? MAX_ID_LENGTH, MAX_ID_LENGTH);
  if (inner === GraphQLString) {
    rule.multiline = MULTILINE_FIELDS.has(name);
    rule.maxLength = own.maxLength ?? DEFAULT_MAX_STRING;
  }
  return rule;
}

/** What the description says about the limits (read back by the schema test). */
function describe(rule: Rule): string {
  const parts: string[] = [];
  if (rule.maxItems !== undefined) parts.push(`At most ${rule.maxItems} items.`);
  if (rule.maxLength !== undefined) {
    parts.push(`At most ${rule.maxLength} characters${rule.multiline ? '; line breaks and tabs allowed' : ''}, no control characters.`);
  }
  return parts.join(' ');
}

function annotate(target: GraphQLArgument | GraphQLInputField, rule: Rule): void {
  const note = describe(rule);
  if (note && !target.description?.includes(note)) target.description = target.description ? `${target.description} ${note}` : note;
}

const label = (path: string[]) => path.join('.');

function checkString(value: string, rule: Rule, path: string[], issues: Issue[]): void {
  if (rule.maxLength !== undefined && value.length > rule.maxLength) {
    issues.push({ field: path, message: `${label(path)} must be shorter than or equal to ${rule.maxLength} characters` });
  } else if ((rule.multiline ? CONTROL_MULTILINE : CONTROL).test(value)) {
    issues.push({
      field: path,
      message: `${label(path)} must not contain control characters${rule.multiline ? ' (other than line breaks and tabs)' : ''}`,
    });
  } else if (LONE_SURROGATE.test(value)) {
    issues.push({ field: path, message: `${label(path)} must be valid Unicode text` });
  }
}

type Rules = Map<GraphQLInputObjectType, Map<string, Rule>>;

/** Checks one value against its type and rule, recursing into lists and input objects. */
function checkValue(value: unknown, type: GraphQLInputType, rule: Rule, path: string[], rules: Rules, issues: Issue[]): void {
  if (value === null || value === undefined) return;
  const inner = unwrap(type);
  if (isListType(inner)) {
    if (!Array.isArray(value)) return;
    if (rule.maxItems !== undefined && value.length > rule.maxItems) {
      issues.push({ field: path, message: `${label(path)} must contain no more than ${rule.maxItems} elements` });
      return;
    }
    value.forEach((item, index) => checkValue(item, inner.ofType, { ...rule, maxItems: undefined }, [...path, String(index)], rules, issues));
    return;
  }
  if (typeof value === 'string') return checkString(value, rule, path, issues);
  if (isInputObjectType(inner) && typeof value === 'object') {
    const fields = inner.getFields();
    const fieldRules = rules.get(inner);
    for (const [name, item] of Object.entries(value as Record<string, unknown>)) {
      const field = fields[name];
      if (field) checkValue(item, field.type, fieldRules?.get(name) ?? {}, [...path, name], rules, issues);
    }
  }
}

/**
 * Applies input hygiene to a built schema, in place: computes every input position's limits,
 * writes them into descriptions, and wraps each resolver that takes arguments with the check.
 */
export function applyInputHygiene(schema: GraphQLSchema): GraphQLSchema {
  const storage = typeMetadata();
  const inputClasses = new Map(storage.inputTypes.map((meta) => [meta.name, meta.target]));
  const argsClasses = storage.argumentTypes.map((meta) => meta.target);

  const rules: Rules = new Map();
  for (const type of Object.values(schema.getTypeMap())) {
    if (!isInputObjectType(type) || type.name.startsWith('__')) continue;
    const target = inputClasses.get(type.name);
    const fieldRules = new Map<string, Rule>();
    for (const field of Object.values(type.getFields())) {
      const rule = ruleFor(field.name, field.type, target ? [target] : []);
      fieldRules.set(field.name, rule);
      annotate(field, rule);
    }
    rules.set(type, fieldRules);
  }

  for (const type of Object.values(schema.getTypeMap())) {
    if (!isObjectType(type) || type.name.startsWith('__')) continue;
    for (const field of Object.values(type.getFields())) {
      if (field.args.length === 0) continue;
      const argRules = field.args.map((arg) => {
        const rule = ruleFor(arg.name, arg.type, argsClasses);
        annotate(arg, rule);
        return { arg, rule };
      });
      const resolve = field.resolve ?? defaultFieldResolver;
      field.resolve = (source, args: Record<string, unknown>, context, info) => {
        for (const { arg, rule } of argRules) {
          const issues: Issue[] = [];
          // Paths inside `input` start at its fields, as class-validator's do (["email"], not ["input", "email"]).
          const inInput = arg.name === 'input' && isInputObjectType(getNamedType(arg.type));
          checkValue(args[arg.name], arg.type, rule, inInput ? [] : [arg.name], rules, issues);
          if (issues.length > 0) throw invalidInput(issues);
        }
        return resolve(source, args, context, info);
      };
    }
  }
  return schema;
}
