import { Arg, ID, Query, Resolver } from 'type-graphql';
import type { AuthedContext, Context } from './context';
import { CurrentViewer } from './current-viewer';
import { badInput, notFound } from './errors';
import { fromGlobalId } from './ids';
import { Node } from './node';

/** Finds a node of one type by row id, or null when it does not exist or the viewer may not see it. */
export type NodeFetcher = (ctx: Context, rowId: string) => Promise<Node | null>;

const fetchers = new Map<string, NodeFetcher>();

/** Called once per module at schema build: `node(id)` then resolves that module's types. */
export function registerNodeFetchers(map: Record<string, NodeFetcher>): void {
  for (const [type, fetch] of Object.entries(map)) fetchers.set(type, fetch);
}

/**
 * Any object the viewer may see, by global id. Unknown ids, malformed ids and objects of
 * companies the viewer is not in all give the same NOT_FOUND.
 */
export async function findNode(ctx: Context, globalId: string): Promise<Node> {
  const parsed = fromGlobalId(globalId);
  const fetch = parsed && fetchers.get(parsed.type);
  const node = fetch && parsed ? await fetch(ctx, parsed.id) : null;
  if (!node) throw notFound('Node');
  return node;
}

@Resolver()
export class NodeResolver {
  @Query(() => Node, { nullable: true, description: 'Fetches any object by its global id.' })
  node(@CurrentViewer() ctx: AuthedContext, @Arg('id', () => ID) id: string): Promise<Node> {
    return findNode(ctx, id);
  }

  @Query(() => [Node], {
    nullable: 'items',
    description: 'Fetches up to 100 objects by global id, in order; null (with an error) for each one not found.',
  })
  nodes(@CurrentViewer() ctx: AuthedContext, @Arg('ids', () => [ID]) ids: string[]): Promise<Node>[] {
    if (ids.length > 100) throw badInput(`At most 100 ids, got ${ids.length}`, ['ids']);
    return ids.map((id) => findNode(ctx, id));
  }
}
