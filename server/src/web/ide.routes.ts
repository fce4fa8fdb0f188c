import type { Express, RequestHandler } from 'express';
import type { Config } from '../config';
import type { WebAssets } from './assets';
import { html, sendPage } from './html';

/**
 * What GraphiQL needs beyond the page defaults: Monaco injects <style> elements and style
 * attributes, loads its codicon font (GraphiQL's own fonts are data: URLs), and runs its language services in same-origin workers.
 */
const IDE_CSP = {
  'style-src': "'self' 'unsafe-inline'",
  'font-src': "'self' data:",
  'worker-src': "'self'",
  'img-src': "'self' data:",
};

const idePage = (assets: WebAssets) => html`<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>Workroom GraphQL IDE</title>
<link rel="stylesheet" href="${assets.url('ide.css')}">
</head>
<body>
<div id="graphiql"><noscript>The GraphQL IDE needs JavaScript.</noscript></div>
<script src="${assets.url('ide.js')}"></script>
</body>
</html>`;

const notBuilt = html`<html lang="en"><head><meta charset="utf-8"><title>Workroom GraphQL IDE</title></head>
<body><p>The GraphQL IDE has not been built: run <code>npm run build:web</code> (part of <code>npm start</code>).</p></body></html>`;

/**
 * A browser opening `/graphql` or `/` (it prefers text/html) gets the IDE; everything else, JSON
 * clients and POSTs included, goes on to the API. Off with PLAYGROUND=off.
 */
export function ideRoutes(app: Express, config: Config, assets: WebAssets | null): void {
  if (!config.playground) return;
  const page: RequestHandler = (req, res, next) => {
    if (req.accepts(['application/graphql-response+json', 'application/json', 'text/html']) !== 'text/html') return next();
    if (!assets) return sendPage(res, 503, notBuilt);
    sendPage(res, 200, idePage(assets), IDE_CSP);
  };
  app.get(['/', '/graphql'], page);
}
