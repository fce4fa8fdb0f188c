import fs from 'node:fs';
import path from 'node:path';
import express, { type Express } from 'express';

/** The repository root: where package.json is, from the source tree and from dist/ alike. */
function packageRoot(from: string): string {
  for (let dir = from; ; dir = path.dirname(dir)) {
    if (fs.existsSync(path.join(dir, 'package.json'))) return dir;
    if (path.dirname(dir) === dir) throw new Error(`no package.json above ${from}`);
  }
}

/** Where web/build.ts writes the browser bundles. */
export const WEB_DIR = path.join(packageRoot(__dirname), 'dist', 'web');

/** Hashed file names of the built browser assets (dist/web/manifest.json), by logical name. */
export interface WebAssets {
  /** `/assets/<hashed name>` of a logical asset such as `ide.js`; throws when it was not built. */
  url(name: string): string;
}

/**
 * The built assets, or null when `npm run build:web` has not run (then the pages say so instead
 * of serving a broken page).
 */
export function loadWebAssets(dir = WEB_DIR): WebAssets | null {
  let assets: Record<string, string>;
  try {
    assets = (JSON.parse(fs.readFileSync(path.join(dir, 'manifest.json'), 'utf8')) as { assets: Record<string, string> }).assets;
  } catch {
    return null;
  }
  return {
    url(name) {
      const file = assets[name];
      if (!file) throw new Error(`web asset ${name} is not in ${dir}/manifest.json: run npm run build:web`);
      return `/assets/${file}`;
    },
  };
}

/**
 * Serves dist/web under /assets. Names carry a content hash, so a year of caching is safe; any
 * other path under /assets is a plain 404 (never an index or a directory listing).
 */
export function assetRoutes(app: Express, dir = WEB_DIR): void {
  app.use(
    '/assets',
    express.static(dir, {
      immutable: true,
      maxAge: '365d',
      index: false,
      redirect: false,
      dotfiles: 'ignore',
      setHeaders: (res, file) => {
        res.setHeader('X-Content-Type-Options', 'nosniff');
        // Workers are scripts too: they get the same policy as the pages that start them.
        if (file.endsWith('.js')) res.setHeader('Content-Security-Policy', "default-src 'self'");
        if (file.endsWith('manifest.json')) res.setHeader('Cache-Control', 'no-cache');
      },
    }),
  );
}
