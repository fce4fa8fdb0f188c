import { Arg, Ctx, Field, FieldResolver, Mutation, ObjectType, Resolver, Root } from 'type-graphql';
import type { AuthedContext, Context, SessionContext } from '../common/context';
import { CurrentViewer } from '../common/current-viewer';
import { Payload, mutate } from '../common/payload';
import { NotificationPreference, notificationPreferencesOf } from './notification-preferences';
import { securityService } from './security.service';
import { Session } from './session.entity';
import { CloseAccountInput, UpdatePreferencesInput, UpdateProfileInput } from './settings.input';
import { settingsService as settings } from './settings.service';
import { User } from './user.entity';

@ObjectType({ description: 'Your account’s choices: which notifications reach you where, and the use of your data for AI.' })
export class AccountPreferences {
  @Field(() => [NotificationPreference], { description: 'Every notification kind with its channels.' })
  notifications!: NotificationPreference[];

  @Field({ description: 'True when your account’s data is kept out of AI features.' })
  aiDataOptOut!: boolean;
}

@ObjectType()
export class UpdateProfilePayload extends Payload(User, 'user') {}
@ObjectType()
export class UpdatePreferencesPayload extends Payload(User, 'user') {}
@ObjectType()
export class CloseAccountPayload extends Payload(User, 'user') {}

const isViewer = (ctx: Context, user: User) => ctx.viewer?.id === user.id;

@Resolver(() => User)
export class UserSettingsResolver {
  @FieldResolver(() => [Session], { nullable: true, description: 'Where you are signed in, newest first. Only on yourself; null on anyone else.' })
  sessions(@CurrentViewer() ctx: AuthedContext, @Root() user: User): Promise<Session[]> | null {
    return isViewer(ctx, user) ? securityService.sessions(ctx) : null;
  }

  @FieldResolver(() => AccountPreferences, { nullable: true, description: 'Your preferences. Only on yourself; null on anyone else.' })
  preferences(@Root() user: User, @Ctx() ctx: Context): AccountPreferences | null {
    if (!isViewer(ctx, user)) return null;
    return { notifications: notificationPreferencesOf(user), aiDataOptOut: user.aiDataOptOut };
  }

  @Mutation(() => UpdateProfilePayload, { description: 'Changes your name and/or time zone; omitted fields stay as they are.' })
  updateProfile(@CurrentViewer() ctx: AuthedContext, @Arg('input') input: UpdateProfileInput): Promise<UpdateProfilePayload> {
    return mutate(() => settings.updateProfile(ctx, input));
  }

  @Mutation(() => UpdatePreferencesPayload, {
    description: 'Changes notification preferences (per kind and channel) and the AI data preference; omitted ones stay.',
  })
  updatePreferences(@CurrentViewer() ctx: AuthedContext, @Arg('input') input: UpdatePreferencesInput): Promise<UpdatePreferencesPayload> {
    return mutate(() => settings.updatePreferences(ctx, input));
  }

  @Mutation(() => CloseAccountPayload, {
    description:
      'Closes your account: refused while you are the only owner of a company (LAST_OWNER) or the freelancer of an unfinished ' +
      'contract (OPEN_CONTRACTS). Signs out everywhere and removes your name and email; audit logs show a closed account.',
  })
  closeAccount(@CurrentViewer({ session: true }) ctx: SessionContext, @Arg('input') input: CloseAccountInput): Promise<CloseAccountPayload> {
    return mutate(() => settings.closeAccount(ctx, input));
  }
}
