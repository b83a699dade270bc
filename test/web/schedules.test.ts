// The dashboard's Schedules page in headless Chromium: add a scheduled message, see its next runs
// and the API's message on a bad field, remove it.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { startTestApp } from '../support/app.ts';
import { startFakeWorld } from '../support/bot.ts';
import { BROWSER_MISSING, launchBrowser, openPage, screenshot } from '../support/browser.ts';
import { loginEnv, PERMISSIONS } from '../support/dashboard-login.ts';
import { eventually } from '../support/eventually.ts';

test('the Schedules page adds, shows and removes scheduled messages', { skip: BROWSER_MISSING }, async (t) => {
  const world = await startFakeWorld();
  world.fake.oauthUser = { user: world.admin, guilds: [{ id: world.guild.id, name: world.guild.name, permissions: PERMISSIONS.manageGuild }] };
  const app = await startTestApp(t, { bot: true, env: { ...world.env, ...loginEnv(world.fake) } });
  t.after(() => world.fake.close());

  const browser = await launchBrowser(t);
  const { page, errors } = await openPage(t, browser, app.url);
  await page.goto('/');
  await page.getByRole('link', { name: 'Log in with Discord' }).click();
  await page.waitForURL(/\/servers\/\d+$/);
  await page.getByRole('link', { name: 'Schedules' }).first().click();
  await page.getByText('No scheduled messages yet').waitFor();

  const form = page.getByRole('form', { name: 'Add a scheduled message' });
  await form.getByRole('combobox', { name: 'Channel' }).fill('gen');
  await page.getByRole('option', { name: '#general' }).click();
  await form.getByLabel('Message').fill('Weekly standup');
  await form.getByLabel('Cron (minute hour day month weekday)').fill('0 25 * * 1');
  await form.getByLabel('Time zone').fill('Europe/Berlin');
  await form.getByRole('button', { name: 'Schedule' }).click();
  await form.getByText('Invalid value for hour: 25').waitFor();
  await form.getByLabel('Cron (minute hour day month weekday)').fill('0 9 * * 1');
  await form.getByRole('button', { name: 'Schedule' }).click();

  const list = page.getByRole('region', { name: 'Scheduled messages' });
  await list.getByText('Weekly standup').waitFor();
  assert.match((await list.textContent()) ?? '', /in #general · 0 9 \* \* 1 \(Europe\/Berlin\) · pending.*Next: .+ · .+ · .+/s);
  assert.equal((await app.request('GET', `/api/schedules?guild_id=${world.guild.id}`)).body.items[0].channel_id, world.channelId);
  await screenshot(page, 'schedules');

  await list.getByRole('button', { name: 'Remove' }).click();
  await page.getByRole('dialog').getByRole('button', { name: 'Remove' }).click();
  await list.getByText('No scheduled messages yet').waitFor();
  await eventually(async () => assert.equal((await app.request('GET', `/api/schedules?guild_id=${world.guild.id}`)).body.items.length, 0));
  assert.deepEqual(errors, []);
});
