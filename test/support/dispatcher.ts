// A dispatcher over one command, with in-memory cooldowns and log rows and no Discord: what a
// transport hands it, and what it answered and logged (for tests of the pipeline's pure parts).
import { Writable } from 'node:stream';
import { createDispatcher, type Invocation } from '../../src/bot/dispatcher.ts';
import type { CommandLogEntry } from '../../src/features/logs/queries.ts';
import { defaultSettings } from '../../src/features/settings/schema.ts';
import type { BotServices, Command, Precondition } from '../../src/module-kit/command-types.ts';
import { memoryCooldowns } from '../../src/module-kit/cooldowns/cooldowns.ts';
import { createLogger } from '../../src/platform/log.ts';

const GUILD = { id: '100000000000000001', name: 'Test' };

/** A dispatcher whose only command is `command`; `use()` runs it once and says what happened. */
export function dispatcherFor(command: Command, { preconditions = [] as Precondition[], services = {} as Partial<BotServices> } = {}) {
  const logged: CommandLogEntry[] = [];
  const registry = new Map([[command.name, command]]);
  const bot: BotServices = {
    prefix: '!',
    // Every built-in here is found in the registry: the custom-command store is never asked.
    registry,
    latencyMs: () => null,
    cooldowns: memoryCooldowns(),
    // A guild that never changed its settings.
    settings: { get: async (guildId) => defaultSettings(guildId), change: () => Promise.reject(new Error('settings are not changed here')), invalidate: () => {} },
    ...services,
  };
  const quiet = createLogger('silent', new Writable({ write: (_c, _e, done) => done() }));
  const sink = { record: (entry: CommandLogEntry) => void logged.push(entry), flush: async () => {}, close: async () => {}, stats: () => ({ queued: 0, written: 0, dropped: 0 }) };
  const dispatcher = createDispatcher(bot, sink, quiet, { preconditions });
  let n = 0;
  return async function use(invocation: Partial<Invocation> = {}) {
    const replies: { content: string; ephemeral?: boolean }[] = [];
    await dispatcher.run({
      source: invocation.slash ? 'slash' : 'prefix',
      eventId: String(++n),
      user: { id: '200000000000000001', username: 'ada', displayName: 'Ada' },
      guild: GUILD,
      channelId: '300000000000000001',
      name: command.name,
      rawArgs: '',
      reply: async (message) => void replies.push(message),
      ...invocation,
    });
    const entry = logged.at(-1);
    return { replies: replies.map((r) => (r.ephemeral ? `(only you) ${r.content}` : r.content)), status: entry?.status, error: entry?.error };
  };
}

