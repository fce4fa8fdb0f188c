import { spawnSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, readFileSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
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
 *
 * "Your own queries" is run as written too: its ```graphql file and ```yaml codegen config are
 * fed to graphql-codegen, and the blocks import the documents it generated (`./gql/graphql.js`).
 */
interface Example {
  section: string;
  body: string;
  /** The `// →` values, in order. */
  expected: string[];
}

const README = join(__dirname, '..', 'README.md');
const SDK_ENTRY = join(__dirname, '..', 'src', 'index.js');
const ROOT = join(__dirname, '..', '..');
const IMPORT = /^import (type )?\{([^}]*)\} from '@workroom\/sdk';\n/gm;
/** Where README examples import the documents codegen wrote for them. */
const GENERATED = './gql/graphql.js';
const LOGGED = /console\.log\(.*\);? \/\/ → (.+)$/;

/** The body of every fenced block in `language`, in order. */
function fenced(markdown: string, language: string): string[] {
  return [...markdown.matchAll(new RegExp('^```' + language + '\\n([\\s\\S]*?)^```$', 'gm'))].map((m) => m[1]);
}

/**
 * Runs the README's codegen recipe in `dir` (which gets a node_modules link): its .graphql
 * files under src/ and its codegen.yml, pointed at this repository's schema.graphql.
 */
function generateDocuments(markdown: string, dir: string): void {
  symlinkSync(join(ROOT, 'node_modules'), join(dir, 'node_modules'), 'dir');
  mkdirSync(join(dir, 'src'));
  fenced(markdown, 'graphql').forEach((doc, i) => writeFileSync(join(dir, 'src', `readme-${i}.graphql`), doc));
  const [config] = fenced(markdown, 'yaml');
  writeFileSync(join(dir, 'codegen.yml'), config.replace('node_modules/@workroom/sdk/schema.graphql', join(ROOT, 'schema.graphql')));
  const run = spawnSync(process.execPath, [join(ROOT, 'node_modules', '@graphql-codegen', 'cli', 'cjs', 'bin.js'), '--config', 'codegen.yml', '--silent'], {
    cwd: dir,
    encoding: 'utf8',
  });
  if (run.status !== 0) throw new Error(`README codegen recipe failed:\n${run.stdout}${run.stderr}`);
}

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
  const generated = new Set<string>();
  const bodies = examples.map(({ body }) =>
    body
      .replace(IMPORT, (_, type: string | undefined, names: string) => {
        for (const name of names.split(',').map((n) => n.trim()).filter(Boolean)) {
          if (name.startsWith('type ')) types.add(name.slice(5));
          else (type ? types : values).add(name);
        }
        return '';
      })
      .replace(/^import \{([^}]*)\} from '\.\/gql\/graphql\.js';\n/gm, (_, names: string) => {
        for (const name of names.split(',').map((n) => n.trim()).filter(Boolean)) generated.add(name);
        return '';
      }),
  );
  return [
    `import { ${[...values].join(', ')} } from ${JSON.stringify(SDK_ENTRY)};`,
    types.size ? `import type { ${[...types].join(', ')} } from ${JSON.stringify(SDK_ENTRY)};` : '',
    generated.size ? `import { ${[...generated].join(', ')} } from ${JSON.stringify(GENERATED)};` : '',
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
function typeErrors(source: string, dir: string): string[] {
  {
    // Beside the generated gql/, so that the examples' `./gql/graphql.js` resolves.
    writeFileSync(join(dir, 'src', 'readme.mts'), source);
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
    writeFileSync(join(dir, 'tsconfig.json'), JSON.stringify({ compilerOptions, files: ['src/readme.mts'] }));
    const tsc = spawnSync(process.execPath, [require.resolve('typescript/bin/tsc'), '-p', '.', '--pretty', 'false'], {
      cwd: dir,
      encoding: 'utf8',
    });
    const lines = source.split('\n');
    return `${tsc.stdout}${tsc.stderr}`
      .split('\n')
      .filter(Boolean)
      .map((message) => {
        const at = /^src\/readme\.mts\((\d+),\d+\)/.exec(message);
        return at ? `${message}\n    at: ${lines[Number(at[1]) - 1].trim()}` : message;
      });
  }
}

const markdown = readFileSync(README, 'utf8');
const examples = readExamples(markdown);
const source = program(examples);

/** A generated TypeScript module, compiled and loaded (it has no run-time imports). */
function compiled(file: string): unknown {
  const { code } = transformSync(readFileSync(file, 'utf8'), {
    jsc: { parser: { syntax: 'typescript' }, target: 'es2022' },
    module: { type: 'commonjs' },
  });
  const module = { exports: {} };
  new Function('require', 'module', 'exports', code)(() => {
    throw new Error(`${file} must have no run-time imports`);
  }, module, module.exports);
  return module.exports;
}

describe('sdk/README.md', () => {
  const api = useTestServer();
  let logs: unknown[] = [];
  let run: AsyncGenerator<void, void, undefined> | null = null;
  let dir = '';
  beforeAll(() => {
    dir = mkdtempSync(join(tmpdir(), 'workroom-readme-'));
    generateDocuments(markdown, dir);
  }, 120_000);
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  it('has the sections in order', () => {
    const sections = [...new Set(examples.map((e) => e.section))];
    expect(sections).toEqual([
      'Usage',
      'Authentication',
      'Variables',
      'Your own queries',
      'TypeScript',
      'Errors',
      'Retries and idempotency',
      'Cancelling',
      'Pagination',
      'Testing',
    ]);
  });

  // The same on both engines: checked once.
  (ENGINE === 'sqlite' ? it : it.skip)('type-checks as one strict program', () => {
    expect(typeErrors(source, dir)).toEqual([]);
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
          if (id === GENERATED) return compiled(join(dir, 'src', 'gql', 'graphql.ts'));
          throw new Error(`README examples import only @workroom/sdk and their generated documents, not ${id}`);
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
