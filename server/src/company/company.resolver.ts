import { Arg, Args, Authorized, Ctx, FieldResolver, ID, Info, Mutation, ObjectType, Query, Resolver, Root } from 'type-graphql';
import type { GraphQLResolveInfo } from 'graphql';
import { requireSession, requireViewer } from '../account/auth';
import { otherCompanyRefused } from '../account/api-token.scope';
import type { Context } from '../common/context';
import { Connection, ConnectionArgs, type Page } from '../common/pagination';
import { connectionColumns } from '../common/selection';
import { Payload, mutate, type PayloadShape } from '../common/payload';
import { CompanyRole } from '../common/permissions';
import { membershipOf } from './access';
import { Company } from './company.entity';
import { CreateCompanyInput, UpdateCompanyInput } from './company.input';
import { companyService } from './company.service';
import { CompanyMemberConnection, MembersArgs } from './member.resolver';
import { MEMBER_COLUMNS, memberService } from './member.service';
import { TeamConnection } from './team.resolver';
import { teamService } from './team.service';
import type { CompanyMember } from './company-member.entity';
import type { Team } from './team.entity';
import { Idempotent } from '../idempotency';

export const CompanyConnection = Connection(Company);

@ObjectType()
export class CreateCompanyPayload extends Payload(Company, 'company') {}

@ObjectType()
export class UpdateCompanyPayload extends Payload(Company, 'company') {}

@Resolver(() => Company)
export class CompanyResolver {
  @Authorized()
  @Query(() => Company, { description: 'A company you are a member of.' })
  company(@Arg('id', () => ID) id: string, @Ctx() ctx: Context): Promise<Company> {
    return companyService.get(requireViewer(ctx), id);
  }

  @Authorized()
  @Mutation(() => CreateCompanyPayload, { description: 'Creates a company; you become its OWNER.' })
  @Idempotent()
  createCompany(@Arg('input') input: CreateCompanyInput, @Ctx() ctx: Context): Promise<PayloadShape<Company>> {
    return mutate(() => companyService.create(requireSession(ctx, otherCompanyRefused), input));
  }

  @Authorized()
  @Mutation(() => UpdateCompanyPayload, { description: 'Edits company info. OWNER and FULL only.' })
  updateCompany(@Arg('input') input: UpdateCompanyInput, @Ctx() ctx: Context): Promise<PayloadShape<Company>> {
    return mutate(() => companyService.update(requireViewer(ctx), input));
  }

  @FieldResolver(() => CompanyRole, {
    nullable: true,
    description:
      'Your role in this company; null when you are not a member (a freelancer reaches the company through a contract or thread).',
  })
  async viewerRole(@Root() company: Company, @Ctx() ctx: Context): Promise<CompanyRole | null> {
    return (await membershipOf(ctx, company.id))?.role ?? null;
  }

  @FieldResolver(() => CompanyMemberConnection, { description: 'Members, oldest first; filter by role or team.' })
  members(@Root() company: Company, @Args() args: MembersArgs, @Ctx() ctx: Context, @Info() info: GraphQLResolveInfo): Promise<Page<CompanyMember>> {
    return memberService.list(requireViewer(ctx), company.id, args, { role: args.role, teamId: args.teamId }, connectionColumns(info, MEMBER_COLUMNS));
  }

  @FieldResolver(() => TeamConnection, { description: 'Teams, oldest first.' })
  teams(@Root() company: Company, @Args() args: ConnectionArgs, @Ctx() ctx: Context): Promise<Page<Team>> {
    return teamService.list(requireViewer(ctx), company.id, args);
  }
}
