// The stats module in a process: the counter that batches messages and commands into writes, and
// what /stats and /top read.

import type { CommandContext } from '../../module-kit/command-types.ts';
import type { StatsCounter } from './counter.ts';
import type { StatsReader } from './reader.ts';

export interface StatsInstance {
  counter: StatsCounter;
  reader: StatsReader;
}

/** This process's stats (the module's instance): absent where there is neither a database nor the API. */
export function statsOf(ctx: Pick<CommandContext, 'instance'>): StatsInstance | undefined {
  return ctx.instance as StatsInstance | undefined;
}

/** Every process that runs the bot has stats; only one with neither a database nor the API lands here. */
export function replyUnavailable(ctx: CommandContext): Promise<void> {
  return ctx.reply({ content: 'Stats are not available here.', ephemeral: true });
}
