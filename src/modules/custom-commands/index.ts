// Custom commands: the `/custom` and `/command` commands that run and manage them, the guild's own
// commands as dynamic commands (`!hello`, their slash and context-menu forms, command buttons,
// auto-responses) and their registration in Discord, and the API that edits them (/api/commands:
// their history, preview, stats, export and import), in routes/. Their SQL and queries are in data/,
// the cached store each process reads them from (the database or the API, Redis) in store/, and what
// a message's text sets off in triggers/.

import { defineModule } from '../../module-kit/contract.ts';
import type { ModuleRuntime } from '../../module-kit/runtime.ts';
import { startRegexRunner } from '../../platform/regex/runner.ts';
import { customApplicationCommands } from './application-commands.ts';
import { command } from './command.ts';
import { custom } from './custom.ts';
import { customDynamicCommands } from './dynamic.ts';
import type { CustomCommandsInstance } from './instance.ts';
import { commandRoutes, type OnCommandChange } from './routes/commands.ts';
import { commandPreviewRoutes } from './routes/preview.ts';
import { commandStatsRoutes } from './routes/stats.ts';
import { commandTransferRoutes } from './routes/transfer.ts';
import { commandVersionRoutes } from './routes/versions.ts';
import { announceCommandChange } from './store/cache.ts';
import { commandStoreFor } from './store/setup.ts';

export const customCommands = defineModule({
  name: 'custom-commands',
  description: "The server's own commands and auto-responses",
  commands: [custom, command],
  dynamicCommands: customDynamicCommands,
  applicationCommands: customApplicationCommands,
  async setup(ctx): Promise<CustomCommandsInstance> {
    const { log, redis } = ctx;
    const commands = await commandStoreFor(ctx);
    return {
      commands,
      // Regex triggers run in a worker thread (started at the first regex), so they never block the gateway.
      regexes: startRegexRunner({ log }),
      changed(guildId) {
        // This process's list goes before the database's NOTIFY comes back, and the copies on Redis for every process.
        commands.invalidate(guildId);
        if (redis) void announceCommandChange(redis, guildId);
        ctx.changed(guildId);
      },
    };
  },
  apiRoutes(ctx) {
    const { sql } = ctx;
    if (!sql) return [];
    // Read when a change is saved: the instance comes once setup has run.
    const onChange: OnCommandChange = (command) => ctx.instance?.changed(command.guild_id);
    return [
      ...commandRoutes(sql, onChange),
      ...commandVersionRoutes(sql, onChange),
      ...commandPreviewRoutes(sql),
      ...commandStatsRoutes(sql),
      ...commandTransferRoutes(sql, onChange),
    ];
  },
  async teardown({ instance }) {
    await instance?.regexes.close();
  },
});

/** Drops this process's copy of a guild's commands that another process changed (the database's NOTIFY, the API's events): app.ts wires it. */
export function dropCachedCommands(modules: ModuleRuntime, guildId: string | null): void {
  const module = modules.registry.modules.find((m) => m.name === customCommands.name);
  const instance = module && (modules.processContext(module).instance as CustomCommandsInstance | undefined);
  instance?.commands.invalidate(guildId);
}
