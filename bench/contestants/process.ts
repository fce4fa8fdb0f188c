/**
 * Starts each contestant as its own process on its own copy of the seeded database, pinned to
 * core 0 when `taskset` exists (the load generator takes core 1), with bench/count-sql.cjs
 * preloaded so every process reports statements, CPU time and peak RSS the same way.
 */
import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import fs from 'node:fs';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { buildSync } from 'esbuild';

export type ContestantKey = 'project' | 'floor' | 'mercurius-jit';

export interface Stats {
  statements: number;
  cpuMicros: number;
  maxRssKb: number;
}

export interface Running {
  key: ContestantKey;
  url: string;
  pid: number;
  stats(): Promise<Stats>;
  stop(): Promise<void>;
}

const ROOT = path.resolve(__dirname, '../..');
const COUNT_SQL = path.join(ROOT, 'bench/count-sql.cjs');
// The floor and the peer run as plain JavaScript like Workroom's build: a TypeScript loader in
// their process would add its compiler to their memory and start-up. Beside node_modules so that
// their imports resolve.
const BUILD = path.join(ROOT, 'node_modules/.cache/workroom-bench');

/** Compiles the floor and the peer (esbuild, dependencies left as imports). */
export function buildContestants(): void {
  buildSync({
    entryPoints: [path.join(ROOT, 'bench/contestants/floor.ts'), path.join(ROOT, 'bench/contestants/peer.ts')],
    outdir: BUILD,
    bundle: true,
    packages: 'external',
    platform: 'node',
    target: 'node20',
    format: 'cjs',
    logLevel: 'warning',
  });
}

export const CONTESTANTS: { key: ContestantKey; label: string }[] = [
  { key: 'project', label: 'Workroom' },
  { key: 'floor', label: 'floor (node:http + SQL)' },
  { key: 'mercurius-jit', label: 'mercurius + jit + DataLoader' },
];

export const canPin = (): boolean =>
  process.platform === 'linux' && spawnSync('taskset', ['-V']).status === 0 && os.availableParallelism() >= 2;

/** Pins this process (all its threads: the load generator) to `core`. */
export function pinSelf(core: number): void {
  spawnSync('taskset', ['-a', '-p', '-c', String(core), String(process.pid)], { stdio: 'ignore' });
}

/** The node flags of `npm start` (`node <flags> dist/server/src/main.js` in package.json), so the bench runs what production runs. */
function startFlags(): string[] {
  const scripts = (JSON.parse(fs.readFileSync(path.join(ROOT, 'package.json'), 'utf8')) as { scripts: Record<string, string> }).scripts;
  const words = scripts.start.trim().split(/\s+/);
  if (words[0] !== 'node' || words[words.length - 1] !== 'dist/server/src/main.js') throw new Error(`npm start is not \`node … dist/server/src/main.js\`: ${scripts.start}`);
  return words.slice(1, -1);
}

function command(key: ContestantKey): string[] {
  switch (key) {
    // The production build, as `npm start` runs it (with its node flags).
    case 'project':
      return [...startFlags(), '-r', COUNT_SQL, path.join(ROOT, 'dist/server/src/main.js')];
    case 'floor':
      return ['-r', COUNT_SQL, path.join(BUILD, 'floor.js')];
    case 'mercurius-jit':
      return ['-r', COUNT_SQL, path.join(BUILD, 'peer.js')];
  }
}

async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = net.createServer().listen(0, '127.0.0.1', () => {
      const { port } = server.address() as net.AddressInfo;
      server.close(() => resolve(port));
    });
    server.on('error', reject);
  });
}

async function waitForPort(port: number, child: ChildProcess, stderr: () => string): Promise<void> {
  const deadline = Date.now() + 60_000;
  while (Date.now() < deadline) {
    if (child.exitCode !== null) throw new Error(`exited with ${child.exitCode}: ${stderr()}`);
    const open = await new Promise<boolean>((resolve) => {
      const socket = net.connect(port, '127.0.0.1', () => {
        socket.destroy();
        resolve(true);
      });
      socket.on('error', () => resolve(false));
    });
    if (open) return;
    await new Promise((r) => setTimeout(r, 100));
  }
  throw new Error(`did not listen on ${port} within 60 s: ${stderr()}`);
}

/** `nodeArgs` go before the script, e.g. `--cpu-prof`. */
export async function start(key: ContestantKey, dbFile: string, workDir: string, pin: boolean, nodeArgs: string[] = []): Promise<Running> {
  const port = await freePort();
  const env: NodeJS.ProcessEnv = {
    ...process.env,
    NODE_ENV: 'production',
    PORT: String(port),
    HOST: '127.0.0.1',
    DATABASE_URL: `sqlite:${dbFile}`,
    BENCH_DB: dbFile,
    UPLOAD_DIR: path.join(workDir, `uploads-${key}`),
    // No per-request log lines (the floor and the peer write none either); warnings still show.
    LOG_LEVEL: 'warn',
    // Seeding and load come from one client; the limits branch's limiter would refuse most of it.
    RATE_LIMITS: 'off',
  };
  const args = [...nodeArgs, ...command(key)];
  const child = pin
    ? spawn('taskset', ['-c', '0', process.execPath, ...args], { cwd: ROOT, env, stdio: ['ignore', 'ignore', 'pipe', 'ipc'] })
    : spawn(process.execPath, args, { cwd: ROOT, env, stdio: ['ignore', 'ignore', 'pipe', 'ipc'] });
  let errText = '';
  child.stderr!.on('data', (chunk: Buffer) => {
    errText = (errText + chunk.toString()).slice(-4000);
  });
  try {
    await waitForPort(port, child, () => errText);
  } catch (error) {
    child.kill('SIGKILL');
    throw new Error(`${key}: ${(error as Error).message}`);
  }
  let nextId = 0;
  const pending = new Map<number, (s: Stats) => void>();
  child.on('message', (message: { type?: string; id?: number } & Stats) => {
    if (message?.type === 'bench:stats' && typeof message.id === 'number') pending.get(message.id)?.(message);
  });
  return {
    key,
    url: `http://127.0.0.1:${port}/graphql`,
    pid: child.pid!,
    stats: () =>
      new Promise<Stats>((resolve, reject) => {
        const id = ++nextId;
        const timer = setTimeout(() => reject(new Error(`${key}: no stats over IPC (is bench/count-sql.cjs preloaded?)`)), 10_000);
        pending.set(id, (s) => {
          clearTimeout(timer);
          pending.delete(id);
          resolve(s);
        });
        child.send({ type: 'bench:stats', id });
      }),
    stop: () =>
      new Promise<void>((resolve) => {
        if (child.exitCode !== null) return resolve();
        const kill = setTimeout(() => child.kill('SIGKILL'), 20_000);
        child.once('exit', () => {
          clearTimeout(kill);
          resolve();
        });
        child.kill('SIGTERM');
      }),
  };
}
