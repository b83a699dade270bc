// The dashboard's Cases pages in headless Chromium, against the real API, PostgreSQL and the fake
// Discord: the list newest first with older pages by cursor, filters kept in the address, a member's
// history with their record by action, a reason changed (and the mod-log post edited at Discord, the
// API's 422 under the field), the Act form acting as the moderator and refused by the hierarchy in
// the API's words; light, dark and phone layouts checked by axe, without sideways scrolling; a
// read-only role sees it all without the controls; where moderation is off, the page says so.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { type APIMessage, type APIUser, PermissionFlagsBits } from 'discord-api-types/v10';
import type { Page } from 'playwright-core';
import { moduleSchemaOf } from '../../src/module-kit/migrations.ts';
import { ACTION_LABEL } from '../../src/modules/moderation/mod-log.ts';
import { startTestApp } from '../support/app.ts';
import { accessibilityProblems } from '../support/axe.ts';
import { BOT_TOKEN } from '../support/bot.ts';
import { BROWSER_MISSING, launchBrowser, openPage, type PageOptions, screenshot } from '../support/browser.ts';
import { loginAs, loginEnv, PERMISSIONS } from '../support/dashboard-login.ts';
import { eventually } from '../support/eventually.ts';
import { startFakeDiscord } from '../support/fake-discord/index.ts';

const MOD = PermissionFlagsBits.ManageGuild | PermissionFlagsBits.ModerateMembers | PermissionFlagsBits.KickMembers | PermissionFlagsBits.BanMembers | PermissionFlagsBits.ManageMessages;
const ROLE = { viewers: '960000000000000001', mods: '960000000000000002', senior: '960000000000000003', concord: '960000000000000004' };
/** Cases stored before the test acts: more than a page of 50. */
const OLDER = 52;

const LAYOUTS: Record<string, PageOptions> = {
  light: { colorScheme: 'light', viewport: { width: 1280, height: 860 } },
  dark: { colorScheme: 'dark', viewport: { width: 1280, height: 860 } },
  phone: { colorScheme: 'dark', viewport: { width: 360, height: 780 } },
};

