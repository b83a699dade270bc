// The Prometheus metrics of one app (a registry per app, so tests can run several in one process).
import { Counter, type CounterConfiguration, collectDefaultMetrics, Gauge, Histogram, type LabelValues, Registry } from 'prom-client';

export type Metrics = ReturnType<typeof createMetrics>;

/** Seconds: replies should take milliseconds; the tail shows rate limits and slow databases. */
const LATENCY_BUCKETS = [0.001, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10];

export function createMetrics() {
  const registry = new Registry();
  collectDefaultMetrics({ register: registry, prefix: 'concord_' });
  const registers = [registry];
  return {
    registry,
    commands: hotCounter({ name: 'concord_commands_total', help: 'Command uses by command (a built-in\'s name; (custom) for every other, (unknown) for none) and status', labelNames: ['command', 'status'], registers }),
    commandSeconds: new Histogram({ name: 'concord_command_duration_seconds', help: 'Time from invocation to logged outcome', labelNames: ['status'], buckets: LATENCY_BUCKETS, registers }),
    gatewayEvents: hotCounter({ name: 'concord_gateway_events_total', help: 'Gateway dispatch events received, by type', labelNames: ['type'], registers }),
    gatewayReconnects: new Counter({ name: 'concord_gateway_reconnects_total', help: 'Gateway connections closed and reopened, by shard', labelNames: ['shard'], registers }),
    restRequests: hotCounter({ name: 'concord_rest_requests_total', help: 'Discord REST responses, by method and status', labelNames: ['method', 'status'], registers }),
    commandsShed: new Counter({ name: 'concord_commands_shed_total', help: 'Commands from messages dropped because their guild was over its budget (GUILD_COMMAND_RATE)', registers }),
    restRateLimits: new Counter({ name: 'concord_rest_rate_limits_total', help: 'Discord REST rate limits hit (429 or pre-emptive waits)', labelNames: ['global'], registers }),
    httpRequests: new Counter({ name: 'concord_http_requests_total', help: 'HTTP requests by method, route and status', labelNames: ['method', 'route', 'status'], registers }),
    httpSeconds: new Histogram({ name: 'concord_http_request_duration_seconds', help: 'HTTP request latency by route', labelNames: ['route'], buckets: LATENCY_BUCKETS, registers }),
    dbQuerySeconds: new Histogram({ name: 'concord_db_query_duration_seconds', help: 'Time of database queries on the hot paths (log, stats and error writes, health)', labelNames: ['query'], buckets: LATENCY_BUCKETS, registers }),
    authFailures: new Counter({ name: 'concord_auth_failures_total', help: 'Failed authentications: refused (401) or limited (429, too many from one address)', labelNames: ['outcome'], registers }),
    redisFallbacks: new Counter({ name: 'concord_redis_fallbacks_total', help: 'Operations answered without Redis because it failed or was slow', labelNames: ['operation'], registers }),
    // Lateness buckets in seconds: a reminder a second late is fine, a minute late is the alert.
    schedulerLateness: new Histogram({ name: 'concord_scheduler_lateness_seconds', help: 'How long after its due time each reminder or scheduled message was sent', labelNames: ['queue'], buckets: [0.1, 0.5, 1, 5, 15, 30, 60, 120, 300, 900, 3600], registers }),
    /** Registers a gauge read at scrape time (queue depths, pool sizes, a database ping). */
    gauge(name: string, help: string, read: () => number | Promise<number>) {
      new Gauge({ name, help, registers, async collect() { this.set(await read()); } });
    },
    /** Registers a gauge with one series per value of `label`, read at scrape time (one per shard). */
    gaugeBy(name: string, help: string, label: string, read: () => Promise<Record<string, number>>) {
      new Gauge({
        name,
        help,
        labelNames: [label],
        registers,
        async collect() {
          const values = await read();
          // Series of values that are gone (a shard moved elsewhere) must not linger at their last value.
          this.reset();
          for (const [key, value] of Object.entries(values)) this.set({ [label]: key }, value);
        },
      });
    },
  };
}

/**
 * A labelled counter for the hot paths (each gateway event, REST response and command): increments
 * are tallied in a plain map by their label values and handed to prom-client when it is scraped,
 * instead of prom-client validating and hashing the labels at each one (1.5 % of a reply's CPU).
 */
function hotCounter<T extends string>(configuration: CounterConfiguration<T> & { labelNames: readonly T[] }): Counter<T> {
  const tallies = new Map<string, { labels: LabelValues<T>; count: number }>();
  const counter = new Counter<T>({
    ...configuration,
    collect() {
      for (const tally of tallies.values()) {
        if (tally.count === 0) continue;
        inc(tally.labels, tally.count);
        tally.count = 0;
      }
    },
  });
  const inc = counter.inc.bind(counter) as (labels: LabelValues<T>, value: number) => void;
  const { labelNames } = configuration;
  const [first, second] = labelNames as [T, T | undefined];
  // One or two labels, as every hot counter has, without an array made per increment.
  const keyOf =
    labelNames.length === 1
      ? (labels: LabelValues<T>) => String(labels[first])
      : labelNames.length === 2 && second !== undefined
        ? (labels: LabelValues<T>) => `${labels[first]}\u0000${labels[second]}`
        : (labels: LabelValues<T>) => labelNames.map((name) => labels[name]).join('\u0000');
  const tallied = (labels: LabelValues<T>, value = 1) => {
    const key = keyOf(labels);
    let tally = tallies.get(key);
    if (!tally) {
      tally = { labels: { ...labels }, count: 0 };
      tallies.set(key, tally);
    }
    tally.count += value;
  };
  // Every caller names the labels; an unlabelled increment would be a mistake prom-client reports.
  counter.inc = ((labels: LabelValues<T> | number | undefined, value?: number) => (typeof labels === 'object' ? tallied(labels, value) : inc({} as LabelValues<T>, labels ?? 1))) as Counter<T>['inc'];
  return counter;
}

/** Runs `work` and records how long it took under `query`. */
export async function timeQuery<T>(metrics: Metrics | undefined, query: string, work: () => Promise<T>): Promise<T> {
  const end = metrics?.dbQuerySeconds.startTimer({ query });
  try {
    return await work();
  } finally {
    end?.();
  }
}
