import { parse } from 'csv-parse/sync';
import { createClient } from '../../sdk/src';
import { Contract, ContractStatus } from '../src/contract/contract.entity';
import { rowIdOf, toGlobalId } from '../src/common/ids';
import { ROLES, companyWithEveryRole, createCompany, expectError, randomId, signUp, type Account, type Crew } from './support/fixtures';
import { START, createContract, finishTask } from './support/contracts';
import { useTestServer, type TestApi } from './support/server';

const PUBLIC_URL = 'https://workroom.example.com';

const CONTRACT_COLUMNS = [
  'id', 'title', 'status', 'freelancerId', 'freelancerName', 'description', 'hourlyRateCents', 'currency',
  'createdAt', 'startedAt', 'endedAt', 'tasks', 'tasksCompleted', 'requiredTasks', 'requiredTasksCompleted',
];
const TASK_COLUMNS = [
  'id', 'contractId', 'contractTitle', 'type', 'title', 'status', 'required', 'requiresAttachment', 'dueDate',
  'overdue', 'ownerId', 'ownerName', 'startedAt', 'completedAt', 'completedById', 'classification', 'createdAt',
];

type Row = Record<string, string>;

/** GETs an export path as `as` (anonymous when null). */
const get = (api: TestApi, path: string, as: Account | null) =>
  api.fetch(path, { headers: as ? { authorization: `Bearer ${as.token}` } : {} });

const csvPath = (companyId: string, kind: 'contracts' | 'onboarding-tasks') => `/exports/companies/${companyId}/${kind}.csv`;

/** Downloads and parses an export (RFC 4180, header row); fails the test unless it is a 200 CSV. */
async function download(api: TestApi, path: string, as: Account): Promise<{ text: string; header: string[]; rows: Row[]; res: Response }> {
  const res = await get(api, path, as);
  const text = await res.text();
  expect([res.status, res.headers.get('content-type')]).toEqual([200, 'text/csv; charset=utf-8; header=present']);
  const [header, ...records] = parse(text, { relax_column_count: false }) as string[][];
  const rows = records.map((r) => Object.fromEntries(header.map((h, i) => [h, r[i]])));
  return { text, header, rows, res };
}

/** The SQL statements the server sends while `work` runs. */
async function statements(api: TestApi, work: () => Promise<unknown>): Promise<string[]> {
  const logger = api.db.logger;
  const original = logger.logQuery.bind(logger);
  const seen: string[] = [];
  logger.logQuery = (query, ...rest) => {
    seen.push(query);
    return original(query, ...rest);
  };
  try {
    await work();
  } finally {
    logger.logQuery = original;
  }
  return seen;
}

