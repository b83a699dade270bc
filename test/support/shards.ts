// Guilds placed on chosen shards of the fake (Discord routes a guild to (guild_id >> 22) % shard_count),
// for tests that spread traffic over several shards and processes.
import type { APIUser } from 'discord-api-types/v10';
import type { FakeDiscord } from './fake-discord/index.ts';

export interface ShardGuild {
  shard: number;
  guildId: string;
  channelId: string;
}

/** `perShard` guilds on each of `shardCount` shards, each with one channel and `member` in it. */
export function addShardGuilds(fake: FakeDiscord, shardCount: number, member: APIUser, perShard = 1): ShardGuild[] {
  const base = BigInt(shardCount) * 10n ** 12n;
  const guilds: ShardGuild[] = [];
  for (let shard = 0; shard < shardCount; shard++) {
    for (let j = 0; j < perShard; j++) {
      const id = ((base + BigInt(shard + shardCount * j)) << 22n).toString();
      const guild = fake.addGuild({ id, name: `Shard ${shard} guild ${j}`, channels: [{ name: 'general' }], members: [{ user: member }] });
      guilds.push({ shard, guildId: guild.id, channelId: guild.channels[0]?.id ?? '' });
    }
  }
  return guilds;
}

/** The most requests that fall in any one-second window, given their arrival times in ms. */
export function maxPerSecond(times: number[]): number {
  const sorted = [...times].sort((a, b) => a - b);
  let most = 0;
  let start = 0;
  for (let end = 0; end < sorted.length; end++) {
    while ((sorted[end] ?? 0) - (sorted[start] ?? 0) >= 1_000) start++;
    most = Math.max(most, end - start + 1);
  }
  return most;
}
