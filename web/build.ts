/**
 * Bundles the browser code (the GraphQL IDE and the join page) into dist/web with esbuild. Every
 * asset is served by this server (no CDN at run time); file names carry a content hash so they can
 * be cached for a year, and dist/web/manifest.json maps logical names to them for the HTML pages.
 *
 * Run by `npm run build:web` (part of `build:server`, so `npm start` builds it) and by the test
 * suite's global setup, which skips the work when no input changed.
 */
import fs from 'node:fs';
import path from 'node:path';
import { build, type BuildOptions, type Metafile } from 'esbuild';

export const ROOT = path.join(__dirname, '..');
export const OUT_DIR = path.join(ROOT, 'dist', 'web');
const MANIFEST = path.join(OUT_DIR, 'manifest.json');

/** Logical asset name → hashed file name in dist/web; `inputs` lets a later build see it is fresh. */
export interface WebManifest {
  assets: Record<string, string>;
  inputs: string[];
}

const common = {
  bundle: true,
  minify: true,
  format: 'iife',
  target: 'es2022',
  outdir: OUT_DIR,
  entryNames: '[name]-[hash]',
  assetNames: '[name]-[hash]',
  metafile: true,
  logLevel: 'warning',
  legalComments: 'external',
  define: { 'process.env.NODE_ENV': '"production"' },
} satisfies BuildOptions;

const resolve = (request: string) => require.resolve(request, { paths: [ROOT] });

/** Monaco runs its language services in workers; GraphiQL's `setup-workers/*` would load them from a CDN. */
const WORKERS = {
  'editor.worker': resolve('monaco-editor/esm/vs/editor/editor.worker.js'),
  'json.worker': resolve('monaco-editor/esm/vs/language/json/json.worker.js'),
  'graphql.worker': resolve('monaco-graphql/esm/graphql.worker.js'),
};

/** Output file (relative to dist/web) of each entry point, and of the CSS an entry imported. */
function outputsOf(metafile: Metafile): Record<string, string> {
  const named: Record<string, string> = {};
  for (const [file, output] of Object.entries(metafile.outputs)) {
    if (!output.entryPoint && !output.cssBundle) continue;
    const base = path.basename(file);
    const logical = base.replace(/-[A-Z0-9]{8}(\.\w+)$/, '$1');
    named[logical] = base;
    if (output.cssBundle) named[path.basename(output.cssBundle).replace(/-[A-Z0-9]{8}(\.\w+)$/, '$1')] = path.basename(output.cssBundle);
  }
  return named;
}

const inputsOf = (...metafiles: Metafile[]) =>
  [...new Set(metafiles.flatMap((m) => Object.keys(m.inputs)))].filter((f) => !f.includes('node_modules') && !f.startsWith('<')).sort();

/** Builds everything into dist/web (replacing what was there) and writes the manifest. */
export async function buildWeb(): Promise<WebManifest> {
  fs.rmSync(OUT_DIR, { recursive: true, force: true });
  const workers = await build({
    ...common,
    entryPoints: Object.entries(WORKERS).map(([out, source]) => ({ in: source, out })),
  });
  const workerFiles = outputsOf(workers.metafile);
  const pages = await build({
    ...common,
    absWorkingDir: ROOT,
    entryPoints: [
      { in: 'web/ide/main.tsx', out: 'ide' },
      { in: 'web/join/join.ts', out: 'join' },
    ],
    jsx: 'automatic',
    loader: { '.ttf': 'file', '.woff': 'file', '.woff2': 'file' },
    define: {
      ...common.define,
      // The IDE page asks for each worker by label; the names are only known after hashing.
      WORKROOM_WORKERS: JSON.stringify(
        Object.fromEntries(Object.keys(WORKERS).map((name) => [name, `/assets/${workerFiles[`${name}.js`]}`])),
      ),
    },
  });
  const manifest: WebManifest = {
    assets: { ...workerFiles, ...outputsOf(pages.metafile) },
    inputs: inputsOf(pages.metafile),
  };
  fs.writeFileSync(MANIFEST, JSON.stringify(manifest, null, 2));
  return manifest;
}

/** True when dist/web was built after every one of its own (non-dependency) source files last changed. */
export function webIsFresh(): boolean {
  try {
    const manifest = JSON.parse(fs.readFileSync(MANIFEST, 'utf8')) as WebManifest;
    const builtAt = fs.statSync(MANIFEST).mtimeMs;
    const sources = [...manifest.inputs, 'web/build.ts', 'package-lock.json'];
    return sources.every((file) => fs.statSync(path.join(ROOT, file)).mtimeMs < builtAt);
  } catch {
    return false;
  }
}

if (require.main === module) {
  const started = Date.now();
  buildWeb().then(
    (manifest) => console.log(`web: ${Object.keys(manifest.assets).length} assets in dist/web (${Date.now() - started} ms)`),
    (error: unknown) => {
      console.error(error);
      process.exit(1);
    },
  );
}
