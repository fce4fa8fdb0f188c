import { Field, ID, InputType } from 'type-graphql';
import { CompanyRole } from '../common/permissions';

@InputType()
abstract class MemberRef {
  @Field(() => ID)
  companyId!: string;

  @Field(() => ID, { description: 'The member’s User id.' })
  userId!: string;
}

@InputType()
export class SetMemberRoleInput extends MemberRef {
  @Field(() => CompanyRole)
  role!: CompanyRole;
}

@InputType()
export class RemoveMemberInput extends MemberRef {}

@InputType()
export class SetMemberTeamInput extends MemberRef {
  @Field(() => ID, { nullable: true, description: 'Null takes the member out of any team.' })
  teamId?: string | null;
}
