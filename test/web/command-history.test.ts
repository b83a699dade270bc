// A saved command's editor in headless Chromium: its use, its history with a restore, the check of
// whether a member may run it (through POST /api/commands/:id/preview), and roles, channels and
// members picked by name (from /api/guilds/:guild_id/…) instead of typed as ids.
import assert from 'node:assert/strict';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { test } from 'node:test';
import { startTestApp } from '../support/app.ts';
import { startFakeWorld } from '../support/bot.ts';
import { BROWSER_MISSING, launchBrowser, openPage, screenshot } from '../support/browser.ts';
import { loginEnv, PERMISSIONS } from '../support/dashboard-login.ts';
import { eventually } from '../support/eventually.ts';

const MODS = '900000000000000001';
/** A channel the guild does not have (deleted since). */
const GONE = '600000000000000099';

test('the editor shows history, restores a version, and checks a member picked by name', { skip: BROWSER_MISSING }, async (t) => {
  const world = await startFakeWorld();
  world.fake.oauthUser = { user: world.admin, guilds: [{ id: world.guild.id, name: world.guild.name, permissions: PERMISSIONS.manageGuild }] };
  const app = await startTestApp(t, { bot: true, env: { ...world.env, ...loginEnv(world.fake) } });
  t.after(() => world.fake.close());
  const { body: command } = await app.request('POST', '/api/commands', { guild_id: world.guild.id, name: 'faq', response: 'First', permissions: { allow_roles: [MODS], deny_channels: [GONE] } });
  await app.request('PATCH', `/api/commands/${command.id}`, { response: 'Second' });

  const browser = await launchBrowser(t);
  const { page, errors } = await openPage(t, browser, app.url);
  await page.goto('/');
  await page.getByRole('link', { name: 'Log in with Discord' }).click();
  await page.waitForURL(/\/servers\/\d+$/);
  await page.goto(`/servers/${world.guild.id}/commands/${command.id}`);

  const history = page.getByTestId('command-history');
  await history.waitFor();
  assert.match((await history.textContent()) ?? '', /v2 update.*changed: response.*v1 create/s);
  await page.getByTestId('command-stats').waitFor();
  await screenshot(page, 'command-history');

  await page.getByRole('button', { name: 'Restore' }).click();
  await eventually(async () => assert.equal(await page.locator('#field-response').inputValue(), 'First'));
  // The restorer by display name, not by id.
  await eventually(async () => assert.match((await page.getByTestId('command-history').textContent()) ?? '', /v3 restore .* · Ada via the dashboard/));

  const check = page.getByRole('form', { name: 'Check a member' });
  // Members are searched by the start of their name; the pick shows as a chip with the name.
  await check.getByRole('combobox', { name: 'Member' }).fill('bo');
  await page.getByRole('option', { name: /Bob/ }).click();
  assert.equal(await check.locator(`[data-picked="${world.member.id}"]`).textContent(), 'BBob@bob×');
  await check.getByRole('combobox', { name: 'Channel' }).click();
  assert.deepEqual(await page.getByRole('listbox').getByRole('option').allTextContents(), ['#general']);
  await page.getByRole('option', { name: '#general' }).click();
  await check.getByRole('button', { name: 'Check' }).click();
  await page.getByTestId('access-check').waitFor();
  assert.equal(await page.getByTestId('access-check').textContent(), `Refused: it needs one of the roles <@&${MODS}> (allow_roles).`);
  // Keyboard only: type, arrow down, Enter.
  const roles = check.getByRole('combobox', { name: 'With the roles' });
  await roles.fill('mo');
  await roles.press('ArrowDown');
  await roles.press('Enter');
  assert.equal(await check.locator(`[data-picked="${MODS}"]`).textContent(), '@Mods×');
  await check.getByRole('button', { name: 'Check' }).click();
  await page.getByText('Allowed. First').waitFor();

  await page.getByText('Auto-response, more responses').click();
  // The saved ids show as names; one the guild no longer has says so.
  assert.equal(await page.locator(`#field-allow_roles`).locator('xpath=..').locator(`[data-picked="${MODS}"]`).textContent(), '@Mods×');
  assert.equal(await page.locator(`#field-deny_channels`).locator('xpath=..').locator(`[data-picked="${GONE}"]`).textContent(), `unknown (${GONE})×`);
  await screenshot(page, 'command-pickers');
  await page.locator('#field-trigger-type').selectOption('contains');
  await page.locator('#field-trigger-pattern').fill('faq please');
  await page.getByRole('button', { name: 'Add a response' }).click();
  await page.getByLabel('Response 2').fill('Also see #faq');
  await page.getByRole('button', { name: 'Save changes' }).click();
  await page.waitForURL(/\/commands$/);
  const { body: saved } = await app.request('GET', `/api/commands/${command.id}`);
  assert.deepEqual(saved.trigger, { type: 'contains', pattern: 'faq please', case_sensitive: false });
  assert.deepEqual(saved.responses, ['Also see #faq']);
  assert.deepEqual(saved.permissions.allow_roles, [MODS], 'fields left alone keep their values');
  assert.deepEqual(saved.permissions.deny_channels, [GONE], 'an unknown id is kept until someone removes it');
  assert.deepEqual(errors, []);
});

