/** The results: the table on stdout, the `--json` file, and the SVG chart for the README. */
import type { ContestantKey } from './contestants/process';
import type { Workload, WorkloadName } from './workloads';

export interface Metrics {
  rps: number;
  p50Ms: number;
  p99Ms: number;
  cpuMsPerRequest: number;
  sqlPerRequest: number;
  rssMb: number;
}

export type Results = Partial<Record<WorkloadName, Record<ContestantKey, Metrics>>>;

const round = (n: number, digits: number) => Number(n.toFixed(digits));

/** `{ workloads: { W1: { project, floor, peers: { "mercurius-jit": … } } } }`, exactly. */
export function toJson(results: Results) {
  const out: Record<string, { project: Metrics; floor: Metrics; peers: Record<string, Metrics> }> = {};
  for (const [name, r] of Object.entries(results)) out[name] = { project: r.project, floor: r.floor, peers: { 'mercurius-jit': r['mercurius-jit'] } };
  return { workloads: out };
}

export function metricsOf(m: Metrics): Metrics {
  return {
    rps: round(m.rps, 1),
    p50Ms: round(m.p50Ms, 2),
    p99Ms: round(m.p99Ms, 2),
    cpuMsPerRequest: round(m.cpuMsPerRequest, 3),
    sqlPerRequest: round(m.sqlPerRequest, 2),
    rssMb: round(m.rssMb, 1),
  };
}

const LABEL: Record<ContestantKey, string> = { project: 'Workroom', floor: 'floor', 'mercurius-jit': 'mercurius-jit' };
const fmt = (n: number) => (n >= 100 ? Math.round(n).toLocaleString('en-US') : n >= 10 ? n.toFixed(1) : n.toFixed(2));

/** A Markdown table (it reads as plain text on a terminal too). */
export function table(results: Results, workloads: Workload[]): string {
  const lines = [
    '| workload | contestant | req/s | p50 ms | p99 ms | CPU ms/req | SQL/req | peak RSS MB | × floor | × peer |',
    '|---|---|--:|--:|--:|--:|--:|--:|--:|--:|',
  ];
  for (const w of workloads) {
    const r = results[w.name];
    if (!r) continue;
    for (const key of ['project', 'floor', 'mercurius-jit'] as ContestantKey[]) {
      const m = r[key];
      lines.push(
        `| ${key === 'project' ? w.title : ''} | ${LABEL[key]} | ${fmt(m.rps)} | ${fmt(m.p50Ms)} | ${fmt(m.p99Ms)} | ${fmt(m.cpuMsPerRequest)} | ${m.sqlPerRequest.toFixed(1)} | ${Math.round(m.rssMb)} | ${(m.rps / r.floor.rps).toFixed(2)} | ${(m.rps / r['mercurius-jit'].rps).toFixed(2)} |`,
      );
    }
  }
  return lines.join('\n');
}

const COLORS: Record<ContestantKey, string> = { project: '#2563eb', floor: '#9ca3af', 'mercurius-jit': '#f59e0b' };
const esc = (s: string) => s.replace(/&/g, '&amp;').replace(/</g, '&lt;');

/** Grouped bars of req/s per workload and contestant, on a log scale (they span four decades). */
export function svgChart(results: Results, workloads: Workload[], subtitle: string): string {
  const names = workloads.map((w) => w.name).filter((n) => results[n]);
  const keys: ContestantKey[] = ['project', 'mercurius-jit', 'floor'];
  const values = names.flatMap((n) => keys.map((k) => results[n]![k].rps)).filter((v) => v > 0);
  const lo = Math.floor(Math.log10(Math.min(...values, 1)));
  const hi = Math.ceil(Math.log10(Math.max(...values, 10)));
  const [w, h, left, top, bottom] = [760, 360, 70, 50, 60];
  const plotH = h - top - bottom;
  const groupW = (w - left - 20) / names.length;
  const barW = Math.min(48, (groupW - 30) / keys.length);
  const y = (v: number) => top + plotH - ((Math.log10(Math.max(v, 10 ** lo)) - lo) / (hi - lo)) * plotH;
  const parts: string[] = [
    `<svg xmlns="http://www.w3.org/2000/svg" width="${w}" height="${h}" viewBox="0 0 ${w} ${h}" font-family="sans-serif" font-size="12">`,
    `<rect width="100%" height="100%" fill="#fff"/>`,
    `<text x="${left}" y="20" font-size="15" font-weight="bold">Requests per second (log scale), higher is better</text>`,
    `<text x="${left}" y="38" fill="#555">${esc(subtitle)}</text>`,
  ];
  for (let e = lo; e <= hi; e += 1) {
    parts.push(`<line x1="${left}" x2="${w - 20}" y1="${y(10 ** e)}" y2="${y(10 ** e)}" stroke="#e5e7eb"/>`);
    parts.push(`<text x="${left - 8}" y="${y(10 ** e) + 4}" text-anchor="end" fill="#555">${(10 ** e).toLocaleString('en-US')}</text>`);
  }
  names.forEach((name, g) => {
    const x0 = left + g * groupW + (groupW - barW * keys.length) / 2;
    keys.forEach((key, i) => {
      const v = results[name]![key].rps;
      const x = x0 + i * barW;
      parts.push(`<rect x="${x + 2}" y="${y(v)}" width="${barW - 4}" height="${top + plotH - y(v)}" fill="${COLORS[key]}"><title>${LABEL[key]} ${name}: ${fmt(v)} req/s</title></rect>`);
      parts.push(`<text x="${x + barW / 2}" y="${y(v) - 4}" text-anchor="middle" font-size="10">${fmt(v)}</text>`);
    });
    parts.push(`<text x="${left + g * groupW + groupW / 2}" y="${top + plotH + 18}" text-anchor="middle" font-weight="bold">${name}</text>`);
  });
  keys.forEach((key, i) => {
    const x = left + i * 200;
    parts.push(`<rect x="${x}" y="${h - 22}" width="12" height="12" fill="${COLORS[key]}"/><text x="${x + 18}" y="${h - 12}">${LABEL[key]}</text>`);
  });
  parts.push('</svg>');
  return parts.join('\n') + '\n';
}
