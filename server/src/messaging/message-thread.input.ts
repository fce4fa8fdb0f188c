import { IsEmail, IsOptional, Matches, MaxLength } from 'class-validator';
import { ArgsType, Field, ID, InputType } from 'type-graphql';
import { NOT_BLANK } from '../common/input-hygiene';
import { ConnectionArgs } from '../common/pagination';
import { ThreadPermission } from '../common/permissions';
import { IdempotencyKeyField } from '../idempotency';

export const MAX_SUBJECT = 200;
export const MAX_BODY = 10_000;
export const MAX_SEARCH = 200;

@InputType()
export class StartMessageThreadInput {
  @IdempotencyKeyField()
  idempotencyKey?: string | null;

  @Field(() => ID)
  companyId!: string;

  @Field(() => ID, { description: 'The User to talk to: any account, client or freelancer.' })
  freelancerId!: string;

  @Field({ description: '1–200 characters.' })
  @Matches(NOT_BLANK, { message: 'subject must not be blank' })
  @MaxLength(MAX_SUBJECT)
  subject!: string;

  @Field({ description: 'The first message: 1–10,000 characters.' })
  @Matches(NOT_BLANK, { message: 'body must not be blank' })
  @MaxLength(MAX_BODY)
  body!: string;
}

@InputType()
export class PostMessageInput {
  @IdempotencyKeyField()
  idempotencyKey?: string | null;

  @Field(() => ID)
  threadId!: string;

  @Field({ description: '1–10,000 characters.' })
  @Matches(NOT_BLANK, { message: 'body must not be blank' })
  @MaxLength(MAX_BODY)
  body!: string;
}

@InputType()
export class AddCoworkerToThreadInput {
  @Field(() => ID)
  threadId!: string;

  @Field(() => ID, { nullable: true, description: 'A member of the thread’s company. Give this or `email`.' })
  @IsOptional()
  userId?: string | null;

  @Field(() => String, {
    nullable: true,
    description: 'A coworker’s email. Give this or `userId`. With no account yet, they get access once they join.',
  })
  @IsOptional()
  @IsEmail({}, { message: 'email must be a valid email address' })
  @MaxLength(254)
  email?: string | null;

  @Field(() => ThreadPermission)
  permission!: ThreadPermission;
}

@InputType()
export class RemoveThreadParticipantInput {
  @Field(() => ID)
  threadId!: string;

  @Field(() => ID, { description: 'The participant’s User id; your own to leave the thread.' })
  userId!: string;
}

@InputType()
export class SetThreadParticipantPermissionInput {
  @Field(() => ID)
  threadId!: string;

  @Field(() => ID, { description: 'The participant’s User id.' })
  userId!: string;

  @Field(() => ThreadPermission)
  permission!: ThreadPermission;
}

@ArgsType()
export class MessageThreadsArgs extends ConnectionArgs {
  @Field(() => ID, { nullable: true, description: 'Only threads of this company.' })
  companyId?: string | null;

  @Field(() => String, {
    nullable: true,
    description:
      'Words to find (up to 200 characters), case-insensitive, each matching the start of a word in the ' +
      'freelancer’s name, the subject or any message. Every word must match somewhere in the thread.',
  })
  @IsOptional()
  @MaxLength(MAX_SEARCH)
  search?: string | null;
}
