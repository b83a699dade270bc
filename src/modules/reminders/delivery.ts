// Sends what fell due to Discord: a reminder as a reply that pings its owner alone (or a DM), a
// scheduled message as plain text that pings nobody.
import type { API } from '@discordjs/core';
import { DiscordAPIError } from '@discordjs/rest';
import { type APIActionRowComponent, type APIButtonComponent, ButtonStyle, ComponentType, RESTJSONErrorCodes } from 'discord-api-types/v10';
import { type ChannelOwnership, ChannelRefusedError, requireChannelIn } from '../../features/channels/ownership.ts';
import { describeFailure } from '../../features/scheduling/failures.ts';
import type { Reminder } from './reminder-queries.ts';
import type { ScheduledMessage } from './schedule-queries.ts';
import { SNOOZE_CHOICES, snoozeCustomId } from './snooze-choices.ts';

/** Late by more than this, a message says so (and by how much). */
const LATE_NOTICE_MS = 60_000;

/** Discord refuses a message with longer content (50035). */
export const MAX_CONTENT_LENGTH = 2_000;

/**
 * Sends a reminder. By DM when asked, in its channel when DMs are closed or it was not asked; that
 * channel must still be in the guild (or DM) where the reminder was set.
 */
export async function sendReminder(api: API, channels: ChannelOwnership, reminder: Reminder, lateMs: number): Promise<void> {
  const body = {
    content: withLateNotice(`<@${reminder.user_id}> ⏰ ${reminder.content}`, lateMs),
    // The owner alone: text a user typed never pings @everyone, roles or anyone else.
    allowed_mentions: { parse: [], users: [reminder.user_id], replied_user: false },
    components: [snoozeRow(reminder.id)],
    // Discord drops a second message with the same nonce from us for a few minutes: a send retried
    // after a crash between sending and recording it is not shown twice.
    nonce: nonceOf('r', reminder),
    enforce_nonce: true,
  };
  if (reminder.deliver_by_dm) {
    try {
      const dm = await api.users.createDM(reminder.user_id);
      await api.channels.createMessage(dm.id, body);
      return;
    } catch (error) {
      if (!(error instanceof DiscordAPIError && error.code === RESTJSONErrorCodes.CannotSendMessagesToThisUser)) throw error;
    }
  }
  await requireChannelIn(channels, reminder.channel_id, reminder.guild_id);
  await postIn(api, reminder.channel_id, {
    ...body,
    ...(reminder.source_message_id ? { message_reference: { message_id: reminder.source_message_id, fail_if_not_exists: false } } : {}),
  });
}

/** A reminder as the local console prints it (no Discord markup, no length limit to keep). */
export function consoleReminderText(reminder: Reminder, lateMs: number): string {
  const late = lateMs > LATE_NOTICE_MS ? ` (late by ${formatDuration(lateMs)}: Concord was offline when this was due)` : '';
  return `⏰ Reminder #${reminder.id}: ${reminder.content}${late}`;
}

/** Sends a scheduled message, pinging nobody, if its channel is still in its guild. */
export async function sendScheduledMessage(api: API, channels: ChannelOwnership, schedule: ScheduledMessage, lateMs: number): Promise<void> {
  await requireChannelIn(channels, schedule.channel_id, schedule.guild_id);
  await postIn(api, schedule.channel_id, {
    content: withLateNotice(schedule.content, lateMs),
    allowed_mentions: { parse: [] },
    nonce: nonceOf('s', schedule),
    enforce_nonce: true,
  });
}

/**
 * Posts in a stored channel. A channel deleted (or hidden from the bot) after the check above, its
 * CHANNEL_DELETE still on the way, fails as the check would have: the same reason, whichever came first.
 */
async function postIn(api: API, channelId: string, body: Parameters<API['channels']['createMessage']>[1]): Promise<void> {
  try {
    await api.channels.createMessage(channelId, body);
  } catch (error) {
    if (error instanceof DiscordAPIError && (error.code === RESTJSONErrorCodes.UnknownChannel || error.code === RESTJSONErrorCodes.MissingAccess)) {
      throw new ChannelRefusedError(`the bot cannot see channel ${channelId}: ${describeFailure(error)}`);
    }
    throw error;
  }
}

/** `1 h 5 min`, `3 min`, `2 d 4 h`. */
function formatDuration(ms: number): string {
  const minutes = Math.round(ms / 60_000);
  const [days, hours, mins] = [Math.floor(minutes / 1_440), Math.floor((minutes % 1_440) / 60), minutes % 60];
  const parts = [days ? `${days} d` : '', hours ? `${hours} h` : '', mins || (!days && !hours) ? `${mins} min` : ''];
  return parts.filter(Boolean).join(' ');
}

/**
 * `text`, and when it is late a line saying by how much, within Discord's limit: the full line, else
 * a short one, else none (`last_late_ms` still says it). The text is cut only if it alone is too long.
 */
export function withLateNotice(text: string, lateMs: number): string {
  const fitted = text.length > MAX_CONTENT_LENGTH ? `${cutAt(text, MAX_CONTENT_LENGTH - 1)}…` : text;
  if (lateMs <= LATE_NOTICE_MS) return fitted;
  const late = `\n-# late by ${formatDuration(lateMs)}`;
  const note = [`${late}: Concord was offline when this was due`, late].find((line) => fitted.length + line.length <= MAX_CONTENT_LENGTH);
  return fitted + (note ?? '');
}

/** The first `length` UTF-16 units of `text`, one fewer rather than half a surrogate pair. */
function cutAt(text: string, length: number): string {
  const code = text.charCodeAt(length - 1);
  return text.slice(0, code >= 0xd800 && code <= 0xdbff ? length - 1 : length);
}

function snoozeRow(reminderId: string): APIActionRowComponent<APIButtonComponent> {
  return {
    type: ComponentType.ActionRow,
    components: SNOOZE_CHOICES.map((choice) => ({
      type: ComponentType.Button,
      style: ButtonStyle.Secondary,
      label: choice.label,
      custom_id: snoozeCustomId(reminderId, choice.id),
    })),
  };
}

/** Unique per row and due time (Discord allows 25 characters). */
function nonceOf(kind: string, row: { id: string; due_at: Date }): string {
  return `${kind}${BigInt(row.id).toString(36)}.${Math.floor(row.due_at.getTime() / 1_000).toString(36)}`;
}
