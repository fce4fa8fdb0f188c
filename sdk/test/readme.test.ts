import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import ts from 'typescript';
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
const VIRTUAL = join(__dirname, '__readme__.ts');
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

function typeErrors(source: string): string[] {
  const options: ts.CompilerOptions = {
    strict: true,
    noEmit: true,
    target: ts.ScriptTarget.ES2022,
    module: ts.ModuleKind.NodeNext,
    moduleResolution: ts.ModuleResolutionKind.NodeNext,
    lib: ['lib.es2022.d.ts', 'lib.dom.d.ts'],
    types: [],
    skipLibCheck: true,
  };
  const host = ts.createCompilerHost(options);
  const { getSourceFile, fileExists, readFile } = host;
  host.getSourceFile = (name, ...rest) =>
    name === VIRTUAL ? ts.createSourceFile(name, source, ts.ScriptTarget.ES2022, true) : getSourceFile(name, ...rest);
  host.fileExists = (name) => name === VIRTUAL || fileExists(name);
  host.readFile = (name) => (name === VIRTUAL ? source : readFile(name));
  const diagnostics = ts.getPreEmitDiagnostics(ts.createProgram([VIRTUAL], options, host));
  return diagnostics.map((d) => {
    const where = d.file && d.start !== undefined ? d.file.getLineAndCharacterOfPosition(d.start) : null;
    const line = where ? source.split('\n')[where.line].trim() : '';
    return `${ts.flattenDiagnosticMessageText(d.messageText, '\n')}${line ? `\n    at: ${line}` : ''}`;
  });
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
  });

  examples.forEach((example, i) => {
    it(`runs example ${i + 1} (${example.section}) and prints what it says`, async () => {
      if (!run) {
        const { outputText } = ts.transpileModule(source, {
          compilerOptions: { module: ts.ModuleKind.CommonJS, target: ts.ScriptTarget.ES2022, esModuleInterop: true },
        });
        const module = { exports: {} as { readme: (url: string, log: { log(v: unknown): void }) => typeof run } };
        const load = (id: string): unknown => (id === SDK_ENTRY ? sdk : require(id));
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
