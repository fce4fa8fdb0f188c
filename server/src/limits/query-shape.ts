import {
  Kind,
  type DocumentNode,
  type FragmentDefinitionNode,
  type OperationDefinitionNode,
  type SelectionSetNode,
} from 'graphql';
import type { RequestLimitsConfig } from '../config';
import { queryTooComplex } from './errors';

/**
 * Root fields that do something per call worth guessing at (a password, a token): one per operation,
 * so aliases cannot turn one request into forty guesses. Names not in the schema are harmless.
 */
export const ONCE_PER_OPERATION = [
  'logIn',
  'signUp',
  'acceptInvitation',
  'completeTwoStepLogIn',
  'confirmTwoStepVerification',
  'requestPasswordReset',
  'resetPassword',
  'changePassword',
  'verifyEmail',
  'closeAccount',
] as const;

const introspection = (name: string) => name.startsWith('__');

/**
 * Depth and alias counts of the operation, with every fragment spread expanded where it is used
 * (memoised per fragment, so a fragment spread twice per level counts 2^levels without walking it).
 * Introspection does not count towards depth (the IDE's introspection query is 15 levels deep and
 * bounded by the schema); its aliases do count, as aliases are what makes any query exponential.
 */
class Shape {
  private readonly fragments = new Map<string, FragmentDefinitionNode>();
  private readonly depths = new Map<string, number>();
  private readonly aliasCounts = new Map<string, number>();

  constructor(document: DocumentNode) {
    for (const definition of document.definitions) {
      if (definition.kind === Kind.FRAGMENT_DEFINITION) this.fragments.set(definition.name.value, definition);
    }
  }

  depth(set: SelectionSetNode | undefined, seen = new Set<string>()): number {
    let deepest = 0;
    for (const selection of set?.selections ?? []) {
      if (selection.kind === Kind.FIELD) {
        if (!introspection(selection.name.value)) deepest = Math.max(deepest, 1 + this.depth(selection.selectionSet, seen));
      } else if (selection.kind === Kind.INLINE_FRAGMENT) {
        deepest = Math.max(deepest, this.depth(selection.selectionSet, seen));
      } else {
        deepest = Math.max(deepest, this.viaFragment(selection.name.value, seen, this.depths, (s, f) => this.depth(s, f)));
      }
    }
    return deepest;
  }

  aliases(set: SelectionSetNode | undefined, seen = new Set<string>()): number {
    let total = 0;
    for (const selection of set?.selections ?? []) {
      if (selection.kind === Kind.FIELD) {
        total += (selection.alias ? 1 : 0) + this.aliases(selection.selectionSet, seen);
      } else if (selection.kind === Kind.INLINE_FRAGMENT) {
        total += this.aliases(selection.selectionSet, seen);
      } else {
        total += this.viaFragment(selection.name.value, seen, this.aliasCounts, (s, f) => this.aliases(s, f));
      }
    }
    return total;
  }

  /** How often each root field is selected, through fragments on the root type too. */
  rootFieldCounts(set: SelectionSetNode, counts = new Map<string, number>(), seen = new Set<string>()): Map<string, number> {
    for (const selection of set.selections) {
      if (selection.kind === Kind.FIELD) {
        counts.set(selection.name.value, (counts.get(selection.name.value) ?? 0) + 1);
      } else if (selection.kind === Kind.INLINE_FRAGMENT) {
        this.rootFieldCounts(selection.selectionSet, counts, seen);
      } else {
        const fragment = this.fragments.get(selection.name.value);
        if (fragment && !seen.has(fragment.name.value)) {
          this.rootFieldCounts(fragment.selectionSet, counts, new Set(seen).add(fragment.name.value));
        }
      }
    }
    return counts;
  }

