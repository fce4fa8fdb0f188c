import { AuditEvent } from '../src/audit/audit-event.entity';
import { Contract } from '../src/contract/contract.entity';
import { TRANSITIONS } from '../src/contract/contract.state';
import { OnboardingTask } from '../src/onboarding/onboarding-task.entity';
import {
  CANCEL,
  CONTRACT_NODE,
  CREATE_CONTRACT,
  END,
  LOG_WORK,
  PAUSE,
  RESUME,
  START,
  createContract,
  finishTask,
} from './support/contracts';
import { companyWithEveryRole, expectError, expectOk, expectUserError, randomId, signUp, type Account, type Crew } from './support/fixtures';
import { countQueries, expectStatements } from './support/queries';
import { useTestServer } from './support/server';

const SET_TEMPLATE = `mutation($input: SetOnboardingTemplateInput!) {
  setOnboardingTemplate(input: $input) {
    onboardingTemplate { id company { id } tasks { type title details ownerRole required requiresAttachment dueInDays } }
    userErrors { code message }
  }
}`;

const CONTRACT_FIELDS_FOR_BATCH = `id status company { name } freelancer { name }
  onboardingProgress { total requiredCompleted }
  onboardingTasks { id owner { name } completedBy { name } attachments { filename } contract { id } }`;

const today = () => new Date().toISOString().slice(0, 10);
const daysFromToday = (n: number) => new Date(Date.now() + n * 86_400_000).toISOString().slice(0, 10);

