// `/command` in Discord is a door like the API: each change is one version and one audit row, signed
// with the member who typed it.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { startBotApp } from '../../support/bot.ts';

test('/command add, edit and remove each make one version and one audit row from discord', async (t) => {
  const { request, fake, guild, channelId, admin } = await startBotApp(t);
  const slash = async (sub: string, options: { type: number; name: string; value: unknown }[]) => {
    const interaction = fake.sendInteraction({ channel_id: channelId, guild_id: guild.id, user: admin, name: 'command', options: [{ type: 1, name: sub, options }] } as never);
    const response = await fake.waitForInteractionReply(interaction.id);
    return String((response.body.data as { content: string }).content);
  };
  assert.equal(await slash('add', [{ type: 3, name: 'name', value: 'faq' }, { type: 3, name: 'response', value: 'Read it.' }]), 'Added `!faq`.');
  assert.equal(await slash('edit', [{ type: 3, name: 'name', value: 'faq' }, { type: 3, name: 'response', value: 'Read it twice.' }]), 'Changed `!faq`.');
  assert.equal(await slash('remove', [{ type: 3, name: 'name', value: 'faq' }]), 'Removed `!faq`.');

  const { body: deleted } = await request('GET', `/api/commands?guild_id=${guild.id}&deleted=true`);
  const id = deleted.items[0].id;
  const { body: versions } = await request('GET', `/api/commands/${id}/versions`);
  assert.deepEqual(
    versions.items.map((v: { action: string; source: string; actor_id: string }) => [v.action, v.source, v.actor_id]),
    [
      ['delete', 'discord', admin.id],
      ['update', 'discord', admin.id],
      ['create', 'discord', admin.id],
    ],
  );
  const { body: audit } = await request('GET', `/api/audit?guild_id=${guild.id}&entity_id=${id}`);
  assert.equal(audit.items.length, 3);
  assert.ok(audit.items.every((e: { source: string; actor_id: string }) => e.source === 'discord' && e.actor_id === admin.id));
});
