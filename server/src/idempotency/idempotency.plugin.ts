import type { ApolloServerPlugin } from '@apollo/server';
import { GraphQLError, Kind, type DocumentNode, type GraphQLResolveInfo, type SelectionSetNode } from 'graphql';
import type { Context } from '../common/context';
import { idempotencyService, parseIdempotencyKey } from './idempotency.service';
import { withoutSecrets } from './not-stored';

/** The request header that carries a key, as Stripe names it. */
export const IDEMPOTENCY_HEADER = 'idempotency-key';

/** Mutation fields that accept a key; filled by `@Idempotent()`. */
export const IDEMPOTENT_MUTATIONS = new Set<string>();

/** What one request's idempotent fields did, for willSendResponse to store or replay. */
export interface IdempotencyState {
  /** The `Idempotency-Key` header, validated; null without one. */
  headerKey: string | null;
  /** Claimed keys whose field's answer must be stored, by response key (alias or field name). */
  claimed: { responseKey: string; id: string; info: GraphQLResolveInfo }[];
  /** Stored answers to put in place of the fields' placeholders, by response key. */
  replays: { responseKey: string; response: unknown }[];
  /** Keys already used by a field of this request: a key covers one field. */
  used: Set<string>;
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
    // A document whose text never says "mutation" holds no mutation: nothing to claim or replay, and
    // no listener for Apollo to call at every stage of the request. (No text: a persisted query, known by hash.)
    if (header === null && typeof request.query === 'string' && !request.query.includes('mutation')) return;
    const state: IdempotencyState = { headerKey: null, claimed: [], replays: [], used: new Set() };
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
        for (const { responseKey, id, info } of state.claimed) {
          // The mutation ran, but an error wiped `data` (a non-null field failed): there is no answer to
          // replay. The key stays claimed, so that no retry runs the mutation twice; repeats get
          // IDEMPOTENCY_KEY_IN_USE until it expires.
          if (!data || !(responseKey in data)) continue;
          const stored = withoutSecrets(data[responseKey], info.returnType, info.fieldNodes[0].selectionSet, info.fragments);
          await idempotencyService.complete(contextValue.db, id, stored);
        }
      },
    };
  },
};
