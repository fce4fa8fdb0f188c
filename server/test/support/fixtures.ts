import { randomUUID } from 'node:crypto';
import { CompanyMember } from '../../src/company/company-member.entity';
import { rowIdOf } from '../../src/common/ids';
import { CompanyRole } from '../../src/common/permissions';
import type { GqlResponse, TestApi } from './server';

export interface Account {
  token: string;
  id: string;
  email: string;
  name: string;
}

let counter = 0;

/** Signs up a new user with a unique email. */
export async function signUp(api: TestApi, name = 'Test User', email?: string): Promise<Account> {
  counter += 1;
  const address = email ?? `user${counter}-${randomUUID().slice(0, 8)}@example.com`;
  const res = await api.gql(
    `mutation($input: SignUpInput!) { signUp(input: $input) { token user { id name email } userErrors { code } } }`,
    { input: { email: address, password: 'correct horse battery', name } },
  );
  const payload = res.data?.signUp;
  if (!payload?.token) throw new Error(`signUp failed: ${JSON.stringify(res)}`);
  return { token: payload.token, ...payload.user };
}

/** Creates a company as `owner`; returns its global id. */
export async function createCompany(api: TestApi, owner: Account, name = 'Acme'): Promise<string> {
  const res = await api.gql(
    `mutation($input: CreateCompanyInput!) { createCompany(input: $input) { company { id } userErrors { code } } }`,
    { input: { name } },
    owner.token,
  );
  const id = res.data?.createCompany?.company?.id;
  if (!id) throw new Error(`createCompany failed: ${JSON.stringify(res)}`);
  return id;
}

/**
 * Makes `user` a member of the company with `role`. Setup only: it writes the membership row
 * directly, as an accepted invitation would.
 */
export async function addMember(api: TestApi, companyId: string, user: Account, role: CompanyRole): Promise<void> {
  await api.db.getRepository(CompanyMember).insert(
    Object.assign(new CompanyMember(), {
      companyId: rowIdOf(companyId, 'Company'),
      userId: rowIdOf(user.id, 'User'),
      role,
      teamId: null,
    }),
  );
}

export type Crew = { companyId: string; stranger: Account } & Record<CompanyRole, Account>;

/** A company with one member of each role, and a signed-up stranger who is in none. */
export async function companyWithEveryRole(api: TestApi, name = 'Acme'): Promise<Crew> {
  const owner = await signUp(api, 'Olivia Owner');
  const companyId = await createCompany(api, owner, name);
  const crew = { companyId, OWNER: owner, stranger: await signUp(api, 'Stan Stranger') } as Crew;
  for (const role of [CompanyRole.FULL, CompanyRole.HIRING_MANAGER, CompanyRole.RECRUITER]) {
    crew[role] = await signUp(api, `${role} member`);
    await addMember(api, companyId, crew[role], role);
  }
  return crew;
}

export const ROLES = [CompanyRole.OWNER, CompanyRole.FULL, CompanyRole.HIRING_MANAGER, CompanyRole.RECRUITER] as const;

/** Asserts the response is exactly one GraphQL error with `code`; returns it. */
export function expectError(res: GqlResponse, code: string) {
  expect(res.errors?.map((e) => e.extensions.code)).toEqual([code]);
  return res.errors![0];
}

/** Asserts the mutation refused with exactly one user error `code`, and returned no object. */
export function expectUserError(res: GqlResponse, mutation: string, code: string) {
  expect(res.errors).toBeUndefined();
  const payload = res.data?.[mutation];
  expect(payload.userErrors.map((e: { code: string }) => e.code)).toEqual([code]);
  return payload.userErrors[0];
}

/** Asserts success: no errors, no user errors; returns the payload. */
export function expectOk(res: GqlResponse, mutation: string) {
  expect(res.errors).toBeUndefined();
  expect(res.data?.[mutation].userErrors).toEqual([]);
  return res.data![mutation];
}

/** A well-formed global id of `type` that exists nowhere. */
export const randomId = (type: string): string => Buffer.from(`${type}:${randomUUID()}`).toString('base64url');

export interface SentInvitation {
  /** Global id of the invitation. */
  id: string;
  joinUrl: string;
  /** The token from the join link, as acceptInvitation takes it. */
  token: string;
}

/** The token at the end of a join link (`…/join/<token>`). */
export const tokenOf = (joinUrl: string): string => joinUrl.slice(joinUrl.lastIndexOf('/join/') + '/join/'.length);

/** Invites `email` into the company as `inviter` (extra input: role, teamId, message); fails the test if refused. */
export async function invite(
  api: TestApi,
  inviter: Account,
  companyId: string,
  email: string,
  extra: { role?: CompanyRole; teamId?: string; message?: string } = {},
): Promise<SentInvitation> {
  const res = await api.gql(
    `mutation($input: InviteCoworkerInput!) { inviteCoworker(input: $input) { invitation { id joinUrl } userErrors { code message } } }`,
    { input: { companyId, email, ...extra } },
    inviter.token,
  );
  const invitation = res.data?.inviteCoworker?.invitation;
  if (!invitation?.joinUrl) throw new Error(`inviteCoworker failed: ${JSON.stringify(res)}`);
  return { id: invitation.id, joinUrl: invitation.joinUrl, token: tokenOf(invitation.joinUrl) };
}

/** Signs up a new user, invites them as `inviter` and accepts the invitation as them: a member through the real flow. */
export async function inviteAndAccept(
  api: TestApi,
  inviter: Account,
  companyId: string,
  extra: { role?: CompanyRole; teamId?: string; message?: string; name?: string } = {},
): Promise<Account> {
  const { name = 'Invited Coworker', ...rest } = extra;
  const user = await signUp(api, name);
  const { token } = await invite(api, inviter, companyId, user.email, rest);
  const res = await api.gql(
    `mutation($input: AcceptInvitationInput!) { acceptInvitation(input: $input) { companyMember { id } userErrors { code } } }`,
    { input: { token } },
    user.token,
  );
  if (!res.data?.acceptInvitation?.companyMember) throw new Error(`acceptInvitation failed: ${JSON.stringify(res)}`);
  return user;
}
