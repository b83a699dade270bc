// Embeds and buttons of custom commands end to end against the fake Discord, which refuses (400,
// 50035) any message over Discord's embed and component limits, as Discord does.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { ComponentType, InteractionType, MessageFlags } from 'discord-api-types/v10';
import { startBotApp } from '../../support/bot.ts';
import { eventually } from '../../support/eventually.ts';

test('rich replies in Discord', async (t) => {
  const { request, say, guild, admin, member, fake, channelId } = await startBotApp(t);

  await t.test('an embed command answers with its embed, rendered, and an empty response', async () => {
    const created = await request('POST', '/api/commands', {
      guild_id: guild.id,
      name: 'card',
      response: '',
      embeds: [
        {
          title: 'Hello {user}',
          url: 'https://example.com/u/{user.id}',
          description: 'You said {args}; {user.mention} here',
          color: '#ff8800',
          author: { name: '{guild}' },
          fields: [{ name: 'Uses', value: '{uses}', inline: true }],
          footer: { text: 'in {channel}' },
          timestamp: true,
        },
      ],
    });
    assert.equal(created.status, 201, JSON.stringify(created.body));
    assert.equal(created.body.embeds[0].color, 0xff8800);
    const reply = await say('!card hi there');
    const [embed] = reply.body.embeds as Record<string, unknown>[];
    assert.ok(embed);
    assert.equal(reply.content, '');
    assert.equal(embed.title, 'Hello Bob');
    assert.equal(embed.url, `https://example.com/u/${member.id}`);
    assert.equal(embed.description, `You said hi there; <@${member.id}> here`);
    assert.equal(embed.color, 0xff8800);
    assert.deepEqual(embed.author, { name: 'Test Guild' });
    assert.deepEqual(embed.fields, [{ name: 'Uses', value: '1', inline: true }]);
    assert.deepEqual(embed.footer, { text: `in <#${channelId}>` });
    assert.ok(Date.now() - Date.parse(String(embed.timestamp)) < 10_000);
    // A mention in an embed never pings: nobody is allowed, not even the invoker.
    assert.deepEqual(reply.body.allowed_mentions, { parse: [], users: [], replied_user: false });
  });

  await t.test('limits are refused on save with the field named', async () => {
    const cases: [unknown, string][] = [
      [{ embeds: [{ title: 'x'.repeat(257) }] }, 'embeds.0.title'],
      [{ embeds: [{ description: 'x'.repeat(4_097) }] }, 'embeds.0.description'],
      [{ embeds: [{ fields: [{ name: 'n', value: 'v'.repeat(1_025) }] }] }, 'embeds.0.fields.0.value'],
      [{ embeds: [{ fields: Array.from({ length: 26 }, () => ({ name: 'n', value: 'v' })) }] }, 'embeds.0.fields'],
      [{ embeds: [{ footer: { text: 'f'.repeat(2_049) } }] }, 'embeds.0.footer.text'],
      [{ embeds: [{ title: 't', author: { name: 'a'.repeat(257) } }] }, 'embeds.0.author.name'],
      [{ embeds: [{ description: 'x'.repeat(4_000) }, { description: 'y'.repeat(2_001) }] }, 'embeds'],
      [{ embeds: [{ title: 't', url: 'javascript:alert(1)' }] }, 'embeds.0.url'],
      [{ embeds: [{ title: 't', color: '#12345' }] }, 'embeds.0.color'],
      [{ embeds: [{ title: '{1:colour}' }] }, 'embeds.0.title'],
      [{ embeds: Array.from({ length: 11 }, () => ({ title: 't' })) }, 'embeds'],
      [{ buttons: [{ label: 'l'.repeat(81), url: 'https://example.com' }] }, 'buttons.0.label'],
      [{ buttons: [{ label: 'go', url: 'ftp://example.com' }] }, 'buttons.0.url'],
      [{ buttons: Array.from({ length: 26 }, () => ({ label: 'go', url: 'https://example.com' })) }, 'buttons'],
      [{ response: '' }, 'response'],
    ];
    for (const [fields, field] of cases) {
      const res = await request('POST', '/api/commands', { guild_id: guild.id, name: 'limits', response: 'x', ...(fields as object) });
      assert.equal(res.status, 422, `${field}: ${JSON.stringify(res.body)}`);
      assert.ok(
        res.body.errors.some((e: { field: string }) => e.field === field),
        `${field} named in ${JSON.stringify(res.body.errors)}`,
      );
    }
    const card = await request('POST', '/api/commands', { guild_id: guild.id, name: 'limits', response: '', embeds: [{ title: 't' }] });
    assert.equal(card.status, 201);
    const emptied = await request('PATCH', `/api/commands/${card.body.id}`, { embeds: [] });
    assert.equal(emptied.status, 422);
    assert.equal(emptied.body.errors[0].field, 'response');
  });

  await t.test('a rendered reply over a limit is trimmed with a marker, not lost', async () => {
    await request('POST', '/api/commands', {
      guild_id: guild.id,
      name: 'echo',
      response: '{args}',
      embeds: [{ title: '{args}{args}', description: '{args}{args}{args}{args}{args}', fields: [{ name: '{args}', value: '{args}{args}' }] }, { description: '{args}{args}{args}{args}{args}' }],
    });
    const words = Array.from({ length: 100 }, (_, i) => `w${i}xxxxx`).join(' ');
    const reply = await say(`!echo "${words}"`);
    const embeds = reply.body.embeds as { title: string; description?: string; fields?: { name: string; value: string }[] }[];
    assert.equal(embeds[0]?.title.length, 256);
    assert.ok(embeds[0]?.title.endsWith('…'));
    assert.equal(embeds[0]?.fields?.[0]?.name.length, 256);
    assert.equal(embeds[0]?.fields?.[0]?.value.length, 1_024);
    const total = embeds.reduce((sum, e) => sum + (e.title?.length ?? 0) + (e.description?.length ?? 0) + (e.fields ?? []).reduce((s, f) => s + f.name.length + f.value.length, 0), 0);
    assert.ok(total <= 6_000, `total ${total}`);
  });

  await t.test('a command button answers ephemerally, is logged, and honours cooldowns', async () => {
    await request('POST', '/api/commands', { guild_id: guild.id, name: 'secret', response: 'Only you see this, {user}', cooldown_seconds: 60 });
    await request('POST', '/api/commands', {
      guild_id: guild.id,
      name: 'menu',
      response: 'Pick one',
      buttons: [
        { label: 'Docs 📘', url: 'https://example.com/docs' },
        { label: 'Secret', run: 'secret', style: 'success', emoji: '🔒' },
      ],
    });
    const menu = await say('!menu');
    const rows = menu.body.components as { type: number; components: Record<string, unknown>[] }[];
    assert.equal(rows.length, 1);
    assert.deepEqual(rows[0]?.components, [
      { type: 2, style: 5, label: 'Docs 📘', url: 'https://example.com/docs' },
      { type: 2, style: 3, label: 'Secret', custom_id: 'concord:run:secret', emoji: { name: '🔒' } },
    ]);
    const message = fake.sentMessages.at(-1)?.message;
    assert.ok(message);
    const press = () =>
      fake.sendInteraction({ type: InteractionType.MessageComponent, channel_id: channelId, user: admin, custom_id: 'concord:run:secret', message_id: message.id, component_type: ComponentType.Button });
    const first = press();
    const answer = await fake.waitForInteractionReply(first.id);
    assert.equal(answer.body.type, 4);
    const data = answer.body.data as { content: string; flags: number };
    assert.equal(data.content, 'Only you see this, Ada');
    assert.equal(data.flags & MessageFlags.Ephemeral, MessageFlags.Ephemeral);
    const second = press();
    const slow = await fake.waitForInteractionReply(second.id);
    assert.match(String((slow.body.data as { content: string }).content), /^Slow down/);
    await eventually(async () => {
      const logs = await request('GET', `/api/logs?guild_id=${guild.id}&command=secret`);
      const sources = logs.body.items.map((l: { source: string; status: string }) => `${l.source}:${l.status}`);
      assert.deepEqual(sources.sort(), ['button:cooldown', 'button:ok']);
    });
  });

  await t.test('preview returns the rendered embeds and buttons', async () => {
    const { body: command } = await request('POST', '/api/commands', {
      guild_id: guild.id,
      name: 'pv',
      response: 'hi',
      embeds: [{ title: 'For {1:user}' }],
      buttons: [{ label: 'More {user}', run: 'secret' }],
    });
    const preview = await request('POST', `/api/commands/${command.id}/preview`, { user_id: admin.id, user_name: 'Ada', args: `<@${member.id}>`, user_names: { [member.id]: 'Bob' } });
    assert.equal(preview.status, 200);
    assert.deepEqual(preview.body.embeds, [{ title: 'For Bob' }]);
    assert.deepEqual(preview.body.components, [{ type: 1, components: [{ type: 2, style: 2, label: 'More Ada', custom_id: 'concord:run:secret' }] }]);
    const missing = await request('POST', `/api/commands/${command.id}/preview`, { user_id: admin.id });
    assert.equal(missing.body.usage, '!pv <user>');
  });

  await t.test('each response of a pool carries its own embeds; versions keep them', async () => {
    const { body: command } = await request('POST', '/api/commands', {
      guild_id: guild.id,
      name: 'pool',
      response: 'plain',
      responses: [''],
      responses_rich: [{ embeds: [{ title: 'rich one' }] }],
    });
    assert.ok(command.id, JSON.stringify(command));
    const seen = new Set<string>();
    for (let i = 0; i < 40 && seen.size < 2; i++) {
      const reply = await say('!pool');
      seen.add(reply.content || String((reply.body.embeds as { title: string }[])[0]?.title));
    }
    assert.deepEqual([...seen].sort(), ['plain', 'rich one']);
    await request('PATCH', `/api/commands/${command.id}`, { embeds: [{ title: 'now rich' }] });
    const versions = await request('GET', `/api/commands/${command.id}/versions`);
    const update = versions.body.items[0];
    assert.deepEqual(update.diff.embeds, { from: [], to: [{ title: 'now rich' }] });
    const restored = await request('POST', `/api/commands/${command.id}/versions/1/restore`);
    assert.deepEqual(restored.body.embeds, []);
    assert.deepEqual(restored.body.responses_rich, [{ embeds: [{ title: 'rich one' }], buttons: [] }]);
  });
});
