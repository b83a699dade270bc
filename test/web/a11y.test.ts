// Every view of the dashboard, scanned by axe-core (WCAG 2.2 AA rules) in light, dark and phone
// layouts: no serious or critical violation, no sideways scrolling, and a title naming the view. Stats
// is also measured at widths from 360 to 2560 px, where its 30-day charts must fit their cards.
import assert from 'node:assert/strict';
import { join } from 'node:path';
import { test } from 'node:test';
import type { APIUser } from 'discord-api-types/v10';
import type { Page } from 'playwright-core';
import { moduleSchemaOf } from '../../src/module-kit/migrations.ts';
import { startTestApp } from '../support/app.ts';
import { accessibilityProblems as check } from '../support/axe.ts';
import { BOT_TOKEN } from '../support/bot.ts';
import { BROWSER_MISSING, launchBrowser, openPage, type PageOptions, screenshot } from '../support/browser.ts';
import { loginAs, loginEnv, PERMISSIONS } from '../support/dashboard-login.ts';
import { eventually } from '../support/eventually.ts';
import { type FakeDiscord, startFakeDiscord } from '../support/fake-discord/index.ts';
import { EXAMPLE_PLUGIN, pluginsDir } from '../support/plugins.ts';

const GUILD = '500000000000000001';
/** The role the seeded settings give read-only dashboard access. */
const MODERATOR_ROLE = '610000000000000001';
const GENERAL = '600000000000000001';
const ONBOARDING_PLUGIN = join(import.meta.dirname, 'fixtures/onboarding.mjs');

const LAYOUTS: Record<string, PageOptions> = {
  light: { colorScheme: 'light', viewport: { width: 1280, height: 800 } },
  dark: { colorScheme: 'dark', viewport: { width: 1280, height: 800 } },
  phone: { colorScheme: 'dark', viewport: { width: 360, height: 780 } },
  'phone-light': { colorScheme: 'light', viewport: { width: 360, height: 780 } },
};

interface View {
  name: string;
  path: string;
  /** Visible when the view has loaded its data. */
  ready: (page: Page) => Promise<unknown>;
  title: RegExp;
}

