import { getNamedType, isInputObjectType, isListType, isNonNullType, isObjectType } from 'graphql';
import { AuditEvent } from '../src/audit/audit-event.entity';
import { companyWithEveryRole, expectError, signUp, type Account } from './support/fixtures';
import {
  committedSchema,
  declaredMaxLength,
  minimalArgs,
  operationFor,
  rootFields,
  setAt,
  stringPositions,
} from './support/schema-walk';
import { ENGINE, useTestServer, type GqlResponse } from './support/server';

const schema = committedSchema();
const roots = rootFields(schema);

type Fields = { field: string[]; message: string }[];
const fieldsOf = (res: GqlResponse): Fields => (res.errors?.[0]?.extensions.fields as Fields | undefined) ?? [];

describe(`Input hygiene (${ENGINE})`, () => {
  const api = useTestServer();
  let user: Account;

  beforeAll(async () => {
    user = await signUp(api, 'Hygiene Tester');
  });

  it('declares a length limit on every String and ID input in schema.graphql, and a size limit on every list', () => {
    const missing: string[] = [];
    const check = (where: string, type: Parameters<typeof getNamedType>[0], description: string | null | undefined) => {
      const named = getNamedType(type);
      const inner = isNonNullType(type) ? type.ofType : type;
      if ((named?.name === 'String' || named?.name === 'ID') && !/At most \d+ characters/.test(description ?? '')) missing.push(`${where}: no length limit`);
      if (isListType(inner) && !/At most \d+ items/.test(description ?? '')) missing.push(`${where}: no list size limit`);
    };
    for (const type of Object.values(schema.getTypeMap())) {
      if (type.name.startsWith('__')) continue;
      if (isInputObjectType(type)) for (const f of Object.values(type.getFields())) check(`${type.name}.${f.name}`, f.type, f.description);
      if (isObjectType(type)) {
        for (const f of Object.values(type.getFields())) for (const a of f.args) check(`${type.name}.${f.name}(${a.name})`, a.type, a.description);
      }
    }
    expect(missing).toEqual([]);
  });

  // One case per String/ID position of every root field: generated from schema.graphql.
  const positions = roots.flatMap(({ kind, field }) =>
    stringPositions(field).map((position) => ({ kind, field, position, label: `${field.name} ${position.path.join('.')}` })),
  );

  it('finds String inputs to check', () => {
    expect(positions.length).toBeGreaterThan(60);
  });

  it.each(positions.map((p) => [p.label, p] as const))('refuses an over-long and a NUL-bearing %s with BAD_USER_INPUT naming the field', async (_label, { kind, field, position }) => {
    const max = declaredMaxLength(position.declaration);
    expect(max).not.toBeNull();
    const base = minimalArgs(field);
    const before = await api.db.getRepository(AuditEvent).count();
    for (const bad of ['a'.repeat(max! + 1), 'ok\u0000ok', 'ok\u001bok', 'ok\u007fok', 'ok\ud800ok']) {
      const res = await api.gql(operationFor(kind, field), setAt(base, position.path, bad, field), user.token);
      expect(res.status).toBeLessThan(500);
      expectError(res, 'BAD_USER_INPUT');
      expect(fieldsOf(res).map((f) => f.field)).toContainEqual(position.field);
      expect(JSON.stringify(res.errors)).not.toContain(bad.length > 50 ? bad : '\u0000');
    }
    expect(await api.db.getRepository(AuditEvent).count()).toBe(before);
  });

  it('lets multi-line text keep line breaks and tabs, and nothing else does', async () => {
    const crew = await companyWithEveryRole(api);
    const INVITE = `mutation($input: InviteCoworkerInput!) { inviteCoworker(input: $input) { invitation { message } userErrors { code } } }`;
    const ok = await api.gql(INVITE, { input: { companyId: crew.companyId, email: 'lines@example.com', message: 'Hi,\r\n\tsee you\n' } }, crew.OWNER.token);
    expect(ok.errors).toBeUndefined();
    expect(ok.data?.inviteCoworker.invitation.message).toBe('Hi,\r\n\tsee you');
    const CREATE_TEAM = `mutation($input: CreateTeamInput!) { createTeam(input: $input) { team { id } userErrors { code } } }`;
    const res = await api.gql(CREATE_TEAM, { input: { companyId: crew.companyId, name: 'Two\nlines' } }, crew.OWNER.token);
    expectError(res, 'BAD_USER_INPUT');
    expect(fieldsOf(res)).toEqual([{ field: ['name'], message: 'name must not contain control characters' }]);
  });

  it('gives the same answer on every engine for a NUL byte in a sign-up name', async () => {
    const SIGN_UP = `mutation($input: SignUpInput!) { signUp(input: $input) { token userErrors { code } } }`;
    const res = await api.gql(SIGN_UP, { input: { email: 'nul@example.com', password: 'correct horse battery', name: 'Nul\u0000Byte' } });
    expect(res.status).toBe(200);
    expect(res.errors).toEqual([
      {
        message: 'Invalid input: name must not contain control characters',
        path: ['signUp'],
        locations: [{ line: 1, column: 34 }],
        extensions: { code: 'BAD_USER_INPUT', fields: [{ field: ['name'], message: 'name must not contain control characters' }] },
      },
    ]);
  });

  describe('list sizes', () => {
    it('refuses contracts(status:) with 40,000 entries with BAD_USER_INPUT, before any SQL', async () => {
      const crew = await companyWithEveryRole(api);
      const status = Array.from({ length: 40_000 }, (_, i) => (i % 2 ? 'ACTIVE' : 'PENDING'));
      const res = await api.gql(`query($id: ID!, $status: [ContractStatus!]) { company(id: $id) { contracts(status: $status) { totalCount } } }`, { id: crew.companyId, status }, crew.OWNER.token);
      expect(res.status).toBe(200);
      expectError(res, 'BAD_USER_INPUT');
      expect(fieldsOf(res)).toEqual([{ field: ['status'], message: 'status must contain no more than 100 elements' }]);
    });

    it('refuses nodes(ids:) with 101 ids and a template of 51 tasks', async () => {
      const ids = Array.from({ length: 101 }, (_, i) => `id${i}`);
      const nodes = await api.gql(`query($ids: [ID!]!) { nodes(ids: $ids) { id } }`, { ids }, user.token);
      expect(fieldsOf(nodes)).toEqual([{ field: ['ids'], message: 'ids must contain no more than 100 elements' }]);
      const tasks = Array.from({ length: 51 }, () => ({ type: 'OTHER', title: 't', ownerRole: 'FREELANCER', required: true, requiresAttachment: false }));
      const res = await api.gql(
        `mutation($input: SetOnboardingTemplateInput!) { setOnboardingTemplate(input: $input) { userErrors { code } } }`,
        { input: { companyId: 'x', tasks } },
        user.token,
      );
      expectError(res, 'BAD_USER_INPUT');
      expect(fieldsOf(res).map((f) => f.field)).toContainEqual(['tasks']);
    });
  });

  it('checks arguments of nested fields too (auditLog(action:), messageThreads(search:))', async () => {
    const crew = await companyWithEveryRole(api);
    const audit = await api.gql(`query($id: ID!) { company(id: $id) { auditLog(action: "a\\u0000") { totalCount } } }`, { id: crew.companyId }, crew.OWNER.token);
    expect(fieldsOf(audit)).toEqual([{ field: ['action'], message: 'action must not contain control characters' }]);
    const search = await api.gql(`query($s: String) { messageThreads(search: $s) { totalCount } }`, { s: 'x'.repeat(201) }, crew.OWNER.token);
    expect(fieldsOf(search)).toEqual([{ field: ['search'], message: 'search must be shorter than or equal to 200 characters' }]);
  });
});
