import { ArrayMaxSize, IsOptional, Matches, MaxLength, ValidateNested } from 'class-validator';
import { Field, InputType } from 'type-graphql';
import { NOT_BLANK } from './account.input';
import { NotificationKind } from './notification-preferences';

@InputType()
export class UpdateProfileInput {
  @Field(() => String, { nullable: true, description: 'How coworkers and freelancers see you (1–100 characters).' })
  @IsOptional()
  @Matches(NOT_BLANK, { message: 'name must not be blank' })
  @MaxLength(100)
  name?: string | null;

  @Field(() => String, { nullable: true, description: 'An IANA time zone, e.g. `Europe/Paris` or `UTC`.' })
  @IsOptional()
  @MaxLength(64)
  timezone?: string | null;
}

@InputType()
export class NotificationPreferenceInput {
  @Field(() => NotificationKind)
  kind!: NotificationKind;

  @Field(() => Boolean, { nullable: true, description: 'Send this kind by email; unchanged when omitted.' })
  email?: boolean | null;

  @Field(() => Boolean, { nullable: true, description: 'Show this kind in the app; unchanged when omitted.' })
  inApp?: boolean | null;
}

@InputType()
export class UpdatePreferencesInput {
  @Field(() => [NotificationPreferenceInput], { nullable: true, description: 'Kinds to change; the others stay as they are.' })
  @IsOptional()
  @ArrayMaxSize(20)
  @ValidateNested({ each: true })
  notifications?: NotificationPreferenceInput[] | null;

  @Field(() => Boolean, {
    nullable: true,
    description: 'True to keep your account’s data out of AI features (training and suggestions); unchanged when omitted.',
  })
  aiDataOptOut?: boolean | null;
}

@InputType()
export class CloseAccountInput {
  @Field({ description: 'Your current password, to confirm.' })
  @MaxLength(200)
  password!: string;
}
