// Keeps the live logs table in order as pages and polled rows arrive: newest first, no repeats.
import type { CommandLog } from './api.ts';

/** `current` and `incoming` merged by id, ordered like the API (occurred_at desc, then id desc). */
export function mergeLogs(current: readonly CommandLog[], incoming: readonly CommandLog[]): CommandLog[] {
  const byId = new Map<string, CommandLog>();
  for (const row of current) byId.set(row.id, row);
  for (const row of incoming) byId.set(row.id, row);
  return [...byId.values()].sort(compareLogs);
}

/** The largest id seen: the `after_id` of the next poll. Ids are int8 strings, compared as numbers. */
export function newestId(rows: readonly CommandLog[]): string | undefined {
  let best: bigint | undefined;
  for (const row of rows) {
    const id = BigInt(row.id);
    if (best === undefined || id > best) best = id;
  }
  return best?.toString();
}

function compareLogs(a: CommandLog, b: CommandLog): number {
  if (a.occurred_at !== b.occurred_at) return a.occurred_at < b.occurred_at ? 1 : -1;
  const [x, y] = [BigInt(a.id), BigInt(b.id)];
  return x === y ? 0 : x < y ? 1 : -1;
}
