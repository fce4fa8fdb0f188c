import { Arg, Args, Ctx, FieldResolver, Mutation, ObjectType, Resolver, Root } from 'type-graphql';
import type { AuthedContext, Context } from '../common/context';
import { CurrentViewer } from '../common/current-viewer';
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
  @Mutation(() => CreateTeamPayload, { description: 'Creates a team. OWNER and FULL only.' })
  createTeam(@CurrentViewer() ctx: AuthedContext, @Arg('input') input: CreateTeamInput): Promise<PayloadShape<Team>> {
    return mutate(() => teamService.create(ctx, input));
  }

  @Mutation(() => RenameTeamPayload, { description: 'Renames a team. OWNER and FULL only.' })
  renameTeam(@CurrentViewer() ctx: AuthedContext, @Arg('input') input: RenameTeamInput): Promise<PayloadShape<Team>> {
    return mutate(() => teamService.rename(ctx, input));
  }

  @Mutation(() => DeleteTeamPayload, {
    description: 'Deletes a team; its members stay in the company without a team. OWNER and FULL only.',
  })
  deleteTeam(@CurrentViewer() ctx: AuthedContext, @Arg('input') input: DeleteTeamInput): Promise<PayloadShape<Team>> {
    return mutate(() => teamService.delete(ctx, input));
  }

  @FieldResolver(() => Company)
  async company(@Root() team: Team, @Ctx() ctx: Context): Promise<Company | null> {
    return loader(ctx, companyById).load(team.companyId);
  }

  @FieldResolver(() => CompanyMemberConnection)
  members(@CurrentViewer() ctx: AuthedContext, @Root() team: Team, @Args() args: ConnectionArgs): Promise<Page<CompanyMember>> {
    return memberService.list(ctx, team.companyId, args, { teamRowId: team.id });
  }
}
