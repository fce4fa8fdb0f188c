import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { ENGINE } from './support/server';

const ROOT = path.join(__dirname, '../..');

// About the source tree, not data: it needs no database, so it runs once, in the SQLite project.
(ENGINE === 'sqlite' ? describe : describe.skip)('module boundaries', () => {
  it('CI runs `npm run depcruise` right after lint, and the script cruises server/src with the checked-in rules', () => {
    const ci = fs.readFileSync(path.join(ROOT, '.ci/run'), 'utf8');
    const steps = [...ci.matchAll(/^npm run (\S+)$/gm)].map((m) => m[1]);
    expect(steps.slice(steps.indexOf('lint'), steps.indexOf('lint') + 2)).toEqual(['lint', 'depcruise']);
    const pkg = JSON.parse(fs.readFileSync(path.join(ROOT, 'package.json'), 'utf8')) as { scripts: Record<string, string> };
    expect(pkg.scripts.depcruise).toBe('depcruise server/src --config .dependency-cruiser.cjs --output-type err');
  });

  it('finds no violation: no cycle, no deep import across modules, common imports no module', () => {
    const run = spawnSync(path.join(ROOT, 'node_modules/.bin/depcruise'), ['server/src', '--config', '.dependency-cruiser.cjs', '--output-type', 'json'], {
      cwd: ROOT,
      encoding: 'utf8',
      maxBuffer: 64 * 1024 * 1024,
    });
    const result = JSON.parse(run.stdout) as { summary: { violations: { rule: { name: string } }[]; totalCruised: number } };
    expect(result.summary.violations).toEqual([]);
    expect(result.summary.totalCruised).toBeGreaterThan(100);
    expect(run.status).toBe(0);
  });

  it('has a rule for every module folder, so a new module must be placed in the graph', () => {
    // eslint-disable-next-line @typescript-eslint/no-require-imports -- the config is CommonJS, read as CI reads it
    const config = require(path.join(ROOT, '.dependency-cruiser.cjs')) as { forbidden: { name: string }[] };
    const rules = new Set(config.forbidden.map((r) => r.name));
    const folders = fs.readdirSync(path.join(ROOT, 'server/src'), { withFileTypes: true }).filter((d) => d.isDirectory() && d.name !== 'db');
    expect(folders.filter((d) => !rules.has(`${d.name}-direction`)).map((d) => d.name)).toEqual([]);
    expect([...rules]).toEqual(expect.arrayContaining(['no-circular', 'only-through-index', 'common-direction']));
  });
});
