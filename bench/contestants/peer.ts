/**
 * The peer: the fastest common Node GraphQL stack, written the way its docs recommend — Fastify +
 * mercurius with graphql-jit (`jit: 1`: compiled on first use), a DataLoader per request for every
 * relation, and connections batched per parent with ROW_NUMBER(), all over the same tables.
 * Its schema is the part of Workroom's that the workloads touch, with the same names and answers.
 */
import DataLoader from 'dataloader';
import Fastify from 'fastify';
import { GraphQLError, GraphQLScalarType } from 'graphql';
import mercurius, { type IResolvers, type MercuriusContext } from 'mercurius';
import { v7 as uuidv7 } from 'uuid';
import { CAN_UPDATE_COMPANY, connection, globalId, isoDate, openDatabase, pageSize, afterId, rowIdOf, sqliteNow, viewerFinder, type Viewer } from './rows';

const db = openDatabase(process.env.BENCH_DB!);
const findViewer = viewerFinder(db);

const schema = /* GraphQL */ `
  scalar DateTimeISO
  interface Node { id: ID! createdAt: DateTimeISO! }
  enum CompanyRole { OWNER FULL HIRING_MANAGER RECRUITER }
  enum ContractStatus { PENDING ACTIVE PAUSED ENDED CANCELLED }
  enum OnboardingTaskStatus { NOT_STARTED IN_PROGRESS COMPLETED }
  type PageInfo { hasNextPage: Boolean! hasPreviousPage: Boolean! startCursor: String endCursor: String }
  type User implements Node { id: ID! createdAt: DateTimeISO! name: String! companies(first: Int, after: String): CompanyConnection! }
  type Company implements Node {
    id: ID! createdAt: DateTimeISO! name: String! website: String city: String country: String viewerRole: CompanyRole!
    members(first: Int, after: String): CompanyMemberConnection!
    contracts(first: Int, after: String): ContractConnection!
  }
  type CompanyMember implements Node { id: ID! createdAt: DateTimeISO! role: CompanyRole! user: User! }
  type Contract implements Node {
    id: ID! createdAt: DateTimeISO! title: String! status: ContractStatus! currency: String! hourlyRateCents: Int
    onboardingTasks: [OnboardingTask!]!
  }
  type OnboardingTask implements Node { id: ID! createdAt: DateTimeISO! title: String! status: OnboardingTaskStatus! required: Boolean! }
  type CompanyEdge { cursor: String! node: Company! }
  type CompanyConnection { edges: [CompanyEdge!]! nodes: [Company!]! pageInfo: PageInfo! totalCount: Int! }
  type CompanyMemberEdge { cursor: String! node: CompanyMember! }
  type CompanyMemberConnection { edges: [CompanyMemberEdge!]! nodes: [CompanyMember!]! pageInfo: PageInfo! totalCount: Int! }
  type ContractEdge { cursor: String! node: Contract! }
  type ContractConnection { edges: [ContractEdge!]! nodes: [Contract!]! pageInfo: PageInfo! totalCount: Int! }
  type UserError { code: String! field: [String!] message: String! }
  input UpdateCompanyInput { companyId: ID! city: String }
  type UpdateCompanyPayload { company: Company userErrors: [UserError!]! }
  type Query { viewer: User node(id: ID!): Node }
  type Mutation { updateCompany(input: UpdateCompanyInput!): UpdateCompanyPayload! }
`;

/** Rows become GraphQL-shaped objects once (global id, ISO dates); `rowId` keeps the key for loaders. */
interface Shaped { __typename: string; rowId: string; id: string; createdAt: string | null }
interface CompanyObj extends Shaped { name: string; website: string | null; city: string | null; country: string | null }
interface MemberObj extends Shaped { role: string; userId: string; companyId: string }
interface ContractObj extends Shaped { companyId: string; title: string; status: string; currency: string; hourlyRateCents: number | null }
interface TaskObj extends Shaped { contractId: string; title: string; status: string; required: boolean }
interface UserObj extends Shaped { name: string }
type Row = Record<string, unknown> & { id: string; createdAt: string };

