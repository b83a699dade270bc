// The wire shapes of a user's stats and a leaderboard row, which the queries return as they are.
import * as v from 'valibot';
import { Integer } from '../../platform/http/schemas.ts';

/** A bigint count, as postgres.js reads it: a decimal string. */
export const Count = v.string();

export const LeaderboardRow = v.object({ user_id: v.string(), messages: Count, commands: Count });
export type LeaderboardRow = v.InferOutput<typeof LeaderboardRow>;

export const UserStatsOut = v.object({
  messages_today: Count,
  messages_7d: Count,
  messages_all: Count,
  commands_today: Count,
  commands_7d: Count,
  commands_all: Count,
  rank: v.nullable(Integer),
});
export type UserStats = v.InferOutput<typeof UserStatsOut>;
