import type { FieldNode, GraphQLResolveInfo, SelectionSetNode } from 'graphql';
import type { Columns } from './rows';

/**
 * For one object type, the GraphQL fields that read nothing but columns, each with the columns
 * (entity property names) it reads. A list whose selection holds only such fields reads only their
 * columns; any other field (a getter, a field resolver not listed) and it reads every column.
 * `__typename` reads nothing; `id` (the global id, from the row id) is always read.
 */
export type LeanFields = Readonly<Record<string, readonly string[]>>;

interface LeanShapes {
  /** Column lists already made, by their text: the same selection gives the same array. */
  shapes: Map<string, readonly string[]>;
}

const known = new WeakMap<LeanFields, LeanShapes>();
/** Distinct column sets kept per type; past it (a client varying its selection on purpose) a list reads every column. */
const MAX_SHAPES = 64;

/** The names of the fields in `set`, through fragments; false when a field is not in `lean`. */
function collect(set: SelectionSetNode | undefined, info: GraphQLResolveInfo, lean: LeanFields, into: Set<string>): boolean {
  if (!set) return true;
  for (const selection of set.selections) {
    if (selection.kind === 'Field') {
      const name = selection.name.value;
      // Every object's `id` is its row id, always read; `__typename` reads nothing.
      if (name === '__typename' || name === 'id') continue;
      const columns = Object.hasOwn(lean, name) ? lean[name] : undefined;
      if (!columns) return false;
      for (const column of columns) into.add(column);
    } else if (selection.kind === 'InlineFragment') {
      if (!collect(selection.selectionSet, info, lean, into)) return false;
    } else {
      const fragment = info.fragments[selection.name.value];
      if (!fragment || !collect(fragment.selectionSet, info, lean, into)) return false;
    }
  }
  return true;
}

/** The selection sets under `path` (e.g. `nodes`, or `edges` then `node`) of the fields being resolved. */
function under(nodes: readonly FieldNode[], path: readonly string[], info: GraphQLResolveInfo): SelectionSetNode[] {
  let sets = nodes.map((node) => node.selectionSet).filter((set): set is SelectionSetNode => !!set);
  for (const step of path) {
    const next: SelectionSetNode[] = [];
    const visit = (set: SelectionSetNode) => {
      for (const selection of set.selections) {
        if (selection.kind === 'Field' && selection.name.value === step && selection.selectionSet) next.push(selection.selectionSet);
        else if (selection.kind === 'InlineFragment') visit(selection.selectionSet);
        else if (selection.kind === 'FragmentSpread' && info.fragments[selection.name.value]) visit(info.fragments[selection.name.value].selectionSet);
      }
    };
    sets.forEach(visit);
    sets = next;
  }
  return sets;
}

function shapeOf(info: GraphQLResolveInfo, lean: LeanFields, sets: SelectionSetNode[], always: readonly string[]): Columns {
  const columns = new Set<string>(['id', ...always]);
  for (const set of sets) if (!collect(set, info, lean, columns)) return null;
  let cache = known.get(lean);
  if (!cache) known.set(lean, (cache = { shapes: new Map() }));
  const sorted = [...columns].sort();
  const key = sorted.join(',');
  const existing = cache.shapes.get(key);
  if (existing) return existing;
  if (cache.shapes.size >= MAX_SHAPES) return null;
  cache.shapes.set(key, sorted);
  return sorted;
}

/**
 * Answers by field node of the document (the same for every parent of a list: 2,000 contracts ask
 * once) and lean map. Documents come from Apollo's cache, so the field nodes go with them.
 */
const answers = new WeakMap<FieldNode, Map<LeanFields, Columns>>();

function remembered(info: GraphQLResolveInfo, lean: LeanFields, compute: () => Columns): Columns {
  // Several nodes (the field selected twice) are not worth a key: computed each time.
  if (info.fieldNodes.length !== 1) return compute();
  const node = info.fieldNodes[0];
  let byLean = answers.get(node);
  if (!byLean) answers.set(node, (byLean = new Map()));
  let columns = byLean.get(lean);
  if (columns === undefined) byLean.set(lean, (columns = compute()));
  return columns;
}

/** The columns a plain list field (`onboardingTasks { … }`) needs of its rows, or null for all. */
export function listColumns(info: GraphQLResolveInfo, lean: LeanFields, always: readonly string[] = []): Columns {
  return remembered(info, lean, () => shapeOf(info, lean, under(info.fieldNodes, [], info), always));
}

/** The columns a connection (`contracts { nodes { … } edges { cursor node { … } } }`) needs of its rows, or null for all. */
export function connectionColumns(info: GraphQLResolveInfo, lean: LeanFields, always: readonly string[] = []): Columns {
  return remembered(info, lean, () =>
    shapeOf(info, lean, [...under(info.fieldNodes, ['nodes'], info), ...under(info.fieldNodes, ['edges', 'node'], info)], always),
  );
}

/** Whether each field node's selection holds `totalCount`, by field node of the document (as `answers`). */
const counted = new WeakMap<FieldNode, boolean>();

function selectsCount(nodes: readonly FieldNode[], info: GraphQLResolveInfo): boolean {
  const visit = (set: SelectionSetNode): boolean =>
    set.selections.some((selection) => {
      if (selection.kind === 'Field') return selection.name.value === 'totalCount';
      if (selection.kind === 'InlineFragment') return visit(selection.selectionSet);
      const fragment = info.fragments[selection.name.value];
      return !!fragment && visit(fragment.selectionSet);
    });
  return nodes.some((node) => !!node.selectionSet && visit(node.selectionSet));
}

/**
 * Whether a connection's `totalCount` is selected, so that its page's statement reads the count too
 * (see `childPage`). `@include`/`@skip` are not looked at: a skipped count is read and not shown.
 */
export function connectionCounts(info: GraphQLResolveInfo): boolean {
  if (info.fieldNodes.length !== 1) return selectsCount(info.fieldNodes, info);
  const node = info.fieldNodes[0];
  let answer = counted.get(node);
  if (answer === undefined) counted.set(node, (answer = selectsCount(info.fieldNodes, info)));
  return answer;
}
