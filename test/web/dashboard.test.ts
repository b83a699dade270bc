// The dashboard end to end, in headless Chromium against the built app, the real API and bot, and the
// fake Discord: log in through OAuth2, pick a server, add a command, see the bot answer it and the use
// arrive in the logs. Screenshots of each view land in test-artifacts/screenshots/.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import type { Page } from 'playwright-core';
import { startTestApp } from '../support/app.ts';
import { startFakeWorld } from '../support/bot.ts';
import { BROWSER_MISSING, launchBrowser, openPage, screenshot } from '../support/browser.ts';
import { loginEnv, PERMISSIONS } from '../support/dashboard-login.ts';

async function logIn(page: Page) {
  await page.goto('/');
  await page.getByRole('link', { name: 'Log in with Discord' }).click();
  await page.waitForURL(/\/servers\/\d+$/);
}

test('a server admin logs in, adds a command the bot answers at once, and watches its use arrive', { skip: BROWSER_MISSING }, async (t) => {
  const world = await startFakeWorld();
  const elsewhere = { id: '300000000000000042', name: 'Elsewhere' };
  world.fake.oauthUser = {
    user: world.admin,
    guilds: [
      { id: world.guild.id, name: world.guild.name, permissions: PERMISSIONS.manageGuild },
      { id: elsewhere.id, name: elsewhere.name, permissions: PERMISSIONS.none },
    ],
  };
  const app = await startTestApp(t, { bot: true, env: { ...world.env, ...loginEnv(world.fake) } });
  // After the app's teardown, so the bot stops before its Discord goes away.
  t.after(() => world.fake.close());
  const browser = await launchBrowser(t);
  const { page, errors } = await openPage(t, browser, app.url);

  await t.test('the login page, then Discord OAuth2, then the overview of the first server', async () => {
    await page.goto('/');
    await page.getByRole('heading', { name: 'Log in to the dashboard' }).waitFor();
    await screenshot(page, 'login');
    await logIn(page);
    assert.equal(new URL(page.url()).pathname, `/servers/${world.guild.id}`);
    await page.getByRole('heading', { name: 'Overview' }).waitFor();
    assert.equal(await page.getByTestId('user-name').textContent(), 'Ada');
  });

  await t.test('only the servers where Discord says Manage Server are offered', async () => {
    assert.deepEqual(await page.locator('#scope option').allTextContents(), ['Test Guild']);
    const status = await page.evaluate(async (id) => (await fetch(`/api/commands?guild_id=${id}`)).status, elsewhere.id);
    assert.equal(status, 403, 'the API refuses the guild without Manage Server');
    await page.goto(`/servers/${elsewhere.id}/logs`);
    await page.getByRole('heading', { name: 'You cannot manage this server' }).waitFor();
    await page.goto(`/servers/${world.guild.id}`);
  });

  await t.test('the logs view starts empty and says so', async () => {
    await page.getByRole('link', { name: 'Logs' }).click();
    await page.getByRole('heading', { name: 'No command uses yet' }).waitFor();
  });

  await t.test('create a command: the API\'s validation message shows on the field, the preview renders live', async () => {
    await page.getByRole('link', { name: 'Commands' }).click();
    await page.getByRole('heading', { name: 'No custom commands yet' }).waitFor();
    await page.keyboard.press('n');
    await page.waitForURL(/\/commands\/new$/);
    await page.locator('#field-name').fill('Welcome me!');
    await page.locator('#field-response').fill('Hi {user.mention}, welcome to {guild}! You said: {args}');
    await page.locator('#preview-args').fill('hello there');
    assert.equal(await page.getByTestId('preview').textContent(), 'Hi @Ada, welcome to Test Guild! You said: hello there');
    await page.getByRole('button', { name: 'Create command' }).click();
    const nameError = page.locator('[data-field-error="name"]');
    await nameError.waitFor();
    assert.equal(await nameError.textContent(), 'must be 1-32 characters: lowercase letters, digits, - or _');
    assert.equal(await page.locator('#field-name').getAttribute('aria-invalid'), 'true');
    assert.equal(await page.evaluate(() => (globalThis as unknown as PageWindow).document.activeElement?.id), 'field-name', 'focus moves to the bad field');
    await screenshot(page, 'command-form');
    await page.locator('#field-name').fill('welcome');
    await page.getByRole('button', { name: 'Create command' }).click();
    await page.waitForURL(/\/commands$/);
    await page.getByRole('link', { name: 'welcome', exact: true }).waitFor();
  });

  await t.test('the bot answers the new command through the gateway, and the use appears in the open logs view', async () => {
    await page.getByRole('link', { name: 'Logs' }).click();
    await page.getByRole('heading', { name: 'No command uses yet' }).waitFor();
    // Live through the API's change stream: while it is open the page does not poll.
    const polls: string[] = [];
    const countPolls = (request: { url(): string }) => {
      if (request.url().includes('/api/logs') && request.url().includes('after_id')) polls.push(request.url());
    };
    page.on('request', countPolls);
    await page.waitForTimeout(3_500);
    assert.deepEqual(polls, [], 'no polling while the stream is open');
    const reply = await world.say('!welcome to the jungle');
    const replied = performance.now();
    assert.equal(reply.content, `Hi <@${world.member.id}>, welcome to Test Guild! You said: to the jungle`);
    // No reload: the stream says rows were stored, and the page fetches those after its newest.
    const row = page.getByTestId('logs-table').locator('tbody tr').filter({ hasText: 'welcome' });
    await row.waitFor({ timeout: 15_000 });
    page.off('request', countPolls);
    assert.ok(performance.now() - replied < 1_500, `the row appeared ${Math.round(performance.now() - replied)} ms after the reply`);
    assert.match((await row.textContent()) ?? '', /welcome.*to the jungle.*bob.*OK/i);
    await screenshot(page, 'logs');
  });

  await t.test('filters narrow the logs and live in the address', async () => {
    await page.locator('#filter-status').selectOption('error');
    await page.getByRole('heading', { name: 'No command uses match these filters' }).waitFor();
    assert.match(page.url(), /status=error/);
    await page.getByRole('button', { name: 'Clear filters' }).first().click();
    await page.getByTestId('logs-table').waitFor();
  });

  await t.test('edit, disable and delete with confirmation', async () => {
    await page.getByRole('link', { name: 'Commands' }).click();
    await page.getByRole('link', { name: 'welcome', exact: true }).click();
    await page.locator('#field-response').fill('Welcome, {user}!');
    await page.getByRole('button', { name: 'Save changes' }).click();
    await page.waitForURL(/\/commands$/);
    const toggle = page.getByRole('switch', { name: 'Enable welcome' });
    await toggle.click();
    await page.getByText('welcome is disabled').waitFor();
    assert.equal(await toggle.getAttribute('aria-checked'), 'false');
    await screenshot(page, 'commands');
    await page.getByRole('button', { name: 'Delete welcome' }).click();
    const dialog = page.getByRole('dialog', { name: 'Delete welcome?' });
    await dialog.waitFor();
    await page.keyboard.press('Escape');
    await dialog.waitFor({ state: 'hidden' });
    await page.getByRole('button', { name: 'Delete welcome' }).click();
    await page.getByRole('button', { name: 'Delete command' }).click();
    await page.getByRole('heading', { name: 'No custom commands yet' }).waitFor();
    const rows = await app.request('GET', `/api/commands?guild_id=${world.guild.id}`);
    assert.deepEqual(rows.body.items, []);
  });

  await t.test('the overview counts the use and charts it', async () => {
    await page.getByRole('link', { name: 'Overview' }).click();
    await page.getByRole('heading', { name: 'Uses over the last 7 days' }).waitFor();
    await page.locator('ol li', { hasText: 'welcome' }).waitFor();
    await screenshot(page, 'overview');
  });

  await t.test('logging out ends the session', async () => {
    await page.getByRole('button', { name: 'Log out' }).click();
    await page.getByRole('heading', { name: 'Log in to the dashboard' }).waitFor();
    const status = await page.evaluate(async (id) => (await fetch(`/api/logs?guild_id=${id}`)).status, world.guild.id);
    assert.equal(status, 401);
  });

  assert.deepEqual(errors, []);
});

