import { Company } from '../src/company/company.entity';
import { newId, rowIdOf } from '../src/common/ids';
import { ThreadPermission } from '../src/common/permissions';
import { CompanyOwnedEverywhere1796300000000 as PostgresMigration } from '../src/db/migrations/postgres/1796300000000-CompanyOwnedEverywhere';
import { CompanyOwnedEverywhere1796300000000 as SqliteMigration } from '../src/db/migrations/sqlite/1796300000000-CompanyOwnedEverywhere';
import { Message } from '../src/messaging/message.entity';
import { OnboardingTemplate } from '../src/onboarding/onboarding-template.entity';
import { ATTACH_FILE, LOG_WORK, SAMPLES, START, START_TASK, createContract, tempUploadDir, upload } from './support/contracts';
import { companyWithEveryRole, expectOk, signUp, type Account, type Crew } from './support/fixtures';
import { ENGINE, useTestServer } from './support/server';

/** The tables whose rows belong to a company through a real foreign key since CompanyOwnedEverywhere. */
const TABLES = [
  'messages',
  'thread_participants',
  'pending_thread_access',
  'work_logs',
  'onboarding_tasks',
  'onboarding_attachments',
  'onboarding_templates',
] as const;

const START_THREAD = `mutation($input: StartMessageThreadInput!) { startMessageThread(input: $input) { messageThread { id } userErrors { code } } }`;
const POST = `mutation($input: PostMessageInput!) { postMessage(input: $input) { message { id } userErrors { code } } }`;
const ADD = `mutation($input: AddCoworkerToThreadInput!) { addCoworkerToThread(input: $input) { messageThread { id } userErrors { code } } }`;

