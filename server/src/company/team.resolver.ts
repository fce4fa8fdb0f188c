import { Arg, Args, Authorized, Ctx, FieldResolver, Mutation, ObjectType, Resolver, Root } from 'type-graphql';
import { requireViewer } from '../account';
import type { Context } from '../common/context';
import { loader } from '../common/loaders';
import { Connection, ConnectionArgs, type Page } from '../common/pagination';
import { Payload, mutate, type PayloadShape } from '../common/payload';
import { CompanyMemberConnection } from './member.resolver';
import { memberService } from './member.service';
import type { CompanyMember } from './company-member.entity';
import { Company } from './company.entity';
import { companyById } from './company.loader';
import { CreateTeamInput, DeleteTeamInput, RenameTeamInput } from './team.input';
import { Team } from './team.entity';
import { teamService } from './team.service';

export const TeamConnection = Connection(Team);

@ObjectType()
export class CreateTeamPayload extends Payload(Team, 'team') {}

@ObjectType()
export class RenameTeamPayload extends Payload(Team, 'team') {}

@ObjectType({ description: '`team` is the team as it was before it was deleted.' })
export class DeleteTeamPayload extends Payload(Team, 'team') {}

@Resolver(() => Team)
export class TeamResolver {
  @Authorized()
  @Mutation(() => CreateTeamPayload, { description: 'Creates a team. OWNER and FULL only.' })
  createTeam(@Arg('input') input: CreateTeamInput, @Ctx() ctx: Context): Promise<PayloadShape<Team>> {
    return mutate(() => teamService.create(requireViewer(ctx), input));
  }

  @Authorized()
  @Mutation(() => RenameTeamPayload, { description: 'Renames a team. OWNER and FULL only.' })
  renameTeam(@Arg('input') input: RenameTeamInput, @Ctx() ctx: Context): Promise<PayloadShape<Team>> {
    return mutate(() => teamService.rename(requireViewer(ctx), input));
  }

  @Authorized()
  @Mutation(() => DeleteTeamPayload, {
    description: 'Deletes a team; its members stay in the company without a team. OWNER and FULL only.',
  })
  deleteTeam(@Arg('input') input: DeleteTeamInput, @Ctx() ctx: Context): Promise<PayloadShape<Team>> {
    return mutate(() => teamService.delete(requireViewer(ctx), input));
  }

  @FieldResolver(() => Company)
  async company(@Root() team: Team, @Ctx() ctx: Context): Promise<Company | null> {
    return loader(ctx, companyById).load(team.companyId);
  }

  @FieldResolver(() => CompanyMemberConnection)
  members(@Root() team: Team, @Args() args: ConnectionArgs, @Ctx() ctx: Context): Promise<Page<CompanyMember>> {
    return memberService.list(requireViewer(ctx), team.companyId, args, { teamRowId: team.id });
  }
}
