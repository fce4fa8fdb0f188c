/**
 * A quick, single-process measurement of the issue-11 workloads (the harness in bench/ is the
 * trustworthy one): seeds 100 companies × 20 contracts × 5 onboarding tasks, 10 members each, into a
 * fresh SQLite file, then sends W1 `node(id)`, W2 `viewer.companies(first: 50)` and W3 the whole tree
 * sequentially over HTTP and prints req/s, CPU ms per request and SQL statements per request.
 *
 *   node -r @swc-node/register server/scripts/perf-tree.ts [seconds-per-workload=5]
 *   EXECUTOR=graphql-js node -r @swc-node/register server/scripts/perf-tree.ts
 *   ONLY=W3 PROFILE=/tmp/w3.cpuprofile node -r @swc-node/register server/scripts/perf-tree.ts   (profiles the timed loop only)
 */
import 'reflect-metadata';
import fs from 'node:fs';
import { Session as Inspector } from 'node:inspector/promises';
import os from 'node:os';
import path from 'node:path';
import pino from 'pino';
import { buildApp } from '../src/app';
import { loadConfig } from '../src/config';
import { User } from '../src/account/user.entity';
import { Session } from '../src/account/session.entity';
import { hashToken, newToken } from '../src/account/credentials';
import { Company } from '../src/company/company.entity';
import { CompanyMember } from '../src/company/company-member.entity';
import { Contract, ContractStatus } from '../src/contract/contract.entity';
import { OnboardingTask } from '../src/onboarding/onboarding-task.entity';
import { OnboardingTaskStatus, OnboardingTaskType } from '../src/onboarding/onboarding.enums';
import { CompanyRole } from '../src/common/permissions';
import { toGlobalId } from '../src/common/ids';

const W3 = `{ viewer { companies(first: 100) { nodes { id name
  contracts(first: 20) { totalCount nodes { id title status onboardingTasks { id type title status required dueDate } } }
  members(first: 10) { nodes { id role } } } } } }`;
const W2 = `{ viewer { companies(first: 50) { totalCount nodes { id name viewerRole } pageInfo { hasNextPage endCursor } } } }`;
const W1 = `query($id: ID!) { node(id: $id) { id ... on Contract { title status currency company { name } } } }`;

async function main(): Promise<void> {
  const seconds = Number(process.argv[2] ?? 5);
  const file = path.join(fs.mkdtempSync(path.join(os.tmpdir(), 'wr-perf-')), 'db.sqlite');
  // DATABASE_URL=postgres://… measures PostgreSQL instead (use an empty database: the script seeds it).
  const base = loadConfig({ NODE_ENV: 'production', LOG_LEVEL: 'silent', DATABASE_URL: process.env.DATABASE_URL ?? `sqlite:${file}`, EXECUTOR: process.env.EXECUTOR });
  const config = { ...base, mailPollMs: 3_600_000 };
  const app = await buildApp(config, pino({ level: 'silent' }));
  const url = `${await app.listen(0, '127.0.0.1')}/graphql`;
  const db = app.db;

  const users = Array.from({ length: 1001 }, (_, i) => Object.assign(new User(), { name: `User ${i}`, email: `u${i}@perf.example`, emailKey: `u${i}@perf.example`, passwordHash: 'x' }));
  const owner = users[0];
  const token = newToken();
  const companies: Company[] = [];
  const members: CompanyMember[] = [];
  const contracts: Contract[] = [];
  const tasks: OnboardingTask[] = [];
  for (let c = 0; c < 100; c += 1) {
    const company = Object.assign(new Company(), { name: `Company ${c}` });
    companies.push(company);
    for (let m = 0; m < 10; m += 1) {
      const user = m === 0 ? owner : users[1 + c * 10 + (m % 10)];
      members.push(Object.assign(new CompanyMember(), { companyId: company.id, userId: user.id, role: m === 0 ? CompanyRole.OWNER : CompanyRole.RECRUITER, teamId: null }));
    }
    for (let k = 0; k < 20; k += 1) {
      const contract = Object.assign(new Contract(), { companyId: company.id, freelancerId: users[1 + ((c * 20 + k) % 1000)].id, createdById: owner.id, title: `Contract ${c}.${k}`, description: null, hourlyRateCents: 5000, currency: 'USD', status: ContractStatus.PENDING, startedAt: null, endedAt: null });
      contracts.push(contract);
      for (let t = 0; t < 5; t += 1) {
        tasks.push(Object.assign(new OnboardingTask(), { companyId: company.id, contractId: contract.id, type: OnboardingTaskType.OTHER, title: `Task ${t}`, details: 'Do it', ownerId: owner.id, required: t < 3, requiresAttachment: false, dueDate: null, status: OnboardingTaskStatus.NOT_STARTED, startedAt: null, completedAt: null, completedById: null, classification: null }));
      }
    }
  }
  await db.transaction(async (tx) => {
    for (const [entity, rows] of [[User, users], [Company, companies], [CompanyMember, members], [Contract, contracts], [OnboardingTask, tasks]] as const) {
      for (let i = 0; i < rows.length; i += 100) await tx.getRepository(entity).insert(rows.slice(i, i + 100) as never);
    }
    await tx.getRepository(Session).insert(Object.assign(new Session(), { userId: owner.id, tokenHash: hashToken(token), expiresAt: new Date(Date.now() + 86_400_000), revokedAt: null }));
  });

  let statements = 0;
  const logQuery = db.logger.logQuery.bind(db.logger);
  db.logger.logQuery = (...args) => {
    statements += 1;
    return logQuery(...args);
  };
  const send = async (query: string, variables: Record<string, unknown> = {}) => {
    const res = await fetch(url, { method: 'POST', headers: { 'content-type': 'application/json', authorization: `Bearer ${token}` }, body: JSON.stringify({ query, variables }) });
    const text = await res.text();
    if (res.status !== 200 || text.includes('"errors"')) throw new Error(`${res.status} ${text.slice(0, 300)}`);
    return text.length;
  };
  const workloads: [string, () => Promise<number>][] = [
    ['W1 node(id) on a contract', () => send(W1, { id: toGlobalId('Contract', contracts[777].id) })],
    ['W2 viewer.companies(first: 50)', () => send(W2)],
    ['W3 the whole tree', () => send(W3)],
  ];
  console.log(`executor=${process.env.EXECUTOR ?? '(default)'} node ${process.version}`);
  for (const [name, run] of workloads) {
    if (process.env.ONLY && !name.startsWith(process.env.ONLY)) continue;
    const bytes = await run();
    for (let i = 0; i < 3; i += 1) await run();
    const inspector = process.env.PROFILE ? new Inspector() : null;
    if (inspector) {
      inspector.connect();
      await inspector.post('Profiler.enable');
      await inspector.post('Profiler.start');
    }
    statements = 0;
    let n = 0;
    const cpu0 = process.cpuUsage();
    const t0 = performance.now();
    while (performance.now() - t0 < seconds * 1000) {
      await run();
      n += 1;
    }
    const ms = performance.now() - t0;
    const cpu = process.cpuUsage(cpu0);
    if (inspector) fs.writeFileSync(process.env.PROFILE!, JSON.stringify((await inspector.post('Profiler.stop')).profile));
    console.log(`${name}: ${(n / (ms / 1000)).toFixed(1)} req/s, ${((cpu.user + cpu.system) / 1000 / n).toFixed(2)} CPU ms/req (client included), ${(statements / n).toFixed(1)} SQL/req, ${bytes} bytes, n=${n}`);
  }
  await app.stop();
}

main().catch((error: unknown) => {
  console.error(error);
  process.exit(1);
});