describe('Contracts', () => {
  const api = useTestServer();
  let crew: Crew;
  let freelancer: Account;

  beforeAll(async () => {
    crew = await companyWithEveryRole(api, 'Contoso');
    freelancer = await signUp(api, 'Fiona Freelancer');
  });

  describe('createContract', () => {
    it('creates a PENDING contract with its tasks, default titles and help texts, and progress', async () => {
      const res = await api.gql(
        CREATE_CONTRACT,
        {
          input: {
            companyId: crew.companyId,
            freelancerId: freelancer.id,
            title: '  Brand refresh ',
            description: 'Logo and palette',
            hourlyRateCents: 8500,
            currency: 'EUR',
            onboardingTasks: [
              { type: 'CONFIDENTIALITY_AGREEMENT', ownerId: freelancer.id, required: true, requiresAttachment: true },
              { type: 'CLASSIFICATION', ownerId: crew.HIRING_MANAGER.id, required: true, requiresAttachment: false },
              { type: 'OTHER', title: 'Say hello on Slack', details: 'Join #design', ownerId: freelancer.id, required: false, requiresAttachment: false },
            ],
          },
        },
        crew.HIRING_MANAGER.token,
      );
      const { contract } = expectOk(res, 'createContract');
      expect(contract).toMatchObject({
        title: 'Brand refresh',
        description: 'Logo and palette',
        hourlyRateCents: 8500,
        currency: 'EUR',
        status: 'PENDING',
        startedAt: null,
        endedAt: null,
        company: { id: crew.companyId, name: 'Contoso' },
        freelancer: { id: freelancer.id, name: 'Fiona Freelancer' },
        onboardingProgress: { total: 3, completed: 0, required: 2, requiredCompleted: 0 },
      });
      expect(contract.onboardingTasks.map((t: { title: string; status: string; owner: { id: string } }) => [t.title, t.status, t.owner.id])).toEqual([
        ['Confidentiality agreement', 'NOT_STARTED', freelancer.id],
        ['Classification', 'NOT_STARTED', crew.HIRING_MANAGER.id],
        ['Say hello on Slack', 'NOT_STARTED', freelancer.id],
      ]);
      expect(contract.onboardingTasks[0].details).toMatch(/confidentiality/i);
      expect(contract.onboardingTasks[1].details).toMatch(/independent contractor or employee/i);
      expect(contract.onboardingTasks[2].details).toBe('Join #design');
      const events = await api.db.getRepository(AuditEvent).findBy({ action: 'contract.create' });
      expect(events.some((e) => e.targetId === Buffer.from(contract.id, 'base64url').toString().split(':')[1])).toBe(true);
    });

    it.each(['OWNER', 'FULL', 'HIRING_MANAGER'] as const)('lets a %s create contracts', async (role) => {
      const contract = await createContract(api, crew[role], crew.companyId, freelancer, []);
      expect(contract.status).toBe('PENDING');
    });

    it('refuses a RECRUITER with FORBIDDEN and creates nothing', async () => {
      const before = await api.db.getRepository(Contract).count();
      const res = await api.gql(CREATE_CONTRACT, { input: { companyId: crew.companyId, freelancerId: freelancer.id, title: 'X' } }, crew.RECRUITER.token);
      expectError(res, 'FORBIDDEN');
      expect(await api.db.getRepository(Contract).count()).toBe(before);
    });

    it('answers a non-member exactly as for a company that does not exist', async () => {
      const input = { freelancerId: freelancer.id, title: 'X' };
      const theirs = await api.gql(CREATE_CONTRACT, { input: { ...input, companyId: crew.companyId } }, crew.stranger.token);
      const none = await api.gql(CREATE_CONTRACT, { input: { ...input, companyId: randomId('Company') } }, crew.stranger.token);
      expect(expectError(theirs, 'NOT_FOUND')).toEqual(expectError(none, 'NOT_FOUND'));
    });

    it('refuses an unknown freelancer with NOT_FOUND', async () => {
      const res = await api.gql(CREATE_CONTRACT, { input: { companyId: crew.companyId, freelancerId: randomId('User'), title: 'X' } }, crew.OWNER.token);
      expect(expectError(res, 'NOT_FOUND').message).toBe('User not found');
    });

    it('refuses a task owned by someone who is neither the freelancer nor a member, creating nothing', async () => {
      const before = await api.db.getRepository(Contract).count();
      const res = await api.gql(
        CREATE_CONTRACT,
        {
          input: {
            companyId: crew.companyId,
            freelancerId: freelancer.id,
            title: 'X',
            onboardingTasks: [
              { type: 'OTHER', ownerId: freelancer.id, required: true, requiresAttachment: false },
              { type: 'OTHER', ownerId: crew.stranger.id, required: true, requiresAttachment: false },
            ],
          },
        },
        crew.OWNER.token,
      );
      expect(expectUserError(res, 'createContract', 'INVALID_TASK_OWNER').field).toEqual(['input', 'onboardingTasks', '1', 'ownerId']);
      expect(await api.db.getRepository(Contract).count()).toBe(before);
    });

    it('refuses a CLASSIFICATION task owned by the freelancer: the company decides', async () => {
      const res = await api.gql(
        CREATE_CONTRACT,
        {
          input: {
            companyId: crew.companyId,
            freelancerId: freelancer.id,
            title: 'X',
            onboardingTasks: [{ type: 'CLASSIFICATION', ownerId: freelancer.id, required: true, requiresAttachment: false }],
          },
        },
        crew.OWNER.token,
      );
      expect(expectUserError(res, 'createContract', 'INVALID_TASK_OWNER').message).toMatch(/company member/);
      const template = await api.gql(
        SET_TEMPLATE,
        { input: { companyId: crew.companyId, tasks: [{ type: 'CLASSIFICATION', ownerRole: 'FREELANCER' }] } },
        crew.OWNER.token,
      );
      expect(expectUserError(template, 'setOnboardingTemplate', 'INVALID_TASK_OWNER').message).toMatch(/COMPANY/);
    });

    it.each([
      ['a blank title', { title: '   ' }, 'title'],
      ['a negative rate', { hourlyRateCents: -1 }, 'hourlyRateCents'],
      ['a bad currency', { currency: 'dollars' }, 'currency'],
    ])('refuses %s with BAD_USER_INPUT', async (_what, patch, field) => {
      const res = await api.gql(CREATE_CONTRACT, { input: { companyId: crew.companyId, freelancerId: freelancer.id, title: 'X', ...patch } }, crew.OWNER.token);
      const error = expectError(res, 'BAD_USER_INPUT');
      expect((error.extensions.fields as { field: string[] }[]).map((f) => f.field)).toEqual([[field]]);
    });
  });

  describe('onboarding template', () => {
    it('gives new contracts the template’s tasks, owned by the freelancer or the creating member', async () => {
      const crew2 = await companyWithEveryRole(api, 'Templated');
      const set = await api.gql(
        SET_TEMPLATE,
        {
          input: {
            companyId: crew2.companyId,
            tasks: [
              { type: 'IP_OWNERSHIP_AGREEMENT', ownerRole: 'FREELANCER', required: true, requiresAttachment: true, dueInDays: 7 },
              { type: 'CLASSIFICATION', ownerRole: 'COMPANY', required: true, requiresAttachment: false },
            ],
          },
        },
        crew2.FULL.token,
      );
      const { onboardingTemplate } = expectOk(set, 'setOnboardingTemplate');
      expect(onboardingTemplate.tasks[0]).toMatchObject({ title: 'Intellectual property (IP) ownership agreement', dueInDays: 7 });

      const contract = await createContract(api, crew2.HIRING_MANAGER, crew2.companyId, freelancer);
      expect(contract.onboardingTasks.map((t: { type: string; owner: { id: string }; dueDate: string | null }) => [t.type, t.owner.id, t.dueDate])).toEqual([
        ['IP_OWNERSHIP_AGREEMENT', freelancer.id, daysFromToday(7)],
        ['CLASSIFICATION', crew2.HIRING_MANAGER.id, null],
      ]);
      const explicit = await createContract(api, crew2.OWNER, crew2.companyId, freelancer, []);
      expect(explicit.onboardingTasks).toEqual([]);

      const template = await api.gql(`query($id: ID!) { company(id: $id) { onboardingTemplate { id tasks { type } } } }`, { id: crew2.companyId }, crew2.RECRUITER.token);
      expect(template.data?.company.onboardingTemplate.tasks).toHaveLength(2);
    });

    it('refuses a RECRUITER and answers a non-member with NOT_FOUND', async () => {
      const input = { companyId: crew.companyId, tasks: [] };
      expectError(await api.gql(SET_TEMPLATE, { input }, crew.RECRUITER.token), 'FORBIDDEN');
      expectError(await api.gql(SET_TEMPLATE, { input }, crew.stranger.token), 'NOT_FOUND');
    });
  });

  describe('state machine', () => {
    it('declares exactly the transitions of the spec', () => {
      const moves = Object.fromEntries(Object.entries(TRANSITIONS).map(([action, { from, to }]) => [action, { from, to }]));
      expect(moves).toEqual({
        start: { from: ['PENDING'], to: 'ACTIVE' },
        pause: { from: ['ACTIVE'], to: 'PAUSED' },
        resume: { from: ['PAUSED'], to: 'ACTIVE' },
        end: { from: ['ACTIVE', 'PAUSED'], to: 'ENDED' },
        cancel: { from: ['PENDING'], to: 'CANCELLED' },
      });
    });

    it('carries each transition\'s guards in its row: only start needs onboarding complete, all need contract.manage', () => {
      const guards = Object.fromEntries(
        Object.entries(TRANSITIONS).map(([action, row]) => [action, { permission: row.permission, requires: row.requires }]),
      );
      expect(guards).toEqual({
        start: { permission: 'contract.manage', requires: ['onboardingComplete'] },
        pause: { permission: 'contract.manage', requires: [] },
        resume: { permission: 'contract.manage', requires: [] },
        end: { permission: 'contract.manage', requires: [] },
        cancel: { permission: 'contract.manage', requires: [] },
      });
    });

    it('refuses to start a contract while a required task is open, naming the open tasks', async () => {
      const contract = await createContract(api, crew.OWNER, crew.companyId, freelancer, [
        { type: 'CONFIDENTIALITY_AGREEMENT', ownerId: freelancer.id, required: true },
        { type: 'CODE_OF_CONDUCT_REVIEW', ownerId: freelancer.id, required: true },
        { type: 'OTHER', title: 'Optional intro call', ownerId: freelancer.id, required: false },
      ]);
      const refused = expectUserError(await api.gql(START, { id: contract.id }, crew.OWNER.token), 'startContract', 'ONBOARDING_INCOMPLETE');
      expect(refused.message).toContain('"Confidentiality agreement"');
      expect(refused.message).toContain('"Company code of conduct review"');
      expect(refused.message).not.toContain('Optional intro call');

      await finishTask(api, freelancer, contract.onboardingTasks[0].id);
      const still = expectUserError(await api.gql(START, { id: contract.id }, crew.OWNER.token), 'startContract', 'ONBOARDING_INCOMPLETE');
      expect(still.message).not.toContain('Confidentiality agreement');
      await finishTask(api, freelancer, contract.onboardingTasks[1].id);
      const started = expectOk(await api.gql(START, { id: contract.id }, crew.OWNER.token), 'startContract');
      expect(started.contract.status).toBe('ACTIVE');
      expect(started.contract.startedAt).not.toBeNull();
    });

    it('walks start → pause → resume → end, and refuses every illegal move with INVALID_STATE', async () => {
      const { id } = await createContract(api, crew.HIRING_MANAGER, crew.companyId, freelancer, []);
      const as = crew.HIRING_MANAGER.token;
      for (const [doc, name] of [[PAUSE, 'pauseContract'], [RESUME, 'resumeContract'], [END, 'endContract']] as const) {
        expectUserError(await api.gql(doc, { id }, as), name, 'INVALID_STATE');
      }
      expect(expectOk(await api.gql(START, { id }, as), 'startContract').contract.status).toBe('ACTIVE');
      expectUserError(await api.gql(START, { id }, as), 'startContract', 'INVALID_STATE');
      expectUserError(await api.gql(CANCEL, { id }, as), 'cancelContract', 'INVALID_STATE');
      expectUserError(await api.gql(RESUME, { id }, as), 'resumeContract', 'INVALID_STATE');
      expect(expectOk(await api.gql(PAUSE, { id }, as), 'pauseContract').contract.status).toBe('PAUSED');
      expectUserError(await api.gql(PAUSE, { id }, as), 'pauseContract', 'INVALID_STATE');
      expect(expectOk(await api.gql(RESUME, { id }, as), 'resumeContract').contract.status).toBe('ACTIVE');
      expect(expectOk(await api.gql(PAUSE, { id }, as), 'pauseContract').contract.status).toBe('PAUSED');
      const ended = expectOk(await api.gql(END, { id }, as), 'endContract').contract;
      expect(ended.status).toBe('ENDED');
      expect(ended.endedAt).not.toBeNull();
      for (const [doc, name] of [[START, 'startContract'], [PAUSE, 'pauseContract'], [RESUME, 'resumeContract'], [END, 'endContract'], [CANCEL, 'cancelContract']] as const) {
        expectUserError(await api.gql(doc, { id }, as), name, 'INVALID_STATE');
      }
      const actions = (await api.db.getRepository(AuditEvent).find({ where: { targetType: 'Contract' }, order: { id: 'ASC' } }))
        .filter((e) => e.targetId === Buffer.from(id, 'base64url').toString().split(':')[1])
        .map((e) => e.action);
      expect(actions).toEqual(['contract.create', 'contract.start', 'contract.pause', 'contract.resume', 'contract.pause', 'contract.end']);
    });

    it('cancels only a PENDING contract', async () => {
      const { id } = await createContract(api, crew.FULL, crew.companyId, freelancer, []);
      const cancelled = expectOk(await api.gql(CANCEL, { id }, crew.FULL.token), 'cancelContract').contract;
      expect(cancelled).toMatchObject({ status: 'CANCELLED', startedAt: null });
      expect(cancelled.endedAt).not.toBeNull();
      expectUserError(await api.gql(START, { id }, crew.FULL.token), 'startContract', 'INVALID_STATE');
    });

    it('lets exactly one of six concurrent starts through', async () => {
      const { id } = await createContract(api, crew.OWNER, crew.companyId, freelancer, []);
      const results = await Promise.all(Array.from({ length: 6 }, () => api.gql(START, { id }, crew.OWNER.token)));
      const codes = results.map((r) => (r.data?.startContract.contract ? 'OK' : r.data?.startContract.userErrors[0]?.code));
      expect(codes.filter((c) => c === 'OK')).toHaveLength(1);
      expect(codes.filter((c) => c === 'INVALID_STATE')).toHaveLength(5);
      const rowId = Buffer.from(id, 'base64url').toString().split(':')[1];
      expect(await api.db.getRepository(AuditEvent).countBy({ action: 'contract.start', targetId: rowId })).toBe(1);
    });

    it('refuses a RECRUITER and the freelancer with FORBIDDEN, and a stranger like an unknown id', async () => {
      const { id } = await createContract(api, crew.OWNER, crew.companyId, freelancer, []);
      expectError(await api.gql(START, { id }, crew.RECRUITER.token), 'FORBIDDEN');
      expectError(await api.gql(START, { id }, freelancer.token), 'FORBIDDEN');
      const theirs = expectError(await api.gql(START, { id }, crew.stranger.token), 'NOT_FOUND');
      const none = expectError(await api.gql(START, { id: randomId('Contract') }, crew.stranger.token), 'NOT_FOUND');
      expect(theirs).toEqual(none);
      const other = await companyWithEveryRole(api, 'Other Co');
      expect(expectError(await api.gql(START, { id }, other.OWNER.token), 'NOT_FOUND')).toEqual(none);
      expect((await api.db.getRepository(Contract).findOneByOrFail({ id: Buffer.from(id, 'base64url').toString().split(':')[1] })).status).toBe('PENDING');
    });
  });

  describe('visibility and lists', () => {
    it('shows a contract to the company’s members and its freelancer, and to nobody else', async () => {
      const contract = await createContract(api, crew.OWNER, crew.companyId, freelancer, [{ type: 'OTHER', ownerId: crew.OWNER.id }]);
      for (const who of [crew.RECRUITER, freelancer]) {
        const res = await api.gql(CONTRACT_NODE, { id: contract.id }, who.token);
        expect(res.data?.node.title).toBe('Design system audit');
      }
      const theirs = expectError(await api.gql(CONTRACT_NODE, { id: contract.id }, crew.stranger.token), 'NOT_FOUND');
      const none = expectError(await api.gql(CONTRACT_NODE, { id: randomId('Contract') }, crew.stranger.token), 'NOT_FOUND');
      expect(theirs).toEqual(none);
      const task = expectError(await api.gql(CONTRACT_NODE, { id: contract.onboardingTasks[0].id }, crew.stranger.token), 'NOT_FOUND');
      expect(task).toEqual(none);
    });

    it('lets members see the freelancer and the freelancer see the task owners, but not the company’s members list', async () => {
      const contract = await createContract(api, crew.OWNER, crew.companyId, freelancer, [{ type: 'OTHER', ownerId: crew.FULL.id }]);
      const user = `query($id: ID!) { node(id: $id) { ... on User { id name } } }`;
      expect((await api.gql(user, { id: freelancer.id }, crew.RECRUITER.token)).data?.node.name).toBe('Fiona Freelancer');
      expect((await api.gql(user, { id: crew.FULL.id }, freelancer.token)).data?.node.id).toBe(crew.FULL.id);
      expectError(await api.gql(user, { id: freelancer.id }, crew.stranger.token), 'NOT_FOUND');
      const members = await api.gql(`query($id: ID!) { node(id: $id) { ... on Contract { company { name members { totalCount } } } } }`, { id: contract.id }, freelancer.token);
      expectError(members, 'NOT_FOUND');
      for (const field of ['teams { totalCount }', 'invitations { totalCount }', 'auditLog { totalCount }']) {
        const inside = await api.gql(`query($id: ID!) { node(id: $id) { ... on Contract { company { ${field} } } } }`, { id: contract.id }, freelancer.token);
        expectError(inside, 'NOT_FOUND');
      }
    });

    it('lists "Your active contracts" as freelancer or client, filtered by status', async () => {
      const solo = await signUp(api, 'Solo Freelancer');
      const crew3 = await companyWithEveryRole(api, 'Lister');
      const a = await createContract(api, crew3.OWNER, crew3.companyId, solo, []);
      const b = await createContract(api, crew3.OWNER, crew3.companyId, solo, []);
      expectOk(await api.gql(START, { id: b.id }, crew3.OWNER.token), 'startContract');
      const q = `query($role: ContractRole, $status: [ContractStatus!]) {
        viewer { contracts(role: $role, status: $status) { totalCount nodes { id status } } }
      }`;
      const mine = await api.gql(q, { role: 'FREELANCER' }, solo.token);
      expect(mine.data?.viewer.contracts.nodes.map((c: { id: string }) => c.id)).toEqual([b.id, a.id]);
      expect((await api.gql(q, { role: 'CLIENT' }, solo.token)).data?.viewer.contracts.totalCount).toBe(0);
      const active = await api.gql(q, { role: 'CLIENT', status: ['ACTIVE'] }, crew3.RECRUITER.token);
      expect(active.data?.viewer.contracts.nodes).toEqual([{ id: b.id, status: 'ACTIVE' }]);
      expect((await api.gql(q, { role: 'FREELANCER' }, crew3.RECRUITER.token)).data?.viewer.contracts.totalCount).toBe(0);

      const company = `query($id: ID!, $status: [ContractStatus!]) { company(id: $id) { contracts(status: $status, first: 1) { totalCount pageInfo { hasNextPage } nodes { id } } } }`;
      const page = await api.gql(company, { id: crew3.companyId }, crew3.RECRUITER.token);
      expect(page.data?.company.contracts).toEqual({ totalCount: 2, pageInfo: { hasNextPage: true }, nodes: [{ id: b.id }] });
      const pending = await api.gql(company, { id: crew3.companyId, status: ['PENDING'] }, crew3.OWNER.token);
      expect(pending.data?.company.contracts.nodes).toEqual([{ id: a.id }]);
    });
  });

  describe('logWork', () => {
    let contractId: string;

    beforeAll(async () => {
      contractId = (await createContract(api, crew.OWNER, crew.companyId, freelancer, [])).id;
    });

    const log = (as: Account, date: string, hours: number, memo = 'Worked on the audit') =>
      api.gql(LOG_WORK, { input: { contractId, date, hours, memo } }, as.token);

    it('refuses work on a contract that is not ACTIVE', async () => {
      expectUserError(await log(freelancer, today(), 2), 'logWork', 'CONTRACT_NOT_ACTIVE');
    });

    it('records the freelancer’s hours once the contract is active', async () => {
      expectOk(await api.gql(START, { id: contractId }, crew.OWNER.token), 'startContract');
      const { workLog } = expectOk(await log(freelancer, today(), 7.5), 'logWork');
      expect(workLog).toMatchObject({ date: today(), hours: 7.5, memo: 'Worked on the audit', contract: { id: contractId } });
      const logs = await api.gql(`query($id: ID!) { node(id: $id) { ... on Contract { workLogs { totalCount nodes { hours } } } } }`, { id: contractId }, crew.RECRUITER.token);
      expect(logs.data?.node.workLogs).toEqual({ totalCount: 1, nodes: [{ hours: 7.5 }] });
    });

    it('refuses work dated before the contract started', async () => {
      const error = expectUserError(await log(freelancer, daysFromToday(-1), 1), 'logWork', 'BEFORE_CONTRACT_START');
      expect(error.field).toEqual(['input', 'date']);
    });

    it('accepts a day’s total of exactly 24 hours and refuses a minute more', async () => {
      expectUserError(await log(freelancer, today(), 17), 'logWork', 'HOURS_EXCEEDED');
      expectOk(await log(freelancer, today(), 16.5), 'logWork');
      const error = expectUserError(await log(freelancer, today(), 0.25), 'logWork', 'HOURS_EXCEEDED');
      expect(error.message).toContain('24 are already logged');
    });

    it.each([
      ['zero hours', 0],
      ['more than 24 hours', 24.5],
    ])('refuses %s with BAD_USER_INPUT', async (_what, hours) => {
      expectError(await log(freelancer, daysFromToday(1), hours), 'BAD_USER_INPUT');
    });

    it('refuses company members with FORBIDDEN and strangers with NOT_FOUND', async () => {
      expectError(await log(crew.OWNER, today(), 1), 'FORBIDDEN');
      expectError(await log(crew.stranger, today(), 1), 'NOT_FOUND');
    });

    it('refuses work on a paused contract', async () => {
      expectOk(await api.gql(PAUSE, { id: contractId }, crew.OWNER.token), 'pauseContract');
      expectUserError(await log(freelancer, today(), 1), 'logWork', 'CONTRACT_NOT_ACTIVE');
    });
  });

  it('loads a page of contracts with their relations in a constant number of queries', async () => {
    const crew4 = await companyWithEveryRole(api, 'Batch');
    const q = `query($id: ID!) { company(id: $id) { contracts(first: 100) { nodes { ${CONTRACT_FIELDS_FOR_BATCH} } } } }`;
    const count = async () => {
      let contracts = 0;
      const queries = await countQueries(api, async () => {
        const res = await api.gql(q, { id: crew4.companyId }, crew4.OWNER.token);
        expect(res.errors).toBeUndefined();
        contracts = res.data?.company.contracts.nodes.length;
      });
      return { queries, contracts };
    };
    const tasks = (n: number) => Array.from({ length: n }, () => ({ type: 'OTHER', ownerId: crew4.FULL.id }));
    await createContract(api, crew4.OWNER, crew4.companyId, freelancer, tasks(2));
    const one = await count();
    for (let i = 0; i < 4; i++) await createContract(api, crew4.OWNER, crew4.companyId, await signUp(api, `F${i}`), tasks(3));
    const five = await count();
    expect([one.contracts, five.contracts]).toEqual([1, 5]);
    // The session; the viewer's membership; the company; the contracts page; freelancers; tasks (also for
    // the progress); task owners and completers; attachments; the tasks' contracts. Same for 1 contract or 5.
    expectStatements(one.queries, 9);
    expectStatements(five.queries, 9);
  });

  it('keeps a task row per input task, tagged with the company', async () => {
    const contract = await createContract(api, crew.OWNER, crew.companyId, freelancer, [{ type: 'OTHER', ownerId: freelancer.id }]);
    const rowId = Buffer.from(contract.id, 'base64url').toString().split(':')[1];
    const tasks = await api.db.getRepository(OnboardingTask).findBy({ contractId: rowId });
    expect(tasks.map((t) => t.companyId)).toEqual([Buffer.from(crew.companyId, 'base64url').toString().split(':')[1]]);
  });
});
