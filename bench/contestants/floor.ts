/**
 * The floor: plain node:http + better-sqlite3, one hand-written SQL statement per list, answering
 * the bench's four documents (matched by their exact text) with Workroom's JSON byte for byte.
 * No GraphQL library: it shows what the data costs when nothing else does. Not a general server.
 */
import http from 'node:http';
import { v7 as uuidv7 } from 'uuid';
import { W1_NODE, W2_COMPANIES, W3_TREE, W4_UPDATE_COMPANY } from '../workloads';
import { CAN_UPDATE_COMPANY, connection, globalId, isoDate, openDatabase, rowIdOf, sqliteNow, viewerFinder, type Viewer } from './rows';

const db = openDatabase(process.env.BENCH_DB!);
const findViewer = viewerFinder(db);

interface CompanyRow { id: string; name: string; website: string | null; city: string | null; country: string | null; createdAt: string; role: string; total: number }
interface MemberRow { id: string; companyId: string; role: string; name: string; total: number }
interface ContractRow { id: string; companyId: string; title: string; status: string; total: number }
interface TaskRow { id: string; contractId: string; status: string }

const contractById = db.prepare<[string, string, string]>(
  `SELECT c.id, c.createdAt, c.title, c.status, c.currency, c.hourlyRateCents FROM contracts c
   WHERE c.id = ? AND (c.freelancerId = ? OR EXISTS (SELECT 1 FROM company_members m WHERE m.companyId = c.companyId AND m.userId = ?))`,
);
const companiesOf = db.prepare<[string, number], CompanyRow>(
  `SELECT c.id, c.name, c.website, c.city, c.country, c.createdAt, m.role, COUNT(*) OVER () AS total
   FROM company_members m JOIN companies c ON c.id = m.companyId WHERE m.userId = ? ORDER BY c.id LIMIT ?`,
);
// W3's pages: members(first: 10), contracts(first: 20).
const [MEMBERS_PAGE, CONTRACTS_PAGE] = [10, 20];
// first + 1 rows per parent in one statement; the window's COUNT is the connection's totalCount.
const membersOf = db.prepare<[string, number], MemberRow>(
  `SELECT x.id, x.companyId, x.role, u.name, x.total FROM (
     SELECT m.id, m.companyId, m.role, m.userId,
            ROW_NUMBER() OVER (PARTITION BY m.companyId ORDER BY m.id) AS rn, COUNT(*) OVER (PARTITION BY m.companyId) AS total
     FROM company_members m WHERE m.companyId IN (SELECT value FROM json_each(?))) x
   JOIN users u ON u.id = x.userId WHERE x.rn <= ? ORDER BY x.companyId, x.id`,
);
const contractsOf = db.prepare<[string, number], ContractRow>(
  `SELECT id, companyId, title, status, total FROM (
     SELECT c.id, c.companyId, c.title, c.status,
            ROW_NUMBER() OVER (PARTITION BY c.companyId ORDER BY c.id DESC) AS rn, COUNT(*) OVER (PARTITION BY c.companyId) AS total
     FROM contracts c WHERE c.companyId IN (SELECT value FROM json_each(?)))
   WHERE rn <= ? ORDER BY companyId, id DESC`,
);
const tasksOf = db.prepare<[string], TaskRow>(
  `SELECT id, contractId, status FROM onboarding_tasks
   WHERE contractId IN (SELECT value FROM json_each(?)) ORDER BY contractId, id`,
);
const roleIn = db.prepare<[string, string], { role: string }>(`SELECT role FROM company_members WHERE companyId = ? AND userId = ?`);
const companyCity = db.prepare<[string], { id: string; name: string; city: string | null }>(`SELECT id, name, city FROM companies WHERE id = ?`);
const setCity = db.prepare<[string | null, string]>(`UPDATE companies SET city = ? WHERE id = ?`);
const audit = db.prepare(
  `INSERT INTO audit_events (id, createdAt, companyId, actorId, action, targetType, targetId, data) VALUES (?, ?, ?, ?, 'company.update', 'Company', ?, ?)`,
);

const group = <R, K extends keyof R>(rows: R[], key: K): Map<R[K], R[]> => {
  const map = new Map<R[K], R[]>();
  for (const row of rows) {
    const list = map.get(row[key]);
    if (list) list.push(row);
    else map.set(row[key], [row]);
  }
  return map;
};

class ClientError extends Error {
  constructor(message: string, readonly code: string) {
    super(message);
  }
}

function w1(viewer: Viewer, variables: Record<string, unknown>) {
  const id = rowIdOf(variables.id, 'Contract');
  const row = id ? (contractById.get(id, viewer.id, viewer.id) as Record<string, string | number | null> | undefined) : undefined;
  if (!row) throw new ClientError('Node not found', 'NOT_FOUND');
  return {
    node: {
      __typename: 'Contract',
      id: globalId('Contract', row.id as string),
      createdAt: isoDate(row.createdAt as string),
      title: row.title,
      status: row.status,
      currency: row.currency,
      hourlyRateCents: row.hourlyRateCents,
    },
  };
}

