/**
 * `npm run bench [-- --quick] [--json FILE] [--svg FILE] [--only W1,W3] [--no-build]`
 *
 * 1. builds the server (`npm run build:server`), seeds a SQLite file through the API (bench/seed.ts)
 *    and gives each contestant its own byte-identical copy;
 * 2. per workload: starts Workroom (production build), the floor and the peer as separate
 *    processes pinned to core 0, checks that all three give the same JSON for every request of the
 *    workload (and counts the SQL statements of each, one request at a time) — any difference and
 *    nothing is timed;
 * 3. runs autocannon (10 connections, pinned to core 1) against each in interleaved rounds
 *    (A B C, A B C, …) and reports req/s, p50/p99, server CPU ms and SQL statements per request
 *    and peak RSS, as a table, `--json`, and an SVG chart.
 */
import { fork, spawnSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { parseArgs } from 'node:util';
import autocannon from 'autocannon';
import { CONTESTANTS, buildContestants, canPin, pinSelf, start, type ContestantKey, type Running } from './contestants/process';
import { post } from './gql';
import { collectProfile, topFrames } from './profile';
import { metricsOf, svgChart, table, toJson, type Metrics, type Results } from './report';
import { seed, type Seeded } from './seed';
import { workloads as allWorkloads, type Step, type Workload } from './workloads';

const ROOT = path.resolve(__dirname, '..');
const { values: opts } = parseArgs({
  options: {
    quick: { type: 'boolean', default: false },
    json: { type: 'string' },
    svg: { type: 'string', default: path.join(ROOT, 'bench/results/latest.svg') },
    only: { type: 'string' },
    'no-build': { type: 'boolean', default: false },
    rounds: { type: 'string' },
    seconds: { type: 'string' },
    // Workroom runs under `node --cpu-prof`; DIR gets one profile per workload and the top frames are printed.
    profile: { type: 'string' },
    'fresh-seed': { type: 'boolean', default: false },
  },
});

/**
 * Quick: 2 rounds of 5 s per contestant and workload, under 5 minutes in all. W3 runs a fixed number
 * of requests per round instead: at a few req/s, a timed window would end with most requests still
 * in flight and count only the lucky ones.
 */
const MODE = opts.quick
  ? { rounds: 2, seconds: 5, treeRequests: 20, warmupSeconds: 1 }
  : { rounds: 3, seconds: 15, treeRequests: 60, warmupSeconds: 3 };
if (opts.rounds) MODE.rounds = Number(opts.rounds);
if (opts.seconds) MODE.seconds = Number(opts.seconds);
const CONNECTIONS = 10;

const started = Date.now();
const log = (line: string) => console.log(`[${((Date.now() - started) / 1000).toFixed(0).padStart(4)} s] ${line}`);

/** Seeds through the API of a throwaway server (bench/seed-server.ts), then closes it cleanly. */
async function seedDatabase(dir: string): Promise<Seeded> {
  const file = path.join(dir, 'seed.sqlite');
  const child = fork(path.join(ROOT, 'bench/seed-server.ts'), [], {
    cwd: ROOT,
    execArgv: ['-r', '@swc-node/register'],
    env: { ...process.env, DATABASE_URL: `sqlite:${file}`, UPLOAD_DIR: path.join(dir, 'uploads-seed'), RATE_LIMITS: 'off', LOG_LEVEL: 'silent', NODE_ENV: 'test' },
  });
  const url = await new Promise<string>((resolve, reject) => {
    child.once('message', (m: { url: string }) => resolve(m.url));
    child.once('exit', (code) => reject(new Error(`seed server exited with ${code}`)));
  });
  try {
    const seeded = await seed(url, log);
    log(`seeded ${seeded.companyIds.length} companies, ${seeded.contractIds.length} contracts through ${seeded.calls} API calls`);
    return seeded;
  } finally {
    await new Promise((resolve) => {
      child.once('exit', resolve);
      child.send('stop');
    });
  }
}

/** Every file whose change can change what seeding writes: the server, the seeder, the dependencies. */
function seedInputs(): string[] {
  const walk = (dir: string): string[] =>
    fs.readdirSync(dir, { withFileTypes: true }).flatMap((e) => (e.isDirectory() ? walk(path.join(dir, e.name)) : [path.join(dir, e.name)]));
  return [...walk(path.join(ROOT, 'server/src')), ...['bench/seed.ts', 'bench/seed-server.ts', 'package-lock.json'].map((f) => path.join(ROOT, f))].sort();
}

/**
 * The seeded database, from the cache when nothing that seeding depends on has changed since it was
 * made (a week at most: the owner's session lasts 30 days); else seeded now. `--fresh-seed` always seeds.
 */
async function cachedSeed(dir: string): Promise<Seeded> {
  const hash = createHash('sha256');
  for (const file of seedInputs()) hash.update(file).update(fs.readFileSync(file));
  const cache = path.join(ROOT, 'node_modules/.cache/workroom-bench', `seed-${hash.digest('hex').slice(0, 16)}`);
  const [file, meta] = [path.join(cache, 'seed.sqlite'), path.join(cache, 'seed.json')];
  const fresh = fs.existsSync(meta) && Date.now() - fs.statSync(meta).mtimeMs < 7 * 86_400_000;
  if (fresh && !opts['fresh-seed']) {
    fs.copyFileSync(file, path.join(dir, 'seed.sqlite'));
    log(`reusing the data set seeded through the API at ${fs.statSync(meta).mtime.toISOString()} (server/src and the seeder unchanged since; --fresh-seed to seed again)`);
    return JSON.parse(fs.readFileSync(meta, 'utf8')) as Seeded;
  }
  log('seeding through the API');
  const seeded = await seedDatabase(dir);
  fs.mkdirSync(cache, { recursive: true });
  for (const old of fs.readdirSync(path.dirname(cache)).filter((d) => d.startsWith('seed-') && d !== path.basename(cache))) {
    fs.rmSync(path.join(path.dirname(cache), old), { recursive: true, force: true });
  }
  fs.copyFileSync(path.join(dir, 'seed.sqlite'), file);
  fs.writeFileSync(meta, JSON.stringify(seeded));
  return seeded;
}

/** JSON with object keys sorted: field order is not part of the answer, everything else is. */
function canonical(value: unknown): string {
  return JSON.stringify(value, (_key, v: unknown) =>
    v && typeof v === 'object' && !Array.isArray(v) ? Object.fromEntries(Object.entries(v).sort(([a], [b]) => (a < b ? -1 : 1))) : v,
  );
}

/** The first place two answers differ, for the refusal message. */
function firstDifference(a: unknown, b: unknown, at = '$'): string | null {
  if (canonical(a) === canonical(b)) return null;
  if (a && b && typeof a === 'object' && typeof b === 'object') {
    for (const key of new Set([...Object.keys(a), ...Object.keys(b)])) {
      const d = firstDifference((a as Record<string, unknown>)[key], (b as Record<string, unknown>)[key], `${at}.${key}`);
      if (d) return d;
    }
  }
  return `${at}: ${JSON.stringify(a)?.slice(0, 200)} ≠ ${JSON.stringify(b)?.slice(0, 200)}`;
}

/** How many GraphQL objects (nodes with an `id`) an answer holds. */
function objectsIn(value: unknown): number {
  if (Array.isArray(value)) return value.reduce((n: number, v) => n + objectsIn(v), 0);
  if (!value || typeof value !== 'object') return 0;
  return ('id' in value ? 1 : 0) + Object.values(value).reduce((n: number, v) => n + objectsIn(v), 0);
}

/**
 * Sends every step of the workload (3 variants each) to every contestant, one request at a time:
 * the answers must be equal, error-free JSON. Returns SQL statements per request of each
 * contestant (the fewest seen per step, so a background poll cannot inflate it; averaged over the cycle).
 */
async function check(w: Workload, running: Running[], token: string): Promise<Record<ContestantKey, number>> {
  const sizes = new Set<string>();
  const fewest = new Map<string, number>(); // `${contestant} ${step}` → fewest statements seen
  let sameBytes = true;
  for (const step of [...w.steps, ...(w.background?.steps ?? [])]) {
    for (let variant = 0; variant < 3; variant += 1) {
      const request = step.vary(variant);
      const answers: { key: ContestantKey; body: unknown; text: string }[] = [];
      for (const r of running) {
        const before = await r.stats();
        const res = await post(r.url, request, token);
        const after = await r.stats();
        const body = JSON.parse(res.text) as { errors?: unknown };
        if (res.status !== 200 || body.errors) throw new Error(`${w.name} ${step.label}: ${r.key} answered ${res.status} ${res.text.slice(0, 300)}`);
        answers.push({ key: r.key, body, text: JSON.stringify(body) });
        if (r.key === 'project' && variant === 0) sizes.add(`${step.label} ${(Buffer.byteLength(res.text) / 1024).toFixed(1)} kB, ${objectsIn(body)} objects`);
        const key = `${r.key} ${step.label}`;
        fewest.set(key, Math.min(fewest.get(key) ?? Infinity, after.statements - before.statements));
      }
      for (const other of answers.slice(1)) {
        const diff = firstDifference(answers[0].body, other.body);
        if (diff) throw new Error(`${w.name} ${step.label}: ${other.key} differs from ${answers[0].key} at ${diff}`);
        sameBytes &&= other.text === answers[0].text;
      }
    }
  }
  log(`${w.name} answers: ${[...sizes].join('; ')}; ${sameBytes ? 'identical' : 'equal, with fields in another order'} from all contestants`);
  const perRequest = {} as Record<ContestantKey, number>;
  for (const r of running) {
    perRequest[r.key] = w.steps.reduce((sum, s) => sum + fewest.get(`${r.key} ${s.label}`)!, 0) / w.steps.length;
  }
  return perRequest;
}

interface Sample {
  responses: number;
  /** Answers to the workload's `background` meanwhile (W5's trees). */
  background: number;
  seconds: number;
  latencies: number[];
  cpuMicros: number;
  failures: string[];
}

/** autocannon's options for `steps` on `connections` connections: every answer must be data without errors. */
function loadOptions(r: Running, steps: Step[], connections: number, token: string, run: { seconds: number } | { amount: number }): autocannon.Options {
  let n = 1000;
  return {
    url: r.url,
    method: 'POST',
    connections,
    ...('amount' in run ? { amount: run.amount } : { duration: run.seconds }),
    timeout: 120,
    headers: { 'content-type': 'application/json', authorization: `Bearer ${token}` },
    requests: steps.map((step) => ({ setupRequest: (req: autocannon.Request) => ({ ...req, body: JSON.stringify(step.vary(n++)) }) })),
    // GraphQL errors come with status 200.
    verifyBody: (body) => {
      const text = String(body ?? '');
      return text.startsWith('{"data":') && !text.includes('"errors":');
    },
  };
}

function failuresOf(result: autocannon.Result, timeouts = true): string[] {
  const failures: string[] = [];
  if (result.non2xx) failures.push(`${result.non2xx} non-2xx`);
  if (result.errors) failures.push(`${result.errors} connection errors`);
  if (timeouts && result.timeouts) failures.push(`${result.timeouts} timeouts`);
  if (result.mismatches) failures.push(`${result.mismatches} answers with errors`);
  return failures;
}

/**
 * One autocannon run against one contestant: for `seconds`, or until `amount` answers. A workload's
 * `background` runs all the while on its own connections (started first, stopped last); only the
 * `steps`' answers are timed, and `background` counts its answers.
 */
async function load(r: Running, w: Workload, token: string, run: { seconds: number } | { amount: number }): Promise<Sample> {
  const latencies: number[] = [];
  const behind = w.background
    ? (() => {
        let answers = 0;
        let finish: (result: autocannon.Result) => void = () => {};
        const done = new Promise<autocannon.Result>((resolve) => (finish = resolve));
        const instance = autocannon(loadOptions(r, w.background.steps, w.background.connections, token, { seconds: 3600 }), (error, result) => finish(result ?? ({ errors: error ? 1 : 0 } as autocannon.Result)));
        instance.on('response', () => (answers += 1));
        return { instance, done, answers: () => answers };
      })()
    : null;
  const before = await r.stats();
  const t0 = performance.now();
  let lastAnswer = t0;
  const result = await new Promise<autocannon.Result>((resolve, reject) => {
    const instance = autocannon(loadOptions(r, w.steps, w.connections ?? CONNECTIONS, token, run), (error, done) => (error ? reject(error) : resolve(done)));
    instance.on('response', (_client, _status, _bytes, ms) => {
      latencies.push(ms);
      lastAnswer = performance.now();
    });
  });
  // A run of `amount` requests ends at the last answer: autocannon reports it done only at its next
  // one-second tick, which made W3's req/s 20 ÷ a whole number of seconds.
  const elapsed = ('amount' in run ? lastAnswer - t0 : performance.now() - t0) / 1000;
  const after = await r.stats();
  const background = behind ? behind.answers() : 0;
  const failures = failuresOf(result);
  if (behind) {
    behind.instance.stop();
    // Stopping abandons the trees in flight: those are not failures; anything else is.
    failures.push(...failuresOf(await behind.done, false).map((f) => `${f} (background)`));
  }
  return { responses: latencies.length, background, seconds: elapsed, latencies, cpuMicros: after.cpuMicros - before.cpuMicros, failures };
}

const percentile = (sorted: number[], p: number) => (sorted.length ? sorted[Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1)] : NaN);