test('on a phone, in the dark theme, the menu opens as a drawer', { skip: BROWSER_MISSING }, async (t) => {
  const world = await startFakeWorld();
  t.after(() => world.fake.close());
  world.fake.oauthUser = { user: world.admin, guilds: [{ id: world.guild.id, name: world.guild.name, permissions: PERMISSIONS.administrator }] };
  const app = await startTestApp(t, { env: loginEnv(world.fake) });
  const browser = await launchBrowser(t);
  const { page, errors } = await openPage(t, browser, app.url, { viewport: { width: 390, height: 844 }, colorScheme: 'dark' });
  await logIn(page);
  assert.equal(await page.evaluate(() => (globalThis as unknown as PageWindow).document.documentElement.classList.contains('dark')), true);
  const logs = page.getByRole('link', { name: 'Logs' });
  assert.equal(await logs.isVisible(), false, 'the navigation is folded away');
  await page.getByRole('button', { name: 'Menu' }).click();
  await screenshot(page, 'phone-menu-dark');
  await logs.click();
  await page.getByRole('heading', { name: 'Logs' }).waitFor();
  // The drawer closes in an effect after the new page has painted: wait for it rather than read it once.
  await logs.waitFor({ state: 'hidden', timeout: 5_000 });
  const width = await page.evaluate(() => (globalThis as unknown as PageWindow).document.documentElement.scrollWidth);
  assert.ok(width <= 390, `no sideways scrolling of the page (${width}px)`);
  await screenshot(page, 'phone-logs-dark');
  assert.deepEqual(errors, []);
});

test('a denied consent ends on a page with a way back; without OAuth2 settings the dashboard says what to set', { skip: BROWSER_MISSING }, async (t) => {
  const world = await startFakeWorld();
  t.after(() => world.fake.close());
  world.fake.denyConsent = true;
  const app = await startTestApp(t, { env: loginEnv(world.fake) });
  const unconfigured = await startTestApp(t);
  const browser = await launchBrowser(t);
  const { page } = await openPage(t, browser, app.url);
  await page.goto('/');
  await page.getByRole('link', { name: 'Log in with Discord' }).click();
  await page.getByRole('heading', { name: 'Login cancelled' }).waitFor();
  await screenshot(page, 'login-cancelled');
  await page.getByRole('link', { name: 'Back to the dashboard' }).click();
  await page.getByRole('heading', { name: 'Log in to the dashboard' }).waitFor();

  await page.goto(unconfigured.url);
  await page.getByRole('heading', { name: 'Login is not configured' }).waitFor();
  assert.match((await page.locator('pre').textContent()) ?? '', /DISCORD_CLIENT_ID=.*DISCORD_CLIENT_SECRET=/s);
  await screenshot(page, 'login-not-configured');
});

/** What the checks below read of the page; they run in the browser, and the tests compile without the DOM lib. */
interface PageWindow {
  document: PageDocument;
}

interface PageDocument {
  activeElement: { id: string } | null;
  documentElement: { scrollWidth: number; classList: { contains(name: string): boolean } };
}
