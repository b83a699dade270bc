// Cooldowns kept in Redis, so one user's cooldown holds across shards and processes; while Redis
// is away the in-process cooldowns answer.

import type { RedisLink } from '../../platform/redis/client.ts';
import { type CooldownStore, memoryCooldowns } from './cooldowns.ts';

export function redisCooldowns(redis: RedisLink, local: CooldownStore = memoryCooldowns()): CooldownStore {
  return {
    take(key, seconds) {
      if (seconds <= 0) return 0;
      const redisKey = `${redis.prefix}cooldown:${key}`;
      return redis.attempt(
        'cooldowns.take',
        async (client) => {
          // SET NX starts the cooldown only if none is running; otherwise its remaining time answers.
          if (await client.set(redisKey, '1', 'PX', seconds * 1_000, 'NX')) return 0;
          const left = await client.pttl(redisKey);
          return left > 0 ? Math.ceil(left / 1_000) : 0;
        },
        () => local.take(key, seconds),
      );
    },
  };
}