test('the command list exports, imports with a dry run, and restores deleted commands', { skip: BROWSER_MISSING }, async (t) => {
  const world = await startFakeWorld();
  world.fake.oauthUser = { user: world.admin, guilds: [{ id: world.guild.id, name: world.guild.name, permissions: PERMISSIONS.manageGuild }] };
  const app = await startTestApp(t, { bot: true, env: { ...world.env, ...loginEnv(world.fake) } });
  t.after(() => world.fake.close());
  await app.request('POST', '/api/commands', { guild_id: world.guild.id, name: 'rules', response: 'Ours' });
  const { body: gone } = await app.request('POST', '/api/commands', { guild_id: world.guild.id, name: 'old', response: 'Old' });
  await app.request('DELETE', `/api/commands/${gone.id}`);
  const exportFile = {
    format: 'concord.commands.v1',
    guild_id: '333333333333333333',
    commands: [
      { name: 'rules', response: 'Theirs' },
      { name: 'faq', response: 'Read it' },
    ],
  };

  const browser = await launchBrowser(t);
  const { page, errors } = await openPage(t, browser, app.url);
  await page.goto('/');
  await page.getByRole('link', { name: 'Log in with Discord' }).click();
  await page.waitForURL(/\/servers\/\d+$/);
  await page.goto(`/servers/${world.guild.id}/commands`);

  const deleted = page.getByTestId('deleted-commands');
  await deleted.getByText('old').waitFor();
  const download = page.waitForEvent('download');
  await page.getByRole('button', { name: 'Export as JSON' }).click();
  const downloaded = await download;
  assert.equal(downloaded.suggestedFilename(), `commands-${world.guild.id}.json`);
  const report = page.getByTestId('import-report');
  // The file the dashboard saved goes back in as it is.
  // Saved where the test can read it: the browser runs as a server, so path() is not available.
  const saved = join(await mkdtemp(join(tmpdir(), 'concord-export-')), downloaded.suggestedFilename());
  t.after(() => rm(dirname(saved), { recursive: true, force: true }));
  await downloaded.saveAs(saved);
  await page.getByTestId('import-file').setInputFiles(saved);
  await report.getByText('Would create 0; 1 conflict.').waitFor();

  await page.getByTestId('import-file').setInputFiles({ name: 'commands.json', mimeType: 'application/json', buffer: Buffer.from(JSON.stringify(exportFile)) });
  await report.getByText('Would create 1; 1 conflict.').waitFor();
  assert.match((await report.textContent()) ?? '', /Would create 1; 1 conflict\.rules: a command of that name exists/);
  await screenshot(page, 'command-tools');
  assert.equal((await app.request('GET', `/api/commands?guild_id=${world.guild.id}&q=faq`)).body.items.length, 0, 'the dry run wrote nothing');
  await page.getByRole('button', { name: 'Import, skipping conflicts' }).click();
  await page.getByRole('link', { name: 'faq' }).first().waitFor();

  await deleted.getByRole('button', { name: 'Restore' }).click();
  await deleted.getByText('None.').waitFor();
  assert.equal((await app.request('GET', `/api/commands/${gone.id}`)).status, 200);
  assert.deepEqual(errors, []);
});