function w2(viewer: Viewer) {
  const rows = companiesOf.all(viewer.id, 51);
  return {
    viewer: {
      id: globalId('User', viewer.id),
      name: viewer.name,
      companies: (({ pageInfo, edges }) => ({ pageInfo, edges }))(
        connection(rows, 50, false, (c) => ({
          id: globalId('Company', c.id),
          name: c.name,
          website: c.website,
          city: c.city,
          country: c.country,
          createdAt: isoDate(c.createdAt),
          viewerRole: c.role,
        })),
      ),
    },
  };
}

function w3(viewer: Viewer) {
  const companies = companiesOf.all(viewer.id, 101);
  const ids = JSON.stringify(companies.slice(0, 100).map((c) => c.id));
  const members = group(membersOf.all(ids, MEMBERS_PAGE + 1), 'companyId');
  const contractRows = contractsOf.all(ids, CONTRACTS_PAGE + 1);
  const contracts = group(contractRows, 'companyId');
  const tasks = group(tasksOf.all(JSON.stringify(contractRows.map((c) => c.id))), 'contractId');
  const page = connection(companies, 100, false, (c) => {
    const ms = members.get(c.id) ?? [];
    const cs = contracts.get(c.id) ?? [];
    const contractPage = connection(cs, CONTRACTS_PAGE, false, (k) => ({
      id: globalId('Contract', k.id),
      title: k.title,
      status: k.status,
      onboardingTasks: (tasks.get(k.id) ?? []).map((t) => ({ id: globalId('OnboardingTask', t.id), status: t.status })),
    }));
    return {
      id: globalId('Company', c.id),
      name: c.name,
      viewerRole: c.role,
      members: {
        totalCount: ms[0]?.total ?? 0,
        nodes: connection(ms, MEMBERS_PAGE, false, (m) => ({ id: globalId('CompanyMember', m.id), role: m.role, user: { name: m.name } })).nodes,
      },
      contracts: {
        totalCount: cs[0]?.total ?? 0,
        pageInfo: { hasNextPage: contractPage.pageInfo.hasNextPage, endCursor: contractPage.pageInfo.endCursor },
        nodes: contractPage.nodes,
      },
    };
  });
  return { viewer: { companies: { totalCount: companies[0]?.total ?? 0, nodes: page.nodes } } };
}

/** updateCompany(city), with Workroom's write path: role check, change, audit event, one transaction. */
const w4 = db.transaction((viewer: Viewer, variables: Record<string, unknown>) => {
  const input = (variables.i ?? {}) as { companyId?: unknown; city?: unknown };
  const id = rowIdOf(input.companyId, 'Company');
  const member = id ? roleIn.get(id, viewer.id) : undefined;
  if (!id || !member) throw new ClientError('Company not found', 'NOT_FOUND');
  if (!CAN_UPDATE_COMPANY.has(member.role)) throw new ClientError(`Your role (${member.role}) does not allow this (company.update)`, 'FORBIDDEN');
  const city = typeof input.city === 'string' ? input.city.trim() || null : null;
  const before = companyCity.get(id)!;
  if (before.city !== city) {
    setCity.run(city, id);
    audit.run(uuidv7(), sqliteNow(), id, viewer.id, id, JSON.stringify({ changed: { city } }));
  }
  const after = companyCity.get(id)!;
  return { updateCompany: { company: { id: globalId('Company', after.id), name: after.name, city: after.city }, userErrors: [] } };
});

const handlers = new Map<string, (viewer: Viewer, variables: Record<string, unknown>) => unknown>([
  [W1_NODE, w1],
  [W2_COMPANIES, w2],
  [W3_TREE, w3],
  [W4_UPDATE_COMPANY, w4],
]);

function reply(res: http.ServerResponse, status: number, body: unknown): void {
  const text = JSON.stringify(body);
  res.writeHead(status, { 'content-type': 'application/json; charset=utf-8', 'content-length': Buffer.byteLength(text) });
  res.end(text);
}

const server = http.createServer((req, res) => {
  const chunks: Buffer[] = [];
  req.on('data', (chunk: Buffer) => chunks.push(chunk));
  req.on('end', () => {
    try {
      const { query, variables } = JSON.parse(Buffer.concat(chunks).toString('utf8')) as { query?: string; variables?: Record<string, unknown> };
      const handler = req.method === 'POST' && req.url === '/graphql' && typeof query === 'string' ? handlers.get(query) : undefined;
      if (!handler) return reply(res, 400, { errors: [{ message: 'The floor answers only the bench documents', extensions: { code: 'BAD_REQUEST' } }] });
      const viewer = findViewer(req.headers.authorization);
      if (!viewer) return reply(res, 200, { errors: [{ message: 'Sign in first', extensions: { code: 'UNAUTHENTICATED' } }], data: null });
      reply(res, 200, { data: handler(viewer, variables ?? {}) });
    } catch (error) {
      const code = error instanceof ClientError ? error.code : 'INTERNAL_SERVER_ERROR';
      reply(res, 200, { errors: [{ message: error instanceof Error ? error.message : String(error), extensions: { code } }], data: null });
    }
  });
});
server.listen(Number(process.env.PORT), '127.0.0.1');
