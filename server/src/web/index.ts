/** What a person meets in a browser: the GraphQL IDE, built assets, and the HTML helpers other pages use. */
export { assetRoutes, loadWebAssets, type WebAssets } from './assets';
export { cardPage } from './card-page';
export { escapeHtml, html, sendPage, SafeHtml } from './html';
export { ideRoutes } from './ide.routes';
