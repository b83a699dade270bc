// What a scheduled message may be: the rules shared by the API and `/schedule add`.
import * as v from 'valibot';
import { checkCron } from '../../features/scheduling/recurrence.ts';
import { Snowflake } from '../../platform/http/schemas.ts';
import { TimeZone } from '../../platform/time/time-zone.ts';

export const NewScheduleSchema = v.pipe(
  v.strictObject({
    guild_id: Snowflake,
    channel_id: Snowflake,
    content: v.pipe(v.string(), v.minLength(1, 'must not be empty'), v.maxLength(2_000, 'must be at most 2000 characters')),
    cron: v.optional(v.pipe(v.string(), v.trim(), v.maxLength(100, 'must be at most 100 characters'))),
    // Absent: the guild's default zone (its settings), else UTC.
    time_zone: v.optional(TimeZone),
    run_at: v.optional(v.pipe(v.string(), v.isoTimestamp('must be an ISO 8601 timestamp with a zone, e.g. 2026-12-24T18:00:00Z'))),
    created_by: v.optional(v.nullable(Snowflake), null),
  }),
  // What the document shows of the first rule below.
  v.metadata({ oneOf: [{ required: ['cron'] }, { required: ['run_at'] }] }),
  v.rawCheck(({ dataset, addIssue }) => {
    if (!dataset.typed) return;
    const { cron, run_at: runAt, time_zone: timeZone } = dataset.value;
    if ((cron === undefined) === (runAt === undefined)) {
      addIssue({ message: 'give either cron (repeating) or run_at (once)', path: [pathItem(dataset.value, 'cron')] });
      return;
    }
    const problem = cron === undefined ? undefined : checkCron(cron, timeZone ?? 'UTC');
    if (problem) addIssue({ message: problem, path: [pathItem(dataset.value, 'cron')] });
  }),
);

export type NewScheduleInput = v.InferOutput<typeof NewScheduleSchema>;

/** The path item valibot needs to name `key` in an issue. */
function pathItem(input: Record<string, unknown>, key: string) {
  return { type: 'object', origin: 'value', input, key, value: input[key] } as const;
}
