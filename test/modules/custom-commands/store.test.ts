// The bot's command lookup: by name or alias, a guild's own command before a global one of that name.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import type { CustomCommand } from '../../../src/modules/custom-commands/data/queries.ts';
import { type CommandSource, createCommandStore } from '../../../src/modules/custom-commands/store/store.ts';

const GUILD = '100000000000000001';

function command(id: string, guildId: string | null, name: string, aliases: string[] = []): CustomCommand {
  return { id, guild_id: guildId, name, aliases } as CustomCommand;
}

test('find: by name or alias, the guild’s own command over a global one whichever comes first, a new list after invalidate', async () => {
  let rows = [command('1', null, 'hello', ['hi']), command('2', GUILD, 'hi'), command('3', GUILD, 'rules', ['r']), command('4', null, 'rules')];
  const source = { listForGuild: async () => rows } as unknown as CommandSource;
  const store = createCommandStore(source, { ttlMs: 60_000 });

  assert.equal((await store.find(GUILD, 'HELLO'))?.id, '1');
  assert.equal((await store.find(GUILD, 'hi'))?.id, '2', 'the guild’s command wins over a global alias listed before it');
  assert.equal((await store.find(GUILD, 'rules'))?.id, '3');
  assert.equal((await store.find(GUILD, 'r'))?.id, '3');
  assert.equal(await store.find(GUILD, 'nope'), undefined);

  rows = [command('5', null, 'hello')];
  store.invalidate(GUILD);
  assert.equal((await store.find(GUILD, 'hello'))?.id, '5');
  assert.equal(await store.find(GUILD, 'rules'), undefined);
});
