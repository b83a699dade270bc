// A first run without a Discord application: the login page signs in with the API token and the
// dashboard opens as a global admin.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { startTestApp, TEST_TOKEN } from '../support/app.ts';
import { BROWSER_MISSING, launchBrowser, openPage, screenshot } from '../support/browser.ts';

test('without OAuth2, "Sign in with the API token" opens the dashboard; a wrong token says so', { skip: BROWSER_MISSING }, async (t) => {
  const app = await startTestApp(t);
  const browser = await launchBrowser(t);
  const { page, errors } = await openPage(t, browser, app.url);
  await page.goto('/');
  await page.getByRole('heading', { name: 'Login is not configured' }).waitFor();

  await page.getByLabel('API token').fill('not-the-token');
  await page.getByRole('button', { name: 'Sign in with the API token' }).click();
  await page.getByRole('heading', { name: 'That is not the API token' }).waitFor();
  await page.getByRole('link', { name: 'Back to the dashboard' }).click();

  await page.getByLabel('API token').fill(TEST_TOKEN);
  await page.getByRole('button', { name: 'Sign in with the API token' }).click();
  await page.waitForURL(/\/servers\/global$/);
  await screenshot(page, 'token-login');
  assert.deepEqual(errors, []);
});
