import { Arg, Args, Ctx, FieldResolver, ID, Info, Mutation, ObjectType, Query, Resolver, Root } from 'type-graphql';
import type { GraphQLResolveInfo } from 'graphql';
import { otherCompanyRefused } from '../account';
import type { AuthedContext, Context, SessionContext } from '../common/context';
import { CurrentViewer } from '../common/current-viewer';
import { Connection, ConnectionArgs, type Page } from '../common/pagination';
import { connectionColumns, connectionCounts, type LeanFields } from '../common/selection';
import { Payload, mutate, type PayloadShape } from '../common/payload';
import { CompanyRole } from '../common/permissions';
import { membershipKnown, membershipOf } from './access';
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

/** Company's fields that read only columns (see selection.ts); the others (members, contracts, …) read them all. */
export const COMPANY_COLUMNS: LeanFields = {
  createdAt: ['createdAt'],
  name: ['name'],
  description: ['description'],
  website: ['website'],
  contactName: ['contactName'],
  contactEmail: ['contactEmail'],
  phone: ['phone'],
  addressLine1: ['addressLine1'],
  addressLine2: ['addressLine2'],
  city: ['city'],
  region: ['region'],
  postalCode: ['postalCode'],
  country: ['country'],
  timezone: ['timezone'],
  // The viewer's membership, by the row id (and primed by the page that read the row).
  viewerRole: [],
};

@ObjectType()
export class CreateCompanyPayload extends Payload(Company, 'company') {}

@ObjectType()
export class UpdateCompanyPayload extends Payload(Company, 'company') {}

@Resolver(() => Company)
export class CompanyResolver {
  @Query(() => Company, { description: 'A company you are a member of.' })
  company(@CurrentViewer() ctx: AuthedContext, @Arg('id', () => ID) id: string): Promise<Company> {
    return companyService.get(ctx, id);
  }

  @Mutation(() => CreateCompanyPayload, { description: 'Creates a company; you become its OWNER.' })
  @Idempotent()
  createCompany(
    @CurrentViewer({ session: true, refusal: otherCompanyRefused }) ctx: SessionContext,
    @Arg('input') input: CreateCompanyInput,
  ): Promise<PayloadShape<Company>> {
    return mutate(() => companyService.create(ctx, input));
  }

  @Mutation(() => UpdateCompanyPayload, { description: 'Edits company info. OWNER and FULL only.' })
  updateCompany(@CurrentViewer() ctx: AuthedContext, @Arg('input') input: UpdateCompanyInput): Promise<PayloadShape<Company>> {
    return mutate(() => companyService.update(ctx, input));
  }

  @FieldResolver(() => CompanyRole, {
    nullable: true,
    description:
      'Your role in this company; null when you are not a member (a freelancer reaches the company through a contract or thread).',
  })
  viewerRole(@Root() company: Company, @Ctx() ctx: Context): CompanyRole | null | Promise<CompanyRole | null> {
    // Usually read with the company (a page of viewer.companies): answered at once, not per promise.
    const known = membershipKnown(ctx, company.id);
    if (known !== undefined) return known?.role ?? null;
    return membershipOf(ctx, company.id).then((membership) => membership?.role ?? null);
  }

  @FieldResolver(() => CompanyMemberConnection, { description: 'Members, oldest first; filter by role or team.' })
  members(
    @CurrentViewer() ctx: AuthedContext,
    @Root() company: Company,
    @Args() args: MembersArgs,
    @Info() info: GraphQLResolveInfo,
  ): Promise<Page<CompanyMember>> {
    return memberService.list(ctx, company.id, args, { role: args.role, teamId: args.teamId }, connectionColumns(info, MEMBER_COLUMNS), connectionCounts(info));
  }

  @FieldResolver(() => TeamConnection, { description: 'Teams, oldest first.' })
  teams(@CurrentViewer() ctx: AuthedContext, @Root() company: Company, @Args() args: ConnectionArgs): Promise<Page<Team>> {
    return teamService.list(ctx, company.id, args);
  }
}
