import { IsOptional, MaxLength } from 'class-validator';
import { Field, InputType } from 'type-graphql';

@InputType()
export class EnableTwoStepVerificationInput {
  @Field({ description: 'Your current password.' })
  @MaxLength(200)
  password!: string;
}

@InputType()
export class ConfirmTwoStepVerificationInput {
  @Field({ description: 'The six-digit code your authenticator app shows for the new secret.' })
  @MaxLength(20)
  code!: string;
}

@InputType()
export class DisableTwoStepVerificationInput {
  @Field({ description: 'Your current password.' })
  @MaxLength(200)
  password!: string;

  @Field({ description: 'A current six-digit code, or one of your unused recovery codes.' })
  @MaxLength(40)
  code!: string;
}

@InputType({ description: 'Exactly one of `code` and `recoveryCode`.' })
export class CompleteTwoStepLogInInput {
  @Field({ description: 'The `challenge` logIn returned; it works once, for 5 minutes.' })
  @MaxLength(200)
  challenge!: string;

  @Field(() => String, { nullable: true, description: 'The six-digit code from the authenticator app.' })
  @IsOptional()
  @MaxLength(20)
  code?: string | null;

  @Field(() => String, { nullable: true, description: 'One unused recovery code, e.g. `abcd-efgh-ijkm`; it then stops working.' })
  @IsOptional()
  @MaxLength(40)
  recoveryCode?: string | null;
}