test('every view passes axe-core in light, dark and phone layouts, without sideways scrolling', { skip: BROWSER_MISSING }, async (t) => {
  const fake = await startFakeDiscord({ token: BOT_TOKEN });
  t.after(() => fake.close());
  const user = fake.createUser({ username: 'ada', global_name: 'Ada Lovelace' });
  // The example plugin and one with a setting of every kind, so the Modules page draws every control.
  const plugins = await pluginsDir(t, { copy: [EXAMPLE_PLUGIN, ONBOARDING_PLUGIN] });
  const app = await startTestApp(t, { env: { ...loginEnv(fake), DISCORD_TOKEN: BOT_TOKEN, ADMIN_USER_IDS: user.id, PLUGINS_DIR: plugins } });
  const seeded = await seed(app, fake, user);
  const onboarding = await app.request('PATCH', `/api/guilds/${GUILD}/modules/onboarding`, {
    version: 0,
    enabled: true,
    settings: { greeter_role_id: MODERATOR_ROLE, starter_role_ids: [MODERATOR_ROLE], quiet_channel_ids: [GENERAL], steps: [{ role_id: MODERATOR_ROLE, channel_id: GENERAL, after_days: 7 }] },
  });
  assert.equal(onboarding.status, 200, JSON.stringify(onboarding.body));
  const { cookie } = await loginAs(app.url, fake, { user, guilds: [{ id: GUILD, name: 'Analytical Engines', permissions: PERMISSIONS.manageGuild }] });
  const [name = '', value = ''] = cookie.split('=');
  // The same database: on the embedded one a second schema would move the first app's search_path.
  const unconfigured = await startTestApp(t, { db: app.db });
  const browser = await launchBrowser(t);
  const heading = (page: Page, text: string) => page.getByRole('heading', { name: text, level: 1 }).waitFor();

  const views: View[] = [
    { name: 'overview', path: `/servers/${GUILD}`, ready: (p) => p.locator('ol li').first().waitFor(), title: /^Overview · Analytical Engines · Concord$/ },
    { name: 'logs', path: `/servers/${GUILD}/logs`, ready: (p) => p.getByTestId('logs-table').waitFor(), title: /^Logs · Analytical Engines · Concord$/ },
    { name: 'commands', path: `/servers/${GUILD}/commands`, ready: (p) => p.getByRole('link', { name: 'rules', exact: true }).waitFor(), title: /^Custom commands · Analytical Engines · Concord$/ },
    { name: 'command-new', path: `/servers/${GUILD}/commands/new`, ready: (p) => p.locator('#field-response').waitFor(), title: /^New command · Analytical Engines · Concord$/ },
    {
      name: 'command-edit',
      path: `/servers/${GUILD}/commands/${seeded.commandId}`,
      ready: (p) => p.getByTestId('command-history').waitFor(),
      title: /^Edit rules · Analytical Engines · Concord$/,
    },
    { name: 'events', path: `/servers/${GUILD}/events`, ready: (p) => p.getByTestId('events-list').getByText('Channel #announcements was created').waitFor(), title: /^Events · Analytical Engines · Concord$/ },
    { name: 'cases', path: `/servers/${GUILD}/cases`, ready: (p) => p.getByTestId('cases-list').getByText('Chen').first().waitFor(), title: /^Cases · Analytical Engines · Concord$/ },
    {
      name: 'member-history',
      path: `/servers/${GUILD}/cases?member=${seeded.userIds[2]}`,
      ready: (p) => p.getByRole('list', { name: 'Cases by action' }).waitFor(),
      title: /^Cases · Analytical Engines · Concord$/,
    },
    { name: 'case', path: `/servers/${GUILD}/cases/1`, ready: (p) => p.getByRole('region', { name: 'The case' }).getByText('Chen').waitFor(), title: /^Case 1 · Analytical Engines · Concord$/ },
    { name: 'role-menus', path: `/servers/${GUILD}/role-menus`, ready: (p) => p.getByText('Pick your colour').waitFor(), title: /^Role menus · Analytical Engines · Concord$/ },
    { name: 'schedules', path: `/servers/${GUILD}/schedules`, ready: (p) => p.getByText('in #general').waitFor(), title: /^Scheduled messages · Analytical Engines · Concord$/ },
    {
      name: 'modules',
      path: `/servers/${GUILD}/modules`,
      ready: (p) => p.getByRole('form', { name: 'onboarding settings' }).getByText('@Moderator').first().waitFor(),
      title: /^Modules · Analytical Engines · Concord$/,
    },
    { name: 'settings', path: `/servers/${GUILD}/settings`, ready: (p) => p.getByText('@Moderator').first().waitFor(), title: /^Settings · Analytical Engines · Concord$/ },
    { name: 'stats', path: `/servers/${GUILD}/stats`, ready: (p) => p.locator('ol li', { hasText: 'Kemal' }).first().waitFor(), title: /^Stats · Analytical Engines · Concord$/ },
    {
      name: 'errors',
      path: '/errors',
      // With the first stack open, so its scrolling region is scanned too.
      ready: async (p) => {
        await p.getByText('Missing Access', { exact: true }).waitFor();
        await p.getByText('Stack and context').first().click();
      },
      title: /^Errors · Concord$/ },
    { name: 'global-overview', path: '/servers/global', ready: (p) => p.locator('ol li').first().waitFor(), title: /^Overview · All servers \(global\) · Concord$/ },
    { name: 'not-found', path: '/nowhere', ready: (p) => heading(p, 'Page not found'), title: /^Page not found · Concord$/ },
    { name: 'forbidden', path: '/servers/999999999999999999/logs', ready: (p) => heading(p, 'You cannot manage this server'), title: /^You cannot manage this server · Concord$/ },
  ];

  for (const [layout, options] of Object.entries(LAYOUTS)) {
    await t.test(`${layout}: every view`, async () => {
      const { page, errors } = await openPage(t, browser, app.url, options);
      await page.context().addCookies([{ name, value, url: app.url }]);
      // Every problem of every view, so one run lists them all.
      const problems: string[] = [];
      for (const view of views) {
        await page.goto(view.path);
        const loaded = await view.ready(page).then(
          () => true,
          (error: Error) => problems.push(`${layout} ${view.name}: did not load: ${error.message.split('\n')[0]}`) === 0,
        );
        if (!loaded) continue;
        problems.push(...(await check(page, `${layout} ${view.name}`)));
        const title = await page.title();
        if (!view.title.test(title)) problems.push(`${layout} ${view.name}: the document title is "${title}"`);
        if (layout.startsWith('phone') || layout === 'dark') await screenshot(page, `a11y-${layout}-${view.name}`);
      }
      // The drawer on phones, open.
      if (layout.startsWith('phone')) {
        await page.getByRole('button', { name: 'Menu' }).click();
        problems.push(...(await check(page, `${layout} menu`)));
      }
      assert.deepEqual(problems, []);
      assert.deepEqual(errors, []);
    });
  }

  await t.test('a global admin finds Errors under "Every server", counted in words', async () => {
    const { page, errors } = await openPage(t, browser, app.url);
    await page.context().addCookies([{ name, value, url: app.url }]);
    await page.goto(`/servers/${GUILD}/errors`);
    await page.waitForURL((url) => url.pathname === '/errors');
    assert.equal(new URL(page.url()).pathname, '/errors', 'the old address under a server leads to the one page');
    await page.goto(`/servers/${GUILD}/logs`);
    const link = page.getByRole('list', { name: 'Every server' }).getByRole('link', { name: 'Errors' });
    await link.click();
    await page.getByRole('heading', { name: 'Errors', level: 1 }).waitFor();
    assert.equal(await link.getAttribute('aria-current'), 'page');
    await page.getByText('Missing Access', { exact: true }).waitFor();
    const text = (await page.getByRole('main').textContent()) ?? '';
    assert.match(text, /command · once ·/);
    assert.match(text, /http · 3 times ·/);
    assert.doesNotMatch(text, /\b1 times\b/);
    assert.deepEqual(errors, []);
  });

  await t.test('the login screens, light and on a phone', async () => {
    const problems: string[] = [];
    for (const [layout, options] of Object.entries(LAYOUTS)) {
      const { page } = await openPage(t, browser, app.url, options);
      await page.goto('/');
      await heading(page, 'Log in to the dashboard');
      problems.push(...(await check(page, `${layout} login`)));
      await page.goto(unconfigured.url);
      await heading(page, 'Login is not configured');
      problems.push(...(await check(page, `${layout} login not configured`)));
      if (layout === 'phone') await screenshot(page, 'a11y-phone-login-not-configured');
    }
    assert.deepEqual(problems, []);
  });
});

