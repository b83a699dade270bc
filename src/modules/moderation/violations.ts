// What automod does once a message broke a rule, whoever found it (Concord's own checks, or Discord's
// native AutoMod reporting a message it blocked): the message goes, then the guild's action is taken
// as a case naming the rule. When the bot cannot take the action (the member's role is above its
// own), the delete is still recorded as a case.
import type { API } from '@discordjs/core';
import { DiscordAPIError } from '@discordjs/rest';
import { RESTJSONErrorCodes } from 'discord-api-types/v10';
import { AppError } from '../../platform/errors/app-error.ts';
import { type CaseRow, insertCase } from './cases.ts';
import { act, logCase, type ModerationContext, required } from './service.ts';

/** A message that broke an automod rule. */
export interface Violation {
  guildId: string;
  userId: string;
  channelId: string;
  /** The message to delete; null when Discord's AutoMod blocked it already. */
  messageId: string | null;
  /** What the case names as having acted: `Automod: blocked pattern`. */
  rule: string;
  /** What broke the rule, for moderators: `matched "free nitro"`. */
  reason: string;
  now: number;
}

/** Deletes the message, then warns, times out or only records the delete, as the guild's `automod_action` says. */
export async function enforceViolation(ctx: ModerationContext, violation: Violation): Promise<CaseRow> {
  const { sql, discord } = required(ctx);
  const { guildId, userId, channelId, rule, reason, now } = violation;
  if (violation.messageId) await deleteMessage(ctx, discord, violation);
  const action = ctx.settings.automod_action ?? 'delete';
  if (action === 'warn' || action === 'timeout') {
    try {
      const durationMs = action === 'timeout' ? (ctx.settings.automod_timeout_minutes ?? 10) * 60_000 : null;
      return await act(ctx, { guildId, action, userId, rule, reason, durationMs, now });
    } catch (error) {
      if (!(error instanceof AppError)) throw error;
      ctx.log.warn({ guild: guildId, rule, code: error.code }, 'automod could not take its action; the delete is recorded instead');
    }
  }
  const c = await insertCase(sql, { guildId, action: 'delete', userId, moderatorId: null, rule, reason, channelId, messageCount: 1 });
  return logCase(ctx, sql, discord, c);
}

/** Deletes the offending message; one already gone is no error, one the bot may not delete is logged and the action still taken. */
async function deleteMessage(ctx: ModerationContext, discord: API, violation: Violation): Promise<void> {
  try {
    await discord.channels.deleteMessage(violation.channelId, violation.messageId ?? '', { reason: violation.rule });
  } catch (error) {
    if (!(error instanceof DiscordAPIError) || error.status >= 500) throw error;
    if (error.code !== RESTJSONErrorCodes.UnknownMessage) ctx.log.warn({ guild: violation.guildId, rule: violation.rule, code: error.code }, 'automod could not delete a message');
  }
}
