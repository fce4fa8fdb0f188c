import { IsEmail, Matches, MaxLength, MinLength } from 'class-validator';
import { Field, InputType } from 'type-graphql';
import { NOT_BLANK } from '../common/input-hygiene';

@InputType()
export class SignUpInput {
  @Field({ description: 'Unique regardless of case.' })
  @IsEmail({}, { message: 'email must be a valid email address' })
  @MaxLength(254)
  email!: string;

  @Field({ description: 'At least 10 characters.' })
  @MinLength(10, { message: 'password must be at least 10 characters long' })
  @MaxLength(200)
  password!: string;

  @Field({ description: 'How coworkers and freelancers see you (1–100 characters).' })
  @Matches(NOT_BLANK, { message: 'name must not be blank' })
  @MaxLength(100)
  name!: string;
}

@InputType()
export class LogInInput {
  @Field()
  @MaxLength(254)
  email!: string;

  @Field()
  @MaxLength(200)
  password!: string;
}
