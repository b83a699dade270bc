// Reminders end to end in `all` mode against the fake Discord, with a clock the test moves.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { startBotApp } from '../../support/bot.ts';
import { eventually } from '../../support/eventually.ts';
import { createMovedClock } from '../../support/moved-clock.ts';

const MINUTE = 60_000;

test('reminders', async (t) => {
  const clock = createMovedClock();
  const world = await startBotApp(t, { clock, env: { REMINDER_POLL_INTERVAL_MS: '100', REMINDERS_PER_USER: '5' } });
  const { fake, say, request, guild, channelId, admin, member } = world;
  const reminderFor = (text: string) => fake.waitForMessage((m) => String(m.body.content).includes(text), { timeout: 5_000 });

  await t.test('registers /remind, /reminders, /timezone and /schedule (Manage Server)', () => {
    const commands = (fake.commandOverwrites.at(-1)?.commands ?? []) as { name: string; default_member_permissions?: string }[];
    for (const name of ['remind', 'reminders', 'timezone', 'schedule']) assert.ok(commands.some((c) => c.name === name), name);
    assert.equal(commands.find((c) => c.name === 'schedule')?.default_member_permissions, '32');
  });

  await t.test('!remind confirms the exact time with Discord timestamp markup', async () => {
    const reply = await say('!remind 10m stretch your legs');
    const dueAt = Math.floor((clock.now() + 10 * MINUTE) / 1_000);
    const match = /^Reminder #(\d+) set for <t:(\d+):F> \(<t:\d+:R>\)\.$/.exec(reply.content);
    assert.ok(match, reply.content);
    assert.ok(Math.abs(Number(match[2]) - dueAt) <= 2);
  });

  await t.test('is delivered when due, as a reply that pings only its owner, with Snooze buttons', async () => {
    clock.advance(10 * MINUTE);
    const sent = await reminderFor('stretch your legs');
    assert.equal(sent.body.content, `<@${member.id}> ⏰ stretch your legs`);
    assert.deepEqual(sent.body.allowed_mentions, { parse: [], users: [member.id], replied_user: false });
    assert.ok((sent.body.message_reference as { message_id?: string }).message_id);
    const buttons = (sent.body.components as { components: { custom_id: string }[] }[])[0]?.components ?? [];
    assert.equal(buttons.length, 3);
    // The send is recorded just after it goes out.
    const row = await eventually(async () => {
      const { body } = await request('GET', `/api/reminders?user_id=${member.id}`);
      assert.equal(body.items[0].status, 'sent');
      return body.items[0];
    });
    assert.ok(row.last_late_ms < MINUTE);
  });

  await t.test('Snooze works for its owner only', async () => {
    const sent = fake.sentMessages.findLast((m) => String(m.body.content).includes('stretch your legs'));
    assert.ok(sent);
    const button = (sent.body.components as { components: { custom_id: string }[] }[])[0]?.components[0]?.custom_id ?? '';
    // The custom_id buttons already posted in Discord carry, from before reminders were a module.
    assert.match(button, /^snooze:\d+:10m$/);
    const byOther = fake.sendInteraction({ type: 3, channel_id: channelId, user: admin, custom_id: button, message_id: sent.message.id });
    const denied = await fake.waitForInteractionReply(byOther.id);
    assert.match(String((denied.body.data as { content: string }).content), /only <@\d+> can snooze/);
    const byOwner = fake.sendInteraction({ type: 3, channel_id: channelId, user: member, custom_id: button, message_id: sent.message.id });
    const snoozed = await fake.waitForInteractionReply(byOwner.id);
    assert.match(String((snoozed.body.data as { content: string }).content), /^Snoozed: reminder #\d+ at <t:\d+:F>\.$/);
    assert.equal((snoozed.body.data as { flags?: number }).flags, 64);
    clock.advance(10 * MINUTE);
    await eventually(() => assert.equal(fake.sentMessages.filter((m) => String(m.body.content).includes('stretch your legs')).length, 2));
  });

  await t.test('/timezone validates IANA names and times are read in the zone', async () => {
    const bad = await say('!timezone Mars/Olympus');
    assert.match(bad.content, /"Mars\/Olympus" is not an IANA time zone/);
    assert.equal((await say('!timezone europe/berlin')).content, 'Your time zone is now Europe/Berlin: `9am` means 9am there.');
    await say('!remind tomorrow 9am berlin breakfast');
    const { body } = await request('GET', `/api/reminders?user_id=${member.id}&status=pending`);
    const row = body.items.find((r: { content: string }) => r.content === 'berlin breakfast');
    assert.equal(row.time_zone, 'Europe/Berlin');
    const local = new Intl.DateTimeFormat('en-GB', { timeZone: 'Europe/Berlin', hour: '2-digit', minute: '2-digit' }).format(new Date(row.due_at));
    assert.equal(local, '09:00');
  });

  await t.test('!reminders lists only one\'s own; cancel works for the owner only', async () => {
    const mine = await say('!reminders');
    assert.match(mine.content, /berlin breakfast/);
    const id = /#(\d+) · <t:\d+:F> \(<t:\d+:R>\) · berlin breakfast/.exec(mine.content)?.[1];
    assert.ok(id, mine.content);
    assert.match((await say('!reminders', admin)).content, /no pending reminders/);
    assert.match((await say(`!reminders cancel ${id}`, admin)).content, new RegExp(`no pending reminder #${id}`));
    assert.equal((await say(`!reminders cancel ${id}`)).content, `Cancelled reminder #${id}: berlin breakfast`);
    const { body } = await request('GET', `/api/reminders?user_id=${member.id}&status=cancelled`);
    assert.equal(body.items[0].id, id);
  });

  await t.test('a user has at most REMINDERS_PER_USER pending reminders', async () => {
    for (let i = 0; i < 5; i++) assert.match((await say(`!remind 2h cap ${i}`, admin)).content, /^Reminder #\d+ set/);
    assert.match((await say('!remind 2h one too many', admin)).content, /already have 5 pending reminders/);
    assert.match((await say('!remind 2h not capped')).content, /^Reminder #\d+ set/, 'the cap is per user');
  });

  await t.test('limits: a year ahead at most, a readable time, a text', async () => {
    assert.match((await say('!remind 400d far away')).content, /at most 366 days ahead/);
    assert.match((await say('!remind someday maybe')).content, /cannot read "someday maybe" as a time/);
    assert.match((await say('!remind 10m')).content, /say what to remind you of/);
  });

  await t.test('@everyone in a reminder does not ping anyone else', async () => {
    await say('!remind 1m @everyone look <@&900000000000000001>');
    clock.advance(MINUTE);
    const sent = await reminderFor('@everyone look');
    assert.deepEqual(sent.body.allowed_mentions, { parse: [], users: [member.id], replied_user: false });
  });

  await t.test('--dm delivers by DM, and falls back to the channel when DMs are closed', async () => {
    await say('!remind 1m --dm secret plan');
    clock.advance(MINUTE);
    const dm = await reminderFor('secret plan');
    assert.equal(dm.channel_id, fake.dmChannelFor(member.id).id);
    fake.closedDms.add(member.id);
    await say('!remind 1m --dm closed door');
    clock.advance(MINUTE);
    const fallback = await reminderFor('closed door');
    assert.equal(fallback.channel_id, channelId);
  });

  await t.test('/remind with a DM option answers ephemerally', async () => {
    const interaction = fake.sendInteraction({
      channel_id: channelId,
      guild_id: guild.id,
      user: member,
      name: 'remind',
      options: [
        { type: 3, name: 'when', value: 'in 3 days' },
        { type: 3, name: 'what', value: 'slash reminder' },
      ],
    });
    const response = await fake.waitForInteractionReply(interaction.id);
    const data = response.body.data as { content: string; flags?: number };
    assert.match(data.content, /^Reminder #\d+ set for <t:\d+:F>/);
    assert.equal(data.flags, 64);
  });

  await t.test('a repeating reminder is sent again at its next run', async () => {
    await say('!timezone UTC');
    const reply = await say('!remind every day 9am water the plants');
    assert.match(reply.content, /then again on that schedule \(`0 9 \* \* \*`, UTC\)/);
    const { body } = await request('GET', `/api/reminders?user_id=${member.id}&status=pending`);
    const row = body.items.find((r: { content: string }) => r.content === 'water the plants');
    clock.advance(Date.parse(row.due_at) - clock.now() + 1_000);
    await reminderFor('water the plants');
    const after = await eventually(async () => {
      const { body: again } = await request('GET', `/api/reminders?user_id=${member.id}&status=pending`);
      const next = again.items.find((r: { content: string }) => r.content === 'water the plants');
      assert.ok(next.last_sent_at);
      return next;
    });
    assert.equal(Date.parse(after.due_at) - Date.parse(row.due_at), 86_400_000);
  });
});
