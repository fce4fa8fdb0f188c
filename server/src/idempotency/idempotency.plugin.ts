import type { ApolloServerPlugin } from '@apollo/server';
import { GraphQLError, Kind, type DocumentNode, type SelectionSetNode } from 'graphql';
import type { Context } from '../common/context';
import { idempotencyService, parseIdempotencyKey } from './idempotency.service';

/** The request header that carries a key (SPEC §11), as Stripe names it. */
export const IDEMPOTENCY_HEADER = 'idempotency-key';

/** Mutation fields that accept a key; filled by `@Idempotent()`. */
export const IDEMPOTENT_MUTATIONS = new Set<string>();

/** What one request's idempotent fields did, for willSendResponse to store or replay. */
export interface IdempotencyState {
  /** The `Idempotency-Key` header, validated; null without one. */
  headerKey: string | null;
  /** Claimed keys whose field's answer must be stored, by response key (alias or field name). */
  claimed: { responseKey: string; id: string }[];
  /** Stored answers to put in place of the fields' placeholders, by response key. */
  replays: { responseKey: string; response: unknown }[];
}

// Keyed by the request's context object: both the plugin and the field middleware hold it.
const states = new WeakMap<Context, IdempotencyState>();

export function idempotencyState(ctx: Context): IdempotencyState | undefined {
  return states.get(ctx);
}

const refuse = (message: string) =>
  new GraphQLError(message, { extensions: { code: 'BAD_USER_INPUT', http: { status: 400 } } });

/** The root field names an operation selects, through fragments (`__typename` aside). */
function rootFields(selectionSet: SelectionSetNode, document: DocumentNode): string[] {
  return selectionSet.selections.flatMap((selection) => {
    if (selection.kind === Kind.FIELD) return selection.name.value === '__typename' ? [] : [selection.name.value];
    if (selection.kind === Kind.INLINE_FRAGMENT) return rootFields(selection.selectionSet, document);
    const fragment = document.definitions.find(
      (d) => d.kind === Kind.FRAGMENT_DEFINITION && d.name.value === selection.name.value,
    );
    return fragment?.kind === Kind.FRAGMENT_DEFINITION ? rootFields(fragment.selectionSet, document) : [];
  });
}

/**
 * Reads the `Idempotency-Key` header and, after execution, stores the answer of each claimed field
 * (the JSON the client receives) or puts the stored answer in place of a replayed one. Storing
 * happens before the response is written, so a client that never receives it can retry and
 * get it.
 *
 * A header key belongs to one mutation: a mutation carrying it must select exactly one root
 * field, and one that accepts a key; anything else is refused before it runs. (Several
 * idempotent mutations in one document each take their own `input.idempotencyKey`.)
 * Queries are idempotent already: the header is ignored on them.
 */
export const idempotencyPlugin: ApolloServerPlugin<Context> = {
  async requestDidStart({ request, contextValue }) {
    const header = request.http?.headers.get(IDEMPOTENCY_HEADER) ?? null;
    const state: IdempotencyState = { headerKey: null, claimed: [], replays: [] };
    states.set(contextValue, state);
    return {
      async didResolveOperation({ operation, document }) {
        if (header === null || operation?.operation !== 'mutation') return;
        try {
          state.headerKey = parseIdempotencyKey(header);
        } catch (error) {
          throw refuse(`Idempotency-Key header: ${(error as Error).message}`);
        }
        const fields = rootFields(operation.selectionSet, document);
        if (fields.length !== 1 || !IDEMPOTENT_MUTATIONS.has(fields[0])) {
          throw refuse(
            `An Idempotency-Key header applies to one mutation field among ${[...IDEMPOTENT_MUTATIONS].sort().join(', ')}; ` +
              `this operation selects ${fields.join(', ') || 'none'}`,
          );
        }
      },
      async willSendResponse({ response }) {
        if (state.claimed.length === 0 && state.replays.length === 0) return;
        const data = response.body.kind === 'single' ? response.body.singleResult.data : undefined;
        for (const { responseKey, response: stored } of state.replays) {
          if (data) data[responseKey] = stored;
        }
        for (const { responseKey, id } of state.claimed) {
          // No answer (a non-null error wiped `data`): free the key rather than replay nothing.
          if (data && responseKey in data) await idempotencyService.complete(contextValue.db, id, data[responseKey]);
          else await idempotencyService.release(contextValue.db, id);
        }
      },
    };
  },
};
