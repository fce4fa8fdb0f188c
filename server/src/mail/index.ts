import type { WorkroomModule } from '../common/module';
import { OutboxEmail, OutboxStatus } from './outbox-email.entity';

export { queueEmail, type EmailMessage, type QueueOptions } from './outbox';
export { startMailWorker, type MailWorker } from './mail-worker';
export { OutboxEmail, OutboxStatus };

/** Outgoing email: the outbox table and its delivery worker (started by buildApp). No GraphQL surface. */
export const mailModule: WorkroomModule = {
  entities: [OutboxEmail],
  resolvers: [],
  nodes: {},
};