const shape = <T extends Shaped>(type: string, row: Row, extra: Omit<T, keyof Shaped>): T =>
  ({ __typename: type, rowId: row.id, id: globalId(type, row.id), createdAt: isoDate(row.createdAt), ...extra }) as T;
const company = (r: Row) => shape<CompanyObj>('Company', r, { name: r.name as string, website: r.website as string | null, city: r.city as string | null, country: r.country as string | null });
const member = (r: Row) => shape<MemberObj>('CompanyMember', r, { role: r.role as string, userId: r.userId as string, companyId: r.companyId as string });
const contract = (r: Row) =>
  shape<ContractObj>('Contract', r, { companyId: r.companyId as string, title: r.title as string, status: r.status as string, currency: r.currency as string, hourlyRateCents: r.hourlyRateCents as number | null });
const task = (r: Row) => shape<TaskObj>('OnboardingTask', r, { contractId: r.contractId as string, title: r.title as string, status: r.status as string, required: r.required === 1 });
const user = (r: Row) => shape<UserObj>('User', r, { name: r.name as string });

const sql = {
  companiesOf: db.prepare<[string, string, number], Row>(
    `SELECT c.* FROM company_members m JOIN companies c ON c.id = m.companyId WHERE m.userId = ? AND c.id > ? ORDER BY c.id LIMIT ?`,
  ),
  countCompaniesOf: db.prepare<[string], { n: number }>(`SELECT COUNT(*) AS n FROM company_members WHERE userId = ?`),
  roles: db.prepare<[string, string], { companyId: string; role: string }>(
    `SELECT companyId, role FROM company_members WHERE userId = ? AND companyId IN (SELECT value FROM json_each(?))`,
  ),
  users: db.prepare<[string], Row>(`SELECT id, createdAt, name FROM users WHERE id IN (SELECT value FROM json_each(?))`),
  companies: db.prepare<[string], Row>(`SELECT * FROM companies WHERE id IN (SELECT value FROM json_each(?))`),
  contracts: db.prepare<[string], Row>(`SELECT * FROM contracts WHERE id IN (SELECT value FROM json_each(?))`),
  membersOf: db.prepare<[string, string, number], Row>(
    `SELECT * FROM (SELECT m.*, ROW_NUMBER() OVER (PARTITION BY m.companyId ORDER BY m.id) AS rn FROM company_members m
     WHERE m.companyId IN (SELECT value FROM json_each(?)) AND m.id > ?) WHERE rn <= ? ORDER BY companyId, id`,
  ),
  countMembers: db.prepare<[string], { key: string; n: number }>(
    `SELECT companyId AS key, COUNT(*) AS n FROM company_members WHERE companyId IN (SELECT value FROM json_each(?)) GROUP BY companyId`,
  ),
  contractsOf: db.prepare<[string, string, number], Row>(
    `SELECT * FROM (SELECT c.*, ROW_NUMBER() OVER (PARTITION BY c.companyId ORDER BY c.id DESC) AS rn FROM contracts c
     WHERE c.companyId IN (SELECT value FROM json_each(?)) AND c.id < ?) WHERE rn <= ? ORDER BY companyId, id DESC`,
  ),
  countContracts: db.prepare<[string], { key: string; n: number }>(
    `SELECT companyId AS key, COUNT(*) AS n FROM contracts WHERE companyId IN (SELECT value FROM json_each(?)) GROUP BY companyId`,
  ),
  tasksOf: db.prepare<[string], Row>(`SELECT * FROM onboarding_tasks WHERE contractId IN (SELECT value FROM json_each(?)) ORDER BY id`),
  setCity: db.prepare<[string | null, string]>(`UPDATE companies SET city = ? WHERE id = ?`),
  audit: db.prepare(
    `INSERT INTO audit_events (id, createdAt, companyId, actorId, action, targetType, targetId, data) VALUES (?, ?, ?, ?, 'company.update', 'Company', ?, ?)`,
  ),
};

