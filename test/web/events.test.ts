// The dashboard's Events page in headless Chromium: the event log's stored entries of a server, a
// filter by kind, a log channel that refuses posts called out above them, in light, dark and phone
// layouts, without sideways scrolling or serious axe-core problems.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { startTestApp } from '../support/app.ts';
import { accessibilityProblems } from '../support/axe.ts';
import { startFakeWorld } from '../support/bot.ts';
import { BROWSER_MISSING, launchBrowser, openPage, type PageOptions, screenshot } from '../support/browser.ts';
import { loginEnv, PERMISSIONS } from '../support/dashboard-login.ts';
import { eventually } from '../support/eventually.ts';

const LAYOUTS: Record<string, PageOptions> = {
  light: { colorScheme: 'light', viewport: { width: 1280, height: 800 } },
  dark: { colorScheme: 'dark', viewport: { width: 1280, height: 800 } },
  phone: { colorScheme: 'dark', viewport: { width: 360, height: 780 } },
};

test('the Events page lists what the event log kept, filtered by kind', { skip: BROWSER_MISSING }, async (t) => {
  const world = await startFakeWorld();
  const { fake, guild, admin } = world;
  fake.oauthUser = { user: admin, guilds: [{ id: guild.id, name: guild.name, permissions: PERMISSIONS.manageGuild }] };
  const app = await startTestApp(t, { bot: true, env: { ...world.env, ...loginEnv(fake), EVENT_LOG_FLUSH_INTERVAL_MS: '100', EVENT_LOG_AUDIT_WAIT_MS: '200' } });
  t.after(() => fake.close());
  const memberLog = fake.addChannel(guild.id, { name: 'member-log' }).id;
  const serverLog = fake.addChannel(guild.id, { name: 'server-log' }).id;
  // The message log's channel is deleted before anything is posted there: the page says so.
  const doomedLog = fake.addChannel(guild.id, { name: 'doomed-log' }).id;
  const res = await app.request('PATCH', `/api/guilds/${guild.id}/modules/event-log`, { version: 0, settings: { member_channel_id: memberLog, server_channel_id: serverLog, message_channel_id: doomedLog } });
  assert.equal(res.status, 200, JSON.stringify(res.body));
  fake.addMember(guild.id, fake.createUser({ username: 'newcomer-with-a-rather-long-name-to-wrap' }));
  fake.addChannel(guild.id, { name: 'announcements' });
  await eventually(async () => assert.equal((await app.request('GET', `/api/guilds/${guild.id}/events`)).body.items.length, 2));
  fake.deleteChannel(doomedLog);
  const general = guild.channels[0]?.id ?? '';
  fake.deleteMessage(fake.sendMessage({ channel_id: general, author: admin, content: 'gone' }).id);
  await eventually(async () => assert.equal((await app.request('GET', `/api/guilds/${guild.id}/events/faults`)).body.items.length, 1));

  const browser = await launchBrowser(t);
  for (const [layout, options] of Object.entries(LAYOUTS)) {
    await t.test(layout, async () => {
      const { page, errors } = await openPage(t, browser, app.url, options);
      await page.goto('/');
      await page.getByRole('link', { name: 'Log in with Discord' }).click();
      await page.waitForURL(/\/servers\/\d+$/);
      await page.goto(`/servers/${guild.id}/events`);
      const list = page.getByTestId('events-list');
      await list.getByText('newcomer-with-a-rather-long-name-to-wrap joined').waitFor();
      await list.getByText('Channel #announcements was created').waitFor();
      const faults = page.getByTestId('log-channel-faults');
      await faults.getByText(`A channel that no longer exists (${doomedLog}), the log of messages`).waitFor();
      assert.equal(await faults.getByRole('link', { name: 'choose another channel in Modules' }).getAttribute('href'), `/servers/${guild.id}/modules`);
      assert.deepEqual(await accessibilityProblems(page, `events ${layout}`), []);
      const overflow = (await page.evaluate('document.documentElement.scrollWidth - document.documentElement.clientWidth')) as number;
      assert.ok(overflow <= 0, `${layout}: the page scrolls sideways by ${overflow} px`);
      await screenshot(page, `events-${layout}`);

      await page.getByLabel('Kind').selectOption('server');
      await page.waitForURL(/kind=server/);
      // The announcements channel made, the doomed log's channel deleted.
      await eventually(async () => assert.equal(await list.locator('li').count(), 2));
      await list.getByText('Channel #announcements was created').waitFor();
      assert.deepEqual(errors, []);
    });
  }
});
