// A local console for trying Concord without a Discord application: typed lines run through the
// real command pipeline and are logged with source "console", in a guild and channel of its own
// (`console`), so stats and reminders work there too; what modules send here (due reminders) is printed.
import { randomUUID } from 'node:crypto';
import { createInterface } from 'node:readline';
import type { ModuleRuntime } from '../module-kit/runtime.ts';
import type { Dispatcher } from './dispatcher.ts';
import { parsePrefixed } from './gateway-events.ts';

export interface ConsoleOptions {
  dispatcher: Dispatcher;
  prefix: string;
  input: NodeJS.ReadableStream;
  output: NodeJS.WritableStream;
  /** The modules, told the console is up: what they send (reminders set here, when due) is printed here. */
  modules: ModuleRuntime;
}

/** The console's own guild and channel: not Discord's, so its logs, stats and reminders stay apart. */
export const CONSOLE_GUILD = { id: 'console', name: 'Console' } as const;
// The reminders' queue tells the console's rows by this channel id (reminders-queue.sql).
const CONSOLE_CHANNEL_ID = 'console';

/** Reads commands line by line until the input ends; returns a function that stops it. */
export async function startConsole({ dispatcher, prefix, input, output, modules }: ConsoleOptions): Promise<() => Promise<void>> {
  const lines = createInterface({ input, output, prompt: 'concord> ', terminal: false });
  const stopModules = await modules.connected({
    console: {
      write(text) {
        output.write(`\n${text}\n`);
        lines.prompt();
      },
    },
  });
  output.write(`Bot console: type ${prefix}ping, ${prefix}help, ${prefix}hello or ${prefix}remind 10s stretch (Ctrl+D to leave it).\n`);
  lines.prompt();
  lines.on('line', (line) => {
    const parsed = parsePrefixed(line.trim(), prefix);
    if (!parsed) {
      if (line.trim()) output.write(`Commands start with ${prefix}\n`);
      lines.prompt();
      return;
    }
    void dispatcher
      .run({
        source: 'console',
        eventId: `console-${randomUUID()}`,
        user: { id: 'console', username: 'console', displayName: 'you' },
        guild: CONSOLE_GUILD,
        channelId: CONSOLE_CHANNEL_ID,
        name: parsed.name,
        rawArgs: parsed.rawArgs,
        reply: async ({ content }) => {
          output.write(`${content}\n`);
        },
      })
      .finally(() => lines.prompt());
  });
  return async () => {
    await stopModules();
    lines.close();
  };
}
