// The dashboard's Settings page in headless Chromium: change the prefix, a built-in and the access
// roles (picked by name), see the API's message on a bad prefix, and be told, not overwritten, when
// someone else saved first. The bot answers the new prefix at once.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { startTestApp } from '../support/app.ts';
import { startFakeWorld } from '../support/bot.ts';
import { BROWSER_MISSING, launchBrowser, openPage, screenshot } from '../support/browser.ts';
import { loginEnv, PERMISSIONS } from '../support/dashboard-login.ts';
import { eventually } from '../support/eventually.ts';

test('the Settings page changes the prefix, the built-ins and the access roles', { skip: BROWSER_MISSING }, async (t) => {
  const world = await startFakeWorld();
  world.fake.oauthUser = { user: world.admin, guilds: [{ id: world.guild.id, name: world.guild.name, permissions: PERMISSIONS.manageGuild }] };
  const app = await startTestApp(t, { bot: true, env: { ...world.env, ...loginEnv(world.fake), COMMAND_PREFIX: '!' } });
  t.after(() => world.fake.close());
  const settingsPath = `/api/guilds/${world.guild.id}/settings`;

  const browser = await launchBrowser(t);
  const { page, errors } = await openPage(t, browser, app.url);
  await page.goto('/');
  await page.getByRole('link', { name: 'Log in with Discord' }).click();
  await page.waitForURL(/\/servers\/\d+$/);
  await page.getByRole('link', { name: 'Settings' }).first().click();
  const form = page.getByRole('form', { name: 'Server settings' });
  await form.getByLabel('Prefix of message commands').waitFor();

  await form.getByLabel('Prefix of message commands').fill('a b');
  await form.getByRole('button', { name: 'Save settings' }).click();
  await form.getByText('must be 1-5 characters without spaces').waitFor();

  await form.getByLabel('Prefix of message commands').fill('?');
  await form.getByRole('checkbox', { name: 'top' }).uncheck();
  await form.getByRole('combobox', { name: 'Roles that may look (read-only)' }).fill('Mo');
  await page.getByRole('option', { name: '@Mods' }).click();
  await form.getByText('Unsaved changes').waitFor();
  await form.getByRole('button', { name: 'Save settings' }).click();
  await page.getByText('Settings saved').waitFor();

  const saved = (await app.request('GET', settingsPath)).body;
  assert.equal(saved.prefix, '?');
  assert.deepEqual(saved.disabled_commands, ['top']);
  assert.deepEqual(saved.viewer_role_ids, ['900000000000000001']);
  assert.equal(saved.updated_by, world.admin.id);
  assert.match((await world.say('?ping')).content, /^Pong!/, 'the bot answers the new prefix at once');
  await form.getByText('@Mods').first().waitFor();
  await screenshot(page, 'settings');

  // Someone else saves while this page still shows version 1: saving says so and keeps theirs.
  await app.request('PATCH', settingsPath, { version: saved.version, prefix: '$' });
  await form.getByRole('combobox', { name: 'Roles that may also change things' }).fill('Mo');
  await page.getByRole('option', { name: '@Mods' }).click();
  await form.getByRole('button', { name: 'Save settings' }).click();
  await page.getByRole('alert').getByText('Someone else saved these settings').waitFor();
  assert.equal((await app.request('GET', settingsPath)).body.prefix, '$');
  await page.getByRole('alert').getByRole('button', { name: 'Reload' }).click();
  await eventually(async () => assert.equal(await form.getByLabel('Prefix of message commands').inputValue(), '$'));
  await form.getByRole('combobox', { name: 'Roles that may also change things' }).fill('Mo');
  await page.getByRole('option', { name: '@Mods' }).click();
  await form.getByRole('button', { name: 'Save settings' }).click();
  // The first save's toast may still be showing: the saved settings are what counts.
  await eventually(async () => assert.deepEqual((await app.request('GET', settingsPath)).body.editor_role_ids, ['900000000000000001']));
  assert.deepEqual(errors, []);
});
