import { isUniqueViolation } from '../account/account.service';
import type { AuthedContext, Context } from '../common/context';
import { UserErrorCode, UserFailure, notFound } from '../common/errors';
import { publish } from '../common/events';
import { requireRowId } from '../common/ids';
import { loader } from '../common/loaders';
import { childPage, type ChildList, type ConnectionArgs, type Page } from '../common/pagination';
import { transaction } from '../common/transaction';
import type { EntityManager } from 'typeorm';
import { membershipOf, requireMember } from './access';
import { CompanyMember } from './company-member.entity';
import { teamById } from './company.loader';
import type { CreateTeamInput, DeleteTeamInput, RenameTeamInput } from './team.input';
import { Team } from './team.entity';

const nameTaken = (name: string) =>
  new UserFailure(UserErrorCode.TEAM_NAME_TAKEN, `A team named "${name}" already exists`, ['input', 'name']);

/** Company.teams, one statement for every company of a request. */
const teamsOfCompany: ChildList<Team> = { entity: Team, alias: 'team', parent: 'team.companyId', direction: 'ASC' };

/** Teams group members (SPEC §2). Managing them needs `team.manage`. */
export class TeamService {
  async create(ctx: AuthedContext, input: CreateTeamInput): Promise<Team> {
    const companyId = requireRowId(input.companyId, 'Company');
    const name = input.name.trim();
    return this.guardName(name, () =>
      transaction(ctx, async (tx) => {
        await requireMember(ctx, companyId, { action: 'team.manage', tx });
        await this.assertNameFree(tx, companyId, name);
        const team = Object.assign(new Team(), { companyId, name, nameKey: name.toLowerCase() });
        await tx.getRepository(Team).insert(team);
        await publish(tx, ctx, { type: 'team.created', companyId, target: team, data: { name } });
        return tx.getRepository(Team).findOneByOrFail({ id: team.id });
      }),
    );
  }

  async rename(ctx: AuthedContext, input: RenameTeamInput): Promise<Team> {
    const name = input.name.trim();
    return this.guardName(name, () =>
      transaction(ctx, async (tx) => {
        const team = await this.manageable(ctx, tx, input.teamId);
        if (team.name === name) return team;
        if (team.nameKey !== name.toLowerCase()) await this.assertNameFree(tx, team.companyId, name);
        await tx.getRepository(Team).update({ id: team.id }, { name, nameKey: name.toLowerCase() });
        await publish(tx, ctx, { type: 'team.renamed', companyId: team.companyId, target: team, data: { from: team.name, to: name } });
        return tx.getRepository(Team).findOneByOrFail({ id: team.id });
      }),
    );
  }

  /** Deletes a team; its members stay in the company, without a team. Returns the deleted team. */
  async delete(ctx: AuthedContext, input: DeleteTeamInput): Promise<Team> {
    return transaction(ctx, async (tx) => {
      const team = await this.manageable(ctx, tx, input.teamId);
      await tx.getRepository(CompanyMember).update({ teamId: team.id }, { teamId: null });
      await tx.getRepository(Team).delete({ id: team.id });
      await publish(tx, ctx, { type: 'team.deleted', companyId: team.companyId, target: team, data: { name: team.name } });
      return team;
    });
  }

  /** A team of a company the viewer is in, or null. */
  async findVisible(ctx: Context, teamId: string): Promise<Team | null> {
    const team = await loader(ctx, teamById).load(teamId);
    return team && (await membershipOf(ctx, team.companyId)) ? team : null;
  }

  /** A team id from input that must belong to `companyId` (NOT_FOUND otherwise). */
  async requireInCompany(tx: EntityManager, globalId: string, companyId: string): Promise<Team> {
    const team = await tx.getRepository(Team).findOneBy({ id: requireRowId(globalId, 'Team'), companyId });
    if (!team) throw notFound('Team');
    return team;
  }

  /** A company's teams, to its members only. */
  async list(ctx: AuthedContext, companyId: string, args: ConnectionArgs): Promise<Page<Team>> {
    await requireMember(ctx, companyId);
    return childPage(ctx, teamsOfCompany, companyId, args, undefined);
  }

  private async manageable(ctx: AuthedContext, tx: EntityManager, globalId: string): Promise<Team> {
    const team = await tx.getRepository(Team).findOneBy({ id: requireRowId(globalId, 'Team') });
    if (!team) throw notFound('Team');
    await requireMember(ctx, team.companyId, { action: 'team.manage', tx, as: 'Team' });
    return team;
  }

  private async assertNameFree(tx: EntityManager, companyId: string, name: string): Promise<void> {
    if (await tx.getRepository(Team).existsBy({ companyId, nameKey: name.toLowerCase() })) throw nameTaken(name);
  }

  /** Concurrent creates of one name: the unique index decides and the loser hears TEAM_NAME_TAKEN. */
  private async guardName<T>(name: string, work: () => Promise<T>): Promise<T> {
    try {
      return await work();
    } catch (error) {
      if (isUniqueViolation(error)) throw nameTaken(name);
      throw error;
    }
  }
}

export const teamService = new TeamService();
