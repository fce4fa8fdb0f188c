import { ArrayMaxSize, ArrayMinSize, IsOptional, Matches, MaxLength } from 'class-validator';
import { Field, ID, InputType } from 'type-graphql';
import { NOT_BLANK } from '../common/input-hygiene';
import { ApiTokenScope } from './api-token.entity';

@InputType()
export class CreateApiTokenInput {
  @Field({ description: 'What the token is for, e.g. the app that uses it (1–100 characters).' })
  @Matches(NOT_BLANK, { message: 'name must not be blank' })
  @MaxLength(100)
  name!: string;

  @Field(() => ID, { description: 'The one company the token may reach; you must be a member.' })
  companyId!: string;

  @Field(() => [ApiTokenScope], { description: 'READ (queries), WRITE (queries and mutations), or both.' })
  @ArrayMinSize(1, { message: 'scopes must name at least one scope' })
  @ArrayMaxSize(2)
  scopes!: ApiTokenScope[];

  @Field(() => Date, { nullable: true, description: 'When it stops working (in the future); omitted: until revoked.' })
  @IsOptional()
  expiresAt?: Date | null;
}

@InputType()
export class RevokeApiTokenInput {
  @Field(() => ID)
  apiTokenId!: string;
}
