import type { EntityManager } from 'typeorm';
import type { Context } from './context';
import { EVENT_CATALOGUE, type EventCompanyId, type EventData, type EventType } from './event-catalogue';
import { newId } from './ids';
import type { Node } from './node';
import { afterCommit } from './transaction';

export { EVENT_CATALOGUE, EVENT_TYPES, type EventData, type EventType } from './event-catalogue';

/**
 * The domain event bus: one in-process bus on which services announce every state change they
 * make, and through which other modules react to it. The event types and payloads are the one
 * catalogue in event-catalogue.ts; docs/events.md lists them with their subscribers.
 *
 * Publishing: a service calls `publish(tx, ctx, {...})` inside its `transaction()`, once the
 * change is written. Every event carries its company (null for account-level events), its actor
 * (the viewer unless the publisher says otherwise), its target (GraphQL type name and row id),
 * the time and its typed `data`.
 *
 * Subscribing: a module lists its subscribers in its WorkroomModule (`subscribers`); each reacts
 * to some event types (or to all, `'*'`), in one of two modes:
 *  - `inTransaction`: runs at once, inside the publisher's transaction, with its `tx`; what it
 *    writes commits with the change, and an error it throws rolls the whole mutation back. For
 *    consequences that must hold together with the change: the audit record, thread access
 *    granted when an invitation is accepted. It may publish events of its own.
 *  - `afterCommit`: runs once the publisher's transaction has committed, never if it rolled back.
 *    Errors are logged, not raised: the change has happened and the client gets its answer. These
 *    are awaited before the mutation answers, so they must be quick: work that is slow or may fail
 *    (sending mail, calling a webhook) belongs in a durable queue written in the transaction (the
 *    mail outbox) or handed to one here.
 *
 * What comes next hangs on the afterCommit side: webhooks (an afterCommit subscriber for `'*'`
 * that queues deliveries per company), GraphQL subscriptions (an afterCommit subscriber that
 * pushes to the open connections of the event's company) and notification preferences (a filter
 * in front of those). With several server processes, one afterCommit subscriber forwards each
 * event (it is plain JSON: ids, never entities) over Redis pub/sub or PostgreSQL LISTEN/NOTIFY,
 * and each process re-emits what it receives to its own local listeners. Anything that must not
 * be lost is written in the transaction instead (an outbox row), since afterCommit work dies with
 * the process.
 */
export interface DomainEvent<T extends EventType = EventType> {
  /** Unique per event (UUIDv7), for deduplicating deliveries. */
  id: string;
  type: T;
  /** The company whose data changed; null for account-level events. */
  companyId: EventCompanyId<T>;
  /** Who did it; null when nobody did (an invitation found expired). */
  actorId: string | null;
  /** The object acted on: its GraphQL type name and row id. */
  target: EventTarget;
  /** When it was published (inside the transaction). */
  at: Date;
  data: EventData<T>;
}

export interface EventTarget {
  type: string;
  id: string;
}

/** One of the events of `T`: a union a subscriber can narrow with `switch (event.type)`. */
export type EventOf<T extends EventType = EventType> = { [K in T]: DomainEvent<K> }[T];

/** What a publisher says; the bus adds the id and time, and the actor from `ctx` unless given. */
export type Publication<T extends EventType> = {
  type: T;
  companyId: EventCompanyId<T>;
  /** The entity acted on: its class name is its GraphQL type name. */
  target: Node;
  data: EventData<T>;
  actorId?: string | null;
};

/** What an inTransaction subscriber is given besides the event. */
export interface InTransaction {
  tx: EntityManager;
  /** The publishing request's context (its viewer, logger, database). */
  ctx: Context;
}

interface SubscriberBase<T extends EventType> {
  /** Shown in logs and docs/events.md, e.g. `audit log`. */
  name: string;
  /** One line for docs/events.md: what it does with the event. */
  description: string;
  /** For docs/events.md: what it does with one type in particular (the audit action it records). */
  detail?(type: T): string;
  types: readonly T[] | '*';
  /**
   * inTransaction subscribers of one event run in ascending `order` (default 0), then in the order
   * they were subscribed.
   */
  order?: number;
}

