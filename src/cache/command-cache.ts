// Custom commands cached in Redis, shared by every process: a lookup that misses the process's own
// cache reads Redis before the database (or the API). A change deletes the Redis copy and is
// announced on a channel, so every process drops its own copy at once.
import type { CustomCommand } from '../db/commands.ts';
import type { CommandSource } from '../custom-commands/store.ts';
import type { RedisLink } from './redis.ts';

const CHANGES_CHANNEL = 'commands:changed';
/** Bounds how long a copy written just before a change (a race) can outlive it. */
const TTL_SECONDS = 300;

/** Wraps `source` with a Redis copy of each guild's own list and of the global list. */
export function redisCommandSource(source: CommandSource, redis: RedisLink): CommandSource {
  const keyOf = (guildId: string | null) => `${redis.prefix}commands:${guildId ?? 'global'}`;
  const announce = async <T extends CustomCommand>(command: T) => {
    await announceCommandChange(redis, command.guild_id);
    return command;
  };
  return {
    async listForGuild(guildId) {
      const keys = guildId ? [keyOf(guildId), keyOf(null)] : [keyOf(null)];
      const cached = await redis.attempt('commands.get', (client) => client.mget(...keys), () => []);
      if (cached.length === keys.length && cached.every((value) => value !== null)) {
        return cached.flatMap((value) => JSON.parse(value as string) as CustomCommand[]);
      }
      const commands = await source.listForGuild(guildId);
      const own = commands.filter((c) => c.guild_id !== null);
      const global = commands.filter((c) => c.guild_id === null);
      await redis.attempt(
        'commands.set',
        async (client) => {
          const write = client.multi().set(keyOf(null), JSON.stringify(global), 'EX', TTL_SECONDS);
          if (guildId) write.set(keyOf(guildId), JSON.stringify(own), 'EX', TTL_SECONDS);
          await write.exec();
        },
        () => undefined,
      );
      return commands;
    },
    create: async (input, actor) => announce(await source.create(input, actor)),
    update: async (id, changes, actor) => announce(await source.update(id, changes, actor)),
    remove: async (id, actor) => announce(await source.remove(id, actor)),
  };
}

/** Deletes the Redis copy a change makes stale and tells every process to drop its own. */
export async function announceCommandChange(redis: RedisLink, guildId: string | null): Promise<void> {
  await redis.attempt(
    'commands.invalidate',
    async (client) => {
      await client.del(`${redis.prefix}commands:${guildId ?? 'global'}`);
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
