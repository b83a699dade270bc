// The dashboard's Role menus page in headless Chromium: a menu built with the role and channel
// pickers and a live preview, a role the bot cannot give named at its option (the API's 422), then
// posted, edited and deleted; the builder in light, dark and phone layouts, checked by axe, without
// sideways scrolling.
import assert from 'node:assert/strict';
import { copyFile } from 'node:fs/promises';
import { join } from 'node:path';
import { test } from 'node:test';
import { PermissionFlagsBits } from 'discord-api-types/v10';
import { startTestApp } from '../support/app.ts';
import { accessibilityProblems } from '../support/axe.ts';
import { startFakeWorld } from '../support/bot.ts';
import { BROWSER_MISSING, launchBrowser, openPage, SCREENSHOTS, screenshot } from '../support/browser.ts';
import { loginEnv, PERMISSIONS } from '../support/dashboard-login.ts';
import { eventually } from '../support/eventually.ts';

const ROLE = { red: '950000000000000001', blue: '950000000000000002', concord: '950000000000000003', admins: '950000000000000004' };

test('the Role menus page builds, posts, edits and deletes a menu', { skip: BROWSER_MISSING }, async (t) => {
  const world = await startFakeWorld();
  const { fake } = world;
  const guild = fake.addGuild({
    name: 'Colours',
    channels: [{ name: 'roles' }],
    roles: [
      { id: ROLE.red, name: 'Red' },
      { id: ROLE.blue, name: 'Blue' },
      { id: ROLE.concord, name: 'Concord', permissions: PermissionFlagsBits.ManageRoles },
      { id: ROLE.admins, name: 'Admins' },
    ],
    botRoles: [ROLE.concord],
    members: [{ user: world.admin }],
  });
  const channelId = guild.channels[0]?.id ?? '';
  fake.oauthUser = { user: world.admin, guilds: [{ id: guild.id, name: guild.name, permissions: PERMISSIONS.manageGuild }] };
  const app = await startTestApp(t, { bot: true, env: { ...world.env, ...loginEnv(fake) } });
  t.after(() => fake.close());
  const base = `/api/guilds/${guild.id}/role-menus`;

  const browser = await launchBrowser(t);
  const { page, errors } = await openPage(t, browser, app.url);
  await page.goto('/');
  await page.getByRole('link', { name: 'Log in with Discord' }).click();
  await page.waitForURL(/\/servers\/\d+$/);
  await page.getByRole('link', { name: 'Role menus' }).first().click();
  await page.getByText('No role menus yet').waitFor();
  await page.getByRole('button', { name: 'New role menu' }).click();

  const form = page.getByRole('form', { name: 'New role menu' });
  const pick = async (name: string, typed: string, option: string) => {
    await form.getByRole('combobox', { name }).fill(typed);
    await page.getByRole('option', { name: option }).click();
  };
  await pick('Channel', 'rol', '#roles');
  await form.getByLabel('Message').fill('Pick your colour');
  await pick('Option 1 role', 'Adm', '@Admins');
  await form.getByLabel('Option 1 label').fill('Admins');
  await form.getByRole('button', { name: 'Add an option' }).click();
  await pick('Option 2 role', 'Re', '@Red');
  await form.getByLabel('Option 2 label').fill('Red');
  await form.getByLabel('Option 2 emoji').fill('♥');
  await form.getByRole('button', { name: 'Post the menu' }).click();
  // The API's 422 names options.0.role_id: shown in the first option, not at the top of the form.
  await form.getByRole('group', { name: 'Option 1' }).getByText(/the bot cannot give this role.*at or above the bot's highest role/).waitFor();
  assert.equal((await app.request('GET', base)).body.items.length, 0);

  await form.getByRole('group', { name: 'Option 1' }).getByRole('button', { name: 'Remove @Admins' }).click();
  await pick('Option 1 role', 'Blu', '@Blue');
  await form.getByLabel('Option 1 label').fill('Blue');
  await form.getByLabel('Option 1 emoji').fill('♦');
  const preview = page.getByRole('region', { name: 'Preview' });
  await preview.getByText('Pick your colour').waitFor();
  assert.deepEqual(await preview.locator('span.rounded').allTextContents(), ['♦Blue', '♥Red'], 'the buttons as members will see them');
  assert.equal(await form.getByRole('group', { name: 'Option 1' }).getByText(/cannot give/).count(), 0, 'the message went with the role it was about');
  await screenshot(page, 'role-menu-builder');
  // The README shows it, copied there on request as large-data.test.ts does for the others.
  if (process.env.UPDATE_SCREENSHOTS === '1') await copyFile(join(SCREENSHOTS, 'role-menu-builder.png'), join(import.meta.dirname, '..', '..', '.github', 'screenshots', 'role-menus.png'));
  await form.getByRole('button', { name: 'Post the menu' }).click();

  const list = page.getByRole('region', { name: 'Role menus' });
  await list.getByText('Pick your colour').waitFor();
  const [menu] = (await app.request('GET', base)).body.items;
  assert.deepEqual([menu.channel_id, menu.style, menu.options.map((o: { role_id: string; emoji: string }) => [o.role_id, o.emoji])], [channelId, 'buttons', [[ROLE.blue, '♦'], [ROLE.red, '♥']]]);
  const posted = fake.sentMessages.find((m) => m.message.id === menu.message_id);
  assert.equal((posted?.message.components?.[0] as { components?: unknown[] } | undefined)?.components?.length, 2, 'posted with its two buttons');

  await list.getByRole('button', { name: `Edit menu #${menu.id}` }).click();
  const edit = page.getByRole('form', { name: `Edit role menu #${menu.id}` });
  await edit.getByLabel('Style').selectOption('select');
  await preview.getByText('Pick your roles').waitFor();
  await edit.getByRole('button', { name: 'Save' }).click();
  await eventually(async () => assert.equal((await app.request('GET', `${base}/${menu.id}`)).body.style, 'select'));

  await list.getByRole('button', { name: `Delete menu #${menu.id}` }).click();
  await page.getByRole('dialog').getByRole('button', { name: 'Delete' }).click();
  await list.getByText('No role menus yet').waitFor();
  assert.equal((await app.request('GET', `${base}/${menu.id}`)).status, 404);
  assert.deepEqual(errors, []);

  // The builder in each layout: no serious axe problem, no sideways scrolling.
  const layouts = {
    light: { colorScheme: 'light', viewport: { width: 1280, height: 860 } },
    dark: { colorScheme: 'dark', viewport: { width: 1280, height: 860 } },
    phone: { colorScheme: 'dark', viewport: { width: 360, height: 780 } },
  } as const;
  for (const [name, options] of Object.entries(layouts)) {
    const { page: view, errors: viewErrors } = await openPage(t, browser, app.url, options);
    await view.goto('/');
    await view.getByRole('link', { name: 'Log in with Discord' }).click();
    await view.waitForURL(/\/servers\/\d+$/);
    await view.goto(`/servers/${guild.id}/role-menus`);
    await view.getByRole('button', { name: 'New role menu' }).click();
    await view.getByLabel('Option 1 label').fill('Red');
    await view.getByRole('region', { name: 'Preview' }).getByText('Red').waitFor();
    assert.deepEqual(await accessibilityProblems(view, `role menus (${name})`), []);
    const width = await view.evaluate(() => (globalThis as unknown as { document: { documentElement: { scrollWidth: number } } }).document.documentElement.scrollWidth);
    assert.ok(width <= options.viewport.width, `${name}: no sideways scrolling (${width}px)`);
    if (name !== 'light') await screenshot(view, `role-menu-builder-${name}`);
    assert.deepEqual(viewErrors, []);
  }
});
