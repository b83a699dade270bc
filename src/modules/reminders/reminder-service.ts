// What users may do with reminders, shared by the commands and the Snooze button: set one from a
// `when` in their zone (within the limits), list, cancel and snooze their own, set their zone.

import { parseWhen, splitWhen, type When } from '../../features/scheduling/when.ts';
import { getGuildSettings } from '../../features/settings/queries.ts';
import { inTransaction, type Sql } from '../../platform/db/connect.ts';
import { AppError } from '../../platform/errors/app-error.ts';
import { isRowId } from '../../platform/ids.ts';
import type { Clock } from '../../platform/time/clock.ts';
import { canonicalTimeZone } from '../../platform/time/time-zone.ts';
import * as db from './reminder-queries.ts';

export interface ReminderLimits {
  /** Pending reminders a user may have at once. */
  maxPerUser: number;
  /** How far ahead a reminder may be set. */
  maxHorizonMs: number;
}

export interface ReminderRequest {
  userId: string;
  guildId: string | null;
  channelId: string;
  /** The message to reply to on delivery (prefix form). */
  sourceMessageId: string | null;
  /** A `when`; with `text` undefined, a `when` followed by the text (`10m stretch`). */
  when: string;
  text?: string | undefined;
  byDm: boolean;
}

export const MAX_REMINDER_LENGTH = 1_500;

export interface ReminderService {
  clock: Clock;
  limits: ReminderLimits;
  create(request: ReminderRequest): Promise<db.Reminder>;
  listOwn(userId: string): Promise<db.Reminder[]>;
  cancel(id: string, userId: string): Promise<db.Reminder>;
  /** A one-off copy of the owner's reminder, due `ms` from now. */
  snooze(id: string, userId: string, ms: number): Promise<db.Reminder>;
}

/** The user's own zone, else the guild's default zone, else UTC. */
export async function timeZoneOf(sql: Sql, userId: string, guildId: string | null): Promise<string> {
  return (await db.getTimeZone(sql, userId)) ?? (guildId ? (await getGuildSettings(sql, guildId))?.time_zone : undefined) ?? 'UTC';
}

/** Stores the user's zone under its canonical name and returns it; 422 for an unknown zone. */
export async function setTimeZone(sql: Sql, userId: string, name: string): Promise<string> {
  const zone = canonicalTimeZone(name.trim());
  if (!zone) throw new AppError('invalid', 'INVALID_TIME_ZONE', `"${name}" is not an IANA time zone such as Europe/Berlin or America/New_York`);
  await db.setTimeZone(sql, userId, zone);
  return zone;
}

export function createReminderService(sql: Sql, clock: Clock, limits: ReminderLimits, onChange: () => void): ReminderService {

  const insert = async (reminder: db.NewReminder) => {
    // Counted and inserted under the user's lock, or parallel reminders could all see room for one.
    const created = await inTransaction(sql, async (tx) => {
      await db.lockUserReminders(tx, reminder.user_id);
      return db.insertReminder(tx, reminder, limits.maxPerUser);
    });
    if (!created) {
      throw new AppError('limit', 'REMINDER_LIMIT', `you already have ${limits.maxPerUser} pending reminders; cancel one first`);
    }
    onChange();
    return created;
  };

  return {
    clock,
    limits,
    async create(request) {
      const timeZone = await timeZoneOf(sql, request.userId, request.guildId);
      const now = clock.now();
      const { when, text } = readWhenAndText(request, now, timeZone);
      if (text === '') throw new AppError('invalid', 'REMINDER_TEXT_MISSING', 'say what to remind you of after the time');
      if (text.length > MAX_REMINDER_LENGTH) throw new AppError('invalid', 'REMINDER_TOO_LONG', `the text must be at most ${MAX_REMINDER_LENGTH} characters`);
      if (when.dueAt <= now) throw new AppError('invalid', 'WHEN_IN_PAST', 'that time has already passed');
      if (when.dueAt - now > limits.maxHorizonMs) {
        throw new AppError('invalid', 'WHEN_TOO_FAR', `reminders can be at most ${Math.round(limits.maxHorizonMs / 86_400_000)} days ahead`);
      }
      return insert({
        user_id: request.userId,
        guild_id: request.guildId,
        channel_id: request.channelId,
        source_message_id: request.sourceMessageId,
        content: text,
        due_at: new Date(when.dueAt),
        cron: when.cron ?? null,
        time_zone: timeZone,
        deliver_by_dm: request.byDm,
      });
    },
    listOwn: (userId) => db.listUserReminders(sql, userId, limits.maxPerUser),
    async cancel(id, userId) {
      // Someone else's reminder is "not found": ids are not secrets, but others' reminders are.
      const cancelled = isRowId(id) ? await db.cancelReminder(sql, id, userId) : undefined;
      if (!cancelled) throw new AppError('not_found', 'REMINDER_NOT_FOUND', `you have no pending reminder #${id}`);
      return cancelled;
    },
    async snooze(id, userId, ms) {
      const original = await db.getReminder(sql, id);
      if (!original) throw new AppError('not_found', 'REMINDER_NOT_FOUND', `there is no reminder #${id}`);
      if (original.user_id !== userId) throw new AppError('forbidden', 'NOT_YOUR_REMINDER', `only <@${original.user_id}> can snooze this reminder`);
      return insert({ ...original, due_at: new Date(clock.now() + ms), cron: null });
    },
  };
}

function readWhenAndText(request: ReminderRequest, now: number, timeZone: string): { when: When; text: string } {
  const unreadable = (what: string) =>
    new AppError(
      'invalid',
      'INVALID_WHEN',
      `cannot read ${JSON.stringify(what)} as a time; try \`10m\`, \`2h30m\`, \`tomorrow 9am\`, \`monday 18:00\`, \`2026-12-24 18:00\` or \`every day 9am\``,
    );
  if (request.text !== undefined) {
    const when = parseWhen(request.when, now, timeZone);
    if (!when) throw unreadable(request.when);
    return { when, text: request.text.trim() };
  }
  const split = splitWhen(request.when, now, timeZone);
  if (!split) {
    const whole = parseWhen(request.when, now, timeZone);
    if (whole) return { when: whole, text: '' };
    throw unreadable(request.when.split(/\s+/).slice(0, 3).join(' '));
  }
  return { when: split.when, text: split.text.trim() };
}
