import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { transformSync } from '@swc/core';
import { ENGINE, useTestServer } from '../../server/test/support/server';
import * as sdk from '../src';

/**
 * sdk/README.md is a transcript: its ```ts blocks run in order, as one program, against a live
 * server, one test per block; each `console.log(…); // → value` must print that value. The same
 * program is type-checked first (strict, NodeNext, browser lib, no Node types), so the
 * examples compile for users and their `@ts-expect-error` lines really are errors.
 */
interface Example {
  section: string;
  body: string;
  /** The `// →` values, in order. */
  expected: string[];
}

const README = join(__dirname, '..', 'README.md');
const SDK_ENTRY = join(__dirname, '..', 'src', 'index.js');
const IMPORT = /^import (type )?\{([^}]*)\} from '@workroom\/sdk';\n/gm;
const LOGGED = /console\.log\(.*\);? \/\/ → (.+)$/;

function readExamples(markdown: string): Example[] {
  const examples: Example[] = [];
  let section = '';
  let block: string[] | null = null;
  for (const line of markdown.split('\n')) {
    if (block) {
      if (line === '```') {
        const body = block.join('\n');
        const expected = block.map((l) => LOGGED.exec(l)?.[1]).filter((v): v is string => v !== undefined);
        const logs = block.filter((l) => l.includes('console.log(')).length;
        if (logs !== expected.length) throw new Error(`README (${section}): every console.log needs a "// → value" comment`);
        examples.push({ section, body, expected });
        block = null;
      } else block.push(line);
    } else if (line.startsWith('## ')) section = line.slice(3);
    else if (line === '```ts') block = [];
  }
  return examples;
}

/** One async generator that runs example i between its (i-1)th and ith `yield`. */
function program(examples: Example[]): string {
  const values = new Set<string>();
  const types = new Set<string>();
  const bodies = examples.map(({ body }) =>
    body.replace(IMPORT, (_, type: string | undefined, names: string) => {
      for (const name of names.split(',').map((n) => n.trim()).filter(Boolean)) (type ? types : values).add(name);
      return '';
    }),
  );
  return [
    `import { ${[...values].join(', ')} } from ${JSON.stringify(SDK_ENTRY)};`,
    types.size ? `import type { ${[...types].join(', ')} } from ${JSON.stringify(SDK_ENTRY)};` : '',
    'export async function* readme(WORKROOM_URL: string, console: { log(value: unknown): void }) {',
    bodies.join('\nyield;\n'),
    'yield;',
    '}',
  ].join('\n');
}

/**
 * Runs tsc in a child process: a whole program (DOM lib included) held in a jest worker makes
 * the worker too slow to exit.
 */
function typeErrors(source: string): string[] {
  const dir = mkdtempSync(join(tmpdir(), 'workroom-readme-'));
  try {
    writeFileSync(join(dir, 'readme.mts'), source);
    const compilerOptions = {
      strict: true,
      noEmit: true,
      target: 'ES2022',
      module: 'NodeNext',
      moduleResolution: 'NodeNext',
      lib: ['ES2022', 'DOM'],
      types: [],
      skipLibCheck: true,
    };
    writeFileSync(join(dir, 'tsconfig.json'), JSON.stringify({ compilerOptions, files: ['readme.mts'] }));
    const tsc = spawnSync(process.execPath, [require.resolve('typescript/bin/tsc'), '-p', '.', '--pretty', 'false'], {
      cwd: dir,
      encoding: 'utf8',
    });
    const lines = source.split('\n');
    return `${tsc.stdout}${tsc.stderr}`
      .split('\n')
      .filter(Boolean)
      .map((message) => {
        const at = /^readme\.mts\((\d+),\d+\)/.exec(message);
        return at ? `${message}\n    at: ${lines[Number(at[1]) - 1].trim()}` : message;
      });
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

const examples = readExamples(readFileSync(README, 'utf8'));
const source = program(examples);

describe('sdk/README.md', () => {
  const api = useTestServer();
  let logs: unknown[] = [];
  let run: AsyncGenerator<void, void, undefined> | null = null;

  it('has the sections in order: Usage, Authentication, Variables, TypeScript, Errors, Pagination, Testing', () => {
    const sections = [...new Set(examples.map((e) => e.section))];
    expect(sections).toEqual(['Usage', 'Authentication', 'Variables', 'TypeScript', 'Errors', 'Pagination', 'Testing']);
  });

  // The same on both engines: checked once.
  (ENGINE === 'sqlite' ? it : it.skip)('type-checks as one strict program', () => {
    expect(typeErrors(source)).toEqual([]);
  }, 120_000);

  examples.forEach((example, i) => {
    it(`runs example ${i + 1} (${example.section}) and prints what it says`, async () => {
      if (!run) {
        const { code: outputText } = transformSync(source, {
          jsc: { parser: { syntax: 'typescript' }, target: 'es2022' },
          module: { type: 'commonjs' },
        });
        const module = { exports: {} as { readme: (url: string, log: { log(v: unknown): void }) => typeof run } };
        const load = (id: string): unknown => {
          if (id === SDK_ENTRY) return sdk;
          throw new Error(`README examples import only @workroom/sdk, not ${id}`);
        };
        new Function('require', 'module', 'exports', outputText)(load, module, module.exports);
        run = module.exports.readme(`${api.url}/graphql`, { log: (value) => logs.push(value) });
      }
      logs = [];
      const step = await run!.next();
      expect(step.done).toBe(false);
      expect(logs).toEqual(example.expected.map((literal) => new Function(`return (${literal});`)()));
    });
  });
});
