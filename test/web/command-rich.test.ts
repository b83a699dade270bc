// The editor's embed and button builder in headless Chromium: an admin builds a command with an
// embed and a command button, the live preview shows them rendered, and the bot then sends them.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { startTestApp } from '../support/app.ts';
import { startFakeWorld } from '../support/bot.ts';
import { BROWSER_MISSING, launchBrowser, openPage, screenshot } from '../support/browser.ts';
import { loginEnv, PERMISSIONS } from '../support/dashboard-login.ts';

test('the builder creates a command with an embed that the bot then sends', { skip: BROWSER_MISSING }, async (t) => {
  const world = await startFakeWorld();
  world.fake.oauthUser = { user: world.admin, guilds: [{ id: world.guild.id, name: world.guild.name, permissions: PERMISSIONS.manageGuild }] };
  const app = await startTestApp(t, { bot: true, env: { ...world.env, ...loginEnv(world.fake) } });
  t.after(() => world.fake.close());
  const browser = await launchBrowser(t);
  const { page, errors } = await openPage(t, browser, app.url, { colorScheme: 'dark' });
  await page.goto('/');
  await page.getByRole('link', { name: 'Log in with Discord' }).click();
  await page.waitForURL(/\/servers\/\d+$/);
  await page.goto(`/servers/${world.guild.id}/commands/new`);

  await page.locator('#field-name').fill('welcome');
  await page.getByText('Embeds, buttons, slash command').click();
  await page.getByRole('button', { name: 'Add an embed' }).click();
  await page.locator('#embed-0-title').fill('Welcome, {user}!');
  await page.locator('#embed-0-description').fill('Read the rules in {channel}.');
  await page.locator('#embed-0-color').fill('#22aa55');
  await page.getByRole('button', { name: 'Add a field' }).click();
  await page.locator('#embed-0-field-0-name').fill('Uses');
  await page.locator('#embed-0-field-0-value').fill('{uses}');
  await page.getByRole('button', { name: 'Add a command button' }).click();
  await page.locator('#button-0-label').fill('Rules');
  await page.locator('#button-0-run').fill('rules');
  await page.locator('#field-slash').check();

  // The live preview, by the bot's renderer: the admin's name, and the counters against each limit.
  const embed = page.getByTestId('preview-embed');
  await embed.getByText('Welcome, Ada!').waitFor();
  assert.match((await page.getByTestId('rich-preview').textContent()) ?? '', /Rules/);
  assert.equal(await page.getByTestId('embed-0').locator('[data-counter]').first().textContent(), '16/256');
  assert.match((await page.getByTestId('slash-options').textContent()) ?? '', /none/);
  await screenshot(page, 'command-rich-builder');

  await page.getByRole('button', { name: 'Create command' }).click();
  await page.waitForURL(/\/commands$/);
  const reply = await world.say('!welcome');
  const sent = (reply.body.embeds as Record<string, unknown>[])[0];
  assert.equal(reply.content, '');
  assert.equal(sent?.title, 'Welcome, Bob!');
  assert.equal(sent?.description, `Read the rules in <#${world.channelId}>.`);
  assert.equal(sent?.color, 0x22aa55);
  assert.deepEqual(sent?.fields, [{ name: 'Uses', value: '1', inline: false }]);
  assert.deepEqual(reply.body.components, [{ type: 1, components: [{ type: 2, style: 1, label: 'Rules', custom_id: 'concord:run:rules' }] }]);
  const { body: list } = await app.request('GET', `/api/commands?guild_id=${world.guild.id}`);
  assert.equal(list.items[0].slash, true);
  assert.deepEqual(errors, []);
});
