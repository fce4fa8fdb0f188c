import type { CompanyRole } from '../common/permissions';

/**
 * How the join page names roles. Also bundled into its browser script (web/join), so it imports
 * only the type: the enum's module would pull type-graphql into the bundle.
 */
export const ROLE_LABELS: Record<CompanyRole, string> = {
  OWNER: 'Owner',
  FULL: 'Full member',
  HIRING_MANAGER: 'Hiring manager',
  RECRUITER: 'Recruiter',
} satisfies Record<`${CompanyRole}`, string> as Record<CompanyRole, string>;
