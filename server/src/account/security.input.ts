import { IsEmail, MaxLength, MinLength } from 'class-validator';
import { Field, ID, InputType } from 'type-graphql';

const newPassword = { description: 'At least 10 characters.' };

@InputType()
export class RequestPasswordResetInput {
  @Field({ description: 'The account’s address. The answer is the same whether or not an account has it.' })
  @IsEmail({}, { message: 'email must be a valid email address' })
  @MaxLength(254)
  email!: string;
}

@InputType()
export class ResetPasswordInput {
  @Field({ description: 'The token from the mailed link (`…/reset-password?token=…`).' })
  @MaxLength(200)
  token!: string;

  @Field(newPassword)
  @MinLength(10, { message: 'newPassword must be at least 10 characters long' })
  @MaxLength(200)
  newPassword!: string;
}

@InputType()
export class ChangePasswordInput {
  @Field()
  @MaxLength(200)
  currentPassword!: string;

  @Field(newPassword)
  @MinLength(10, { message: 'newPassword must be at least 10 characters long' })
  @MaxLength(200)
  newPassword!: string;
}

@InputType()
export class VerifyEmailInput {
  @Field({ description: 'The token from the mailed link (`…/verify-email?token=…`).' })
  @MaxLength(200)
  token!: string;
}

@InputType()
export class RevokeSessionInput {
  @Field(() => ID, { description: 'A session from `viewer.sessions`.' })
  @MaxLength(200)
  sessionId!: string;
}
