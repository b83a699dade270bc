// Counts each command use as it is logged: the log row already carries the name, status and latency.
import type { LogSink } from '../features/logs/writer.ts';
import type { Metrics } from '../platform/metrics/registry.ts';

/** Wraps `sink` so every recorded use also moves the command metrics. */
export function measureCommands(sink: LogSink, metrics: Metrics): LogSink {
  return {
    ...sink,
    record(entry) {
      // Unknown names are whatever users type: one label value for all of them keeps cardinality bounded.
      const command = entry.status === 'not_found' ? '(unknown)' : entry.command;
      metrics.commands.inc({ command, status: entry.status });
      metrics.commandSeconds.observe({ status: entry.status }, entry.latency_ms / 1_000);
      sink.record(entry);
    },
  };
}
