// Each guild is a tenant: a flood of commands in one guild must not delay another guild's reply.
// Commands from messages run in a lane per guild: at most `concurrency` at once (so one guild never
// holds more than that many places in the database pool or the REST queue, which then serve guilds
// by turns), started at most `ratePerSecond` a second after a burst of `burst`, with at most
// `burst` waiting. Beyond that the guild is over its budget and the command is dropped: answering a
// flood would only spend the bot's 50 requests a second on it.

export interface LaneOptions {
  ratePerSecond: number;
  burst: number;
  /** Commands of one guild running at once. */
  concurrency?: number;
  now?: () => number;
  /** Idle lanes are swept when there are this many; default 1,000. */
  sweepAbove?: number;
}

export interface GuildLanes {
  /** Runs `work` in the guild's lane; false, without running it, when the guild is over its budget. */
  run(guildId: string, work: () => Promise<void>): Promise<boolean>;
  /** Guilds with a lane: those with work running or waiting, and idle ones not yet swept. */
  readonly size: number;
}

interface Lane {
  tokens: number;
  at: number;
  running: number;
  waiting: (() => void)[];
  timer: NodeJS.Timeout | undefined;
}

export function createGuildLanes({ ratePerSecond, burst, concurrency = 2, now = () => performance.now(), sweepAbove = 1_000 }: LaneOptions): GuildLanes {
  const lanes = new Map<string, Lane>();

  const refill = (lane: Lane) => {
    const at = now();
    lane.tokens = Math.min(burst, lane.tokens + ((at - lane.at) / 1_000) * ratePerSecond);
    lane.at = at;
  };

  const pump = (lane: Lane) => {
    refill(lane);
    while (lane.running < concurrency && lane.waiting.length > 0 && lane.tokens >= 1) {
      lane.tokens--;
      lane.running++;
      lane.waiting.shift()?.();
    }
    if (lane.timer || lane.waiting.length === 0 || lane.running >= concurrency) return;
    // Out of budget with work waiting: wake when the next command's share has come in.
    lane.timer = setTimeout(
      () => {
        lane.timer = undefined;
        pump(lane);
      },
      Math.ceil(((1 - lane.tokens) / ratePerSecond) * 1_000),
    );
  };

  /** Forgets idle lanes whose budget is whole again, so lanes cost nothing for guilds at rest. */
  const sweep = () => {
    for (const [guildId, lane] of lanes) {
      if (lane.running > 0 || lane.waiting.length > 0) continue;
      refill(lane);
      if (lane.tokens >= burst) lanes.delete(guildId);
    }
  };

  return {
    get size() {
      return lanes.size;
    },
    async run(guildId, work) {
      let lane = lanes.get(guildId);
      if (!lane) {
        if (lanes.size >= sweepAbove) sweep();
        lane = { tokens: burst, at: now(), running: 0, waiting: [], timer: undefined };
        lanes.set(guildId, lane);
      }
      if (lane.waiting.length >= burst) return false;
      const current = lane;
      await new Promise<void>((start) => {
        current.waiting.push(start);
        pump(current);
      });
      try {
        await work();
      } finally {
        current.running--;
        pump(current);
      }
      return true;
    },
  };
}
