import { createHash } from 'node:crypto';
import { print, type GraphQLResolveInfo } from 'graphql';
import { createMethodMiddlewareDecorator, type MiddlewareFn } from 'type-graphql';
import type { AuthedContext, Context } from '../common/context';
import { badInput, UserErrorCode, UserFailure } from '../common/errors';
import type { PayloadShape } from '../common/payload';
import { IDEMPOTENT_MUTATIONS, idempotencyState } from './idempotency.plugin';
import { idempotencyService, parseIdempotencyKey } from './idempotency.service';

const KEY_FIELD = ['input', 'idempotencyKey'];

/** JSON with sorted keys, so that the same input always hashes the same. */
function canonical(value: unknown): string {
  if (Array.isArray(value)) return `[${value.map(canonical).join(',')}]`;
  if (value && typeof value === 'object' && !(value instanceof Date)) {
    const entries = Object.entries(value).filter(([, v]) => v !== undefined);
    entries.sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
    return `{${entries.map(([k, v]) => `${JSON.stringify(k)}:${canonical(v)}`).join(',')}}`;
  }
  return JSON.stringify(value) ?? 'null';
}

/**
 * What a repeat must match: the field, its input (without the key) and its selection with the
 * fragments it may use. The stored answer is the selection's JSON, so a repeat selecting other
 * fields cannot be answered from it and is refused as a reuse too.
 */
function requestHash(info: GraphQLResolveInfo, input: unknown): string {
  const selection = info.fieldNodes.map((node) => (node.selectionSet ? print(node.selectionSet) : '')).join('\n');
  const fragments = Object.values(info.fragments).map(print).sort();
  return createHash('sha256')
    .update(canonical({ field: info.fieldName, input, selection, fragments }))
    .digest('hex');
}

const refused = (code: UserErrorCode, message: string): PayloadShape<never> => ({
  result: null,
  userErrors: [new UserFailure(code, message, KEY_FIELD).toUserError()],
});

/**
 * Makes a mutation honour an idempotency key, from `input.idempotencyKey` or the
 * `Idempotency-Key` header: the first request with a key runs and its answer is stored;
 * a repeat by the same user within 24 h gets that answer and changes nothing; the same key with
 * another input is refused with IDEMPOTENCY_KEY_REUSED. Without a key the mutation just runs.
 */
const idempotent: MiddlewareFn<Context> = async ({ args, context, info }, next) => {
  const state = idempotencyState(context);
  const { idempotencyKey: fromInput, ...input } = (args.input ?? {}) as Record<string, unknown>;
  // The services never see the key: it is not part of what the mutation does. (A copy: the input
  // object may be a variable's value, shared with other fields of the request.)
  if (args.input) args.input = input;
  const key = fromInput == null ? (state?.headerKey ?? null) : parseIdempotencyKey(fromInput, KEY_FIELD);
  if (fromInput != null && state?.headerKey && state.headerKey !== key) {
    throw badInput('input.idempotencyKey and the Idempotency-Key header differ; send one of them', KEY_FIELD);
  }
  if (key === null || !state || !context.viewer) return next();
  // A second field with the same key would wait for the first one's answer, stored only after this
  // request. Refused in the payload: an error here would null the whole (non-null) result, the first
  // field's answer included.
  if (state.used.has(key)) {
    return refused(UserErrorCode.IDEMPOTENCY_KEY_REUSED, 'Each mutation field of a request needs its own idempotency key');
  }
  state.used.add(key);

  const claim = await idempotencyService.claim(context as AuthedContext, key, info.fieldName, requestHash(info, input));
  switch (claim.kind) {
    case 'reused':
      return refused(
        UserErrorCode.IDEMPOTENCY_KEY_REUSED,
        'This idempotency key was already used for a different request; use a new key for each new request',
      );
    case 'busy':
      return refused(
        UserErrorCode.IDEMPOTENCY_KEY_IN_USE,
        `The first request with this idempotency key is still running after ${context.config.idempotencyWaitMs / 1000} s; retry later`,
      );
    case 'replay':
      // A placeholder: the plugin puts the stored JSON in its place before the response goes out.
      state.replays.push({ responseKey: info.path.key as string, response: claim.response });
      return { result: null, userErrors: [] } satisfies PayloadShape<never>;
    case 'claimed':
      try {
        const result: unknown = await next();
        state.claimed.push({ responseKey: info.path.key as string, id: claim.id, info });
        return result;
      } catch (error) {
        // A GraphQL error (not found, bad input…) means nothing changed: the key may be used again.
        await idempotencyService.release(context.db, claim.id);
        throw error;
      }
  }
};

/**
 * `@Idempotent()` on a mutation resolver: it accepts an idempotency key. The mutation's input
 * declares `@IdempotencyKeyField() idempotencyKey`.
 */
export function Idempotent(): MethodDecorator {
  const decorate = createMethodMiddlewareDecorator<Context>(idempotent);
  return (target, property, descriptor) => {
    IDEMPOTENT_MUTATIONS.add(String(property));
    return decorate(target, property, descriptor);
  };
}
