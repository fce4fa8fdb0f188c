import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type { Account } from './fixtures';
import type { TestApi } from './server';

export const CONTRACT_FIELDS = `id title description hourlyRateCents currency status createdAt startedAt endedAt
  company { id name } freelancer { id name }
  onboardingProgress { total completed required requiredCompleted }
  onboardingTasks { id type title details required requiresAttachment dueDate overdue status startedAt completedAt
    classification owner { id } completedBy { id } attachments { id filename contentType size url } }`;

export const CREATE_CONTRACT = `mutation($input: CreateContractInput!) {
  createContract(input: $input) { contract { ${CONTRACT_FIELDS} } userErrors { code field message } }
}`;

const transition = (name: string) => `mutation($id: ID!) {
  ${name}(input: { contractId: $id }) { contract { id status startedAt endedAt } userErrors { code field message } }
}`;
export const START = transition('startContract');
export const PAUSE = transition('pauseContract');
export const RESUME = transition('resumeContract');
export const END = transition('endContract');
export const CANCEL = transition('cancelContract');

const taskMutation = (name: string, inputType: string) => `mutation($input: ${inputType}!) {
  ${name}(input: $input) {
    onboardingTask { id status startedAt completedAt classification owner { id } completedBy { id }
      attachments { id filename contentType size url } }
    userErrors { code field message }
  }
}`;
export const START_TASK = taskMutation('startOnboardingTask', 'StartOnboardingTaskInput');
export const COMPLETE_TASK = taskMutation('completeOnboardingTask', 'CompleteOnboardingTaskInput');
export const REASSIGN_TASK = taskMutation('reassignOnboardingTask', 'ReassignOnboardingTaskInput');
export const ATTACH_FILE = taskMutation('attachFileToOnboardingTask', 'AttachFileToOnboardingTaskInput');

export const LOG_WORK = `mutation($input: LogWorkInput!) {
  logWork(input: $input) { workLog { id date hours memo contract { id } } userErrors { code field message } }
}`;

export const CONTRACT_NODE = `query($id: ID!) { node(id: $id) { ... on Contract { ${CONTRACT_FIELDS} } } }`;

export interface TaskSpec {
  type: string;
  ownerId: string;
  required?: boolean;
  requiresAttachment?: boolean;
  title?: string;
  dueDate?: string;
}

/** Creates a contract as `as` (expects success); returns the contract as CONTRACT_FIELDS selects it. */
export async function createContract(
  api: TestApi,
  as: Account,
  companyId: string,
  freelancer: Account,
  tasks?: TaskSpec[],
  extra: Record<string, unknown> = {},
) {
  const res = await api.gql(
    CREATE_CONTRACT,
    { input: { companyId, freelancerId: freelancer.id, title: 'Design system audit', ...extra, ...(tasks ? { onboardingTasks: tasks } : {}) } },
    as.token,
  );
  const contract = res.data?.createContract?.contract;
  if (!contract) throw new Error(`createContract failed: ${JSON.stringify(res)}`);
  return contract;
}

/** Starts and completes a task as its owner (expects success). */
export async function finishTask(api: TestApi, owner: Account, taskId: string, classification?: string) {
  const started = await api.gql(START_TASK, { input: { taskId } }, owner.token);
  if (started.data?.startOnboardingTask?.userErrors?.length !== 0) throw new Error(`start failed: ${JSON.stringify(started)}`);
  const done = await api.gql(COMPLETE_TASK, { input: { taskId, classification } }, owner.token);
  if (done.data?.completeOnboardingTask?.userErrors?.length !== 0) throw new Error(`complete failed: ${JSON.stringify(done)}`);
}

/** A fresh, empty upload directory for one test file. */
export const tempUploadDir = (): string => fs.mkdtempSync(path.join(os.tmpdir(), 'workroom-uploads-'));

/** Uploads bytes with `POST /uploads` as `as`, claiming `type`. */
export function upload(api: TestApi, as: Account | null, bytes: Buffer | string, type: string, filename = 'file.bin') {
  const form = new FormData();
  const data = typeof bytes === 'string' ? Buffer.from(bytes) : bytes;
  form.append('file', new Blob([new Uint8Array(data)], { type }), filename);
  return api.fetch('/uploads', {
    method: 'POST',
    headers: as ? { authorization: `Bearer ${as.token}` } : {},
    body: form,
  });
}

/** The smallest files of each kind that content detection recognises. */
export const SAMPLES = {
  pdf: Buffer.from('%PDF-1.4\n1 0 obj << /Type /Catalog >> endobj\ntrailer << /Root 1 0 R >>\n%%EOF\n'),
  png: Buffer.concat([
    Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, 0, 0, 0, 13]),
    Buffer.from('IHDR'),
    Buffer.alloc(17),
  ]),
  exe: Buffer.concat([Buffer.from('MZ'), Buffer.alloc(62), Buffer.from('PE\0\0'), Buffer.alloc(200, 1)]),
  html: Buffer.from('<!doctype html><html><body><script>alert(document.cookie)</script></body></html>'),
  txt: Buffer.from('Signed: Ada Lovelace, 2026-01-01 — I accept the code of conduct.\n'),
};
