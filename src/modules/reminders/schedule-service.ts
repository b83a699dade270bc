// Creating and presenting scheduled messages: the first due time, and the next runs to show.

import { type ChangeActor, insertAuditEntry } from '../../features/audit/queries.ts';
import type { ChannelOwnership } from '../../features/channels/ownership.ts';
import { nextRunAfter, nextRuns } from '../../features/scheduling/recurrence.ts';
import { getGuildSettings } from '../../features/settings/queries.ts';
import { inTransaction, type Sql } from '../../platform/db/connect.ts';
import { AppError, invalidField } from '../../platform/errors/app-error.ts';
import { isRowId } from '../../platform/ids.ts';
import type { Clock } from '../../platform/time/clock.ts';
import { MAX_HORIZON_DAYS, MAX_HORIZON_MS } from './horizon.ts';
import { deleteSchedule, getSchedule, insertSchedule, listSchedules, type ScheduledMessage } from './schedule-queries.ts';
import type { NewScheduleInput } from './schedule-schema.ts';

/**
 * Stores a validated schedule, and its audit row; 422 when its one-off time has passed or is too far
 * ahead, or its channel is not one of its guild's (a guild's admin must not post into another guild).
 */
export async function createSchedule(sql: Sql, clock: Clock, channels: ChannelOwnership, input: NewScheduleInput, actor: ChangeActor): Promise<ScheduledMessage> {
  const now = clock.now();
  const timeZone = input.time_zone ?? (await getGuildSettings(sql, input.guild_id))?.time_zone ?? 'UTC';
  let dueAt: number;
  if (input.cron !== undefined) {
    dueAt = nextRunAfter(input.cron, timeZone, now)?.getTime() ?? Number.NaN;
  } else {
    dueAt = Date.parse(input.run_at ?? '');
    if (!(dueAt > now)) throw invalidField('run_at', 'must be in the future');
    if (dueAt - now > MAX_HORIZON_MS) throw invalidField('run_at', `must be at most ${MAX_HORIZON_DAYS} days ahead`);
  }
  if (Number.isNaN(dueAt)) throw invalidField('cron', 'never runs');
  await requireGuildChannel(channels, input.channel_id, input.guild_id);
  return inTransaction(sql, async (tx) => {
    const created = await insertSchedule(tx, {
      guild_id: input.guild_id,
      channel_id: input.channel_id,
      content: input.content,
      cron: input.cron ?? null,
      time_zone: timeZone,
      due_at: new Date(dueAt),
      created_by: input.created_by,
    });
    await audit(tx, 'create', created, actor);
    return created;
  });
}

/** Deletes a schedule and records who did; undefined when it was already gone. */
export function removeSchedule(sql: Sql, schedule: ScheduledMessage, actor: ChangeActor): Promise<ScheduledMessage | undefined> {
  return inTransaction(sql, async (tx) => {
    const deleted = await deleteSchedule(tx, schedule.id);
    if (deleted) await audit(tx, 'delete', deleted, actor);
    return deleted;
  });
}

/** Schedules are one of the doors the audit log covers, like commands. */
function audit(tx: Sql, action: 'create' | 'delete', schedule: ScheduledMessage, actor: ChangeActor) {
  const when = schedule.cron ? `\`${schedule.cron}\` ${schedule.time_zone}` : schedule.due_at.toISOString();
  return insertAuditEntry(tx, {
    guild_id: schedule.guild_id,
    actor,
    entity: 'schedule',
    entity_id: schedule.id,
    action,
    summary: `${action} scheduled message #${schedule.id} in channel ${schedule.channel_id} (${when})`,
    diff: action === 'create' ? { content: { from: null, to: schedule.content } } : { content: { from: schedule.content, to: null } },
  });
}

/** The next `count` times a pending schedule will run. */
export function upcomingRuns(schedule: ScheduledMessage, count: number): Date[] {
  if (schedule.status !== 'pending') return [];
  if (!schedule.cron) return [schedule.due_at];
  // due_at is the next run (it may be a retry's, still owed); the rest follow it.
  return [schedule.due_at, ...nextRuns(schedule.cron, schedule.time_zone, schedule.due_at.getTime(), count - 1)];
}

/** The save-time half of the rule (the sender checks again): 422 naming channel_id when refused. */
async function requireGuildChannel(channels: ChannelOwnership, channelId: string, guildId: string): Promise<void> {
  if (!channels.canCheck) {
    throw new AppError('unavailable', 'CHANNEL_CHECK_UNAVAILABLE', 'channel_id: cannot check that the channel is in the guild: set DISCORD_TOKEN on this process');
  }
  let result: Awaited<ReturnType<ChannelOwnership['check']>>;
  try {
    result = await channels.check(channelId, guildId);
  } catch {
    throw new AppError('unavailable', 'DISCORD_UNAVAILABLE', 'channel_id: Discord did not answer whether the channel is in the guild; try again', { retryAfterSeconds: 5 });
  }
  if (!result.ok) throw invalidField('channel_id', result.reason, 'CHANNEL_NOT_IN_GUILD');
}

/** What `/schedule` does, for one guild at a time (`userId`: who typed it, for the audit log); /api/schedules adds through it too. */
export interface ScheduleService {
  /** Stores a schedule (as createSchedule) and wakes this process's schedulers; `actor` made it (`/schedule`, the API). */
  add(input: NewScheduleInput, actor: ChangeActor): Promise<ScheduledMessage>;
  list(guildId: string): Promise<ScheduledMessage[]>;
  /** The guild's schedule `id`, removed; undefined when the guild has none such. */
  remove(guildId: string, id: string, userId: string): Promise<ScheduledMessage | undefined>;
}

/** Most schedules `/schedule list` shows. */
const LIST_LIMIT = 25;

export function createScheduleService(sql: Sql, clock: Clock, channels: ChannelOwnership, onChange: () => void): ScheduleService {
  return {
    async add(input, actor) {
      const created = await createSchedule(sql, clock, channels, input, actor);
      onChange();
      return created;
    },
    list: (guildId) => listSchedules(sql, { guildId, limit: LIST_LIMIT }),
    async remove(guildId, id, userId) {
      const found = isRowId(id) ? await getSchedule(sql, id) : undefined;
      if (!found || found.guild_id !== guildId) return undefined;
      return removeSchedule(sql, found, { source: 'discord', user_id: userId });
    },
  };
}
