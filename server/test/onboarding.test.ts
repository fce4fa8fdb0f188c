import { AuditEvent } from '../src/audit/audit-event.entity';
import { OnboardingTask } from '../src/onboarding/onboarding-task.entity';
import {
  ATTACH_FILE,
  CANCEL,
  COMPLETE_TASK,
  CONTRACT_NODE,
  END,
  LOG_WORK,
  REASSIGN_TASK,
  START,
  START_TASK,
  SAMPLES,
  createContract,
  finishTask,
  tempUploadDir,
  upload,
} from './support/contracts';
import { companyWithEveryRole, expectError, expectOk, expectUserError, randomId, signUp, type Account, type Crew } from './support/fixtures';
import { useTestServer } from './support/server';

const rowId = (globalId: string) => Buffer.from(globalId, 'base64url').toString().split(':')[1];
const today = () => new Date().toISOString().slice(0, 10);

describe('Onboarding tasks', () => {
  const api = useTestServer({ uploadDir: tempUploadDir() });
  let crew: Crew;
  let freelancer: Account;

  beforeAll(async () => {
    crew = await companyWithEveryRole(api, 'Initech');
    freelancer = await signUp(api, 'Frank Freelancer');
  });

  const oneTask = async (ownerOf: Account, spec: Record<string, unknown> = {}) => {
    const contract = await createContract(api, crew.HIRING_MANAGER, crew.companyId, freelancer, [
      { type: 'OTHER', ownerId: ownerOf.id, required: true, ...spec },
    ]);
    return { contract, taskId: contract.onboardingTasks[0].id as string };
  };

  it('lets the owner start and complete a task, recording who and when', async () => {
    const { contract, taskId } = await oneTask(freelancer);
    const started = expectOk(await api.gql(START_TASK, { input: { taskId } }, freelancer.token), 'startOnboardingTask').onboardingTask;
    expect(started.status).toBe('IN_PROGRESS');
    expect(started.startedAt).not.toBeNull();
    const done = expectOk(await api.gql(COMPLETE_TASK, { input: { taskId } }, freelancer.token), 'completeOnboardingTask').onboardingTask;
    expect(done).toMatchObject({ status: 'COMPLETED', completedBy: { id: freelancer.id }, classification: null });
    const after = await api.gql(CONTRACT_NODE, { id: contract.id }, crew.RECRUITER.token);
    expect(after.data?.node.onboardingProgress).toEqual({ total: 1, completed: 1, required: 1, requiredCompleted: 1 });
    const actions = (await api.db.getRepository(AuditEvent).find({ where: { targetId: rowId(taskId) }, order: { id: 'ASC' } })).map((e) => e.action);
    expect(actions).toEqual(['onboarding_task.start', 'onboarding_task.complete']);
  });

  it('refuses anyone but the owner: FORBIDDEN to those who see the task, NOT_FOUND to others', async () => {
    const { taskId } = await oneTask(freelancer);
    expectError(await api.gql(START_TASK, { input: { taskId } }, crew.OWNER.token), 'FORBIDDEN');
    const theirs = expectError(await api.gql(START_TASK, { input: { taskId } }, crew.stranger.token), 'NOT_FOUND');
    const none = expectError(await api.gql(START_TASK, { input: { taskId: randomId('OnboardingTask') } }, crew.stranger.token), 'NOT_FOUND');
    expect(theirs).toEqual(none);
    const other = await companyWithEveryRole(api, 'Elsewhere');
    expect(expectError(await api.gql(COMPLETE_TASK, { input: { taskId } }, other.OWNER.token), 'NOT_FOUND').message).toEqual(none.message);
    expect((await api.db.getRepository(OnboardingTask).findOneByOrFail({ id: rowId(taskId) })).status).toBe('NOT_STARTED');
  });

  it('refuses to complete a task that was not started, and to start or complete one twice', async () => {
    const { taskId } = await oneTask(crew.FULL);
    expectUserError(await api.gql(COMPLETE_TASK, { input: { taskId } }, crew.FULL.token), 'completeOnboardingTask', 'INVALID_STATE');
    expectOk(await api.gql(START_TASK, { input: { taskId } }, crew.FULL.token), 'startOnboardingTask');
    expectUserError(await api.gql(START_TASK, { input: { taskId } }, crew.FULL.token), 'startOnboardingTask', 'INVALID_STATE');
    expectOk(await api.gql(COMPLETE_TASK, { input: { taskId } }, crew.FULL.token), 'completeOnboardingTask');
    expectUserError(await api.gql(COMPLETE_TASK, { input: { taskId } }, crew.FULL.token), 'completeOnboardingTask', 'INVALID_STATE');
  });

  it('needs a classification result to complete a CLASSIFICATION task', async () => {
    const { taskId } = await oneTask(crew.HIRING_MANAGER, { type: 'CLASSIFICATION' });
    expectOk(await api.gql(START_TASK, { input: { taskId } }, crew.HIRING_MANAGER.token), 'startOnboardingTask');
    const refused = expectUserError(await api.gql(COMPLETE_TASK, { input: { taskId } }, crew.HIRING_MANAGER.token), 'completeOnboardingTask', 'CLASSIFICATION_REQUIRED');
    expect(refused.field).toEqual(['input', 'classification']);
    const done = expectOk(
      await api.gql(COMPLETE_TASK, { input: { taskId, classification: 'INDEPENDENT_CONTRACTOR' } }, crew.HIRING_MANAGER.token),
      'completeOnboardingTask',
    );
    expect(done.onboardingTask.classification).toBe('INDEPENDENT_CONTRACTOR');
  });

  it('needs an attachment to complete a task that requires one', async () => {
    const { taskId } = await oneTask(freelancer, { requiresAttachment: true });
    expectOk(await api.gql(START_TASK, { input: { taskId } }, freelancer.token), 'startOnboardingTask');
    expectUserError(await api.gql(COMPLETE_TASK, { input: { taskId } }, freelancer.token), 'completeOnboardingTask', 'ATTACHMENT_REQUIRED');
    const uploaded = (await (await upload(api, freelancer, SAMPLES.pdf, 'application/pdf', 'nda-signed.pdf')).json()) as { id: string };
    const attached = expectOk(await api.gql(ATTACH_FILE, { input: { taskId, uploadId: uploaded.id } }, freelancer.token), 'attachFileToOnboardingTask');
    expect(attached.onboardingTask.attachments).toMatchObject([{ filename: 'nda-signed.pdf', contentType: 'application/pdf', size: SAMPLES.pdf.length }]);
    // attaching the same file again changes nothing
    const again = expectOk(await api.gql(ATTACH_FILE, { input: { taskId, uploadId: uploaded.id } }, freelancer.token), 'attachFileToOnboardingTask');
    expect(again.onboardingTask.attachments).toHaveLength(1);
    expectOk(await api.gql(COMPLETE_TASK, { input: { taskId } }, freelancer.token), 'completeOnboardingTask');
  });

  it('refuses to attach someone else’s upload, or to a task you do not own', async () => {
    const { taskId } = await oneTask(freelancer, { requiresAttachment: true });
    const theirs = (await (await upload(api, crew.OWNER, SAMPLES.png, 'image/png', 'x.png')).json()) as { id: string };
    expectError(await api.gql(ATTACH_FILE, { input: { taskId, uploadId: theirs.id } }, freelancer.token), 'NOT_FOUND');
    expectError(await api.gql(ATTACH_FILE, { input: { taskId, uploadId: theirs.id } }, crew.OWNER.token), 'FORBIDDEN');
    expectError(await api.gql(ATTACH_FILE, { input: { taskId, uploadId: randomId('Upload') } }, freelancer.token), 'NOT_FOUND');
  });

  it('freezes tasks once the contract is no longer PENDING', async () => {
    const { contract, taskId } = await oneTask(freelancer);
    expectOk(await api.gql(CANCEL, { id: contract.id }, crew.OWNER.token), 'cancelContract');
    const refused = expectUserError(await api.gql(START_TASK, { input: { taskId } }, freelancer.token), 'startOnboardingTask', 'INVALID_STATE');
    expect(refused.message).toMatch(/PENDING/);
    expectUserError(await api.gql(REASSIGN_TASK, { input: { taskId, ownerId: crew.OWNER.id } }, crew.OWNER.token), 'reassignOnboardingTask', 'INVALID_STATE');
  });

  describe('reassignOnboardingTask', () => {
    it('lets a manager give an open task to a member or the freelancer', async () => {
      const { taskId } = await oneTask(freelancer);
      const moved = expectOk(await api.gql(REASSIGN_TASK, { input: { taskId, ownerId: crew.RECRUITER.id } }, crew.HIRING_MANAGER.token), 'reassignOnboardingTask');
      expect(moved.onboardingTask.owner.id).toBe(crew.RECRUITER.id);
      expectError(await api.gql(START_TASK, { input: { taskId } }, freelancer.token), 'FORBIDDEN');
      expectOk(await api.gql(START_TASK, { input: { taskId } }, crew.RECRUITER.token), 'startOnboardingTask');
      const back = expectOk(await api.gql(REASSIGN_TASK, { input: { taskId, ownerId: freelancer.id } }, crew.OWNER.token), 'reassignOnboardingTask');
      expect(back.onboardingTask).toMatchObject({ owner: { id: freelancer.id }, status: 'IN_PROGRESS' });
    });

    it('refuses an owner outside the contract with INVALID_TASK_OWNER', async () => {
      const { taskId } = await oneTask(freelancer);
      const error = expectUserError(await api.gql(REASSIGN_TASK, { input: { taskId, ownerId: crew.stranger.id } }, crew.OWNER.token), 'reassignOnboardingTask', 'INVALID_TASK_OWNER');
      expect(error.field).toEqual(['input', 'ownerId']);
    });

    it('refuses to hand a CLASSIFICATION task to the freelancer', async () => {
      const { taskId } = await oneTask(crew.OWNER, { type: 'CLASSIFICATION' });
      expectUserError(await api.gql(REASSIGN_TASK, { input: { taskId, ownerId: freelancer.id } }, crew.OWNER.token), 'reassignOnboardingTask', 'INVALID_TASK_OWNER');
    });

    it('refuses to reassign a completed task', async () => {
      const { taskId } = await oneTask(freelancer);
      await finishTask(api, freelancer, taskId);
      expectUserError(await api.gql(REASSIGN_TASK, { input: { taskId, ownerId: crew.OWNER.id } }, crew.OWNER.token), 'reassignOnboardingTask', 'INVALID_STATE');
    });

    it('refuses a RECRUITER and the freelancer with FORBIDDEN, and a stranger with NOT_FOUND', async () => {
      const { taskId } = await oneTask(freelancer);
      const input = { taskId, ownerId: crew.OWNER.id };
      expectError(await api.gql(REASSIGN_TASK, { input }, crew.RECRUITER.token), 'FORBIDDEN');
      expectError(await api.gql(REASSIGN_TASK, { input }, freelancer.token), 'FORBIDDEN');
      expectError(await api.gql(REASSIGN_TASK, { input }, crew.stranger.token), 'NOT_FOUND');
    });
  });

  it('marks a task overdue once its due date has passed and it is not completed', async () => {
    const contract = await createContract(api, crew.OWNER, crew.companyId, freelancer, [
      { type: 'OTHER', ownerId: freelancer.id, dueDate: '2020-01-01' },
      { type: 'OTHER', ownerId: freelancer.id, dueDate: '2999-01-01' },
    ]);
    expect(contract.onboardingTasks.map((t: { overdue: boolean }) => t.overdue)).toEqual([true, false]);
    await finishTask(api, freelancer, contract.onboardingTasks[0].id);
    const after = await api.gql(CONTRACT_NODE, { id: contract.id }, freelancer.token);
    expect(after.data?.node.onboardingTasks[0].overdue).toBe(false);
  });

  it('walks the seed: three tasks, a refused start, the required ones done by their owners, start, log work, end', async () => {
    const contract = await createContract(api, crew.HIRING_MANAGER, crew.companyId, freelancer, [
      { type: 'CONFIDENTIALITY_AGREEMENT', ownerId: freelancer.id, required: true, requiresAttachment: true },
      { type: 'CLASSIFICATION', ownerId: crew.HIRING_MANAGER.id, required: true },
      { type: 'CODE_OF_CONDUCT_REVIEW', ownerId: freelancer.id, required: false },
    ]);
    const [nda, classification] = contract.onboardingTasks;
    expectUserError(await api.gql(START, { id: contract.id }, crew.HIRING_MANAGER.token), 'startContract', 'ONBOARDING_INCOMPLETE');

    // "Your active contracts" → "Complete tasks" on the pending contract
    const pending = await api.gql(
      `{ viewer { contracts(role: FREELANCER, status: [PENDING]) { nodes { id onboardingTasks { id title owner { id } status } } } } }`,
      {},
      freelancer.token,
    );
    const listed = pending.data?.viewer.contracts.nodes.find((c: { id: string }) => c.id === contract.id);
    expect(listed.onboardingTasks.map((t: { owner: { id: string } }) => t.owner.id)).toEqual([freelancer.id, crew.HIRING_MANAGER.id, freelancer.id]);

    expectOk(await api.gql(START_TASK, { input: { taskId: nda.id } }, freelancer.token), 'startOnboardingTask');
    const file = (await (await upload(api, freelancer, SAMPLES.pdf, 'application/pdf', 'nda.pdf')).json()) as { id: string };
    expectOk(await api.gql(ATTACH_FILE, { input: { taskId: nda.id, uploadId: file.id } }, freelancer.token), 'attachFileToOnboardingTask');
    expectOk(await api.gql(COMPLETE_TASK, { input: { taskId: nda.id } }, freelancer.token), 'completeOnboardingTask');
    await finishTask(api, crew.HIRING_MANAGER, classification.id, 'INDEPENDENT_CONTRACTOR');

    const started = expectOk(await api.gql(START, { id: contract.id }, crew.HIRING_MANAGER.token), 'startContract');
    expect(started.contract.status).toBe('ACTIVE');
    const logged = expectOk(
      await api.gql(LOG_WORK, { input: { contractId: contract.id, date: today(), hours: 3, memo: 'Kick-off and audit plan' } }, freelancer.token),
      'logWork',
    );
    expect(logged.workLog.hours).toBe(3);
    expect(expectOk(await api.gql(END, { id: contract.id }, crew.HIRING_MANAGER.token), 'endContract').contract.status).toBe('ENDED');
    const final = await api.gql(CONTRACT_NODE, { id: contract.id }, freelancer.token);
    expect(final.data?.node).toMatchObject({ status: 'ENDED', onboardingProgress: { total: 3, completed: 2, required: 2, requiredCompleted: 2 } });
    expect(final.data?.node.onboardingTasks[1].classification).toBe('INDEPENDENT_CONTRACTOR');
  });
});
