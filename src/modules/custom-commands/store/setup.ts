// The module's store in a process: its commands from the database (the API process, a bot on the
// data layer) or from Concord's API (a split bot), cached per guild, and on Redis too where there is
// one, so every process shares a list and hears of every change.

import type { ModuleSetupContext } from '../../../module-kit/contract.ts';
import { apiCommandSource } from './api-source.ts';
import { redisCommandSource, watchCommandChanges } from './cache.ts';
import { sqlCommandSource } from './sql-source.ts';
import { type CommandSource, type CommandStore, createCommandStore } from './store.ts';

/** The store of this process; a split bot, given DATABASE_URL for other modules, still reads its commands through the API. */
export async function commandStoreFor({ sql, api, redis, config, log }: ModuleSetupContext): Promise<CommandStore> {
  const shared = (source: CommandSource) => (redis ? redisCommandSource(source, redis) : source);
  let store: CommandStore;
  if (api) {
    store = createCommandStore(shared(apiCommandSource(api)), {
      ttlMs: config.COMMAND_CACHE_TTL_MS,
      onStale: (error) => log.warn({ err: error }, 'API unreachable; using the custom commands last loaded'),
    });
  } else if (sql) {
    store = createCommandStore(shared(sqlCommandSource(sql)), { ttlMs: 60_000 });
  } else {
    throw new Error('custom commands need the database or the API in this process');
  }
  // Changes any process announces on Redis; the database's NOTIFY and the API's events reach the store
  // through app.ts. Not awaited: with Redis slow at start the subscribe waits with no bound, and the
  // store works without it; what it cached before the subscription came up is dropped then.
  if (redis) void watchCommandChanges(redis, (guildId) => store.invalidate(guildId)).then(() => store.invalidate(null));
  return store;
}
