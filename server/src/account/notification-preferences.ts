import type { EntityManager } from 'typeorm';
import { Field, ObjectType, registerEnumType } from 'type-graphql';
import { User, emailKey } from './user.entity';

/** What a notification is about. Account security email (reset, verification) is not one: it always goes. */
export enum NotificationKind {
  MESSAGES = 'MESSAGES',
  INVITATIONS = 'INVITATIONS',
  CONTRACT_CHANGES = 'CONTRACT_CHANGES',
  ONBOARDING_TASKS = 'ONBOARDING_TASKS',
}
registerEnumType(NotificationKind, { name: 'NotificationKind', description: 'What a notification is about.' });

export type NotificationChannel = 'email' | 'inApp';

/** As stored on the user: only what differs from the default (everything on). */
export type StoredNotificationPreferences = Partial<Record<NotificationKind, Partial<Record<NotificationChannel, boolean>>>>;

@ObjectType({ description: 'Where notifications of one kind reach you.' })
export class NotificationPreference {
  @Field(() => NotificationKind)
  kind!: NotificationKind;

  @Field({ description: 'Sent by email.' })
  email!: boolean;

  @Field({ description: 'Shown in the app.' })
  inApp!: boolean;
}

/** Every kind, in a stable order, with the user's choice or the default (on). */
export function notificationPreferencesOf(user: Pick<User, 'notificationPreferences'>): NotificationPreference[] {
  const stored = user.notificationPreferences ?? {};
  return Object.values(NotificationKind).map((kind) =>
    Object.assign(new NotificationPreference(), { kind, email: stored[kind]?.email ?? true, inApp: stored[kind]?.inApp ?? true }),
  );
}

/**
 * Whether an email of `kind` to `address` may be sent. An address with no (open) account always gets it:
 * preferences are an account's, and an invitation to a stranger is how they hear of it at all.
 */
export async function wantsEmail(tx: EntityManager, address: string, kind: NotificationKind): Promise<boolean> {
  const user = await tx.getRepository(User).findOne({
    where: { emailKey: emailKey(address) },
    select: { id: true, notificationPreferences: true, closedAt: true },
  });
  if (!user || user.closedAt) return true;
  return user.notificationPreferences?.[kind]?.email ?? true;
}
