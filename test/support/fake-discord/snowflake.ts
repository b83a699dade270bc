// Snowflakes shaped like Discord's: a millisecond timestamp since the Discord epoch in the top bits,
// so `id >> 22` gives the creation time and shard routing works as on the real gateway.
const discordEpoch = 1_420_070_400_000n;
let increment = 0n;

/** A new snowflake, as a string like every id Discord sends. */
export function generateSnowflake(at: number = Date.now()): string {
  increment = (increment + 1n) & 0xfffn;
  return (((BigInt(at) - discordEpoch) << 22n) | increment).toString();
}

/** The shard that receives a guild's events: https://discord.com/developers/docs/events/gateway#sharding */
export function shardForGuild(guildId: string, shardCount: number): number {
  return Number((BigInt(guildId) >> 22n) % BigInt(shardCount));
}
