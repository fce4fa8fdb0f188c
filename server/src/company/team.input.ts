import { Matches, MaxLength } from 'class-validator';
import { Field, ID, InputType } from 'type-graphql';
import { NOT_BLANK } from '../common/input-hygiene';

@InputType()
export class CreateTeamInput {
  @Field(() => ID)
  companyId!: string;

  @Field({ description: '1–100 characters, unique in the company regardless of case.' })
  @Matches(NOT_BLANK, { message: 'name must not be blank' })
  @MaxLength(100)
  name!: string;
}

@InputType()
export class RenameTeamInput {
  @Field(() => ID)
  teamId!: string;

  @Field()
  @Matches(NOT_BLANK, { message: 'name must not be blank' })
  @MaxLength(100)
  name!: string;
}

@InputType()
export class DeleteTeamInput {
  @Field(() => ID)
  teamId!: string;
}
