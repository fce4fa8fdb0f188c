import type { WebAssets } from './assets';
import { html, type SafeHtml } from './html';

/**
 * The one-card page of the links people open from an email (join, reset password, verify email): the
 * join stylesheet, no robots, and the join script only where the page needs it.
 */
export const cardPage = (assets: WebAssets | null, title: string, body: SafeHtml, script = false) => html`<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<meta name="robots" content="noindex">
<title>${title} · Workroom</title>
${assets ? html`<link rel="stylesheet" href="${assets.url('join.css')}">` : ''}
</head>
<body>
<main class="card">
${body}
</main>
${script && assets ? html`<script src="${assets.url('join.js')}"></script>` : ''}
</body>
</html>`;
