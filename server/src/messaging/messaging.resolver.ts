import { Arg, Args, Ctx, Field, FieldResolver, Mutation, ObjectType, Query, Resolver, Root } from 'type-graphql';
import { User, userById } from '../account';
import type { AuthedContext, Context } from '../common/context';
import { CurrentViewer } from '../common/current-viewer';
import { UserError } from '../common/errors';
import { loader } from '../common/loaders';
import { Connection, ConnectionArgs, type Page } from '../common/pagination';
import { Payload, mutate, type PayloadShape } from '../common/payload';
import { ThreadPermission } from '../common/permissions';
import { Company, companyById } from '../company';
import { Invitation } from '../invitation';
import { Message } from './message.entity';
import { MessageThread } from './message-thread.entity';
import {
  AddCoworkerToThreadInput,
  MessageThreadsArgs,
  PostMessageInput,
  RemoveThreadParticipantInput,
  SetThreadParticipantPermissionInput,
  StartMessageThreadInput,
} from './message-thread.input';
import {
  lastMessageByThread,
  participantsByThread,
  pendingAccessByThread,
  threadById,
} from './messaging.loader';
import { mayPost, maySeePending, messagingService, type ParticipantChange } from './messaging.service';
import { PendingThreadAccess } from './pending-thread-access.entity';
import { ThreadParticipant } from './thread-participant.entity';
import { Idempotent } from '../idempotency';

export const MessageThreadConnection = Connection(MessageThread);
export const MessageConnection = Connection(Message);

@ObjectType()
export class StartMessageThreadPayload extends Payload(MessageThread, 'messageThread') {}

@ObjectType({ description: 'Posting is not audited: the message itself is the record.' })
export class PostMessagePayload extends Payload(Message, 'message') {}

@ObjectType({
  description:
    'Either `threadParticipant` (the coworker was added) or `pendingAccess` (no account has that email yet: ' +
    'they get the access when they join the company).',
})
export class AddCoworkerToThreadPayload extends Payload(MessageThread, 'messageThread') {
  @Field(() => ThreadParticipant, { nullable: true })
  threadParticipant!: ThreadParticipant | null;

  @Field(() => PendingThreadAccess, { nullable: true })
  pendingAccess!: PendingThreadAccess | null;

  @Field(() => Invitation, {
    nullable: true,
    description: 'With `pendingAccess`: the company invitation that carries it (its `joinUrl` is set when it was just created).',
  })
  invitation!: Invitation | null;
}

@ObjectType({ description: '`threadParticipant` as it was; `messageThread` is null when you left the thread.' })
export class RemoveThreadParticipantPayload extends Payload(ThreadParticipant, 'threadParticipant') {
  @Field(() => MessageThread, { nullable: true })
  messageThread!: MessageThread | null;
}

@ObjectType()
export class SetThreadParticipantPermissionPayload extends Payload(ThreadParticipant, 'threadParticipant') {
  @Field(() => MessageThread, { nullable: true })
  messageThread!: MessageThread | null;
}

interface ChangePayload {
  result: ThreadParticipant | null;
  messageThread: MessageThread | null;
  userErrors: UserError[];
}

async function participantPayload(work: () => Promise<ParticipantChange>): Promise<ChangePayload> {
  const { result, userErrors } = await mutate(work);
  return { result: result?.participant ?? null, messageThread: result?.thread ?? null, userErrors };
}

@Resolver(() => MessageThread)
export class MessageThreadResolver {
  @Query(() => MessageThreadConnection, {
    description:
      'Threads you are in, as a coworker or as the freelancer, newest first (by when they were started). ' +
      '`search` finds freelancers’ names, subjects and message text.',
  })
  messageThreads(@CurrentViewer() ctx: AuthedContext, @Args() args: MessageThreadsArgs): Promise<Page<MessageThread>> {
    return messagingService.list(ctx, args);
  }

  @Mutation(() => StartMessageThreadPayload, {
    description: 'Starts a thread with a freelancer (any role); you join it with MANAGE. `body` is the first message.',
  })
  @Idempotent()
  startMessageThread(@CurrentViewer() ctx: AuthedContext, @Arg('input') input: StartMessageThreadInput): Promise<PayloadShape<MessageThread>> {
    return mutate(() => messagingService.start(ctx, input));
  }

  @Mutation(() => PostMessagePayload, {
    description: 'Posts a message: the freelancer, or a coworker with MESSAGE or MANAGE. Not audited.',
  })
  @Idempotent()
  postMessage(@CurrentViewer() ctx: AuthedContext, @Arg('input') input: PostMessageInput): Promise<PayloadShape<Message>> {
    return mutate(() => messagingService.post(ctx, input));
  }

  @Mutation(() => AddCoworkerToThreadPayload, {
    description:
      'Adds a coworker to a thread. Needs MANAGE; grants at most your own level and your role’s cap ' +
      '(RECRUITER: MESSAGE). Only members of the company can be added.',
  })
  async addCoworkerToThread(@CurrentViewer() ctx: AuthedContext, @Arg('input') input: AddCoworkerToThreadInput): Promise<AddCoworkerToThreadPayload> {
    const { result, userErrors } = await mutate(() => messagingService.addCoworker(ctx, input));
    return Object.assign(new AddCoworkerToThreadPayload(), {
      result: result?.thread ?? null,
      threadParticipant: result?.participant ?? null,
      pendingAccess: result?.pendingAccess ?? null,
      invitation: result?.invitation ?? null,
      userErrors,
    });
  }