test('Stats fits every width from 360 to 2560 px; the chart shows fewer labels when narrow', { skip: BROWSER_MISSING }, async (t) => {
  const fake = await startFakeDiscord({ token: BOT_TOKEN });
  t.after(() => fake.close());
  const user = fake.createUser({ username: 'ada' });
  const app = await startTestApp(t, { env: { ...loginEnv(fake), DISCORD_TOKEN: BOT_TOKEN } });
  await seed(app, fake, user);
  const { cookie } = await loginAs(app.url, fake, { user, guilds: [{ id: GUILD, name: 'Analytical Engines', permissions: PERMISSIONS.manageGuild }] });
  const [name = '', value = ''] = cookie.split('=');
  const browser = await launchBrowser(t);
  const { page, errors } = await openPage(t, browser, app.url);
  await page.context().addCookies([{ name, value, url: app.url }]);
  const labels: Record<number, number> = {};
  for (const width of [360, 390, 640, 768, 1024, 1280, 1440, 1920, 2560]) {
    await page.setViewportSize({ width, height: 900 });
    await page.goto(`/servers/${GUILD}/stats`);
    await page.locator('ol li').first().waitFor();
    const measured = await page.evaluate(() => {
      const doc = (globalThis as unknown as { document: ChartDocument }).document;
      const charts = [...doc.querySelectorAll('[data-testid=bar-chart]')];
      return {
        page: doc.documentElement.scrollWidth,
        // A chart wider than its card, or its content wider than itself, overflows.
        overflow: charts.map((c) => Math.max(c.scrollWidth - c.clientWidth, c.getBoundingClientRect().right - (c.parentElement?.getBoundingClientRect().right ?? 0))),
        labels: charts[0]?.querySelectorAll('[data-label]:not([data-label=""])').length ?? 0,
        overlapping: charts.some((c) => {
          const boxes = [...c.querySelectorAll('[data-label]:not([data-label=""])')].map((l) => l.getBoundingClientRect());
          return boxes.some((box, i) => i > 0 && box.left < (boxes[i - 1]?.right ?? 0));
        }),
      };
    });
    assert.ok(measured.page <= width, `${width} px: the page is ${measured.page} px wide`);
    assert.ok(measured.overflow.length === 2 && measured.overflow.every((o) => o <= 1), `${width} px: charts overflow by ${measured.overflow} px`);
    assert.equal(measured.overlapping, false, `${width} px: day labels overlap`);
    labels[width] = measured.labels;
    if (width === 360 || width === 1280) await screenshot(page, `stats-${width}`);
  }
  assert.ok((labels[360] ?? 0) < (labels[2560] ?? 0), `fewer labels when narrow: ${JSON.stringify(labels)}`);
  assert.ok((labels[360] ?? 0) >= 3, 'a narrow chart still labels a few days');

  await t.test('top users show display names, the id on hover; one who left the server is "unknown (id)"', async () => {
    await page.setViewportSize({ width: 1280, height: 900 });
    const top = page.getByRole('region', { name: 'Top by messages' }).locator('ol li');
    await top.filter({ hasText: 'Kemal' }).waitFor();
    const rows = (await top.allTextContents()).slice(0, 3);
    assert.match(rows[0] ?? '', /^1\. unknown \(\d{17,20}\)[\d,]+$/);
    assert.match(rows[1] ?? '', /^2\. Kemal[\d,]+$/);
    assert.match(rows[2] ?? '', /^3\. Jon[\d,]+$/);
    assert.match((await top.nth(1).locator('[title]').getAttribute('title')) ?? '', /^\d{17,20}$/);
  });

  await t.test('on touch, tapping a bar shows its day and value', async () => {
    const phone = await browser.newContext({ baseURL: app.url, viewport: { width: 360, height: 780 }, hasTouch: true, isMobile: true });
    t.after(() => phone.close());
    await phone.addCookies([{ name, value, url: app.url }]);
    const tab = await phone.newPage();
    await tab.goto(`/servers/${GUILD}/stats`);
    const chart = tab.getByTestId('bar-chart').first();
    await chart.waitFor();
    const readout = chart.locator('[data-testid=bar-readout]');
    const latest = await readout.textContent();
    await chart.locator('[data-bar]').nth(10).tap();
    assert.notEqual(await readout.textContent(), latest, 'the readout moved to the tapped day');
    assert.match((await readout.textContent()) ?? '', /^\w+ \d+: [\d,]+ messages$|^\d+ \w+: [\d,]+ messages$/);
  });
  assert.deepEqual(errors, []);
});