describe('Company-owned rows', () => {
  const api = useTestServer({ uploadDir: tempUploadDir() });
  let crew: Crew;
  let freelancer: Account;
  let companyRowId: string;

  /** Rows of each table that belong to the company. */
  const counts = async (): Promise<Record<string, number>> => {
    const result: Record<string, number> = {};
    for (const table of TABLES) {
      const [row] = await api.db.query(`SELECT COUNT(*) AS n FROM "${table}" WHERE "companyId" = ${ENGINE === 'postgres' ? '$1' : '?'}`, [companyRowId]);
      result[table] = Number(row.n);
    }
    return result;
  };

  /** The ON DELETE rule of each table's foreign key from companyId to companies, or null without one. */
  const companyForeignKeys = async (): Promise<Record<string, string | null>> => {
    const result: Record<string, string | null> = {};
    for (const table of TABLES) {
      if (ENGINE === 'sqlite') {
        const keys: { table: string; from: string; on_delete: string }[] = await api.db.query(`PRAGMA foreign_key_list("${table}")`);
        result[table] = keys.find((k) => k.from === 'companyId' && k.table === 'companies')?.on_delete ?? null;
      } else {
        const rows: { rule: string }[] = await api.db.query(
          `SELECT rc.delete_rule AS rule FROM information_schema.referential_constraints rc
             JOIN information_schema.key_column_usage k ON k.constraint_name = rc.constraint_name
             JOIN information_schema.constraint_column_usage c ON c.constraint_name = rc.constraint_name
            WHERE k.table_name = $1 AND k.column_name = 'companyId' AND c.table_name = 'companies'`,
          [table],
        );
        result[table] = rows[0]?.rule ?? null;
      }
    }
    return result;
  };

  /**
   * Runs the migration's `up` or `down` on the live database the way TypeORM's runMigrations and
   * undoLastMigration do (later migrations stay applied: reverting those is not this test's business).
   * On SQLite, foreign keys go off before `up`'s transaction, but only inside `down`'s, where SQLite ignores it.
   */
  async function runMigration(direction: 'up' | 'down'): Promise<void> {
    const runner = api.db.createQueryRunner();
    try {
      if (direction === 'up') await runner.beforeMigration();
      await runner.startTransaction();
      if (direction === 'down') await runner.beforeMigration();
      await new (ENGINE === 'postgres' ? PostgresMigration : SqliteMigration)()[direction](runner);
      await runner.commitTransaction();
      await runner.afterMigration();
    } finally {
      await runner.release();
    }
  }

  const cascadeEverywhere = Object.fromEntries(TABLES.map((t) => [t, 'CASCADE']));

  beforeAll(async () => {
    crew = await companyWithEveryRole(api, 'Owned');
    companyRowId = rowIdOf(crew.companyId, 'Company')!;
    freelancer = await signUp(api, 'Olga Freelancer');
    // An onboarding task with an attachment.
    const withTask = await createContract(api, crew.OWNER, crew.companyId, freelancer, [
      { type: 'CONFIDENTIALITY_AGREEMENT', ownerId: freelancer.id, requiresAttachment: true },
    ]);
    const taskId = withTask.onboardingTasks[0].id;
    expectOk(await api.gql(START_TASK, { input: { taskId } }, freelancer.token), 'startOnboardingTask');
    const uploaded = (await (await upload(api, freelancer, SAMPLES.pdf, 'application/pdf', 'nda.pdf')).json()) as { id: string };
    expectOk(await api.gql(ATTACH_FILE, { input: { taskId, uploadId: uploaded.id } }, freelancer.token), 'attachFileToOnboardingTask');
    // A work log on a started contract.
    const noTasks = await createContract(api, crew.OWNER, crew.companyId, freelancer, []);
    expectOk(await api.gql(START, { id: noTasks.id }, crew.OWNER.token), 'startContract');
    const today = new Date().toISOString().slice(0, 10);
    expectOk(await api.gql(LOG_WORK, { input: { contractId: noTasks.id, date: today, hours: 2, memo: 'Kickoff' } }, freelancer.token), 'logWork');
    // A thread with messages, a participant and pending access.
    const start = await api.gql(START_THREAD, { input: { companyId: crew.companyId, freelancerId: freelancer.id, subject: 'Hello', body: 'Hi' } }, crew.OWNER.token);
    const threadId = expectOk(start, 'startMessageThread').messageThread.id;
    expectOk(await api.gql(POST, { input: { threadId, body: 'Hello back' } }, freelancer.token), 'postMessage');
    expectOk(await api.gql(ADD, { input: { threadId, userId: crew.FULL.id, permission: ThreadPermission.VIEW } }, crew.OWNER.token), 'addCoworkerToThread');
    expectOk(await api.gql(ADD, { input: { threadId, email: 'later@example.com', permission: ThreadPermission.VIEW } }, crew.OWNER.token), 'addCoworkerToThread');
    // A template (written directly: its input is not what this test is about).
    await api.db.getRepository(OnboardingTemplate).insert(Object.assign(new OnboardingTemplate(), { companyId: companyRowId, tasks: [], updatedAt: new Date() }));
  });

  it('every company-owned table has a cascading foreign key to companies', async () => {
    expect(await companyForeignKeys()).toEqual(cascadeEverywhere);
  });

  it('the migration keeps every row when reverted and applied again on a database with data, dropping only rows of no company', async () => {
    const before = await counts();
    expect(before).toEqual({
      messages: 2,
      thread_participants: 2, // the starter (MANAGE) and FULL
      pending_thread_access: 1,
      work_logs: 1,
      onboarding_tasks: 1,
      onboarding_attachments: 1,
      onboarding_templates: 1,
    });
    await runMigration('down');
    expect(await counts()).toEqual(before);
    expect(await companyForeignKeys()).toEqual(Object.fromEntries(TABLES.map((t) => [t, null])));

    // Without the key, a row can name a company that does not exist: nothing can reach it, and the migration drops it.
    const message = await api.db.getRepository(Message).findOneByOrFail({ companyId: companyRowId });
    const orphan = Object.assign(new Message(), { id: newId(), companyId: newId(), threadId: message.threadId, authorId: null, body: 'orphan' });
    await api.db.getRepository(Message).insert(orphan);

    await runMigration('up');
    expect(await counts()).toEqual(before);
    expect(await api.db.getRepository(Message).existsBy({ id: orphan.id })).toBe(false);
    expect(await companyForeignKeys()).toEqual(cascadeEverywhere);
    expect((await api.db.driver.createSchemaBuilder().log()).upQueries).toEqual([]);
  });

  it('deleting a company deletes every row it owns', async () => {
    await api.db.getRepository(Company).delete({ id: companyRowId });
    expect(await counts()).toEqual(Object.fromEntries(TABLES.map((t) => [t, 0])));
  });
});
