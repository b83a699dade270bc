// The dashboard's Modules page in headless Chromium, with the example plugin, a plugin whose settings
// take every kind, and one that needs an intent Discord refuses: each module's switch and its form
// round-trip through the API, the API's messages show beside their fields, another admin's change
// shows at once, and the page passes axe-core in light, dark and phone layouts.
import assert from 'node:assert/strict';
import { join } from 'node:path';
import { test } from 'node:test';
import { GatewayIntentBits } from 'discord-api-types/v10';
import type { Page } from 'playwright-core';
import { startTestApp } from '../support/app.ts';
import { accessibilityProblems } from '../support/axe.ts';
import { BOT_TOKEN, startFakeWorld } from '../support/bot.ts';
import { BROWSER_MISSING, launchBrowser, openPage, screenshot } from '../support/browser.ts';
import { loginAs, loginEnv, PERMISSIONS } from '../support/dashboard-login.ts';
import { eventually } from '../support/eventually.ts';
import { startFakeDiscord } from '../support/fake-discord/index.ts';
import { EXAMPLE_PLUGIN, pluginsDir } from '../support/plugins.ts';

const ONBOARDING_PLUGIN = join(import.meta.dirname, 'fixtures/onboarding.mjs');
/** Hears members join: needs Server Members, a privileged intent this application was not granted. */
const GREETER = `export default { name: 'greeter', description: 'Says hello to each new member', events: { GUILD_MEMBER_ADD() {} } };\n`;
const MODS = '900000000000000001';
const VIEWERS = '940000000000000001';

