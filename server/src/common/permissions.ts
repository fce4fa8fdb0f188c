import { registerEnumType } from 'type-graphql';

/** A member's role in a company (docs/permissions.md). */
export enum CompanyRole {
  OWNER = 'OWNER',
  FULL = 'FULL',
  HIRING_MANAGER = 'HIRING_MANAGER',
  RECRUITER = 'RECRUITER',
}
registerEnumType(CompanyRole, {
  name: 'CompanyRole',
  description: 'A member’s role in a company; each role can do what the ones below it can.',
  valuesConfig: {
    OWNER: { description: 'Everything, including touching other owners.' },
    FULL: { description: 'Admin: edit the company, manage teams, roles and members.' },
    HIRING_MANAGER: { description: 'Invites with a team, creates and runs contracts.' },
    RECRUITER: { description: 'Invites recruiters, starts message threads.' },
  },
});

const { OWNER, FULL, HIRING_MANAGER, RECRUITER } = CompanyRole;
const EVERYONE = [OWNER, FULL, HIRING_MANAGER, RECRUITER] as const;

/**
 * THE permission matrix (printed in docs/permissions.md). Every check reads this table; a new rule is a new row.
 * Keys name an action; values are the company roles allowed to take it.
 */
export const PERMISSIONS = {
  'company.read': EVERYONE,
  'company.update': [OWNER, FULL],
  'team.manage': [OWNER, FULL],
  'member.manage': [OWNER, FULL],
  'audit.read': [OWNER, FULL],
  'contract.manage': [OWNER, FULL, HIRING_MANAGER],
  'invitation.create': EVERYONE,
  'invitation.assign_team': [OWNER, FULL, HIRING_MANAGER],
  /** Revoke or resend someone else's invitation (the inviter may always touch their own). */
  'invitation.manage': [OWNER, FULL],
  'thread.start': EVERYONE,
  /** Company.insights: the people who run contracts. */
  'insights.read': [OWNER, FULL, HIRING_MANAGER],
  /** The CSV exports: whoever may read the company's contracts and tasks may download them. */
  'export.read': EVERYONE,
} as const satisfies Record<string, readonly CompanyRole[]>;

export type Action = keyof typeof PERMISSIONS;

/** What each action of the matrix lets a member do, for docs/permissions.md (`npm run generate`). */
export const ACTION_DESCRIPTIONS: Record<Action, string> = {
  'company.read': 'See the company, its members, teams, contracts, templates and invitations',
  'company.update': 'Edit the company’s name and contact details',
  'team.manage': 'Create, rename and delete teams',
  'member.manage': 'Change members’ roles and teams, remove members',
  'audit.read': 'Read the audit log',
  'contract.manage': 'Create contracts, manage their onboarding tasks and template, start, pause, resume, end and cancel them',
  'invitation.create': 'Invite a coworker (with a role the inviter may grant)',
  'invitation.assign_team': 'Put an invited coworker in a team',
  'invitation.manage': 'Revoke or resend someone else’s invitation (the inviter may always touch their own)',
  'thread.start': 'Start a message thread with a freelancer',
  'insights.read': 'Read Company.insights',
  'export.read': 'Download the CSV exports',
};

/** The roles in order, highest first. */
export const ROLES_HIGHEST_FIRST: readonly CompanyRole[] = [OWNER, FULL, HIRING_MANAGER, RECRUITER];

/** Each role includes the ones below it. */
const RANK: Record<CompanyRole, number> = { OWNER: 4, FULL: 3, HIRING_MANAGER: 2, RECRUITER: 1 };

export function can(role: CompanyRole, action: Action): boolean {
  return (PERMISSIONS[action] as readonly CompanyRole[]).includes(role);
}

/**
 * Who may hand out which role (invitations, role changes, resending and revoking): a member grants
 * their own role or any below it, so OWNER only by an OWNER and FULL by OWNER or FULL.
 */
export function canGrant(granter: CompanyRole, role: CompanyRole): boolean {
  return RANK[role] <= RANK[granter];
}

/** A coworker's access to one message thread (docs/domain.md "Message threads"); each level includes the ones below it. */
export enum ThreadPermission {
  VIEW = 'VIEW',
  MESSAGE = 'MESSAGE',
  MANAGE = 'MANAGE',
}
registerEnumType(ThreadPermission, {
  name: 'ThreadPermission',
  description: 'A coworker’s access to one message thread; each level includes the ones below it.',
  valuesConfig: {
    VIEW: { description: 'Reads the thread.' },
    MESSAGE: { description: 'Reads and posts messages.' },
    MANAGE: { description: 'Posts, and adds, removes and re-permissions coworkers.' },
  },
});

/** The highest thread permission a member of each role may grant: the options vary with the adder's role. */
export const THREAD_GRANT_CAP: Record<CompanyRole, ThreadPermission> = {
  OWNER: ThreadPermission.MANAGE,
  FULL: ThreadPermission.MANAGE,
  HIRING_MANAGER: ThreadPermission.MANAGE,
  RECRUITER: ThreadPermission.MESSAGE,
};

const THREAD_RANK: Record<ThreadPermission, number> = { VIEW: 1, MESSAGE: 2, MANAGE: 3 };

/** True when `held` includes `needed` (MANAGE ⊇ MESSAGE ⊇ VIEW). */
export function threadAllows(held: ThreadPermission, needed: ThreadPermission): boolean {
  return THREAD_RANK[held] >= THREAD_RANK[needed];
}

/** The most a participant holding `held`, with company role `role`, may grant or touch. */
export function threadGrantCap(role: CompanyRole, held: ThreadPermission): ThreadPermission {
  const cap = THREAD_GRANT_CAP[role];
  return THREAD_RANK[cap] <= THREAD_RANK[held] ? cap : held;
}
