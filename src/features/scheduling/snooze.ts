// The Snooze buttons on a delivered reminder: only its owner may press them; each press sets a
// one-off copy of the reminder. https://discord.com/developers/docs/interactions/message-components
import type { API } from '@discordjs/core';
import { type APIMessageComponentInteraction, MessageFlags } from 'discord-api-types/v10';
import { databaseOutage } from '../../platform/db/pg-errors.ts';
import { failureReply } from '../../platform/errors/reply.ts';
import type { ReminderService } from './reminder-service.ts';
import { parseSnoozeCustomId } from './snooze-choices.ts';

/** Answers a button press on a reminder (others' buttons are not ours and are left alone). */
export async function handleSnooze(interaction: APIMessageComponentInteraction, api: API, reminders: ReminderService): Promise<void> {
  const target = parseSnoozeCustomId(interaction.data.custom_id);
  const user = interaction.member?.user ?? interaction.user;
  if (!target || !user) return;
  let content: string;
  try {
    const snoozed = await reminders.snooze(target.reminderId, user.id, target.choice.ms);
    content = `Snoozed: reminder #${snoozed.id} at <t:${Math.floor(snoozed.due_at.getTime() / 1_000)}:F>.`;
  } catch (error) {
    const reply = failureReply(databaseOutage(error) ?? error);
    if (reply === undefined) throw error;
    content = reply;
  }
  // Ephemeral: the answer concerns the presser alone, and pings nobody.
  await api.interactions.reply(interaction.id, interaction.token, { content, flags: MessageFlags.Ephemeral, allowed_mentions: { parse: [] } });
}
