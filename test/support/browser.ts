// Headless Chromium (Debian's /usr/bin/chromium, never a downloaded one) driven by playwright-core,
// for end-to-end tests of the built dashboard. Console errors and page crashes fail the test.
import assert from 'node:assert/strict';
import { existsSync } from 'node:fs';
import { mkdir } from 'node:fs/promises';
import { join } from 'node:path';
import type { TestContext } from 'node:test';
import { type Browser, chromium, type Page } from 'playwright-core';
import { ensureDashboardBuilt } from './dashboard-build.ts';

const CHROMIUM = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';

/**
 * Why browser tests cannot run here, or false. `npm test` must pass on a machine with only Node, so
 * without Chromium they are skipped with this reason, shown in the summary; CI (CI=true) never
 * skips them: there a missing Chromium fails the run.
 */
export const BROWSER_MISSING: string | false =
  !existsSync(CHROMIUM) && !process.env.CI ? `${CHROMIUM} is not installed (apt-get install -y chromium); browser tests skipped` : false;
/** Where screenshots of each view are kept (git-ignored). */
export const SCREENSHOTS = join(import.meta.dirname, '..', '..', 'test-artifacts', 'screenshots');

export async function launchBrowser(t: Pick<TestContext, 'after'>): Promise<Browser> {
  assert.ok(existsSync(CHROMIUM), `${CHROMIUM} is missing: install Debian's chromium (apt-get install -y chromium; .ci/run does)`);
  ensureDashboardBuilt();
  // A browser server rather than chromium.launch(), for its kill(): a graceful close of Debian's
  // Chromium sometimes never finishes (seen under load, and once it stalled a CI run to its limit).
  const server = await chromium.launchServer({
    executablePath: CHROMIUM,
    headless: true,
    args: ['--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking', '--disable-component-update', '--disable-sync'],
  });
  const browser = await chromium.connect(server.wsEndpoint());
  t.after(async () => {
    let timer: NodeJS.Timeout | undefined;
    const closed = await Promise.race([
      browser.close().then(() => server.close()).then(() => true),
      new Promise<false>((resolve) => {
        timer = setTimeout(() => resolve(false), 10_000);
      }),
    ]);
    clearTimeout(timer);
    if (!closed) {
      console.error('Chromium did not close within 10 s: killed');
      await server.kill();
    }
  });
  return browser;
}

export interface PageOptions {
  viewport?: { width: number; height: number };
  colorScheme?: 'light' | 'dark';
  timezoneId?: string;
}

/** A fresh browser context (own cookies) and page on `baseURL`; its console errors are collected. */
export async function openPage(t: Pick<TestContext, 'after'>, browser: Browser, baseURL: string, options: PageOptions = {}): Promise<{ page: Page; errors: string[] }> {
  const context = await browser.newContext({
    baseURL,
    viewport: options.viewport ?? { width: 1280, height: 860 },
    colorScheme: options.colorScheme ?? 'light',
    timezoneId: options.timezoneId ?? 'Europe/Paris',
    locale: 'en-GB',
  });
  t.after(() => context.close());
  const page = await context.newPage();
  page.setDefaultTimeout(10_000);
  const errors: string[] = [];
  page.on('pageerror', (error) => errors.push(`page error: ${error.message}`));
  page.on('console', (message) => {
    // The browser logs failed requests (the 401 of /api/me before login, a 403 on purpose) as errors.
    if (message.type() === 'error' && !/Failed to load resource/.test(message.text())) errors.push(`console: ${message.text()}`);
  });
  return { page, errors };
}

/** Saves test-artifacts/screenshots/<name>.png: the whole page, or only the viewport. */
export async function screenshot(page: Page, name: string, { fullPage = true } = {}): Promise<void> {
  await mkdir(SCREENSHOTS, { recursive: true });
  await page.screenshot({ path: join(SCREENSHOTS, `${name}.png`), fullPage });
}