test('the Modules page switches modules and saves their settings, shows the API\'s messages and others\' changes', { skip: BROWSER_MISSING }, async (t) => {
  // The application was granted Message Content only: greeter cannot run.
  const world = await startFakeWorld({ privilegedIntents: GatewayIntentBits.MessageContent });
  const plugins = await pluginsDir(t, { copy: [EXAMPLE_PLUGIN, ONBOARDING_PLUGIN], write: { 'greeter.mjs': GREETER } });
  const app = await startTestApp(t, { bot: true, env: { ...world.env, ...loginEnv(world.fake), PLUGINS_DIR: plugins } });
  t.after(() => world.fake.close());
  const general = world.channelId;
  const onboardingPath = `/api/guilds/${world.guild.id}/modules/onboarding`;
  const guildModule = async (name: string) => ((await app.request('GET', `/api/guilds/${world.guild.id}/modules`)).body.items as { name: string; enabled: boolean; settings: Record<string, unknown>; version: number }[]).find((m) => m.name === name);
  await eventually(async () => {
    const greeter = ((await app.request('GET', '/api/modules')).body.items as { name: string; available: boolean }[]).find((m) => m.name === 'greeter');
    assert.equal(greeter?.available, false, 'the gateway was refused the intent and said so');
  });
  const { cookie } = await loginAs(app.url, world.fake, { user: world.admin, guilds: [{ id: world.guild.id, name: world.guild.name, permissions: PERMISSIONS.manageGuild }] });
  const [name = '', value = ''] = cookie.split('=');
  const browser = await launchBrowser(t);
  const { page, errors } = await openPage(t, browser, app.url);
  await page.context().addCookies([{ name, value, url: app.url }]);
  await page.goto(`/servers/${world.guild.id}`);
  await page.getByRole('link', { name: 'Modules' }).first().click();
  const form = page.getByRole('form', { name: 'onboarding settings' });
  await form.getByLabel('The welcome message').waitFor();
  assert.equal(await page.title(), `Modules · ${world.guild.name} · Concord`);

  await t.test('each module says what it is; one that cannot be off, or cannot run, says why', async () => {
    const core = card(page, 'core');
    await core.getByText('Built-in').waitFor();
    assert.equal(await core.getByRole('switch', { name: 'Enable core' }).isDisabled(), true);
    await core.getByText('Concord needs this module in every server').waitFor();
    await card(page, 'karma').getByText('Plugin').waitFor();
    assert.match((await card(page, 'karma').textContent()) ?? '', /Commands:karma.*Listens to:MESSAGE_REACTION_ADD/);
    const greeter = card(page, 'greeter');
    await greeter.getByText('Needs attention').waitFor();
    assert.match((await greeter.textContent()) ?? '', /GuildMembers.*Developer Portal.*Privileged Gateway Intents/);
    assert.equal(await page.getByRole('switch', { name: 'Enable onboarding' }).getAttribute('aria-checked'), 'false', 'off until switched on');
  });

  await t.test('switching a module and saving settings of every kind round-trip', async () => {
    await page.getByRole('switch', { name: 'Enable onboarding' }).click();
    await page.getByText('onboarding is on in this server').waitFor();
    await page.getByRole('switch', { name: 'Enable karma' }).click();
    await page.getByText('karma is off in this server').waitFor();

    await form.getByLabel('The welcome message').fill('Hello there, {user}.');
    await form.getByLabel('How the welcome sounds').selectOption('formal');
    await form.getByLabel('Minutes to wait before greeting').fill('15');
    await form.getByLabel('Mention the new member').check();
    await pick(form, 'Who is told of each new member', '@Mods');
    await pick(form, 'Roles every new member gets', '@Mods');
    await pick(form, 'Channels never greeted in', '#general');
    await form.getByRole('button', { name: 'Add an entry to Roles given after some days' }).click();
    const entry = form.getByRole('group', { name: 'Entry 1' });
    await pick(entry, 'Role', '@Mods');
    await pick(entry, 'Announced in', '#general');
    await entry.getByLabel('After days').fill('3');
    await form.getByText('Unsaved changes').waitFor();
    await form.getByRole('button', { name: 'Save settings' }).click();
    await page.getByText('onboarding settings saved').waitFor();

    const saved = await guildModule('onboarding');
    assert.equal(saved?.enabled, true);
    assert.deepEqual(saved?.settings, {
      welcome_message: 'Hello there, {user}.',
      tone: 'formal',
      delay_minutes: 15,
      mention_member: true,
      greeter_role_id: MODS,
      starter_role_ids: [MODS],
      quiet_channel_ids: [general],
      steps: [{ role_id: MODS, channel_id: general, after_days: 3 }],
    });
    assert.equal((await guildModule('karma'))?.enabled, false);

    await page.reload();
    await form.getByLabel('The welcome message').waitFor();
    assert.equal(await form.getByLabel('The welcome message').inputValue(), 'Hello there, {user}.');
    assert.equal(await form.getByLabel('How the welcome sounds').inputValue(), 'formal');
    assert.equal(await form.getByLabel('Minutes to wait before greeting').inputValue(), '15');
    assert.equal(await form.getByLabel('Mention the new member').isChecked(), true);
    assert.equal(await page.getByRole('switch', { name: 'Enable karma' }).getAttribute('aria-checked'), 'false');
    assert.equal(await page.getByRole('switch', { name: 'Enable onboarding' }).getAttribute('aria-checked'), 'true');
    await eventually(async () => assert.equal(await form.locator(`[data-picked="${MODS}"]`).count(), 3, 'the roles show by name, in the list entry too'));
    // The channels' names come in a request of their own, which may answer after the roles'.
    await eventually(async () => assert.match((await form.getByRole('group', { name: 'Entry 1' }).textContent()) ?? '', /@Mods.*#general/));
    assert.equal(await form.getByRole('group', { name: 'Entry 1' }).getByLabel('After days').inputValue(), '3');
  });

  await t.test("the API's messages show beside the setting they name, in a list's entry too", async () => {
    const before = await guildModule('onboarding');
    await form.getByLabel('Minutes to wait before greeting').fill('90');
    await form.getByRole('group', { name: 'Entry 1' }).getByLabel('After days').fill('45');
    await form.getByRole('button', { name: 'Save settings' }).click();
    await form.locator('[data-field-error="delay_minutes"]', { hasText: 'must be at most 60' }).waitFor();
    await form.locator('[data-field-error="steps.0.after_days"]', { hasText: 'must be at most 30' }).waitFor();
    assert.equal(await form.getByLabel('Minutes to wait before greeting').getAttribute('aria-invalid'), 'true');
    assert.deepEqual(await guildModule('onboarding'), before, 'nothing saved');
    await screenshot(page, 'modules-field-errors');
  });

  await t.test("another admin's change shows at once; edits it would overwrite are not saved over it", async () => {
    // A switch elsewhere: shown without a reload, and the edits in progress stay.
    const karma = await guildModule('karma');
    assert.equal((await app.request('PATCH', `/api/guilds/${world.guild.id}/modules/karma`, { version: karma?.version, enabled: true })).status, 200);
    await eventually(async () => assert.equal(await page.getByRole('switch', { name: 'Enable karma' }).getAttribute('aria-checked'), 'true'));
    assert.equal(await form.getByLabel('Minutes to wait before greeting').inputValue(), '90');
    // The same module's settings changed elsewhere: the page says so, and Reload shows them.
    const onboarding = await guildModule('onboarding');
    assert.equal((await app.request('PATCH', onboardingPath, { version: onboarding?.version, settings: { delay_minutes: 30 } })).status, 200);
    await form.getByRole('alert').getByText('Someone else changed these settings').waitFor();
    await form.getByRole('alert').getByRole('button', { name: 'Reload' }).click();
    await eventually(async () => assert.equal(await form.getByLabel('Minutes to wait before greeting').inputValue(), '30'));
    assert.equal(await form.getByRole('button', { name: 'Save settings' }).isDisabled(), true, 'nothing left to save');
  });

  await t.test('without the change stream, a save over what another admin saved first is refused and says so', async () => {
    const { page, errors } = await openPage(t, browser, app.url);
    await page.context().addCookies([{ name, value, url: app.url }]);
    await page.route('**/api/events', (route) => route.abort());
    await page.goto(`/servers/${world.guild.id}/modules`);
    const form = page.getByRole('form', { name: 'onboarding settings' });
    await form.getByLabel('Minutes to wait before greeting').fill('20');
    const onboarding = await guildModule('onboarding');
    assert.equal((await app.request('PATCH', onboardingPath, { version: onboarding?.version, settings: { delay_minutes: 40 } })).status, 200);
    await form.getByRole('button', { name: 'Save settings' }).click();
    await form.getByRole('alert').getByText('Someone else changed these settings').waitFor();
    assert.equal((await guildModule('onboarding'))?.settings.delay_minutes, 40, 'theirs is kept');
    await form.getByRole('alert').getByRole('button', { name: 'Reload' }).click();
    await eventually(async () => assert.equal(await form.getByLabel('Minutes to wait before greeting').inputValue(), '40'));
    assert.deepEqual(errors, []);
  });

  await t.test('light, dark and phone layouts: no serious axe-core violation, no sideways scrolling', async () => {
    const problems: string[] = [];
    for (const [layout, options] of Object.entries({
      light: { colorScheme: 'light', viewport: { width: 1280, height: 800 } },
      dark: { colorScheme: 'dark', viewport: { width: 1280, height: 800 } },
      phone: { colorScheme: 'dark', viewport: { width: 360, height: 780 } },
      'phone-light': { colorScheme: 'light', viewport: { width: 360, height: 780 } },
    } as const)) {
      const { page, errors } = await openPage(t, browser, app.url, options);
      await page.context().addCookies([{ name, value, url: app.url }]);
      await page.goto(`/servers/${world.guild.id}/modules`);
      await page.getByRole('form', { name: 'onboarding settings' }).getByText('@Mods').first().waitFor();
      problems.push(...(await accessibilityProblems(page, layout)));
      await screenshot(page, `modules-${layout}`);
      assert.deepEqual(errors, []);
    }
    assert.deepEqual(problems, []);
  });
  assert.deepEqual(errors, []);
});

test('a read-only role sees every module and setting, and can change none', { skip: BROWSER_MISSING }, async (t) => {
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
  const plugins = await pluginsDir(t, { copy: [ONBOARDING_PLUGIN] });
  const app = await startTestApp(t, { env: { DISCORD_TOKEN: BOT_TOKEN, ...loginEnv(fake), PLUGINS_DIR: plugins } });
  assert.equal((await app.request('PATCH', `/api/guilds/${guild.id}/settings`, { version: 0, viewer_role_ids: [VIEWERS] })).status, 200);
  const steps = [{ role_id: VIEWERS, channel_id: guild.channels[0]?.id }];
  assert.equal((await app.request('PATCH', `/api/guilds/${guild.id}/modules/onboarding`, { version: 0, settings: { steps } })).status, 200);
  // Discord says Vera manages nothing: only the role gives her the dashboard.
  const { cookie } = await loginAs(app.url, fake, { user: vera, guilds: [{ id: guild.id, name: 'Engines', permissions: PERMISSIONS.none }] });
  const [name = '', value = ''] = cookie.split('=');
  const browser = await launchBrowser(t);
  const { page, errors } = await openPage(t, browser, app.url);
  await page.context().addCookies([{ name, value, url: app.url }]);
  await page.goto(`/servers/${guild.id}/modules`);
  const form = page.getByRole('form', { name: 'onboarding settings' });
  await form.getByText('@Viewers').first().waitFor();
  await page.getByText('You have read-only access to this server.').waitFor();
  for (const module of ['custom-commands', 'onboarding']) assert.equal(await page.getByRole('switch', { name: `Enable ${module}` }).isDisabled(), true);
  assert.equal(await form.getByLabel('The welcome message').isDisabled(), true);
  assert.equal(await form.getByLabel('Mention the new member').isDisabled(), true);
  assert.equal(await form.getByRole('group', { name: 'Entry 1' }).getByRole('combobox', { name: 'Role', exact: true }).isDisabled(), true);
  assert.equal(await form.getByRole('button', { name: /^Add an entry/ }).isDisabled(), true);
  assert.equal(await form.getByRole('button', { name: 'Remove entry 1' }).isDisabled(), true);
  assert.equal(await page.getByRole('button', { name: 'Save settings' }).count(), 0);
  await screenshot(page, 'modules-read-only');
  assert.deepEqual(errors, []);
});

/** A module's card, by its heading. */
function card(page: Page, module: string) {
  return page.getByRole('region', { name: module, exact: true });
}

/** Types part of `option` in the picker labelled `label` and picks it. */
async function pick(scope: ReturnType<Page['getByRole']>, label: string, option: string): Promise<void> {
  await scope.getByRole('combobox', { name: label, exact: true }).fill(option.slice(1, 3));
  await scope.page().getByRole('option', { name: option }).click();
}
