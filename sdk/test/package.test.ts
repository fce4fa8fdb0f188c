import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';

const SDK = join(__dirname, '..');
const manifest = JSON.parse(readFileSync(join(SDK, 'package.json'), 'utf8')) as {
  name: string;
  type: string;
  exports: Record<string, unknown>;
  dependencies?: Record<string, string>;
  peerDependencies?: Record<string, string>;
  scripts: Record<string, string>;
};
const sources = readdirSync(join(SDK, 'src'))
  .filter((f) => f.endsWith('.ts'))
  .map((file) => ({ file, text: readFileSync(join(SDK, 'src', file), 'utf8') }));
const specifiers = sources.flatMap(({ file, text }) =>
  [...text.matchAll(/^(?:import|export)\b[^;]*?from '([^']+)'/gm)].map((m) => ({ file, specifier: m[1] })),
);

describe('the @workroom/sdk package', () => {
  it('is an ES module package with import and require entry points, each with its types', () => {
    expect(manifest.name).toBe('@workroom/sdk');
    expect(manifest.type).toBe('module');
    expect(manifest.exports['.']).toEqual({
      import: { types: './dist/esm/index.d.ts', default: './dist/esm/index.js' },
      require: { types: './dist/cjs/index.d.ts', default: './dist/cjs/index.js' },
    });
    expect(manifest.scripts.prepack).toBe('npm run build');
  });

  it('imports only its declared dependencies and its own files, with .js extensions (Node ESM)', () => {
    const declared = new Set([...Object.keys(manifest.dependencies ?? {}), ...Object.keys(manifest.peerDependencies ?? {})]);
    const bad = specifiers.filter(({ specifier }) =>
      specifier.startsWith('.') ? !specifier.endsWith('.js') : !declared.has(specifier),
    );
    expect(specifiers.map((s) => s.specifier)).toEqual(expect.arrayContaining(['graphql', '@graphql-typed-document-node/core', './generated.js', './server-codes.js']));
    expect(bad).toEqual([]);
  });

  it('uses nothing Node-only, so it runs in browsers', () => {
    const nodeOnly = /\b(process|Buffer|require|__dirname|__filename|global)\b[.(]|from 'node:/;
    expect(sources.filter(({ text }) => nodeOnly.test(text)).map(({ file }) => file)).toEqual([]);
  });
});