const byKey = <V>(keys: readonly string[], rows: V[], key: (v: V) => string) => {
  const map = new Map(rows.map((r) => [key(r), r]));
  return keys.map((k) => map.get(k) ?? null);
};
const grouped = <V>(keys: readonly string[], rows: V[], key: (v: V) => string) => {
  const map = new Map<string, V[]>(keys.map((k) => [k, []]));
  for (const r of rows) map.get(key(r))?.push(r);
  return keys.map((k) => map.get(k)!);
};

/** A page of children for many parents in one statement; the key is `parent|first|after`. */
function pageLoader(statement: typeof sql.membersOf, none: string, parent: string) {
  return new DataLoader<string, Row[]>(async (keys) => {
    const byArgs = new Map<string, string[]>();
    for (const key of keys) {
      const [id, rest] = [key.slice(0, key.indexOf('|')), key.slice(key.indexOf('|') + 1)];
      byArgs.set(rest, [...(byArgs.get(rest) ?? []), id]);
    }
    const found = new Map<string, Row[]>();
    for (const [rest, ids] of byArgs) {
      const [first, after] = [Number(rest.slice(0, rest.indexOf('|'))), rest.slice(rest.indexOf('|') + 1)];
      const rows = statement.all(JSON.stringify(ids), after || none, first + 1);
      const groups = grouped(ids, rows, (r) => r[parent] as string);
      ids.forEach((id, i) => found.set(`${id}|${rest}`, groups[i]));
    }
    return keys.map((k) => found.get(k) ?? []);
  });
}

function loaders(viewer: Viewer) {
  const counts = (statement: typeof sql.countMembers) =>
    new DataLoader<string, number>(async (keys) => byKey(keys, statement.all(JSON.stringify(keys)), (r) => r.key).map((r) => r?.n ?? 0));
  return {
    role: new DataLoader<string, string | null>(async (keys) => byKey(keys, sql.roles.all(viewer.id, JSON.stringify(keys)), (r) => r.companyId).map((r) => r?.role ?? null)),
    user: new DataLoader<string, UserObj | null>(async (keys) => byKey(keys, sql.users.all(JSON.stringify(keys)).map(user), (u) => u.rowId)),
    company: new DataLoader<string, CompanyObj | null>(async (keys) => byKey(keys, sql.companies.all(JSON.stringify(keys)).map(company), (c) => c.rowId)),
    contract: new DataLoader<string, Row | null>(async (keys) => byKey(keys, sql.contracts.all(JSON.stringify(keys)), (c) => c.id)),
    members: pageLoader(sql.membersOf, '', 'companyId'),
    contracts: pageLoader(sql.contractsOf, '~', 'companyId'),
    memberCount: counts(sql.countMembers),
    contractCount: counts(sql.countContracts),
    tasks: new DataLoader<string, TaskObj[]>(async (keys) => grouped(keys, sql.tasksOf.all(JSON.stringify(keys)).map(task), (t) => t.contractId)),
  };
}

declare module 'mercurius' {
  // The per-request context built below (mercurius types it by declaration merging).
  interface MercuriusContext {
    viewer: Viewer | null;
    loaders: ReturnType<typeof loaders> | null;
  }
}
type Ctx = Pick<MercuriusContext, 'viewer' | 'loaders'>;

function authed(ctx: Ctx): { viewer: Viewer; loaders: ReturnType<typeof loaders> } {
  if (!ctx.viewer || !ctx.loaders) throw new GraphQLError('Sign in first', { extensions: { code: 'UNAUTHENTICATED' } });
  return { viewer: ctx.viewer, loaders: ctx.loaders };
}

interface PageArgs { first?: number | null; after?: string | null }

/** A connection; its totalCount resolver runs `count` only when the field is selected. */
function pageOf<O extends Shaped>(rows: Row[], args: PageArgs, toObj: (r: Row) => O, count: () => Promise<number>) {
  return { ...connection(rows, pageSize(args.first), !!args.after, toObj), count };
}
// graphql-jit reads properties without awaiting them; a resolver may return a promise.
const totalCount = { totalCount: (page: { count: () => Promise<number> }) => page.count() };