  /**
   * The response path selected most often once fragments are expanded, e.g. 300 × `viewer.companies`.
   * graphql-js validation compares every pair of same-named fields (OverlappingFieldsCanBeMerged), so
   * repeats cost quadratic time before any limit after validation could look at them. Stops after
   * MAX_SELECTIONS visits, so an exponential document costs no more than a large one.
   */
  mostRepeated(set: SelectionSetNode): { path: string; times: number; visited: number } {
    const counts = new Map<string, number>();
    let visited = 0;
    let top = { path: '', times: 0 };
    const walk = (selections: SelectionSetNode | undefined, at: string, seen: Set<string>) => {
      const spread = new Set<string>();
      for (const selection of selections?.selections ?? []) {
        if (++visited > MAX_SELECTIONS) return;
        if (selection.kind === Kind.FIELD) {
          const path = `${at}.${selection.alias?.value ?? selection.name.value}`;
          const times = (counts.get(path) ?? 0) + 1;
          counts.set(path, times);
          if (times > top.times) top = { path: path.slice(1), times };
          walk(selection.selectionSet, path, seen);
        } else if (selection.kind === Kind.INLINE_FRAGMENT) {
          walk(selection.selectionSet, at, seen);
        } else {
          // Execution merges repeated spreads of one fragment in a set; so does this count.
          const name = selection.name.value;
          const fragment = this.fragments.get(name);
          if (!fragment || seen.has(name) || spread.has(name)) continue;
          spread.add(name);
          walk(fragment.selectionSet, at, new Set(seen).add(name));
        }
      }
    };
    walk(set, '', new Set());
    return { ...top, visited };
  }

  // Validation has already refused fragment cycles; `seen` only keeps a bug from recursing forever.
  private viaFragment(
    name: string,
    seen: Set<string>,
    memo: Map<string, number>,
    measure: (set: SelectionSetNode, seen: Set<string>) => number,
  ): number {
    const known = memo.get(name);
    if (known !== undefined) return known;
    const fragment = this.fragments.get(name);
    if (!fragment || seen.has(name)) return 0;
    const value = measure(fragment.selectionSet, new Set(seen).add(name));
    memo.set(name, value);
    return value;
  }
}

/** How many selections the checks visit with fragments expanded (the cost estimator has the same bound). */
export const MAX_SELECTIONS = 10_000;
/** How often one response path may be selected (fragments expanded); real queries repeat `id` a few times. */
export const MAX_REPEATS = 10;

/**
 * Refuses (QUERY_TOO_COMPLEX) a document with an operation too deep, with too many aliases, repeating
 * a sensitive root field or one field many times. Linear in the document; runs before validation.
 */
export function checkQueryShape(document: DocumentNode, limits: RequestLimitsConfig): void {
  const shape = new Shape(document);
  for (const operation of document.definitions) {
    if (operation.kind === Kind.OPERATION_DEFINITION) checkOperation(shape, operation, limits);
  }
}

function checkOperation(shape: Shape, operation: OperationDefinitionNode, limits: RequestLimitsConfig): void {
  for (const [field, times] of shape.rootFieldCounts(operation.selectionSet)) {
    if (times > 1 && (ONCE_PER_OPERATION as readonly string[]).includes(field)) {
      throw queryTooComplex('onePerOperation', `\`${field}\` may appear only once per operation (it appears ${times} times)`, 1, times, { field });
    }
  }
  const depth = shape.depth(operation.selectionSet);
  if (depth > limits.depth) {
    throw queryTooComplex('depth', `Query is nested ${depth} levels deep; the limit is ${limits.depth}`, limits.depth, depth);
  }
  const aliases = shape.aliases(operation.selectionSet);
  if (aliases > limits.aliases) {
    throw queryTooComplex('aliases', `Query uses ${aliases} aliases; the limit is ${limits.aliases}`, limits.aliases, aliases);
  }
  const repeated = shape.mostRepeated(operation.selectionSet);
  if (repeated.visited > MAX_SELECTIONS) {
    throw queryTooComplex('selections', `Query has more than ${MAX_SELECTIONS} selections once its fragments are expanded`, MAX_SELECTIONS, null);
  }
  if (repeated.times > MAX_REPEATS) {
    throw queryTooComplex(
      'repeatedFields',
      `\`${repeated.path}\` is selected ${repeated.times} times; the limit is ${MAX_REPEATS}`,
      MAX_REPEATS,
      repeated.times,
      { field: repeated.path },
    );
  }
}
