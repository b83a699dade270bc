// Which shards this process holds, and whether that is safe: processes that split a bot's shards
// must share the identify throttle (and sessions) through Redis, or they identify over each other.
import { type Config, ConfigError } from '../config.ts';

/** Throws a ConfigError when SHARD_IDS names only some shards and there is no REDIS_URL to coordinate them. */
export function checkShardPlan(config: Pick<Config, 'SHARD_IDS' | 'SHARD_COUNT' | 'REDIS_URL'>): void {
  const ids = config.SHARD_IDS;
  if (!ids) return;
  const count = config.SHARD_COUNT;
  if (count !== undefined) {
    const outside = ids.filter((id) => id >= count);
    if (outside.length > 0) throw new ConfigError(`SHARD_IDS: shard ${outside[0]} is not below SHARD_COUNT (${count})`);
  }
  if (config.REDIS_URL) return;
  const isEveryShard = count !== undefined && new Set(ids).size === count;
  if (!isEveryShard) {
    throw new ConfigError(
      `SHARD_IDS: names only some of the shards (${ids.join(',')} of ${count ?? 'SHARD_COUNT unset'}); processes that split shards must share one identify limit (one per 5 s per bucket), so set REDIS_URL`,
    );
  }
}
