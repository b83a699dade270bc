// A member whose role the server's settings list as read-only, in headless Chromium: every page of
// the server shows, and no control that could change anything does.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { startTestApp } from '../support/app.ts';
import { BOT_TOKEN } from '../support/bot.ts';
import { BROWSER_MISSING, launchBrowser, openPage, screenshot } from '../support/browser.ts';
import { loginEnv, PERMISSIONS } from '../support/dashboard-login.ts';
import { startFakeDiscord } from '../support/fake-discord/index.ts';

const VIEWERS = '940000000000000001';

test('a read-only role sees the pages without their edit controls', { skip: BROWSER_MISSING }, async (t) => {
  const fake = await startFakeDiscord({ token: BOT_TOKEN });
  t.after(() => fake.close());
  const owner = fake.createUser({ username: 'owner' });
  const vera = fake.createUser({ username: 'vera', global_name: 'Vera' });
  const guild = fake.addGuild({
    name: 'Engines',
    owner_id: owner.id,
    channels: [{ name: 'general' }],
    roles: [{ id: VIEWERS, name: 'Viewers' }],
    members: [{ user: owner }, { user: vera, roles: [VIEWERS] }],
  });
  const app = await startTestApp(t, { env: { DISCORD_TOKEN: BOT_TOKEN, ...loginEnv(fake) } });
  assert.equal((await app.request('PATCH', `/api/guilds/${guild.id}/settings`, { version: 0, prefix: '?', viewer_role_ids: [VIEWERS] })).status, 200);
  const rules = await app.request('POST', '/api/commands', { guild_id: guild.id, name: 'rules', response: 'Be kind' });
  assert.equal(rules.status, 201);
  // A second version, so the history has one to restore.
  assert.equal((await app.request('PATCH', `/api/commands/${rules.body.id}`, { response: 'Be kind, always' })).status, 200);
  // Discord says Vera manages nothing: only the role gives her the dashboard.
  fake.oauthUser = { user: vera, guilds: [{ id: guild.id, name: 'Engines', permissions: PERMISSIONS.none }] };

  const browser = await launchBrowser(t);
  const { page, errors } = await openPage(t, browser, app.url);
  await page.goto('/');
  await page.getByRole('link', { name: 'Log in with Discord' }).click();
  await page.waitForURL(new RegExp(`/servers/${guild.id}$`));

  await page.getByRole('link', { name: 'Settings' }).first().click();
  const form = page.getByRole('form', { name: 'Server settings' });
  await form.getByText('You have read-only access to this server.').waitFor();
  assert.equal(await form.getByLabel('Prefix of message commands').inputValue(), '?');
  assert.equal(await form.getByLabel('Prefix of message commands').isDisabled(), true);
  assert.equal(await form.getByRole('checkbox', { name: 'ping' }).isDisabled(), true);
  assert.equal(await form.getByRole('button', { name: 'Save settings' }).count(), 0);
  await screenshot(page, 'settings-read-only');

  await page.getByRole('link', { name: 'Commands' }).first().click();
  await page.getByRole('link', { name: 'rules', exact: true }).waitFor();
  assert.equal(await page.getByRole('link', { name: 'New command' }).count(), 0);
  assert.equal(await page.getByRole('button', { name: 'Delete rules' }).count(), 0);
  assert.equal(await page.getByRole('switch', { name: 'Enable rules' }).isDisabled(), true);
  await page.getByRole('link', { name: 'rules', exact: true }).click();
  await page.getByText('You have read-only access to this server.').waitFor();
  assert.equal(await page.getByLabel('Response', { exact: true }).isDisabled(), true);
  assert.equal(await page.getByRole('button', { name: 'Save changes' }).count(), 0);
  await page.getByTestId('command-history').getByText('changed: response').waitFor();
  assert.equal(await page.getByRole('button', { name: 'Restore' }).count(), 0, 'no restore for a read-only role');

  await page.getByRole('link', { name: 'Schedules' }).first().click();
  await page.getByText('No scheduled messages yet').waitFor();
  assert.equal(await page.getByRole('form', { name: 'Add a scheduled message' }).count(), 0);
  assert.deepEqual(errors, []);
});

test('an edit role changes the settings but not who has access', { skip: BROWSER_MISSING }, async (t) => {
  const EDITORS = '940000000000000002';
  const fake = await startFakeDiscord({ token: BOT_TOKEN });
  t.after(() => fake.close());
  const owner = fake.createUser({ username: 'owner' });
  const eddie = fake.createUser({ username: 'eddie', global_name: 'Eddie' });
  const guild = fake.addGuild({
    name: 'Engines',
    owner_id: owner.id,
    channels: [{ name: 'general' }],
    roles: [{ id: EDITORS, name: 'Editors' }],
    members: [{ user: owner }, { user: eddie, roles: [EDITORS] }],
  });
  const app = await startTestApp(t, { env: { DISCORD_TOKEN: BOT_TOKEN, ...loginEnv(fake) } });
  assert.equal((await app.request('PATCH', `/api/guilds/${guild.id}/settings`, { version: 0, editor_role_ids: [EDITORS] })).status, 200);
  fake.oauthUser = { user: eddie, guilds: [{ id: guild.id, name: 'Engines', permissions: PERMISSIONS.none }] };

  const browser = await launchBrowser(t);
  const { page, errors } = await openPage(t, browser, app.url);
  await page.goto('/');
  await page.getByRole('link', { name: 'Log in with Discord' }).click();
  await page.waitForURL(new RegExp(`/servers/${guild.id}$`));
  await page.getByRole('link', { name: 'Settings' }).first().click();
  const form = page.getByRole('form', { name: 'Server settings' });
  await form.getByText('Only the owner and members with Manage Server can change these roles.').waitFor();
  assert.equal(await form.getByLabel('Prefix of message commands').isDisabled(), false);
  assert.equal(await form.getByRole('combobox', { name: 'Roles that may look (read-only)' }).isDisabled(), true);
  assert.equal(await form.getByRole('combobox', { name: 'Roles that may also change things' }).isDisabled(), true);
  // What the form does offer saves.
  await form.getByLabel('Prefix of message commands').fill('$');
  await form.getByRole('button', { name: 'Save settings' }).click();
  await page.getByText('Settings saved').waitFor();
  assert.equal((await app.request('GET', `/api/guilds/${guild.id}/settings`)).body.prefix, '$');
  assert.deepEqual(errors, []);
});
