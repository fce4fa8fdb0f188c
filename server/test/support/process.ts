import { spawn, type ChildProcess } from 'node:child_process';
import path from 'node:path';

const ROOT = path.join(__dirname, '../../..');

/** Starts `npm start`'s entry point (from source) with `env`; resolves once it logs that it is ready. */
export function startProcess(env: Record<string, string>): { child: ChildProcess; ready: Promise<string>; exit: Promise<{ code: number | null; stderr: string }> } {
  const child = spawn(process.execPath, ['-r', '@swc-node/register', 'server/src/main.ts'], {
    cwd: ROOT,
    env: { PATH: process.env.PATH ?? '', LOG_LEVEL: 'info', ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let stdout = '';
  let stderr = '';
  child.stderr!.on('data', (d) => (stderr += d));
  const exit = new Promise<{ code: number | null; stderr: string }>((resolve) => child.on('exit', (code) => resolve({ code, stderr })));
  const ready = new Promise<string>((resolve, reject) => {
    child.stdout!.on('data', (d) => {
      stdout += d;
      const line = stdout.split('\n').find((l) => l.includes('Workroom API ready'));
      if (line) resolve(JSON.parse(line).url as string);
    });
    exit.then(({ stderr: err }) => reject(new Error(`exited before ready: ${err}`)));
  });
  ready.catch(() => undefined); // a test that expects an early exit never awaits it
  return { child, ready, exit };
}

