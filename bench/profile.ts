/** `--profile DIR`: Workroom runs with `node --cpu-prof`; this reads the profile's top frames by self time. */
import fs from 'node:fs';
import path from 'node:path';

interface CpuProfile {
  nodes: { id: number; callFrame: { functionName: string; url: string; lineNumber: number } }[];
  samples: number[];
  timeDeltas: number[];
}

const ROOT = path.resolve(__dirname, '..');

/**
 * The `top` frames by self time in the profile `file`, one line each: ms, share of busy time,
 * function, place. `sqliteStatement` (bench/count-sql.cjs) carries SQLite's native execution time.
 */
export function topFrames(file: string, top = 15): string[] {
  const profile = JSON.parse(fs.readFileSync(file, 'utf8')) as CpuProfile;
  const selfMicros = new Map<number, number>();
  profile.samples.forEach((id, i) => selfMicros.set(id, (selfMicros.get(id) ?? 0) + (profile.timeDeltas[i] ?? 0)));
  const byFrame = new Map<string, number>();
  let total = 0;
  for (const node of profile.nodes) {
    const micros = selfMicros.get(node.id) ?? 0;
    const { functionName, url, lineNumber } = node.callFrame;
    // Shares are of the time the process was busy.
    if (functionName === '(idle)') continue;
    total += micros;
    const where = url ? `${url.replace(/^file:\/\//, '').replace(`${ROOT}/`, '')}:${lineNumber + 1}` : '';
    const key = `${functionName || '(anonymous)'} ${where}`.trim();
    byFrame.set(key, (byFrame.get(key) ?? 0) + micros);
  }
  return [...byFrame.entries()]
    .sort((a, b) => b[1] - a[1])
    .slice(0, top)
    .map(([frame, micros]) => `${(micros / 1000).toFixed(0).padStart(7)} ms ${((100 * micros) / total).toFixed(1).padStart(5)} %  ${frame}`);
}

/** The one .cpuprofile node wrote into `dir`, moved to `target`. */
export function collectProfile(dir: string, target: string): string | null {
  const file = fs.existsSync(dir) ? fs.readdirSync(dir).find((f) => f.endsWith('.cpuprofile')) : undefined;
  if (!file) return null;
  fs.mkdirSync(path.dirname(target), { recursive: true });
  fs.renameSync(path.join(dir, file), target);
  return target;
}
