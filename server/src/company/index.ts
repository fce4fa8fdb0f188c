import type { WorkroomModule } from '../common/module';
import { CompanyMember } from './company-member.entity';
import { Company } from './company.entity';
import { CompanyResolver } from './company.resolver';
import { companyService } from './company.service';
import { CompanyMemberResolver } from './member.resolver';
import { endMembershipsOnClose, memberService } from './member.service';
import { Team } from './team.entity';
import { TeamResolver } from './team.resolver';
import { teamService } from './team.service';
import { UserCompaniesResolver } from './user-companies.resolver';

import { onAccountClosing, onApiTokenCreating } from '../account';
import { requireMember, sharesCompany } from './access';
import { ApiTokenCompanyResolver } from './api-token-company.resolver';

export { requireMember, membershipOf, type AccessOptions } from './access';
export { Company, CompanyMember, Team };
export { CompanyOwned } from './company-owned';
export { companyById, primeMembership, teamById } from './company.loader';
export { teamService } from './team.service';

export const companyModule: WorkroomModule = {
  entities: [Company, CompanyMember, Team],
  resolvers: [CompanyResolver, TeamResolver, CompanyMemberResolver, UserCompaniesResolver, ApiTokenCompanyResolver],
  nodes: {
    Company: (ctx, id) => companyService.findVisible(ctx, id),
    Team: (ctx, id) => teamService.findVisible(ctx, id),
    CompanyMember: (ctx, id) => memberService.findVisible(ctx, id),
  },
  userLinks: sharesCompany,
  extend: () => {
    onAccountClosing(endMembershipsOnClose);
    // An API token is made only for a company its creator is a member of (else NOT_FOUND).
    onApiTokenCreating({ check: async (tx, ctx, companyId) => void (await requireMember(ctx, companyId, { tx })) });
  },
};