test('a server admin who is not a global admin is not offered Errors; unsaved edits ask before they are lost', { skip: BROWSER_MISSING }, async (t) => {
  const fake = await startFakeDiscord({ token: BOT_TOKEN });
  t.after(() => fake.close());
  const user = fake.createUser({ username: 'bob' });
  const app = await startTestApp(t, { env: { ...loginEnv(fake), DISCORD_TOKEN: BOT_TOKEN } });
  const { commandId, userIds } = await seed(app, fake, user);
  const { cookie } = await loginAs(app.url, fake, { user, guilds: [{ id: GUILD, name: 'Analytical Engines', permissions: PERMISSIONS.manageGuild }] });
  const [name = '', value = ''] = cookie.split('=');
  const browser = await launchBrowser(t);
  const { page, errors } = await openPage(t, browser, app.url);
  await page.context().addCookies([{ name, value, url: app.url }]);

  await t.test('Errors is not in the navigation, and its address says who may see it, with no useless retry', async () => {
    await page.goto(`/servers/${GUILD}`);
    await page.getByRole('heading', { name: 'Overview', level: 1 }).waitFor();
    assert.equal(await page.getByRole('link', { name: 'Errors' }).count(), 0);
    await page.goto('/errors');
    await page.getByRole('heading', { name: 'Only global admins see this page', level: 1 }).waitFor();
    assert.equal(await page.getByRole('button', { name: 'Try again' }).count(), 0);
  });

  await t.test('the logs filter by a member picked by name, kept in the address', async () => {
    const chen = userIds[2] ?? '';
    await page.goto(`/servers/${GUILD}/logs`);
    await page.getByTestId('logs-table').waitFor();
    await page.getByRole('combobox', { name: 'User' }).fill('che');
    await page.getByRole('option', { name: /Chen/ }).click();
    await page.waitForURL((url) => url.searchParams.get('user') === chen);
    await eventually(async () => {
      const rows = await page.getByTestId('logs-table').locator('tbody tr').allTextContents();
      assert.ok(rows.length > 0 && rows.every((row) => row.includes(chen)), 'only Chen\'s uses');
      // The seed recorded other names with Chen's id; the table shows the name Discord has today.
      const names = await page.getByTestId('logs-table').locator('tbody tr td:nth-child(3) span span').allTextContents();
      assert.deepEqual([...new Set(names)], ['Chen']);
    });
    await page.reload();
    await eventually(async () => assert.match((await page.locator(`[data-picked="${chen}"]`).textContent()) ?? '', /Chen/, 'the pick survives a reload, by name'));
  });

  await t.test('a command nobody used has no error rate, not 0.0 %', async () => {
    const quiet = await app.request('POST', '/api/commands', { guild_id: GUILD, name: 'quiet', response: 'Shh.' });
    await page.goto(`/servers/${GUILD}/commands/${quiet.body.id}`);
    const figures = page.getByTestId('command-stats');
    await figures.waitFor();
    assert.match((await figures.textContent()) ?? '', /Uses0Error rate—/);
  });

  await t.test('the "/" hint shows beside the search on a desktop, not on a phone', async () => {
    await page.goto(`/servers/${GUILD}/commands`);
    await page.getByRole('link', { name: 'rules', exact: true }).waitFor();
    assert.equal(await page.getByTestId('search-shortcut').isVisible(), true);
    assert.doesNotMatch((await page.locator('#command-search').getAttribute('placeholder')) ?? '', /\//);
    const phone = await browser.newContext({ baseURL: app.url, viewport: { width: 390, height: 844 }, hasTouch: true, isMobile: true });
    t.after(() => phone.close());
    await phone.addCookies([{ name, value, url: app.url }]);
    const tab = await phone.newPage();
    await tab.goto(`/servers/${GUILD}/commands`);
    await tab.getByRole('link', { name: 'rules', exact: true }).waitFor();
    assert.equal(await tab.getByTestId('search-shortcut').isVisible(), false);
  });

  await t.test('an edited command asks before a link, Back or closing the tab loses the change; saving does not ask', async () => {
    const asked: string[] = [];
    let answer = false;
    const onDialog = async (dialog: import('playwright-core').Dialog) => {
      asked.push(dialog.type());
      await (answer ? dialog.accept() : dialog.dismiss());
    };
    page.on('dialog', onDialog);
    const editor = `/servers/${GUILD}/commands/${commandId}`;
    await page.goto(`/servers/${GUILD}/logs`);
    await page.goto(editor);
    await page.locator('#field-response').waitFor();
    // Unchanged: leaving asks nothing.
    await page.getByRole('link', { name: 'Logs' }).click();
    await page.getByRole('heading', { name: 'Logs', level: 1 }).waitFor();
    assert.deepEqual(asked, []);
    // In-app from here on, so Back stays in the page (a Back to another document is beforeunload's).
    await page.getByRole('link', { name: 'Commands' }).click();
    await page.getByRole('link', { name: 'rules', exact: true }).click();
    await page.locator('#field-response').click();
    await page.keyboard.type(' Edited.');
    await page.getByRole('link', { name: 'Logs' }).click();
    assert.deepEqual(asked, ['confirm']);
    assert.equal(new URL(page.url()).pathname, editor, 'staying keeps the editor and the text');
    assert.match(await page.locator('#field-response').inputValue(), /Edited\.$/);
    await page.evaluate(() => (globalThis as unknown as { history: { back(): void } }).history.back());
    await eventually(() => assert.deepEqual(asked, ['confirm', 'confirm']));
    // The dialog is answered asynchronously; the address is put back after it.
    await eventually(() => assert.equal(new URL(page.url()).pathname, editor, 'Back, refused, stays'));
    assert.match(await page.locator('#field-response').inputValue(), /Edited\.$/);
    answer = true;
    await page.getByRole('link', { name: 'Logs' }).click();
    await page.getByRole('heading', { name: 'Logs', level: 1 }).waitFor();
    assert.equal(asked.length, 3);

    await page.goto(editor);
    await page.locator('#field-response').click();
    await page.keyboard.type(' Saved.');
    await page.getByRole('button', { name: 'Save changes' }).click();
    await page.waitForURL(/\/commands$/);
    assert.equal(asked.length, 3, 'saving leaves without asking');

    await page.goto(editor);
    await page.locator('#field-response').click();
    await page.keyboard.type(' Unsaved.');
    const closing = page.waitForEvent('dialog');
    page.off('dialog', onDialog);
    // Not awaited yet: Chromium may hold the close until the prompt is answered.
    const closed = page.close({ runBeforeUnload: true });
    const dialog = await closing;
    assert.equal(dialog.type(), 'beforeunload');
    // Accepted, so the page really closes: one left open behind a dismissed prompt can keep Chromium
    // from shutting down.
    await dialog.accept();
    await closed;
  });
  assert.deepEqual(errors, []);
});

/**
 * The guild at the fake Discord (channels, coloured roles, 12 members and `admin`, its owner), and in the database commands
 * with a history, command uses over 7 days, 30 days of user stats, a schedule and two errors.
 */
async function seed(app: Awaited<ReturnType<typeof startTestApp>>, fake: FakeDiscord, admin: APIUser): Promise<{ commandId: string; userIds: string[] }> {
  const names = ['Ada', 'Bob', 'Chen', 'Dana', 'Eli', 'Fatima', 'Gus', 'Hana', 'Ines', 'Jon', 'Kemal', 'Lea'];
  const members = names.map((name) => fake.createUser({ username: name.toLowerCase(), global_name: name }));
  // One member left: their stats stay, and show as "unknown (id)".
  const left = members.pop();
  fake.addGuild({
    id: GUILD,
    name: 'Analytical Engines',
    channels: [{ id: '600000000000000001', name: 'general' }, { name: 'announcements' }],
    roles: [{ id: MODERATOR_ROLE, name: 'Moderator', color: 0x3498db }, { name: 'Member', color: 0x2ecc71 }],
    // The dashboard checks the current roles: whoever logs in owns the guild, as at Discord.
    owner_id: admin.id,
    members: [...members.map((user) => ({ user })), { user: admin }],
  });
  const settings = await app.request('PATCH', `/api/guilds/${GUILD}/settings`, { version: 0, prefix: '?', disabled_commands: ['top'], viewer_role_ids: [MODERATOR_ROLE] });
  assert.equal(settings.status, 200, JSON.stringify(settings.body));
  const userIds = [...members, left].map((u) => u?.id ?? '');
  const created = await app.request('POST', '/api/commands', { guild_id: GUILD, name: 'rules', response: 'Be kind, {user}.', description: 'The server rules', aliases: ['r'] });
  assert.equal(created.status, 201);
  await app.request('PATCH', `/api/commands/${created.body.id}`, { response: 'Be kind, {user}. Read #rules first.' });
  await app.request('POST', '/api/commands', { guild_id: GUILD, name: 'welcome', response: 'Welcome to {guild}!' });
  await app.db.sql.unsafe(
    `insert into command_logs (occurred_at, guild_id, channel_id, user_id, user_name, command, args, source, status, latency_ms, error, event_id)
     select now() - (interval '7 days') * (i::float / $2), $1, '600000000000000001', ($3::text[])[1 + i % 12],
            (array['ada','bob','chen','dana','eli'])[1 + i % 5], (array['ping','rules','welcome','roll'])[1 + i % 4],
            case when i % 5 = 0 then 'averyveryverylongargumentwithoutanyspaceswhatsoeverthatcouldbreakthetable please' else '' end,
            case when i % 3 = 0 then 'slash' else 'prefix' end,
            case when i % 17 = 0 then 'error' when i % 11 = 0 then 'denied' when i % 13 = 0 then 'cooldown' else 'ok' end,
            5 + (i * 13) % 180, case when i % 17 = 0 then 'Missing Permissions (50013)' end, 'a11y-' || i
     from generate_series(1, $2::int) as i`,
    [GUILD, 400, userIds],
  );
  await app.db.sql.unsafe(
    `insert into user_stats_daily (guild_id, user_id, day, messages, commands)
     select $1, ($2::text[])[u], (now() at time zone 'utc')::date - d, 100000 + d * 1234 + u * 7, 10 + (d * u) % 40
     from generate_series(0, 29) as d, generate_series(1, 12) as u`,
    [GUILD, userIds],
  );
  const schedule = await app.request('POST', '/api/schedules', { guild_id: GUILD, channel_id: '600000000000000001', content: 'Weekly standup', cron: '0 9 * * 1', time_zone: 'Europe/Berlin' });
  assert.equal(schedule.status, 201, JSON.stringify(schedule.body));
  // The Events, Role menus and Cases views get rows to show, stored as their modules store them.
  const schemaOf = (module: string) => moduleSchemaOf(app.db.schema, module);
  await app.db.sql.unsafe(
    `insert into ${schemaOf('event-log')}.entries (guild_id, kind, category, occurred_at, user_id, moderator_id, summary, expires_at)
     select $1, e.kind, e.category, now() - interval '1 hour' * e.i, ($2::text[])[e.i], case when e.kind = 'member_kick' then $3 end, e.summary, now() + interval '30 days'
     from (values (1, 'member_join', 'member', 'Bob joined'), (2, 'message_delete', 'message', 'A message by Chen was deleted in #general'),
                  (3, 'member_kick', 'member', 'Dana was kicked'), (4, 'channel_create', 'server', 'Channel #announcements was created'),
                  (5, 'voice_join', 'voice', 'Eli joined #lounge')) as e(i, kind, category, summary)`,
    [GUILD, userIds, admin.id],
  );
  await app.db.sql.unsafe(
    `insert into ${schemaOf('role-menus')}.menus (guild_id, channel_id, message_id, content, style, mode, options)
     values ($1, $2, '700000000000000001', 'Pick your colour', 'buttons', 'toggle', $3::text::jsonb)`,
    [GUILD, GENERAL, JSON.stringify([{ role_id: MODERATOR_ROLE, label: 'Moderator', emoji: '🛡️', description: null }])],
  );
  // A case of every action, Chen's first; one acted by a rule, one of someone who left, one automod's delete.
  await app.db.sql.unsafe(
    `insert into ${schemaOf('moderation')}.cases (guild_id, number, action, user_id, moderator_id, rule, reason, duration_ms, channel_id, message_count, created_at)
     select $1, i, a, case when a = 'purge' then null when i = 1 then ($2::text[])[3] else ($2::text[])[1 + i % 12] end,
            case when i = 3 or a = 'delete' then null else $3 end,
            case when i = 3 then 'Escalation: 3 warnings in 7 days' when a = 'delete' then 'Automod: blocked pattern' end,
            case when i = 2 then null else 'Spamming invites in #general, again after a warning' end,
            case when a in ('timeout', 'ban') then 7200000 end, case when a in ('purge', 'delete') then $4 end,
            case when a = 'purge' then 20 when a = 'delete' then 1 end, now() - interval '1 hour' * (10 - i)
     from unnest(array['warn', 'timeout', 'kick', 'ban', 'unban', 'purge', 'warn', 'delete']) with ordinality as x(a, i)`,
    [GUILD, userIds, admin.id, GENERAL],
  );
  await app.db.sql.unsafe(`insert into ${schemaOf('moderation')}.case_counters (guild_id, last_number) values ($1, 8)`, [GUILD]);
  await app.db.sql.unsafe(
    `insert into error_events (fingerprint, source, error_type, message, stack, count, last_error_id, context)
     values ('fp-1', 'command', 'DiscordAPIError', 'Missing Access', 'DiscordAPIError: Missing Access\n    at send (src/bot/discord.ts:10:5)', 1, 'err_abc123', '{"command":"rules"}'),
            ('fp-2', 'http', 'TypeError', 'Cannot read properties of undefined', 'TypeError: x\n    at handler (src/api/logs.ts:4:2)', 3, 'err_def456', '{}')`,
  );
  return { commandId: created.body.id, userIds };
}

interface Box {
  left: number;
  right: number;
}

interface ChartElement {
  scrollWidth: number;
  clientWidth: number;
  parentElement: ChartElement | null;
  getBoundingClientRect(): Box;
  querySelectorAll(selector: string): Iterable<ChartElement> & { length: number };
}

interface ChartDocument {
  documentElement: { scrollWidth: number };
  querySelectorAll(selector: string): Iterable<ChartElement>;
}

test('a server the viewer manages without the bot offers "Add Concord", not an empty dashboard', { skip: BROWSER_MISSING }, async (t) => {
  const fake = await startFakeDiscord({ token: BOT_TOKEN });
  t.after(() => fake.close());
  const user = fake.createUser({ username: 'cleo' });
  const app = await startTestApp(t, { env: { ...loginEnv(fake), DISCORD_TOKEN: BOT_TOKEN } });
  await seed(app, fake, user);
  const workshop = '123456789012345678';
  const { cookie } = await loginAs(app.url, fake, {
    user,
    // Listed first, yet the dashboard opens where the bot is.
    guilds: [
      { id: workshop, name: 'Workshop', permissions: PERMISSIONS.administrator },
      { id: GUILD, name: 'Analytical Engines', permissions: PERMISSIONS.manageGuild },
    ],
  });
  const [name = '', value = ''] = cookie.split('=');
  const browser = await launchBrowser(t);
  const { page, errors } = await openPage(t, browser, app.url);
  await page.context().addCookies([{ name, value, url: app.url }]);
  await page.goto('/');
  await page.waitForURL((url) => url.pathname === `/servers/${GUILD}`);
  assert.deepEqual(await page.locator('#scope > option').allTextContents(), ['Analytical Engines']);
  assert.deepEqual(await page.locator('#scope optgroup[label="Add Concord to"] option').allTextContents(), ['Workshop']);
  await page.locator('#scope').selectOption(workshop);
  await page.getByRole('heading', { name: 'Add Concord to Workshop', level: 1 }).waitFor();
  const invite = new URL((await page.getByRole('link', { name: 'Add Concord' }).getAttribute('href')) ?? '');
  assert.equal(invite.searchParams.get('guild_id'), workshop);
  assert.equal(invite.searchParams.get('client_id'), fake.applicationId);
  assert.equal(await page.getByRole('heading', { name: 'Overview' }).count(), 0, 'no empty dashboard');
  assert.deepEqual(await check(page, 'add concord'), []);
  assert.equal(await page.title(), 'Add Concord · Workshop · Concord');
  await screenshot(page, 'add-concord');
  assert.deepEqual(errors, []);
});
