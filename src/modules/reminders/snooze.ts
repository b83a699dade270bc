// The Snooze buttons on a delivered reminder: only its owner may press them; each press sets a
// one-off copy of the reminder. https://discord.com/developers/docs/interactions/message-components
import type { APIMessageComponentInteraction, APIModalSubmitInteraction } from 'discord-api-types/v10';
import type { ComponentContext } from '../../module-kit/contract.ts';
import { databaseOutage } from '../../platform/db/pg-errors.ts';
import { failureReply } from '../../platform/errors/reply.ts';
import type { Reminders } from './instance.ts';
import { parseSnoozeCustomId } from './snooze-choices.ts';

/**
 * Answers a press of a Snooze button, whose custom_id (`snooze:<reminder id>:<choice>`) the delivery
 * made; a process without reminders leaves it unanswered, as before reminders were a module.
 */
export async function snooze(ctx: ComponentContext<Record<string, never>, Reminders | undefined>, interaction: APIMessageComponentInteraction | APIModalSubmitInteraction): Promise<void> {
  const target = parseSnoozeCustomId(interaction.data.custom_id);
  if (!target || !ctx.instance || !ctx.user.id) return;
  let content: string;
  try {
    const snoozed = await ctx.instance.service.snooze(target.reminderId, ctx.user.id, target.choice.ms);
    content = `Snoozed: reminder #${snoozed.id} at <t:${Math.floor(snoozed.due_at.getTime() / 1_000)}:F>.`;
  } catch (error) {
    const reply = failureReply(databaseOutage(error) ?? error);
    if (reply === undefined) throw error;
    content = reply;
  }
  // Ephemeral: the answer concerns the presser alone, and pings nobody.
  await ctx.reply({ content, ephemeral: true });
}