  @Mutation(() => RemoveThreadParticipantPayload, {
    description: 'Removes a coworker from a thread (needs MANAGE), or leaves it with your own `userId`. The last MANAGE holder stays.',
  })
  removeThreadParticipant(@CurrentViewer() ctx: AuthedContext, @Arg('input') input: RemoveThreadParticipantInput): Promise<ChangePayload> {
    return participantPayload(() => messagingService.removeParticipant(ctx, input));
  }

  @Mutation(() => SetThreadParticipantPermissionPayload, {
    description: 'Changes a coworker’s permission in a thread, within your own level and your role’s cap.',
  })
  setThreadParticipantPermission(@CurrentViewer() ctx: AuthedContext, @Arg('input') input: SetThreadParticipantPermissionInput): Promise<ChangePayload> {
    return participantPayload(() => messagingService.setPermission(ctx, input));
  }

  @FieldResolver(() => Company)
  company(@Root() thread: MessageThread, @Ctx() ctx: Context): Promise<Company | null> {
    return loader(ctx, companyById).load(thread.companyId);
  }

  @FieldResolver(() => User, { description: 'Always in the thread and may always post.' })
  freelancer(@Root() thread: MessageThread, @Ctx() ctx: Context): Promise<User | null> {
    return loader(ctx, userById).load(thread.freelancerId);
  }

  @FieldResolver(() => [ThreadParticipant], {
    description: 'The coworkers in the thread, in the order they joined. The freelancer is `freelancer`, not listed here.',
  })
  participants(@Root() thread: MessageThread, @Ctx() ctx: Context): Promise<ThreadParticipant[]> {
    return loader(ctx, participantsByThread).load(thread.id);
  }

  @FieldResolver(() => [PendingThreadAccess], {
    description: 'Coworkers added by email who have no account yet. Shown to coworkers only (empty for the freelancer).',
  })
  async pendingAccess(@Root() thread: MessageThread, @Ctx() ctx: Context): Promise<PendingThreadAccess[]> {
    const access = await messagingService.accessTo(ctx, thread);
    return maySeePending(access) ? loader(ctx, pendingAccessByThread).load(thread.id) : [];
  }

  @FieldResolver(() => MessageConnection, { description: 'Oldest first; `last: 20` gives the latest 20.' })
  messages(@Root() thread: MessageThread, @Args() args: ConnectionArgs, @Ctx() ctx: Context): Promise<Page<Message>> {
    return messagingService.messages(ctx, thread, args);
  }

  @FieldResolver(() => Message, { nullable: true, description: 'The newest message (for lists of threads).' })
  lastMessage(@Root() thread: MessageThread, @Ctx() ctx: Context): Promise<Message | null> {
    return loader(ctx, lastMessageByThread).load(thread.id);
  }

  @FieldResolver(() => ThreadPermission, {
    nullable: true,
    description: 'Your permission here as a coworker; null when you are the thread’s freelancer.',
  })
  async viewerPermission(@Root() thread: MessageThread, @Ctx() ctx: Context): Promise<ThreadPermission | null> {
    return (await messagingService.accessTo(ctx, thread)).participant?.permission ?? null;
  }

  @FieldResolver(() => Boolean, { description: 'Whether you may post: the freelancer, MESSAGE or MANAGE.' })
  async viewerCanPost(@Root() thread: MessageThread, @Ctx() ctx: Context): Promise<boolean> {
    return mayPost(await messagingService.accessTo(ctx, thread));
  }
}

@Resolver(() => Message)
export class MessageResolver {
  @FieldResolver(() => MessageThread)
  thread(@Root() message: Message, @Ctx() ctx: Context): Promise<MessageThread | null> {
    return loader(ctx, threadById).load(message.threadId);
  }

  @FieldResolver(() => User, { nullable: true, description: 'Null if the account no longer exists.' })
  author(@Root() message: Message, @Ctx() ctx: Context): Promise<User | null> | null {
    return message.authorId ? loader(ctx, userById).load(message.authorId) : null;
  }
}

@Resolver(() => ThreadParticipant)
export class ThreadParticipantResolver {
  @FieldResolver(() => User)
  user(@Root() participant: ThreadParticipant, @Ctx() ctx: Context): Promise<User | null> {
    return loader(ctx, userById).load(participant.userId);
  }

  @FieldResolver(() => User, { nullable: true, description: 'Who added them; null for the thread’s starter.' })
  addedBy(@Root() participant: ThreadParticipant, @Ctx() ctx: Context): Promise<User | null> | null {
    return participant.addedById ? loader(ctx, userById).load(participant.addedById) : null;
  }

  @FieldResolver(() => MessageThread)
  thread(@Root() participant: ThreadParticipant, @Ctx() ctx: Context): Promise<MessageThread | null> {
    return loader(ctx, threadById).load(participant.threadId);
  }
}

@Resolver(() => PendingThreadAccess)
export class PendingThreadAccessResolver {
  @FieldResolver(() => User, { nullable: true })
  addedBy(@Root() pending: PendingThreadAccess, @Ctx() ctx: Context): Promise<User | null> | null {
    return pending.addedById ? loader(ctx, userById).load(pending.addedById) : null;
  }

  @FieldResolver(() => MessageThread)
  thread(@Root() pending: PendingThreadAccess, @Ctx() ctx: Context): Promise<MessageThread | null> {
    return loader(ctx, threadById).load(pending.threadId);
  }
}
