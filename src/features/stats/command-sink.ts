// Counts command uses per user from the command log's stream, so the dispatcher needs no second hook.
import type { LogSink } from '../logs/writer.ts';
import type { StatsCounter } from './counter.ts';

/** Wraps `sink` so every use in a guild also counts for the user's stats. */
export function countCommands(sink: LogSink, counter: StatsCounter): LogSink {
  return {
    ...sink,
    record(entry) {
      if (entry.guild_id) counter.countCommand(entry.guild_id, entry.user_id);
      sink.record(entry);
    },
  };
}
