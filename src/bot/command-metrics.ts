// Counts each command use as it is logged: the log row already carries the name, status and latency.
import type { CommandLogEntry } from '../features/logs/queries.ts';
import type { LogSink } from '../features/logs/writer.ts';
import type { Metrics } from '../platform/metrics/registry.ts';

/** Wraps `sink` so every recorded use also moves the command metrics; `builtIns`: the built-in modules' command names. */
export function measureCommands(sink: LogSink, metrics: Metrics, builtIns: ReadonlySet<string>): LogSink {
  return {
    ...sink,
    record(entry) {
      metrics.commands.inc({ command: commandLabel(entry, builtIns), status: entry.status });
      metrics.commandSeconds.observe({ status: entry.status }, entry.latency_ms / 1_000);
      sink.record(entry);
    },
  };
}

/**
 * A built-in's name (a fixed set), else `(custom)`, or `(unknown)` for a name nothing answers to:
 * custom commands are named by users, so their names in labels would be users' text, and a new
 * series per name without bound. A custom command's run (its log row names it by its id) may
 * share a built-in's name (a command button's or context menu's).
 */
function commandLabel(entry: CommandLogEntry, builtIns: ReadonlySet<string>): string {
  if (entry.status === 'not_found') return '(unknown)';
  if (entry.metadata.custom_command_id === undefined && builtIns.has(entry.command)) return entry.command;
  return '(custom)';
}
