import { z } from 'zod';
import { CompanyRole, ThreadPermission } from './permissions';

/**
 * THE catalogue of domain events: every state change a mutation makes is published as one of
 * these (see events.ts for the bus). A new event is a new row; `docs/events.md` is generated
 * from this table (`npm run generate`), so `when` and the field descriptions are its text.
 *
 * Payloads name objects by id, never by entity: this file is read by every module and imports
 * none of them, and an event must mean the same thing after it has crossed a process boundary
 * (a webhook body, a Redis message).
 *
 * - `target`: the GraphQL type name of the object acted on (the envelope's `target.type`).
 * - `scope`: `company` events carry their company's id; `account` events carry `companyId: null`.
 * - `when`: which change publishes it, in one sentence.
 * - `data`: the event-specific fields.
 */
interface EventSpec {
  target: string;
  scope: 'company' | 'account';
  when: string;
  data: z.ZodObject;
}

const id = (what: string) => z.string().describe(`Row id of ${what}.`);
const role = (what: string) => z.enum(CompanyRole).describe(what);
const permission = (what: string) => z.enum(ThreadPermission).describe(what);
const none = z.object({});

export const EVENT_CATALOGUE = {
  // account
  'account.signedUp': { target: 'User', scope: 'account', when: 'A new account is created (`signUp`); the actor is the new user.', data: none },
  'account.loggedIn': {
    target: 'User',
    scope: 'account',
    when: 'A user gets a session: the right password (`logIn`), or with two-step verification on, the right code after it (`completeTwoStepLogIn`); the actor is that user.',
    data: z.object({
      twoStep: z
        .enum(['code', 'recoveryCode'])
        .optional()
        .describe('What completed a two-step log-in: an authenticator `code` or a `recoveryCode`; absent without two-step verification.'),
    }),
  },
  'account.loggedOut': { target: 'User', scope: 'account', when: 'A user revokes the session they are using (`logOut`).', data: none },
  'account.twoStepEnabled': {
    target: 'User',
    scope: 'account',
    when: 'A user switches two-step verification on with a code from the app; ten recovery codes are issued (`confirmTwoStepVerification`).',
    data: none,
  },
  'account.twoStepDisabled': {
    target: 'User',
    scope: 'account',
    when: 'A user switches two-step verification off with the password and a code (`disableTwoStepVerification`).',
    data: z.object({ with: z.enum(['code', 'recoveryCode']).describe('What proved it: an authenticator `code` or a `recoveryCode`.') }),
  },
  'apiToken.created': {
    target: 'ApiToken',
    scope: 'company',
    when: 'A member creates an API token for an app, limited to this company (`createApiToken`).',
    data: z.object({
      name: z.string().describe('The token’s name.'),
      scopes: z.array(z.enum(['READ', 'WRITE'])).describe('Its scopes.'),
    }),
  },
  'apiToken.revoked': {
    target: 'ApiToken',
    scope: 'company',
    when: 'The creator revokes one of their API tokens (`revokeApiToken`).',
    data: z.object({ name: z.string().describe('The token’s name.') }),
  },
  'account.passwordReset': {
    target: 'User',
    scope: 'account',
    when: 'A password is set through a mailed reset link (`resetPassword`); every session of the account ends. The actor is that user.',
    data: z.object({
      sessionsRevoked: z.number().int().describe('How many sessions ended.'),
      emailVerified: z.boolean().describe('True when the reset also verified the address (it was unverified until then).'),
    }),
  },
  'account.passwordChanged': {
    target: 'User',
    scope: 'account',
    when: 'A signed-in user changes their password (`changePassword`); their other sessions end.',
    data: z.object({ sessionsRevoked: z.number().int().describe('How many other sessions ended.') }),
  },
  'account.emailVerified': {
    target: 'User',
    scope: 'account',
    when:
      'An address is proven by the verification link mailed at sign-up (`verifyEmail`). (Accepting an invitation proves it too: ' +
      'that is `invitation.accepted` with `emailVerified: true`.)',
    data: none,
  },
  'account.profileUpdated': {
    target: 'User',
    scope: 'account',
    when: 'A user changes their name or time zone (`updateProfile`); not published when nothing changed.',
    data: z.object({ changed: z.array(z.string()).describe('The fields that changed: `name`, `timezone`.') }),
  },
  'account.preferencesUpdated': {
    target: 'User',
    scope: 'account',
    when: 'A user changes notification or AI preferences (`updatePreferences`).',
    data: z.object({
      notifications: z
        .array(z.object({ kind: z.string(), email: z.boolean(), inApp: z.boolean() }))
        .describe('Every notification kind with its channels, as they are now.'),
      aiDataOptOut: z.boolean().describe('True when the account’s data is kept out of AI features.'),
    }),
  },
  'account.closed': {
    target: 'User',
    scope: 'account',
    when:
      'A user closes their account (`closeAccount`): sessions end, memberships end (`member.left`), name and email become ' +
      'placeholders. Subscribers end what else the account holds (e.g. API tokens).',
    data: z.object({ sessionsRevoked: z.number().int().describe('How many sessions ended.') }),
  },
  'session.revoked': {
    target: 'Session',
    scope: 'account',
    when: 'A user signs out one of their sessions (`revokeSession`).',
    data: z.object({ current: z.boolean().describe('True when it was the session making the request.') }),
  },
  'session.othersRevoked': {
    target: 'User',
    scope: 'account',
    when: 'A user signs out every session but the current one (`revokeOtherSessions`).',
    data: z.object({ count: z.number().int().describe('How many sessions ended.') }),
  },

  // company, teams, members
  'company.created': {
    target: 'Company',
    scope: 'company',
    when: 'A user creates a company and becomes its first OWNER (`createCompany`).',
    data: z.object({ name: z.string().describe('The company name.') }),
  },
  'company.updated': {
    target: 'Company',
    scope: 'company',
    when: 'Company info changes (`updateCompany`); not published when nothing changed.',
    data: z.object({
      changed: z.record(z.string(), z.unknown()).describe('Each changed field with its new value (null when cleared).'),
    }),
  },
  'team.created': {
    target: 'Team',
    scope: 'company',
    when: 'A team is created (`createTeam`).',
    data: z.object({ name: z.string().describe('The team name.') }),
  },
  'team.renamed': {
    target: 'Team',
    scope: 'company',
    when: 'A team gets a new name (`renameTeam`).',
    data: z.object({ from: z.string().describe('The old name.'), to: z.string().describe('The new name.') }),
  },
  'team.deleted': {
    target: 'Team',
    scope: 'company',
    when: 'A team is deleted; its members stay in the company without a team (`deleteTeam`).',
    data: z.object({ name: z.string().describe('The name it had.') }),
  },
  'member.roleChanged': {
    target: 'CompanyMember',
    scope: 'company',
    when: 'A member gets another role (`setMemberRole`).',
    data: z.object({ userId: id('the member’s user'), from: role('The old role.'), to: role('The new role.') }),
  },
  'member.teamChanged': {
    target: 'CompanyMember',
    scope: 'company',
    when: 'A member moves to another team or out of their team (`setMemberTeam`).',
    data: z.object({
      userId: id('the member’s user'),
      from: z.string().nullable().describe('Row id of the old team; null when they had none.'),
      to: z.string().nullable().describe('Row id of the new team; null when they have none now.'),
    }),
  },
  'member.removed': {
    target: 'CompanyMember',
    scope: 'company',
    when: 'A member is removed by another member (`removeMember`).',
    data: z.object({ userId: id('the removed user'), role: role('The role they had.') }),
  },
  'member.left': {
    target: 'CompanyMember',
    scope: 'company',
    when: 'A member removes themselves (`removeMember` on their own membership), or closes their account (`closeAccount`).',
    data: z.object({
      userId: id('the user who left'),
      role: role('The role they had.'),
      reason: z.literal('account_closed').optional().describe('`account_closed` when they left by closing their account.'),
    }),
  },

  // invitations
  'invitation.created': {
    target: 'Invitation',
    scope: 'company',
    when: 'A coworker is invited; the invitation email is queued in the same transaction (`inviteCoworker`).',
    data: z.object({
      email: z.string().describe('The invited address, as typed.'),
      role: role('The role the invitation grants.'),
      teamId: z.string().nullable().describe('Row id of the team it joins, if any.'),
    }),
  },
  'invitation.resent': {
    target: 'Invitation',
    scope: 'company',
    when: 'A pending or expired invitation is sent again with a new link and expiry (`resendInvitation`).',
    data: z.object({
      email: z.string().describe('The invited address.'),
      expiresAt: z.string().describe('The new expiry, ISO 8601.'),
    }),
  },
  'invitation.accepted': {
    target: 'Invitation',
    scope: 'company',
    when: 'The invited user joins the company (`acceptInvitation`); the actor is the new member.',
    data: z.object({
      memberId: id('the new CompanyMember'),
      userId: id('the user who joined'),
      emailKey: z.string().describe('The invitation’s normalised email, the key of what it promised (thread access).'),
      role: role('The role they joined with.'),
      teamId: z.string().nullable().describe('Row id of the team they joined, if any.'),
      emailVerified: z
        .boolean()
        .describe('True when accepting also verified the user’s address (the join link was mailed there) and it was unverified until then.'),
    }),
  },
  'invitation.revoked': {
    target: 'Invitation',
    scope: 'company',
    when:
      'A pending invitation is revoked (`revokeInvitation`), or revoked automatically because its inviter was removed or ' +
      'demoted below the role it grants (`removeMember`, `setMemberRole`).',
    data: z.object({
      email: z.string().describe('The invited address.'),
      emailKey: z.string().describe('The normalised email.'),
      role: role('The role it would have granted.'),
      reason: z
        .enum(['inviter_removed', 'inviter_demoted'])
        .nullable()
        .describe('Why it was revoked without anyone revoking it; null when someone revoked it.'),
    }),
  },
  'invitation.expired': {
    target: 'Invitation',
    scope: 'company',
    when:
      'A pending invitation past its expiry is found and marked EXPIRED (by a new invitation to the same email, or by ' +
      'resending it). No actor: nobody expired it.',
    data: z.object({
      email: z.string().describe('The invited address.'),
      emailKey: z.string().describe('The normalised email.'),
    }),
  },

  // contracts
  'contract.created': {
    target: 'Contract',
    scope: 'company',
    when: 'A contract is created (PENDING) with its onboarding tasks (`createContract`).',
    data: z.object({
      title: z.string().describe('The contract title.'),
      freelancerId: id('the freelancer'),
      tasks: z.number().int().describe('How many onboarding tasks it got.'),
    }),
  },
  'contract.started': {
    target: 'Contract',
    scope: 'company',
    when: 'A PENDING contract whose onboarding is complete becomes ACTIVE (`startContract`).',
    data: z.object({ from: z.string().describe('The old status.'), to: z.string().describe('The new status.') }),
  },
  'contract.paused': {
    target: 'Contract',
    scope: 'company',
    when: 'An ACTIVE contract is paused (`pauseContract`).',
    data: z.object({ from: z.string().describe('The old status.'), to: z.string().describe('The new status.') }),
  },
  'contract.resumed': {
    target: 'Contract',
    scope: 'company',
    when: 'A PAUSED contract becomes ACTIVE again (`resumeContract`).',
    data: z.object({ from: z.string().describe('The old status.'), to: z.string().describe('The new status.') }),
  },
  'contract.ended': {
    target: 'Contract',
    scope: 'company',
    when: 'An ACTIVE or PAUSED contract ends (`endContract`).',
    data: z.object({ from: z.string().describe('The old status.'), to: z.string().describe('The new status.') }),
  },
  'contract.cancelled': {
    target: 'Contract',
    scope: 'company',
    when: 'A PENDING contract is cancelled (`cancelContract`).',
    data: z.object({ from: z.string().describe('The old status.'), to: z.string().describe('The new status.') }),
  },
  'contract.workLogged': {
    target: 'WorkLog',
    scope: 'company',
    when: 'The freelancer records hours on an ACTIVE contract (`logWork`).',
    data: z.object({
      contractId: id('the contract'),
      date: z.string().describe('The day worked, YYYY-MM-DD.'),
      minutes: z.number().int().describe('Minutes worked.'),
    }),
  },

  // onboarding
  'onboardingTask.started': {
    target: 'OnboardingTask',
    scope: 'company',
    when: 'A task’s owner starts it (`startOnboardingTask`).',
    data: none,
  },
  'onboardingTask.completed': {
    target: 'OnboardingTask',
    scope: 'company',
    when: 'A task’s owner completes it (`completeOnboardingTask`).',
    data: z.object({
      classification: z.string().nullable().describe('The worker classification chosen, for a CLASSIFICATION task; else null.'),
    }),
  },
  'onboardingTask.fileAttached': {
    target: 'OnboardingTask',
    scope: 'company',
    when: 'A task’s owner attaches one of their uploads to it (`attachFileToOnboardingTask`; not for a file already attached).',
    data: z.object({ attachmentId: id('the OnboardingAttachment'), filename: z.string().describe('The file’s name.') }),
  },
  'onboardingTask.reassigned': {
    target: 'OnboardingTask',
    scope: 'company',
    when: 'A task that is not completed gets another owner (`reassignOnboardingTask`).',
    data: z.object({ from: id('the old owner'), to: id('the new owner') }),
  },
  'onboardingTemplate.set': {
    target: 'OnboardingTemplate',
    scope: 'company',
    when: 'A company’s onboarding template is replaced (`setOnboardingTemplate`).',
    data: z.object({ tasks: z.number().int().describe('How many tasks the template has.') }),
  },
  'upload.created': {
    target: 'Upload',
    scope: 'account',
    when: 'A user uploads a file (`POST /uploads`); it belongs to them, not to a company, until attached.',
    data: z.object({
      size: z.number().int().describe('Size in bytes.'),
      contentType: z.string().describe('The detected content type.'),
    }),
  },

  // messaging
  'thread.started': {
    target: 'MessageThread',
    scope: 'company',
    when: 'A member opens a thread with a freelancer, with its first message (`startMessageThread`).',
    data: z.object({ freelancerId: id('the freelancer'), subject: z.string().describe('The thread subject.') }),
  },
  'message.posted': {
    target: 'Message',
    scope: 'company',
    when: 'A message is posted to a thread (`postMessage`, and the first message of `startMessageThread`).',
    data: z.object({ threadId: id('the thread') }),
  },
  'thread.participantAdded': {
    target: 'MessageThread',
    scope: 'company',
    when:
      'A coworker gets access to a thread: added directly (`addCoworkerToThread`), or by accepting the invitation that ' +
      'carried pending access (`invitation.accepted`).',
    data: z.object({
      userId: id('the coworker'),
      permission: permission('The access they got.'),
      via: z.literal('invitation').optional().describe('`invitation` when granted on accepting an invitation; absent when added directly.'),
      pendingAccessId: z.string().optional().describe('Row id of the pending access that was turned into this participant.'),
    }),
  },
  'thread.pendingAccessAdded': {
    target: 'MessageThread',
    scope: 'company',
    when: 'A coworker who is not a member yet is invited with thread access waiting for them (`addCoworkerToThread` by email).',
    data: z.object({
      email: z.string().describe('The invited address.'),
      permission: permission('The access they will get.'),
      invitationId: id('the invitation that carries it'),
    }),
  },
  'thread.participantPermissionChanged': {
    target: 'MessageThread',
    scope: 'company',
    when: 'A participant’s permission changes (`setThreadParticipantPermission`; not published when it is the same).',
    data: z.object({ userId: id('the coworker'), from: permission('The old permission.'), to: permission('The new permission.') }),
  },
  'thread.participantRemoved': {
    target: 'MessageThread',
    scope: 'company',
    when: 'A participant is removed by someone else (`removeThreadParticipant`).',
    data: z.object({ userId: id('the coworker'), permission: permission('The permission they had.') }),
  },
  'thread.left': {
    target: 'MessageThread',
    scope: 'company',
    when: 'A participant removes themselves (`removeThreadParticipant` on their own participation).',
    data: z.object({ userId: id('the coworker'), permission: permission('The permission they had.') }),
  },
} as const satisfies Record<string, EventSpec>;

export type EventCatalogue = typeof EVENT_CATALOGUE;
export type EventType = keyof EventCatalogue;
export const EVENT_TYPES = Object.keys(EVENT_CATALOGUE) as EventType[];

/** The `data` of one event type. */
export type EventData<T extends EventType> = z.infer<EventCatalogue[T]['data']>;
/** `string` for company events, `null` for account-level ones. */
export type EventCompanyId<T extends EventType> = EventCatalogue[T]['scope'] extends 'company' ? string : null;
