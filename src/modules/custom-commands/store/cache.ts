// Custom commands cached in Redis, shared by every process: a lookup that misses the process's own
// cache reads Redis before the database (or the API). Each copy is stored under its list's version;
// a change bumps the version and is announced on a channel, so every process drops its own copy at
// once, and a copy read from the database before the change can only land under the old version.

import type { RedisLink } from '../../../platform/redis/client.ts';
import type { CustomCommand } from '../data/queries.ts';
import type { CommandSource } from './store.ts';

const CHANGES_CHANNEL = 'commands:changed';
/** How long an unused copy is kept. */
const TTL_SECONDS = 300;

/** Wraps `source` with a Redis copy of each guild's own list and of the global list. */
export function redisCommandSource(source: CommandSource, redis: RedisLink): CommandSource {
  const announce = async <T extends CustomCommand>(command: T) => {
    await announceCommandChange(redis, command.guild_id);
    return command;
  };
  return {
    async listForGuild(guildId) {
      const lists = guildId ? [guildId, null] : [null];
      // The versions first: a change that commits after this read bumps them, so what is read from the
      // database below may be stored only under a version no one asks for any more.
      const versions = await redis.attempt('commands.get', (client) => client.mget(...lists.map((list) => versionKey(redis, list))), () => null);
      const keys = lists.map((list, i) => `${redis.prefix}commands:${list ?? 'global'}:v${versions?.[i] ?? 0}`);
      const cached = versions ? await redis.attempt('commands.get', (client) => client.mget(...keys), () => []) : [];
      if (cached.length === keys.length && cached.every((value) => value !== null)) {
        return cached.flatMap((value) => JSON.parse(value as string) as CustomCommand[]);
      }
      const commands = await source.listForGuild(guildId);
      if (!versions) return commands;
      const own = commands.filter((c) => c.guild_id !== null);
      const global = commands.filter((c) => c.guild_id === null);
      await redis.attempt(
        'commands.set',
        async (client) => {
          const write = client.multi();
          for (const [i, list] of lists.entries()) write.set(keys[i] as string, JSON.stringify(list ? own : global), 'EX', TTL_SECONDS);
          await write.exec();
        },
        () => undefined,
      );
      return commands;
    },
    // A question asked once per burst of GUILD_CREATEs: not worth a copy.
    guildsWithApplicationCommands: (guildIds) => source.guildsWithApplicationCommands(guildIds),
    create: async (input, actor) => announce(await source.create(input, actor)),
    update: async (id, changes, actor) => announce(await source.update(id, changes, actor)),
    remove: async (id, actor) => announce(await source.remove(id, actor)),
  };
}

/** Bumps the version of the list a change makes stale and tells every process to drop its own copy. */
export async function announceCommandChange(redis: RedisLink, guildId: string | null): Promise<void> {
  await redis.attempt(
    'commands.invalidate',
    async (client) => {
      await client.incr(versionKey(redis, guildId));
      await redis.publish(CHANGES_CHANNEL, guildId ?? '');
    },
    () => undefined,
  );
}

/** Calls `onChange` for every change any process announces; `null` for a global command (or a
 *  reconnect, after which any change may have been missed). */
export function watchCommandChanges(redis: RedisLink, onChange: (guildId: string | null) => void): Promise<void> {
  return redis.subscribe(CHANGES_CHANNEL, (message) => onChange(message === '' ? null : message), () => onChange(null));
}

function versionKey(redis: RedisLink, guildId: string | null): string {
  return `${redis.prefix}commands:${guildId ?? 'global'}:version`;
}