const resolvers: IResolvers = {
  DateTimeISO: new GraphQLScalarType({ name: 'DateTimeISO', serialize: (v) => v }),
  Node: { resolveType: (obj: Shaped) => obj.__typename },
  Query: {
    viewer: (_root, _args, ctx: Ctx) => (ctx.viewer ? shape<UserObj>('User', ctx.viewer as unknown as Row, { name: ctx.viewer.name }) : null),
    node: async (_root, args: { id: string }, ctx: Ctx) => {
      const { viewer, loaders: l } = authed(ctx);
      const id = rowIdOf(args.id, 'Contract');
      const row = id ? await l.contract.load(id) : null;
      const visible = row && (row.freelancerId === viewer.id || (await l.role.load(row.companyId as string)));
      if (!row || !visible) throw new GraphQLError('Node not found', { extensions: { code: 'NOT_FOUND' } });
      return contract(row);
    },
  },
  Mutation: {
    updateCompany: async (_root, { input }: { input: { companyId: string; city?: string | null } }, ctx: Ctx) => {
      const { viewer } = authed(ctx);
      const id = rowIdOf(input.companyId, 'Company');
      const city = typeof input.city === 'string' ? input.city.trim() || null : null;
      const updated = db.transaction(() => {
        const role = id ? sql.roles.get(viewer.id, JSON.stringify([id]))?.role : undefined;
        if (!id || !role) throw new GraphQLError('Company not found', { extensions: { code: 'NOT_FOUND' } });
        if (!CAN_UPDATE_COMPANY.has(role)) throw new GraphQLError(`Your role (${role}) does not allow this (company.update)`, { extensions: { code: 'FORBIDDEN' } });
        const before = sql.companies.get(JSON.stringify([id]))!;
        if (before.city !== city) {
          sql.setCity.run(city, id);
          sql.audit.run(uuidv7(), sqliteNow(), id, viewer.id, id, JSON.stringify({ changed: { city } }));
        }
        return company(sql.companies.get(JSON.stringify([id]))!);
      })();
      return { company: updated, userErrors: [] };
    },
  },
  User: {
    companies: (u: UserObj, args: PageArgs, ctx: Ctx) => {
      const { viewer } = authed(ctx);
      if (u.rowId !== viewer.id) throw new GraphQLError('Only your own companies', { extensions: { code: 'FORBIDDEN' } });
      const rows = sql.companiesOf.all(viewer.id, afterId(args.after) ?? '', pageSize(args.first) + 1);
      return pageOf(rows, args, company, async () => sql.countCompaniesOf.get(viewer.id)!.n);
    },
  },
  Company: {
    viewerRole: (c: CompanyObj, _args, ctx: Ctx) => authed(ctx).loaders.role.load(c.rowId),
    members: async (c: CompanyObj, args: PageArgs, ctx: Ctx) => {
      const l = authed(ctx).loaders;
      const rows = await l.members.load(`${c.rowId}|${pageSize(args.first)}|${afterId(args.after) ?? ''}`);
      return pageOf(rows, args, member, () => l.memberCount.load(c.rowId));
    },
    contracts: async (c: CompanyObj, args: PageArgs, ctx: Ctx) => {
      const l = authed(ctx).loaders;
      const rows = await l.contracts.load(`${c.rowId}|${pageSize(args.first)}|${afterId(args.after) ?? ''}`);
      return pageOf(rows, args, contract, () => l.contractCount.load(c.rowId));
    },
  },
  CompanyConnection: totalCount,
  CompanyMemberConnection: totalCount,
  ContractConnection: totalCount,
  CompanyMember: { user: (m: MemberObj, _args, ctx: Ctx) => authed(ctx).loaders.user.load(m.userId) },
  Contract: { onboardingTasks: (k: ContractObj, _args, ctx: Ctx) => authed(ctx).loaders.tasks.load(k.rowId) },
};

const app = Fastify({ logger: false, bodyLimit: 1024 * 1024 });
void app.register(mercurius, {
  schema,
  resolvers,
  jit: 1,
  context: (request): Ctx => {
    const viewer = findViewer(request.headers.authorization);
    return { viewer, loaders: viewer ? loaders(viewer) : null };
  },
});
void app.listen({ port: Number(process.env.PORT), host: '127.0.0.1' });
