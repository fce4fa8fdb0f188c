import fs from 'node:fs';
import path from 'node:path';
import { chromium, type Browser, type Page } from 'playwright-core';

/** Debian's Chromium (`apt-get install -y chromium`; .ci/run installs it). WORKROOM_CHROMIUM points elsewhere. */
export const CHROMIUM = process.env.WORKROOM_CHROMIUM ?? '/usr/bin/chromium';

/** Screenshots and other browser test output (gitignored). */
export const ARTIFACTS = path.join(__dirname, '../../..', 'artifacts');

/** Why the browser suite cannot run here, or null when Chromium is installed. */
export function chromiumUnavailable(): string | null {
  return fs.existsSync(CHROMIUM) ? null : `${CHROMIUM} is missing (apt-get install -y chromium)`;
}

/** Headless Chromium with everything that would phone home switched off. */
export function launchBrowser(): Promise<Browser> {
  return chromium.launch({
    executablePath: CHROMIUM,
    headless: true,
    args: [
      '--headless',
      '--no-sandbox',
      '--disable-gpu',
      '--disable-background-networking',
      '--disable-component-update',
      '--disable-sync',
      '--no-first-run',
    ],
  });
}

export interface TestPage {
  page: Page;
  /** Every request the page (or one of its workers) tried to send to another origin; each was aborted. */
  foreignRequests: string[];
  /** Console errors and uncaught exceptions, e.g. a content security policy violation. */
  errors: string[];
  close(): Promise<void>;
}

/**
 * A fresh browser context on `origin`: any request to another origin is aborted and recorded, so
 * a test can assert that a page needs nothing but this server.
 */
export async function openPage(browser: Browser, origin: string): Promise<TestPage> {
  const context = await browser.newContext({ viewport: { width: 1400, height: 900 }, deviceScaleFactor: 1, serviceWorkers: 'block' });
  const foreignRequests: string[] = [];
  const errors: string[] = [];
  await context.route('**/*', (route) => {
    const url = route.request().url();
    if (new URL(url).origin === origin) return route.continue();
    foreignRequests.push(url);
    return route.abort('blockedbyclient');
  });
  const page = await context.newPage();
  page.on('console', (message) => {
    if (message.type() === 'error') errors.push(message.text());
  });
  page.on('pageerror', (error) => errors.push(String(error)));
  return { page, foreignRequests, errors, close: () => context.close() };
}

/** Saves a screenshot as artifacts/<name>.png; returns its path. */
export async function screenshot(page: Page, name: string): Promise<string> {
  fs.mkdirSync(ARTIFACTS, { recursive: true });
  const file = path.join(ARTIFACTS, `${name}.png`);
  await page.screenshot({ path: file });
  return file;
}
