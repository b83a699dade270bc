// A local console for trying Concord without a Discord application: typed lines run through the
// real command pipeline and are logged with source "console".
import { randomUUID } from 'node:crypto';
import { createInterface } from 'node:readline';
import type { Dispatcher } from './dispatcher.ts';
import { parsePrefixed } from './gateway-events.ts';

export interface ConsoleOptions {
  dispatcher: Dispatcher;
  prefix: string;
  input: NodeJS.ReadableStream;
  output: NodeJS.WritableStream;
}

/** Reads commands line by line until the input ends; returns a function that stops it. */
export function startConsole({ dispatcher, prefix, input, output }: ConsoleOptions): () => void {
  const lines = createInterface({ input, output, prompt: 'concord> ', terminal: false });
  output.write(`Bot console: type ${prefix}ping, ${prefix}help or ${prefix}custom <name> (Ctrl+D to leave it).\n`);
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
        guild: null,
        channelId: null,
        name: parsed.name,
        rawArgs: parsed.rawArgs,
        reply: async ({ content }) => {
          output.write(`${content}\n`);
        },
      })
      .finally(() => lines.prompt());
  });
  return () => lines.close();
}
