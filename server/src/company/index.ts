import type { WorkroomModule } from '../modules';
import { CompanyMember } from './company-member.entity';
import { Company } from './company.entity';
import { CompanyResolver } from './company.resolver';
import { companyService } from './company.service';
import { CompanyMemberResolver } from './member.resolver';
import { memberService } from './member.service';
import { Team } from './team.entity';
import { TeamResolver } from './team.resolver';
import { teamService } from './team.service';
import { UserCompaniesResolver } from './user-companies.resolver';

export { requireMember, membershipOf } from './access';
export { Company, CompanyMember, Team };

export const companyModule: WorkroomModule = {
  entities: [Company, CompanyMember, Team],
  resolvers: [CompanyResolver, TeamResolver, CompanyMemberResolver, UserCompaniesResolver],
  nodes: {
    Company: (ctx, id) => companyService.findVisible(ctx, id),
    Team: (ctx, id) => teamService.findVisible(ctx, id),
    CompanyMember: (ctx, id) => memberService.findVisible(ctx, id),
  },
};