export interface InTransactionSubscriber<T extends EventType = EventType> extends SubscriberBase<T> {
  mode: 'inTransaction';
  handle(event: EventOf<T>, on: InTransaction): Promise<void> | void;
}

export interface AfterCommitSubscriber<T extends EventType = EventType> extends SubscriberBase<T> {
  mode: 'afterCommit';
  handle(event: EventOf<T>, ctx: Context): Promise<void> | void;
}

export type Subscriber<T extends EventType = EventType> = InTransactionSubscriber<T> | AfterCommitSubscriber<T>;

/** Declares a subscriber with `event` typed by its `types` (the identity function, for inference). */
export function subscriber<T extends EventType>(s: InTransactionSubscriber<T>): Subscriber;
export function subscriber<T extends EventType>(s: AfterCommitSubscriber<T>): Subscriber;
export function subscriber(s: Subscriber): Subscriber {
  return s;
}

const targetOf = (target: Node): EventTarget => ({ type: target.constructor.name, id: target.id });

export class EventBus {
  private readonly subscribers: Subscriber[] = [];

  /** Adds a subscriber (once: subscribing the same object again does nothing); returns its removal. */
  subscribe(s: Subscriber): () => void {
    if (!this.subscribers.includes(s)) this.subscribers.push(s);
    return () => {
      const at = this.subscribers.indexOf(s);
      if (at >= 0) this.subscribers.splice(at, 1);
    };
  }

  /** The subscribers that react to `type`, inTransaction ones in the order they run. */
  subscribersOf(type: EventType): Subscriber[] {
    const matching = this.subscribers.filter((s) => s.types === '*' || s.types.includes(type));
    return [...matching].sort((a, b) => (a.order ?? 0) - (b.order ?? 0));
  }

  /**
   * Publishes an event from inside `tx`, a transaction opened by `transaction()`: runs its
   * inTransaction subscribers now (an error propagates and rolls the transaction back) and queues
   * its afterCommit ones for when the transaction has committed. Returns the event.
   */
  async publish<T extends EventType>(tx: EntityManager, ctx: Context, publication: Publication<T>): Promise<DomainEvent<T>> {
    const target = targetOf(publication.target);
    const spec = EVENT_CATALOGUE[publication.type];
    if (target.type !== spec.target) {
      throw new Error(`${publication.type} targets a ${spec.target}, not a ${target.type}`);
    }
    const event: DomainEvent<T> = {
      id: newId(),
      type: publication.type,
      companyId: publication.companyId,
      actorId: publication.actorId !== undefined ? publication.actorId : (ctx.viewer?.id ?? null),
      target,
      at: new Date(),
      data: publication.data,
    };
    const subscribers = this.subscribersOf(event.type);
    const later = subscribers.filter((s): s is AfterCommitSubscriber => s.mode === 'afterCommit');
    // Queued before the inTransaction subscribers run, so that events they publish are delivered after this one.
    // Queued even when nobody listens: it also checks that `tx` is a transaction() (a programming error otherwise).
    afterCommit(tx, async () => {
      for (const s of later) {
        try {
          await s.handle(event as EventOf, ctx);
        } catch (error) {
          ctx.log.error({ err: error, event: { id: event.id, type: event.type }, subscriber: s.name }, 'afterCommit subscriber failed');
        }
      }
    });
    for (const s of subscribers) {
      if (s.mode === 'inTransaction') await s.handle(event as EventOf, { tx, ctx });
    }
    return event;
  }
}

/** The process's bus. Modules' subscribers are added when the schema is built (schema.ts). */
export const domainEvents = new EventBus();

/** Publishes on the process's bus; see EventBus.publish. */
export function publish<T extends EventType>(tx: EntityManager, ctx: Context, publication: Publication<T>): Promise<DomainEvent<T>> {
  return domainEvents.publish(tx, ctx, publication);
}
