// Counts each command use as it is logged: the log row already carries the name, status and latency.
import { BUILT_IN_NAMES } from '../features/custom-commands/application-commands.ts';
import type { CommandLogEntry } from '../features/logs/queries.ts';
import type { LogSink } from '../features/logs/writer.ts';
import type { Metrics } from '../platform/metrics/registry.ts';

/** Wraps `sink` so every recorded use also moves the command metrics. */
export function measureCommands(sink: LogSink, metrics: Metrics): LogSink {
  return {
    ...sink,
    record(entry) {
      metrics.commands.inc({ command: commandLabel(entry), status: entry.status });
      metrics.commandSeconds.observe({ status: entry.status }, entry.latency_ms / 1_000);
      sink.record(entry);
    },
  };
}

/**
 * A built-in's name (a fixed set), else `(custom)`, or `(unknown)` for a name nothing answers to:
 * custom commands are named by users, so their names in labels would be users' text, and a new
 * series per name without bound.
 */
function commandLabel(entry: CommandLogEntry): string {
  if (entry.status === 'not_found') return '(unknown)';
  if (entry.metadata.custom_command_id === undefined && BUILT_IN_NAMES.includes(entry.command)) return entry.command;
  return '(custom)';
}