test('the Cases pages: list, filters, history, reason, acting and its refusals', { skip: BROWSER_MISSING }, async (t) => {
  const fake = await startFakeDiscord({ token: BOT_TOKEN });
  t.after(() => fake.close());
  const [owner, mod, senior, bob, carol, dan, vera, gone] = ['owner', 'mod', 'senior', 'bob', 'carol', 'dan', 'vera', 'gone'].map((name) => fake.createUser({ username: name })) as [APIUser, APIUser, APIUser, APIUser, APIUser, APIUser, APIUser, APIUser];
  // A role ladder: Viewers (1) < Mods (2) < Senior (3) < Concord, the bot (4). `gone` left the server.
  const guild = fake.addGuild({
    name: 'Moderated',
    owner_id: owner.id,
    channels: [{ name: 'general' }, { name: 'mod-log' }],
    roles: [
      { id: ROLE.viewers, name: 'Viewers' },
      { id: ROLE.mods, name: 'Mods', permissions: MOD },
      { id: ROLE.senior, name: 'Senior', permissions: MOD },
      { id: ROLE.concord, name: 'Concord', permissions: MOD },
    ],
    members: [{ user: owner }, { user: mod, roles: [ROLE.mods] }, { user: senior, roles: [ROLE.senior] }, { user: bob }, { user: carol }, { user: dan }, { user: vera, roles: [ROLE.viewers] }],
    botRoles: [ROLE.concord],
  });
  const [general = '', modLog = ''] = guild.channels.map((c) => c.id);
  const app = await startTestApp(t, { env: { DISCORD_TOKEN: BOT_TOKEN, ...loginEnv(fake) } });
  const g = `/api/guilds/${guild.id}`;
  assert.equal((await app.request('PATCH', `${g}/modules/moderation`, { version: 0, settings: { log_channel_id: modLog } })).status, 200);
  assert.equal((await app.request('PATCH', `${g}/settings`, { version: 0, viewer_role_ids: [ROLE.viewers] })).status, 200);

  // Weeks of older cases, stored as the module stores them (its counter follows), then three made now.
  const schema = moduleSchemaOf(app.db.schema, 'moderation');
  await app.db.sql.unsafe(
    `insert into ${schema}.cases (guild_id, number, action, user_id, moderator_id, rule, reason, duration_ms, channel_id, message_count, created_at, updated_at)
     select $1, i, a.action, case when a.action = 'purge' then null when i % 2 = 0 then $2 else $3 end,
            case when i % 4 = 3 then null else $4 end, case when i % 4 = 3 then 'Escalation: 3 warnings in 7 days' end,
            case when i % 5 = 0 then null else 'Older case ' || i end,
            case when a.action in ('timeout', 'ban') then 3600000 end,
            case when a.action = 'purge' then $5 end, case when a.action = 'purge' then 12 end,
            now() - interval '1 day' * (60 - i), now() - interval '1 day' * (60 - i)
     from generate_series(1, $6::int) as i,
          lateral (select (array['warn','timeout','kick','ban','unban','purge'])[1 + i % 6] as action) as a`,
    [guild.id, dan.id, gone.id, senior.id, general, OLDER],
  );
  await app.db.sql.unsafe(`insert into ${schema}.case_counters (guild_id, last_number) values ($1, $2)`, [guild.id, OLDER]);
  // Case 4: a message automod deleted, as its violations are recorded.
  await app.db.sql.unsafe(
    `update ${schema}.cases set action = 'delete', moderator_id = null, rule = 'Automod: blocked pattern', reason = 'matched "free nitro"', channel_id = $2, message_count = 1
     where guild_id = $1 and number = 4`,
    [guild.id, general],
  );
  const { cookie } = await loginAs(app.url, fake, { user: mod, guilds: [{ id: guild.id, name: guild.name, permissions: PERMISSIONS.manageGuild }] });
  const asMod = async (body: unknown) => {
    const res = await fetch(`${app.url}${g}/cases`, { method: 'POST', headers: { cookie, origin: app.url, 'content-type': 'application/json' }, body: JSON.stringify(body) });
    assert.equal(res.status, 201, await res.clone().text());
    return (await res.json()) as { number: number; log_message_id: string };
  };
  assert.equal((await app.request('POST', `${g}/cases`, { action: 'warn', user_id: bob.id, reason: 'spam in #general' })).status, 201);
  await asMod({ action: 'timeout', user_id: bob.id, reason: 'flooding', duration: '1h' });
  const rude = await asMod({ action: 'warn', user_id: carol.id, reason: 'rude' });
  assert.equal(rude.number, OLDER + 3);

  const browser = await launchBrowser(t);
  const { page, errors } = await openPage(t, browser, app.url);
  const [name = '', value = ''] = cookie.split('=');
  await page.context().addCookies([{ name, value, url: app.url }]);
  const list = page.getByTestId('cases-list');
  const shownNumbers = async () => (await list.locator('li[data-case]').evaluateAll((rows) => rows.map((row) => Number((row as unknown as { dataset: { case: string } }).dataset.case))));
  const apiNumbers = async (filter: string) => ((await app.request('GET', `${g}/cases?limit=200&${filter}`)).body.items as { number: number }[]).map((c) => c.number);

  await t.test('newest first, older pages by cursor with the shared footer', async () => {
    await page.goto(`/servers/${guild.id}`);
    await page.getByRole('link', { name: 'Cases' }).first().click();
    await page.getByRole('heading', { name: 'Cases', level: 1 }).waitFor();
    await list.locator(`li[data-case="${OLDER + 3}"]`).waitFor();
    const first = await shownNumbers();
    assert.deepEqual(first.slice(0, 3), [OLDER + 3, OLDER + 2, OLDER + 1]);
    assert.equal(first.length, 50);
    const rude = list.locator(`li[data-case="${OLDER + 3}"]`);
    // Names come from the member directory after the list: ids until they arrive.
    await rude.filter({ hasText: /carol by mod/ }).waitFor();
    assert.match((await rude.textContent()) ?? '', /Warning.*carol by mod.*rude/);
    await list.locator(`li[data-case="${OLDER + 1}"]`).filter({ hasText: /bob by/ }).waitFor();
    assert.match((await list.locator(`li[data-case="${OLDER + 1}"]`).textContent()) ?? '', /bob by API token/, 'a rule, not a person, for the API token');
    assert.match((await list.locator(`li[data-case="${OLDER + 2}"]`).textContent()) ?? '', /for 1h/);
    assert.equal(await page.title(), 'Cases · Moderated · Concord');
    await page.getByText('50 cases shown').waitFor();
    await page.getByRole('button', { name: 'Load older' }).click();
    await page.getByText(`${OLDER + 3} cases shown`).waitFor();
    await page.getByText('That is all.').waitFor();
    assert.deepEqual(await shownNumbers(), Array.from({ length: OLDER + 3 }, (_, i) => OLDER + 3 - i));
    await eventually(async () => {
      assert.match((await list.locator('li[data-case="1"]').textContent()) ?? '', /Timeout.*unknown \(\d+\) by senior · for 1h/, 'who left is "unknown (id)"');
      assert.match((await list.locator('li[data-case="3"]').textContent()) ?? '', /by Escalation: 3 warnings in 7 days/);
      assert.match((await list.locator('li[data-case="5"]').textContent()) ?? '', /Purge.*in #general by senior · 12 messages.*No reason given/);
      assert.match((await list.locator('li[data-case="4"]').textContent()) ?? '', /Message deleted.*dan in #general by Automod: blocked pattern · 1 message(?!s)matched "free nitro"/);
    });
  });

  await t.test('filters by action and by moderator, kept in the address', async () => {
    // The actions are the module's own list, named as its mod log names them: one added there shows here.
    assert.deepEqual(await page.getByLabel('Action').locator('option').allTextContents(), ['Every action', ...Object.values(ACTION_LABEL)]);
    await page.getByLabel('Action').selectOption('warn');
    await page.waitForURL((url) => url.searchParams.get('action') === 'warn');
    const warnings = await apiNumbers('action=warn');
    await eventually(async () => assert.deepEqual(await shownNumbers(), warnings));
    await page.getByLabel('Action').selectOption('');
    await page.getByRole('combobox', { name: 'Moderator' }).fill('mo');
    await page.getByRole('option', { name: /mod/ }).click();
    await page.waitForURL((url) => url.searchParams.get('moderator') === mod.id);
    await eventually(async () => assert.deepEqual(await shownNumbers(), [OLDER + 3, OLDER + 2]));
    await page.reload();
    await eventually(async () => assert.deepEqual(await shownNumbers(), [OLDER + 3, OLDER + 2], 'the filter survives a reload'));
    await page.getByRole('button', { name: 'Clear filters' }).click();
    await page.waitForURL((url) => url.search === '');
  });

  await t.test("a member's name opens their history, with their whole record by action", async () => {
    await list.locator(`li[data-case="${OLDER + 2}"]`).getByRole('link', { name: 'bob' }).click();
    await page.waitForURL((url) => url.searchParams.get('member') === bob.id);
    const history = page.getByRole('region', { name: 'History of bob' });
    await history.getByTestId('history-total').getByText('2 cases in all').waitFor();
    assert.deepEqual(await history.getByRole('list', { name: 'Cases by action' }).locator('li').allTextContents(), ['Warning1', 'Timeout1']);
    await eventually(async () => assert.deepEqual(await shownNumbers(), [OLDER + 2, OLDER + 1]));
    // A member who left is found by their id: banned users are no longer members to search by name.
    await page.goto(`/servers/${guild.id}/cases`);
    await page.getByRole('combobox', { name: 'Member' }).fill(gone.id);
    await page.getByRole('option', { name: `id ${gone.id}` }).click();
    await page.waitForURL((url) => url.searchParams.get('member') === gone.id);
    const theirs = await apiNumbers(`user_id=${gone.id}`);
    await page.getByRole('region', { name: `History of unknown (${gone.id})` }).getByText(`${theirs.length} cases in all`).waitFor();
    await eventually(async () => assert.deepEqual(await shownNumbers(), theirs));
  });

  await t.test("a case's reason is changed, and its mod-log post with it; the API's 422 shows under the field", async () => {
    await page.goto(`/servers/${guild.id}/cases`);
    await page.getByRole('link', { name: `Case ${OLDER + 3}` }).click();
    await page.getByRole('heading', { name: `Case ${OLDER + 3}`, level: 1 }).waitFor();
    const card = page.getByRole('region', { name: 'The case' });
    await card.getByText('carol').waitFor();
    assert.match((await card.textContent()) ?? '', /ModeratormodWhen/);
    assert.equal(await card.getByRole('link', { name: 'Open the post in Discord' }).getAttribute('href'), `https://discord.com/channels/${guild.id}/${modLog}/${rude.log_message_id}`);
    const form = page.getByRole('form', { name: 'Reason' });
    assert.equal(await form.getByLabel('Reason').inputValue(), 'rude');
    await form.getByLabel('Reason').fill('rude to new members, twice');
    await form.getByRole('button', { name: 'Save reason' }).click();
    await page.getByText('Reason saved; the mod-log post was edited').waitFor();
    assert.equal((await app.request('GET', `${g}/cases/${OLDER + 3}`)).body.reason, 'rude to new members, twice');
    // The post as Discord now has it.
    const post = await fetch(`${fake.apiUrl}/channels/${modLog}/messages/${rude.log_message_id}`, { headers: { authorization: `Bot ${BOT_TOKEN}` } }).then((res) => res.json() as Promise<APIMessage>);
    const reasonField = (post.embeds[0]?.fields ?? []).find((f) => f.name === 'Reason');
    assert.equal(reasonField?.value, 'rude to new members, twice', 'the post in #mod-log says the new reason');

    await form.getByLabel('Reason').fill('   ');
    await form.getByRole('button', { name: 'Save reason' }).click();
    await form.locator('#case-reason-error').getByText('must not be empty').waitFor();
    assert.equal(await form.getByLabel('Reason').getAttribute('aria-invalid'), 'true');
    assert.equal((await app.request('GET', `${g}/cases/${OLDER + 3}`)).body.reason, 'rude to new members, twice');
    // Put back, so leaving does not ask about an unsaved change.
    await form.getByLabel('Reason').fill('rude to new members, twice');
  });

  await t.test('the Act form acts as the moderator; a member ranked above them is refused in the API’s words, nothing sent', async () => {
    await page.getByRole('link', { name: 'All cases' }).click();
    await page.getByRole('button', { name: 'Act on a member' }).click();
    const form = page.getByRole('form', { name: 'Act on a member' });
    await form.getByRole('combobox', { name: 'Member' }).fill('car');
    await page.getByRole('option', { name: /carol/ }).click();
    await form.getByLabel('Action').selectOption('timeout');
    await form.getByLabel('Duration').fill('10m');
    await form.getByLabel('Reason').fill('cooling off');
    const before = Date.now();
    await form.getByRole('button', { name: 'Time out' }).click();
    await page.getByText(`Case ${OLDER + 4}: timeout recorded`).waitFor();
    await list.locator(`li[data-case="${OLDER + 4}"]`).getByText('cooling off').waitFor();
    const made = (await app.request('GET', `${g}/cases/${OLDER + 4}`)).body;
    assert.deepEqual([made.action, made.user_id, made.moderator_id, made.duration_ms], ['timeout', carol.id, mod.id, 600_000]);
    const until = Date.parse(guild.members.find((m) => m.user.id === carol.id)?.communication_disabled_until ?? '');
    assert.ok(until >= before + 600_000 - 5_000 && until <= Date.now() + 600_000, 'carol is timed out at Discord for 10 minutes');

    const sent = fake.requests.length;
    await page.getByRole('button', { name: 'Act on a member' }).click();
    await form.getByRole('combobox', { name: 'Member' }).fill('sen');
    await page.getByRole('option', { name: /senior/ }).click();
    await form.getByLabel('Action').selectOption('kick');
    await form.getByRole('button', { name: 'Kick' }).click();
    const refusal = form.getByRole('alert');
    await refusal.getByText("senior's highest role is at or above yours, so you can't kick them.").waitFor();
    assert.doesNotMatch((await refusal.textContent()) ?? '', /<@/, 'the mention is shown as a name');
    assert.equal(fake.requests.slice(sent).filter((r) => r.method === 'DELETE' && r.path.includes('/members/')).length, 0, 'nobody was kicked');
    assert.ok(guild.members.some((m) => m.user.id === senior.id));
    assert.deepEqual((await apiNumbers('limit=1')).slice(0, 1), [OLDER + 4], 'no case was made');

    // A timeout needs its duration: the API says so under the field.
    await form.getByLabel('Action').selectOption('timeout');
    await form.getByRole('button', { name: 'Time out' }).click();
    await form.getByText('A timeout needs a duration').waitFor();
    assert.equal(await form.getByLabel('Duration').getAttribute('aria-invalid'), 'true');
    await form.getByRole('button', { name: 'Cancel' }).click();
    assert.deepEqual(errors, []);
  });

  for (const [layout, options] of Object.entries(LAYOUTS)) {
    await t.test(`${layout}: the list with the Act form's refusal, a history and a case pass axe, without sideways scrolling`, async () => {
      const { page: view, errors: viewErrors } = await openPage(t, browser, app.url, options);
      await view.context().addCookies([{ name, value, url: app.url }]);
      const problems: string[] = [];
      const check = async (what: string) => {
        problems.push(...(await accessibilityProblems(view, `${layout} ${what}`)));
        const width = (await view.evaluate('document.documentElement.scrollWidth')) as number;
        if (width > (options.viewport?.width ?? 0)) problems.push(`${layout} ${what}: the page is ${width}px wide`);
        await screenshot(view, `cases-${layout}-${what}`);
      };
      await view.goto(`/servers/${guild.id}/cases`);
      await view.getByTestId('cases-list').locator('li').first().waitFor();
      await view.getByRole('button', { name: 'Act on a member' }).click();
      const form = view.getByRole('form', { name: 'Act on a member' });
      await form.getByRole('combobox', { name: 'Member' }).fill('sen');
      await view.getByRole('option', { name: /senior/ }).click();
      await form.getByLabel('Action').selectOption('ban');
      await form.getByRole('button', { name: 'Ban' }).click();
      await form.getByRole('alert').getByText(/at or above yours/).waitFor();
      await check('list');
      await view.goto(`/servers/${guild.id}/cases?member=${bob.id}`);
      await view.getByTestId('history-total').getByText('2 cases in all').waitFor();
      await waitForNames(view);
      await check('history');
      await view.goto(`/servers/${guild.id}/cases/${OLDER + 3}`);
      await view.getByRole('region', { name: 'The case' }).getByText('carol').waitFor();
      await check('case');
      assert.deepEqual(problems, []);
      assert.deepEqual(viewErrors, []);
    });
  }

  await t.test('a read-only role sees the cases, a history and a case, without the Act form or the reason form', async () => {
    const { page: view, errors: viewErrors } = await openPage(t, browser, app.url);
    fake.oauthUser = { user: vera, guilds: [{ id: guild.id, name: guild.name, permissions: PERMISSIONS.none }] };
    await view.goto('/');
    await view.getByRole('link', { name: 'Log in with Discord' }).click();
    await view.waitForURL(new RegExp(`/servers/${guild.id}$`));
    await view.getByRole('link', { name: 'Cases' }).first().click();
    await view.getByTestId('cases-list').locator(`li[data-case="${OLDER + 4}"]`).waitFor();
    assert.equal(await view.getByRole('button', { name: 'Act on a member' }).count(), 0);
    await view.getByTestId('cases-list').locator(`li[data-case="${OLDER + 2}"]`).getByRole('link', { name: 'bob' }).click();
    await view.getByTestId('history-total').getByText('2 cases in all').waitFor();
    assert.equal(await view.getByRole('button', { name: 'Act on this member' }).count(), 0);
    await view.getByRole('link', { name: `Case ${OLDER + 1}` }).click();
    await view.getByText('You have read-only access to this server.').waitFor();
    await view.getByText('spam in #general').waitFor();
    assert.equal(await view.getByRole('textbox').count(), 0, 'no reason to edit');
    assert.equal(await view.getByRole('button', { name: 'Save reason' }).count(), 0);
    assert.deepEqual(viewErrors, []);
  });

  await t.test('where moderation is off, the page says so and where to turn it on', async () => {
    const off = await app.request('PATCH', `${g}/modules/moderation`, { version: 1, enabled: false });
    assert.equal(off.status, 200, JSON.stringify(off.body));
    await page.goto(`/servers/${guild.id}/cases`);
    await page.getByRole('heading', { name: 'Moderation is off in this server' }).waitFor();
    await page.getByRole('link', { name: 'Turn it on in Modules' }).click();
    await page.getByRole('heading', { name: 'Modules', level: 1 }).waitFor();
    assert.deepEqual(errors, []);
  });
});

/** Waits until the list names members by name, not by id (the names arrive after the rows). */
async function waitForNames(page: Page): Promise<void> {
  await page.getByTestId('cases-list').locator('li').first().getByText('bob').waitFor();
}
