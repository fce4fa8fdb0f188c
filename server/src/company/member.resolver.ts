import { Arg, ArgsType, Ctx, Field, FieldResolver, ID, Mutation, ObjectType, Resolver, Root } from 'type-graphql';
import { User, userById } from '../account';
import type { AuthedContext, Context } from '../common/context';
import { CurrentViewer } from '../common/current-viewer';
import { loader } from '../common/loaders';
import { Connection, ConnectionArgs } from '../common/pagination';
import { Payload, mutate, type PayloadShape } from '../common/payload';
import { CompanyRole } from '../common/permissions';
import { CompanyMember } from './company-member.entity';
import { Company } from './company.entity';
import { companyById, teamById } from './company.loader';
import { RemoveMemberInput, SetMemberRoleInput, SetMemberTeamInput } from './member.input';
import { memberService } from './member.service';
import { Team } from './team.entity';

export const CompanyMemberConnection = Connection(CompanyMember);

@ArgsType()
export class MembersArgs extends ConnectionArgs {
  @Field(() => CompanyRole, { nullable: true, description: 'Only members with this role.' })
  role?: CompanyRole | null;

  @Field(() => ID, { nullable: true, description: 'Only members of this team.' })
  teamId?: string | null;
}

@ObjectType()
export class SetMemberRolePayload extends Payload(CompanyMember, 'companyMember') {}

@ObjectType()
export class SetMemberTeamPayload extends Payload(CompanyMember, 'companyMember') {}

@ObjectType({ description: '`companyMember` is the membership as it was before removal.' })
export class RemoveMemberPayload extends Payload(CompanyMember, 'companyMember') {}

@Resolver(() => CompanyMember)
export class CompanyMemberResolver {
  @Mutation(() => SetMemberRolePayload, {
    description: 'Changes a member’s role. OWNER and FULL; only an OWNER touches an OWNER; the last OWNER stays.',
  })
  setMemberRole(@CurrentViewer() ctx: AuthedContext, @Arg('input') input: SetMemberRoleInput): Promise<PayloadShape<CompanyMember>> {
    return mutate(() => memberService.setRole(ctx, input));
  }

  @Mutation(() => SetMemberTeamPayload, { description: 'Moves a member into a team, or out with `teamId: null`.' })
  setMemberTeam(@CurrentViewer() ctx: AuthedContext, @Arg('input') input: SetMemberTeamInput): Promise<PayloadShape<CompanyMember>> {
    return mutate(() => memberService.setTeam(ctx, input));
  }

  @Mutation(() => RemoveMemberPayload, {
    description: 'Removes a member (OWNER and FULL), or leaves the company when `userId` is your own.',
  })
  removeMember(@CurrentViewer() ctx: AuthedContext, @Arg('input') input: RemoveMemberInput): Promise<PayloadShape<CompanyMember>> {
    return mutate(() => memberService.remove(ctx, input));
  }

  @FieldResolver(() => User)
  user(@Root() member: CompanyMember, @Ctx() ctx: Context): Promise<User | null> {
    return loader(ctx, userById).load(member.userId);
  }

  @FieldResolver(() => Team, { nullable: true })
  async team(@Root() member: CompanyMember, @Ctx() ctx: Context): Promise<Team | null> {
    return member.teamId ? loader(ctx, teamById).load(member.teamId) : null;
  }

  @FieldResolver(() => Company)
  company(@Root() member: CompanyMember, @Ctx() ctx: Context): Promise<Company | null> {
    return loader(ctx, companyById).load(member.companyId);
  }
}