describe('CSV exports', () => {
  const api = useTestServer({ publicUrl: PUBLIC_URL });
  let crew: Crew;
  let freelancer: Account;
  const TRICKY = 'Audit, "phase 2"\nthen the follow-up';
  /**
   * Gives a contract the TRICKY title. The API refuses control characters in titles now, but older rows
   * and direct imports may hold a newline, and the export must carry it intact: written directly.
   */
  const makeTricky = (contractId: string) =>
    api.db.getRepository(Contract).update({ id: rowIdOf(contractId, 'Contract')! }, { title: TRICKY });

  beforeAll(async () => {
    crew = await companyWithEveryRole(api, 'Exporters');
    freelancer = await signUp(api, 'Zoë "Zed" Ångström, Jr.');
  });

  describe('contracts.csv', () => {
    it('has a header row and one row per contract, with the API’s global ids, oldest first', async () => {
      const company = await companyWithEveryRole(api, 'Rows');
      const a = await createContract(api, company.OWNER, company.companyId, freelancer, [
        { type: 'CONFIDENTIALITY_AGREEMENT', ownerId: freelancer.id, required: true },
        { type: 'OTHER', ownerId: freelancer.id, required: false },
      ], { title: 'Audit, "phase 2"', description: 'Line one\r\nLine two, with "quotes"', hourlyRateCents: 12_500, currency: 'EUR' });
      await makeTricky(a.id);
      await finishTask(api, freelancer, a.onboardingTasks[0].id);
      const started = (await api.gql(START, { id: a.id }, company.OWNER.token)).data?.startContract.contract;
      const b = await createContract(api, company.HIRING_MANAGER, company.companyId, freelancer, [], { title: '東京 — naïve café' });

      const { text, header, rows } = await download(api, csvPath(company.companyId, 'contracts'), company.RECRUITER);
      expect(header).toEqual(CONTRACT_COLUMNS);
      expect(text.startsWith(`${CONTRACT_COLUMNS.join(',')}\r\n`)).toBe(true);
      expect(text.endsWith('\r\n')).toBe(true);
      expect(rows).toEqual([
        {
          id: a.id,
          title: TRICKY,
          status: 'ACTIVE',
          freelancerId: freelancer.id,
          freelancerName: 'Zoë "Zed" Ångström, Jr.',
          description: 'Line one\r\nLine two, with "quotes"',
          hourlyRateCents: '12500',
          currency: 'EUR',
          createdAt: a.createdAt,
          startedAt: started.startedAt,
          endedAt: '',
          tasks: '2',
          tasksCompleted: '1',
          requiredTasks: '1',
          requiredTasksCompleted: '1',
        },
        expect.objectContaining({ id: b.id, title: '東京 — naïve café', status: 'PENDING', startedAt: '', tasks: '0', requiredTasks: '0' }),
      ]);
      // RFC 4180: the tricky title is quoted with its quotes doubled, its newline kept inside the field.
      expect(text).toContain('"Audit, ""phase 2""\nthen the follow-up"');
    });

    it('prefixes cells a spreadsheet would run as formulas with an apostrophe', async () => {
      const company = await companyWithEveryRole(api, 'Formulas');
      const titles = ['=HYPERLINK("https://evil.example","click")', '+1 555 0100', '-2+3', '@SUM(A1:A9)', 'Plain - title = fine'];
      for (const title of titles) await createContract(api, company.OWNER, company.companyId, freelancer, [], { title });
      // The API trims leading whitespace, so a tab or CR prefix can only come from older rows: written directly.
      for (const prefix of ['\t', '\r']) {
        const contract = await createContract(api, company.OWNER, company.companyId, freelancer, [], { title: 'placeholder' });
        await api.db.getRepository(Contract).update({ id: rowIdOf(contract.id, 'Contract')! }, { title: `${prefix}=1+1`, description: `${prefix}@x` });
      }

      const { rows } = await download(api, csvPath(company.companyId, 'contracts'), company.OWNER);
      expect(rows.map((r) => r.title)).toEqual([
        `'=HYPERLINK("https://evil.example","click")`,
        `'+1 555 0100`,
        `'-2+3`,
        `'@SUM(A1:A9)`,
        'Plain - title = fine',
        "'\t=1+1",
        "'\r=1+1",
      ]);
      expect(rows.slice(5).map((r) => r.description)).toEqual(["'\t@x", "'\r@x"]);
    });

    it('holds only the company’s own contracts', async () => {
      const mine = await companyWithEveryRole(api, 'Mine');
      const other = await signUp(api, 'Other Owner');
      const theirs = await createCompany(api, other, 'Theirs');
      const kept = await createContract(api, mine.OWNER, mine.companyId, freelancer, [{ type: 'OTHER', ownerId: freelancer.id }]);
      await createContract(api, other, theirs, freelancer, [{ type: 'OTHER', ownerId: freelancer.id }]);
      const { rows } = await download(api, csvPath(mine.companyId, 'contracts'), mine.FULL);
      expect(rows.map((r) => r.id)).toEqual([kept.id]);
      const tasks = await download(api, csvPath(mine.companyId, 'onboarding-tasks'), mine.FULL);
      expect(tasks.rows.map((r) => r.contractId)).toEqual([kept.id]);
    });
  });

  describe('onboarding-tasks.csv', () => {
    it('has one row per task with its contract, owner, state and guarded title', async () => {
      const company = await companyWithEveryRole(api, 'Tasks');
      const contract = await createContract(api, company.HIRING_MANAGER, company.companyId, freelancer, [
        { type: 'CLASSIFICATION', ownerId: company.HIRING_MANAGER.id, required: true, dueDate: '2026-01-15' },
        { type: 'OTHER', ownerId: freelancer.id, required: false, requiresAttachment: false, title: '=cmd|" /C calc"!A0', dueDate: '2999-12-31' },
      ], { title: 'Audit, "phase 2"' });
      await makeTricky(contract.id);
      await finishTask(api, company.HIRING_MANAGER, contract.onboardingTasks[0].id, 'INDEPENDENT_CONTRACTOR');
      const done = (await api.gql(`query($id: ID!) { node(id: $id) { ... on OnboardingTask { startedAt completedAt } } }`, { id: contract.onboardingTasks[0].id }, company.OWNER.token)).data?.node;

      const { header, rows } = await download(api, csvPath(company.companyId, 'onboarding-tasks'), company.RECRUITER);
      expect(header).toEqual(TASK_COLUMNS);
      expect(rows).toEqual([
        {
          id: contract.onboardingTasks[0].id,
          contractId: contract.id,
          contractTitle: TRICKY,
          type: 'CLASSIFICATION',
          title: 'Classification',
          status: 'COMPLETED',
          required: 'true',
          requiresAttachment: 'false',
          dueDate: '2026-01-15',
          overdue: 'false',
          ownerId: company.HIRING_MANAGER.id,
          ownerName: 'HIRING_MANAGER member',
          startedAt: done.startedAt,
          completedAt: done.completedAt,
          completedById: company.HIRING_MANAGER.id,
          classification: 'INDEPENDENT_CONTRACTOR',
          createdAt: expect.stringMatching(/^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{3}Z$/),
        },
        expect.objectContaining({
          id: contract.onboardingTasks[1].id,
          title: `'=cmd|" /C calc"!A0`,
          status: 'NOT_STARTED',
          required: 'false',
          overdue: 'false',
          ownerId: freelancer.id,
          ownerName: 'Zoë "Zed" Ångström, Jr.',
          completedAt: '',
          completedById: '',
        }),
      ]);
    });

    it('marks overdue tasks as OnboardingTask.overdue does', async () => {
      const company = await companyWithEveryRole(api, 'Late');
      await createContract(api, company.OWNER, company.companyId, freelancer, [{ type: 'OTHER', ownerId: freelancer.id, dueDate: '2020-01-01' }]);
      const { rows } = await download(api, csvPath(company.companyId, 'onboarding-tasks'), company.OWNER);
      expect(rows.map((r) => [r.dueDate, r.overdue])).toEqual([['2020-01-01', 'true']]);
    });
  });

  describe('who may download', () => {
    it.each(ROLES)('lets a %s member download both files', async (role) => {
      for (const kind of ['contracts', 'onboarding-tasks'] as const) {
        const res = await get(api, csvPath(crew.companyId, kind), crew[role]);
        expect(res.status).toBe(200);
        await res.text();
      }
    });

    it('answers anonymous callers and unknown tokens 401 UNAUTHENTICATED', async () => {
      for (const kind of ['contracts', 'onboarding-tasks'] as const) {
        const anonymous = await get(api, csvPath(crew.companyId, kind), null);
        expect([anonymous.status, anonymous.headers.get('www-authenticate')]).toEqual([401, 'Bearer']);
        expect(await anonymous.json()).toEqual({
          errors: [{ message: 'You must be signed in to do this', extensions: { code: 'UNAUTHENTICATED', requestId: anonymous.headers.get('x-request-id') } }],
        });
        const forged = await api.fetch(csvPath(crew.companyId, kind), { headers: { authorization: 'Bearer not-a-token' } });
        expect(forged.status).toBe(401);
      }
    });

    it('answers a stranger 404, exactly as for an unknown company or an id that is not a company', async () => {
      for (const kind of ['contracts', 'onboarding-tasks'] as const) {
        const answers = await Promise.all(
          [crew.companyId, randomId('Company'), 'not-an-id', crew.OWNER.id, toGlobalId('Contract', rowIdOf(crew.companyId, 'Company')!)].map(async (id) => {
            const res = await get(api, csvPath(id, kind), crew.stranger);
            return { status: res.status, body: await res.json() };
          }),
        );
        for (const answer of answers) {
          expect(answer).toEqual({
            status: 404,
            body: { errors: [{ message: 'Company not found', extensions: { code: 'NOT_FOUND', requestId: expect.any(String) } }] },
          });
        }
      }
    });

    it('answers the freelancer of one of its contracts 404: being party to a contract is not membership', async () => {
      const own = await signUp(api, 'Party Freelancer');
      await createContract(api, crew.OWNER, crew.companyId, own, []);
      const res = await get(api, csvPath(crew.companyId, 'contracts'), own);
      expect(res.status).toBe(404);
    });

    it('answers an unknown export 404', async () => {
      const res = await get(api, `/exports/companies/${crew.companyId}/users.csv`, crew.OWNER);
      expect(res.status).toBe(404);
    });
  });

  describe('Company.exportUrls', () => {
    const URLS = `query($id: ID!) { company(id: $id) { exportUrls { contracts onboardingTasks } } }`;

    it('gives absolute links under PUBLIC_URL that download the files', async () => {
      const res = await api.gql(URLS, { id: crew.companyId }, crew.RECRUITER.token);
      expect(res.data?.company.exportUrls).toEqual({
        contracts: `${PUBLIC_URL}/exports/companies/${crew.companyId}/contracts.csv`,
        onboardingTasks: `${PUBLIC_URL}/exports/companies/${crew.companyId}/onboarding-tasks.csv`,
      });
      // The test server is not behind PUBLIC_URL: fetch the same path from it.
      const { header } = await download(api, new URL(res.data?.company.exportUrls.onboardingTasks).pathname, crew.RECRUITER);
      expect(header).toEqual(TASK_COLUMNS);
    });

    it('is NOT_FOUND for a freelancer who sees the company through a contract', async () => {
      const own = await signUp(api, 'Link Freelancer');
      await createContract(api, crew.OWNER, crew.companyId, own, []);
      const q = `query { viewer { contracts(role: FREELANCER) { nodes { company { exportUrls { contracts } } } } } }`;
      expectError(await api.gql(q, {}, own.token), 'NOT_FOUND');
    });
  });

  describe('streaming', () => {
    const COUNT = 1201;

    it('streams every row of a large company in keyset pages, never a query per row', async () => {
      const owner = await signUp(api, 'Big Owner');
      const companyId = await createCompany(api, owner, 'Big');
      const companyRow = rowIdOf(companyId, 'Company')!;
      const freelancerRow = rowIdOf(freelancer.id, 'User')!;
      // Volume is setup, not the subject: rows go straight in, 200 per statement.
      const contracts = Array.from({ length: COUNT }, (_, i) =>
        Object.assign(new Contract(), {
          companyId: companyRow,
          freelancerId: freelancerRow,
          createdById: null,
          title: `Contract #${i}, "bulk"`,
          description: null,
          hourlyRateCents: i,
          currency: 'USD',
          status: ContractStatus.PENDING,
          startedAt: null,
          endedAt: null,
        }),
      );
      for (let i = 0; i < COUNT; i += 200) await api.db.getRepository(Contract).insert(contracts.slice(i, i + 200));

      let result!: Awaited<ReturnType<typeof download>>;
      const sql = await statements(api, async () => {
        result = await download(api, csvPath(companyId, 'contracts'), owner);
      });
      expect(result.rows).toHaveLength(COUNT);
      expect(result.rows.map((r) => r.title)).toEqual(contracts.map((c) => c.title));
      expect(result.rows.map((r) => r.id)).toEqual(contracts.map((c) => toGlobalId('Contract', c.id)));
      expect(result.rows[COUNT - 1]).toMatchObject({ hourlyRateCents: String(COUNT - 1), tasks: '0' });
      // Sent as it is produced: chunked, with no length known up front.
      expect(result.res.headers.get('content-length')).toBeNull();
      expect(result.res.headers.get('transfer-encoding')).toBe('chunked');
      // 1201 rows = 3 pages of at most 500: one contracts query and one grouped task count per page.
      const pages = sql.filter((q) => /FROM "contracts"/.test(q) && /LIMIT 500/i.test(q));
      const counts = sql.filter((q) => /FROM "onboarding_tasks"/.test(q));
      expect([pages.length, counts.length]).toEqual([3, 3]);
    });

    it('sends just the header row for a company without contracts', async () => {
      const owner = await signUp(api, 'Empty Owner');
      const companyId = await createCompany(api, owner, 'Empty');
      const contracts = await download(api, csvPath(companyId, 'contracts'), owner);
      expect([contracts.text, contracts.rows]).toEqual([`${CONTRACT_COLUMNS.join(',')}\r\n`, []]);
      const tasks = await download(api, csvPath(companyId, 'onboarding-tasks'), owner);
      expect([tasks.text, tasks.rows]).toEqual([`${TASK_COLUMNS.join(',')}\r\n`, []]);
    });
  });

  describe('through the SDK', () => {
    it('reads insights and the export links with the generated operations', async () => {
      const company = await companyWithEveryRole(api, 'Typed');
      const contract = await createContract(api, company.OWNER, company.companyId, freelancer, [
        { type: 'OTHER', ownerId: freelancer.id, required: true, dueDate: '2020-02-02' },
      ]);
      const client = createClient({ url: `${api.url}/graphql` }).withToken(company.HIRING_MANAGER.token);
      const { company: seen } = await client.companyInsights({ companyId: company.companyId, first: 5 });
      expect(seen.insights.contractsByStatus.filter((s) => s.count > 0)).toEqual([{ status: 'PENDING', count: 1 }]);
      expect(seen.insights.onboardingCompletion).toEqual({ required: 1, completed: 0, rate: 0 });
      expect(seen.insights.overdueTasks.map((t) => [t.dueDate, t.contract.id])).toEqual([['2020-02-02', contract.id]]);
      expect(seen.insights.oldestPendingContracts.map((c) => c.onboardingProgress)).toEqual([{ total: 1, completed: 0, required: 1, requiredCompleted: 0 }]);
      const links = await client.companyExportUrls({ companyId: company.companyId });
      expect(links.company.exportUrls).toEqual({
        contracts: `${PUBLIC_URL}/exports/companies/${company.companyId}/contracts.csv`,
        onboardingTasks: `${PUBLIC_URL}/exports/companies/${company.companyId}/onboarding-tasks.csv`,
      });
    });
  });
});
