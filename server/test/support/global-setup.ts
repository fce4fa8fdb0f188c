import { buildWeb, webIsFresh } from '../../../web/build';

/** The IDE and join page tests need the browser bundles: build them once, unless nothing changed. */
export default async function globalSetup(): Promise<void> {
  if (!webIsFresh()) await buildWeb();
}