async function main(): Promise<void> {
  const chosen = opts.only?.split(',').map((s) => s.trim().toUpperCase());
  const pin = canPin();
  log(`mode: ${opts.quick ? 'quick' : 'full'} — ${MODE.rounds} interleaved rounds of ${MODE.seconds} s (W3: ${MODE.treeRequests} requests), ${CONNECTIONS} connections; ${pin ? 'servers on core 0, load generator on core 1' : 'no taskset: processes not pinned'}`);
  if (!opts['no-build']) {
    log('building the server (npm run build:server)');
    const built = spawnSync('npm', ['run', '--silent', 'build:server'], { cwd: ROOT, stdio: 'inherit' });
    if (built.status !== 0) throw new Error('build failed');
  }
  buildContestants();
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'workroom-bench-'));
  const running: Running[] = [];
  try {
    const seeded = await cachedSeed(dir);
    const files = Object.fromEntries(
      CONTESTANTS.map(({ key }) => {
        const file = path.join(dir, `${key}.sqlite`);
        fs.copyFileSync(path.join(dir, 'seed.sqlite'), file);
        return [key, file];
      }),
    ) as Record<ContestantKey, string>;
    if (pin) pinSelf(1);

    const list = allWorkloads(seeded).filter((w) => !chosen || chosen.includes(w.name));
    const results: Results = {};
    const problems: string[] = [];
    for (const w of list) {
      // Fresh processes per workload: each one's peak RSS is its own, and no workload warms the next.
      const profileDir = path.join(dir, `profile-${w.name}`);
      const profiled = (key: ContestantKey) => (opts.profile && key === 'project' ? ['--cpu-prof', `--cpu-prof-dir=${profileDir}`] : []);
      for (const { key } of CONTESTANTS) running.push(await start(key, files[key], dir, pin, profiled(key)));
      const sql = await check(w, running, seeded.ownerToken);
      log(`${w.name}: all contestants give the same JSON; SQL statements per request: ${running.map((r) => `${r.key} ${sql[r.key]}`).join(', ')}`);
      const run = w.name === 'W3' ? { amount: MODE.treeRequests } : { seconds: MODE.seconds };
      // Warm-up (JIT, caches), not recorded; for W3 the check's requests were the warm-up.
      if (w.name !== 'W3') for (const r of running) await load(r, w, seeded.ownerToken, { seconds: MODE.warmupSeconds });
      const samples = new Map<ContestantKey, Sample[]>(running.map((r) => [r.key, []]));
      for (let round = 1; round <= MODE.rounds; round += 1) {
        for (const r of running) {
          const s = await load(r, w, seeded.ownerToken, run);
          samples.get(r.key)!.push(s);
          const behind = w.background ? `, with ${(s.background / s.seconds).toFixed(1)}/s ${w.background.label}` : '';
          log(`${w.name} round ${round} ${r.key}: ${(s.responses / s.seconds).toFixed(1)} req/s${behind}${s.failures.length ? ` — FAILURES: ${s.failures.join(', ')}` : ''}`);
        }
      }
      const byKey = {} as Record<ContestantKey, Metrics>;
      for (const r of running) {
        const all = samples.get(r.key)!;
        const responses = all.reduce((a, s) => a + s.responses, 0);
        const latencies = all.flatMap((s) => s.latencies).sort((a, b) => a - b);
        const failures = all.flatMap((s) => s.failures);
        if (failures.length) problems.push(`${w.name} ${r.key}: ${failures.join('; ')}`);
        byKey[r.key] = metricsOf({
          rps: responses / all.reduce((a, s) => a + s.seconds, 0),
          p50Ms: percentile(latencies, 50),
          p99Ms: percentile(latencies, 99),
          // W5: the trees' CPU too, per answer of either kind.
          cpuMsPerRequest: all.reduce((a, s) => a + s.cpuMicros, 0) / 1000 / Math.max(responses + all.reduce((a, s) => a + s.background, 0), 1),
          sqlPerRequest: sql[r.key],
          rssMb: (await r.stats()).maxRssKb / 1024,
        });
      }
      results[w.name] = byKey;
      await Promise.all(running.splice(0).map((r) => r.stop()));
      const profile = opts.profile && collectProfile(profileDir, path.resolve(opts.profile, `${w.name}-workroom.cpuprofile`));
      if (profile) log(`${w.name} Workroom CPU profile ${path.relative(process.cwd(), profile)}, top frames by self time:\n${topFrames(profile).join('\n')}`);
    }

    const when = new Date().toISOString().slice(0, 16).replace('T', ' ');
    // os.cpus(), not availableParallelism(): this process is pinned to one core by now.
    const subtitle = `${opts.quick ? '--quick' : 'full'} run, ${when} UTC, ${os.cpus().length} cores (${os.cpus()[0]?.model ?? 'cpu'})${pin ? ', server on core 0, load on core 1' : ''}, ${CONNECTIONS} connections`;
    console.log(`\n${table(results, list)}\n`);
    if (opts.json) {
      fs.mkdirSync(path.dirname(path.resolve(opts.json)), { recursive: true });
      fs.writeFileSync(opts.json, JSON.stringify(toJson(results), null, 2) + '\n');
      log(`wrote ${opts.json}`);
    }
    fs.mkdirSync(path.dirname(opts.svg), { recursive: true });
    fs.writeFileSync(opts.svg, svgChart(results, list, subtitle));
    log(`wrote ${path.relative(process.cwd(), opts.svg)}; total ${((Date.now() - started) / 1000).toFixed(0)} s`);
    if (problems.length) {
      // The figures are printed, but a run with failed requests is not a result.
      console.error(`bench: requests failed during timing:\n  ${problems.join('\n  ')}`);
      process.exitCode = 1;
    }
  } finally {
    await Promise.all(running.map((r) => r.stop()));
    fs.rmSync(dir, { recursive: true, force: true });
  }
}

main().catch((error: unknown) => {
  console.error(`bench: ${error instanceof Error ? error.message : String(error)}`);
  process.exit(1);
});
