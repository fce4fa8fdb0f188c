import type { WorkroomModule } from '../modules';
import { Message } from './message.entity';
import { MessageThread } from './message-thread.entity';
import {
  MessageResolver,
  MessageThreadResolver,
  PendingThreadAccessResolver,
  ThreadParticipantResolver,
} from './messaging.resolver';
import { dropThreadAccessOnClose, grantThreadAccessOnAcceptance, messagingService } from './messaging.service';
import { PendingThreadAccess } from './pending-thread-access.entity';
import { ThreadParticipant } from './thread-participant.entity';

export { sharesThread } from './thread-visibility';
export { reindexFreelancerName } from './thread-search';
export { Message, MessageThread, PendingThreadAccess, ThreadParticipant };

export const messagingModule: WorkroomModule = {
  entities: [MessageThread, Message, ThreadParticipant, PendingThreadAccess],
  resolvers: [MessageThreadResolver, MessageResolver, ThreadParticipantResolver, PendingThreadAccessResolver],
  nodes: {
    MessageThread: (ctx, id) => messagingService.findVisible(ctx, id),
    Message: (ctx, id) => messagingService.findVisibleMessage(ctx, id),
    ThreadParticipant: (ctx, id) => messagingService.findVisibleParticipant(ctx, id),
    PendingThreadAccess: (ctx, id) => messagingService.findVisiblePending(ctx, id),
  },
  subscribers: [grantThreadAccessOnAcceptance, dropThreadAccessOnClose],
};
