// A case as the mod log shows it: one embed, posted when the case is made and edited when its
// reason changes. Mentions in it never ping (allowed_mentions is empty).
import type { API } from '@discordjs/core';
import type { Logger } from '../../platform/log.ts';
import type { CaseAction, CaseRow } from './cases.ts';

const COLOR: Record<CaseAction, number> = {
  warn: 0xf1c40f,
  timeout: 0xe67e22,
  untimeout: 0x2ecc71,
  kick: 0xe74c3c,
  ban: 0x992d22,
  unban: 0x2ecc71,
  purge: 0x95a5a6,
  delete: 0x95a5a6,
};

export const ACTION_LABEL: Record<CaseAction, string> = {
  warn: 'Warning',
  timeout: 'Timeout',
  untimeout: 'Timeout lifted',
  kick: 'Kick',
  ban: 'Ban',
  unban: 'Unban',
  purge: 'Purge',
  delete: 'Message deleted',
};

/** `2h`, `7d`, `1d 2h`: a case's duration as people write it. */
export function formatDuration(ms: number): string {
  const units: [number, string][] = [
    [86_400_000, 'd'],
    [3_600_000, 'h'],
    [60_000, 'm'],
    [1_000, 's'],
  ];
  const parts: string[] = [];
  let rest = ms;
  for (const [size, unit] of units) {
    const n = Math.floor(rest / size);
    if (n > 0) parts.push(`${n}${unit}`);
    rest -= n * size;
  }
  return parts.join(' ') || '0s';
}

/** Who acted: a person, or the rule that did. */
export function actorOf(c: Pick<CaseRow, 'moderator_id' | 'rule'>): string {
  return c.moderator_id ? `<@${c.moderator_id}>` : (c.rule ?? 'Concord');
}

export function caseEmbed(c: CaseRow): Record<string, unknown> {
  const fields = [
    ...(c.user_id ? [{ name: 'Member', value: `<@${c.user_id}> (${c.user_id})`, inline: true }] : []),
    { name: 'Moderator', value: actorOf(c), inline: true },
    ...(c.duration_ms ? [{ name: 'Duration', value: formatDuration(Number(c.duration_ms)), inline: true }] : []),
    ...(c.channel_id ? [{ name: 'Channel', value: `<#${c.channel_id}>`, inline: true }] : []),
    ...(c.message_count !== null ? [{ name: 'Messages', value: String(c.message_count), inline: true }] : []),
    { name: 'Reason', value: c.reason ?? 'No reason given' },
  ];
  return { title: `Case ${c.number} · ${ACTION_LABEL[c.action]}`, color: COLOR[c.action], fields, timestamp: new Date(c.created_at).toISOString() };
}

/** Posts the case to the mod log; the message id, or undefined when there is no log or Discord refused (logged). */
export async function postCase(discord: API, channelId: string, c: CaseRow, log: Logger): Promise<string | undefined> {
  try {
    const message = await discord.channels.createMessage(channelId, { embeds: [caseEmbed(c)], allowed_mentions: { parse: [] } });
    return message.id;
  } catch (error) {
    log.warn({ err: error, guild: c.guild_id, case: c.number }, 'could not post a case to the mod log');
    return undefined;
  }
}

/** Edits the case's mod-log post to what the case says now; false when there is none or Discord refused. */
export async function editCasePost(discord: API, c: CaseRow, log: Logger): Promise<boolean> {
  if (!c.log_channel_id || !c.log_message_id) return false;
  try {
    await discord.channels.editMessage(c.log_channel_id, c.log_message_id, { embeds: [caseEmbed(c)], allowed_mentions: { parse: [] } });
    return true;
  } catch (error) {
    log.warn({ err: error, guild: c.guild_id, case: c.number }, 'could not edit a case in the mod log');
    return false;
  }
}
