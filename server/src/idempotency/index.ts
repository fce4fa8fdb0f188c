import type { WorkroomModule } from '../common/module';
import { IdempotencyKey } from './idempotency-key.entity';

export { IdempotencyKey };
export { IdempotencyKeyField } from './idempotency-key.input';
export { Idempotent } from './idempotent.middleware';
export { NotStored } from './not-stored';
export { IDEMPOTENCY_HEADER, IDEMPOTENT_MUTATIONS, idempotencyPlugin } from './idempotency.plugin';
export {
  IDEMPOTENCY_KEY_MAX_LENGTH,
  IDEMPOTENCY_TTL_MS,
  idempotencyService,
  startIdempotencySweeper,
  type IdempotencySweeper,
} from './idempotency.service';

/**
 * Idempotency keys: `@Idempotent()` mutations replay their first answer to a repeat
 * with the same key. The plugin (added by buildApp) stores and replays answers; the sweeper
 * deletes expired keys. No GraphQL types of its own beyond the input field.
 */
export const idempotencyModule: WorkroomModule = {
  entities: [IdempotencyKey],
  resolvers: [],
  nodes: {},
};
