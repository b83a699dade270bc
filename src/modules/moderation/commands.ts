// /warn, /timeout, /untimeout, /kick, /ban, /unban, /purge, /case, /reason, /cases, each also a `!`
// command. Discord hides each slash command from members without its permission and checks it for
// the slash form; the service checks it again, guild-wide, for every form, with the hierarchy rules.
import { PermissionFlagsBits } from 'discord-api-types/v10';
import { parseDuration } from '../../features/scheduling/when.ts';
import type { CommandContext } from '../../module-kit/command-types.ts';
import { defineCommand } from '../../module-kit/define.ts';
import { guildOnly, memberPermissions, ok } from '../../module-kit/preconditions.ts';
import { AppError } from '../../platform/errors/app-error.ts';
import { type CaseRow, listCases } from './cases.ts';
import { ACTION_LABEL, actorOf, formatDuration } from './mod-log.ts';
import { act, assertMayModerate, changeReason, describeCase, findCase, type MemberAction, type ModerationContext, type ModerationSettings, purge, required } from './service.ts';

/** Cases `/cases` lists at most. */
const CASES_SHOWN = 10;

/**
 * The member needs `permission`: a slash use as Discord computed it in the channel (and Discord hides
 * the command from others); a `!` use carries no permissions, so the service checks it guild-wide.
 */
function moderator(permission: bigint) {
  const slash = memberPermissions(permission);
  return { ...slash, run: (ctx: CommandContext, command: Parameters<typeof slash.run>[1]) => (ctx.source === 'slash' ? slash.run(ctx, command) : ok) };
}

const user = { type: 'user', description: 'The member', required: true } as const;
const reason = { type: 'string', description: 'Why (shown in the mod log and the audit log)', rest: true, maxLength: 400 } as const;
const duration = { type: 'string', description: 'How long: 10m, 2h, 7d', maxLength: 40 } as const;

function moderationOf(ctx: CommandContext): ModerationContext {
  return { sql: ctx.sql, discord: ctx.discord, settings: ctx.settings as unknown as ModerationSettings, log: ctx.log ?? (undefined as never) };
}

/** Runs `work`; an expected refusal becomes an ephemeral sentence, anything else goes to the dispatcher. */
async function answer(ctx: CommandContext, work: () => Promise<string>): Promise<void> {
  let text: string;
  try {
    text = await work();
  } catch (error) {
    if (error instanceof AppError) return ctx.reply({ content: error.message, ephemeral: true });
    throw error;
  }
  await ctx.reply({ content: text });
}

/** A duration typed by the member: ms, or the refusal naming what was typed. */
function durationOf(text: string): number {
  const ms = parseDuration(text.trim().toLowerCase());
  if (ms === undefined) throw new AppError('invalid', 'BAD_DURATION', `\`${text}\` is not a duration: use e.g. \`10m\`, \`2h\` or \`7d\`.`);
  return ms;
}

function memberCommand(name: MemberAction, description: string, permission: bigint, options: 'duration-required' | 'duration' | 'none') {
  const run = (ctx: CommandContext & { guild: { id: string } }, o: { user: string; reason?: string | undefined; duration?: string | undefined }) =>
    answer(ctx, async () => {
      let text = o.reason ?? null;
      let durationMs: number | null = null;
      if (o.duration !== undefined) {
        // `!ban @member spamming`: a prefix ban without a duration reads its first word as one.
        if (options === 'duration' && ctx.source !== 'slash' && parseDuration(o.duration.toLowerCase()) === undefined) text = [o.duration, text].filter(Boolean).join(' ');
        else durationMs = durationOf(o.duration);
      }
      const c = await act(moderationOf(ctx), { guildId: ctx.guild.id, action: name, userId: o.user, moderatorId: ctx.user.id, reason: text, durationMs, now: Date.now() });
      return describeCase(c);
    });
  const preconditions = [guildOnly, moderator(permission)] as const;
  if (options === 'none') return defineCommand({ name, description, options: { user, reason }, preconditions, run });
  return defineCommand({ name, description, options: { user, duration: { ...duration, required: options === 'duration-required' }, reason }, preconditions, run });
}

export const warn = memberCommand('warn', 'Warn a member (a case; warnings can escalate)', PermissionFlagsBits.ModerateMembers, 'none');
export const timeout = memberCommand('timeout', 'Time a member out for a while (up to 28 days)', PermissionFlagsBits.ModerateMembers, 'duration-required');
export const untimeout = memberCommand('untimeout', "Lift a member's timeout", PermissionFlagsBits.ModerateMembers, 'none');
export const kick = memberCommand('kick', 'Kick a member from the server', PermissionFlagsBits.KickMembers, 'none');
export const ban = memberCommand('ban', 'Ban a user, for good or for a while', PermissionFlagsBits.BanMembers, 'duration');
export const unban = memberCommand('unban', 'Lift a ban', PermissionFlagsBits.BanMembers, 'none');

export const purgeCommand = defineCommand({
  name: 'purge',
  description: 'Delete recent messages in this channel (up to 100, younger than 14 days)',
  options: {
    count: { type: 'integer', description: 'How many messages', required: true, minValue: 1, maxValue: 100 },
    user: { type: 'user', description: "Only this member's messages" },
    contains: { type: 'string', description: 'Only messages containing this text', rest: true, maxLength: 100 },
  },
  preconditions: [guildOnly, moderator(PermissionFlagsBits.ManageMessages)],
  run: (ctx, o) =>
    answer(ctx, async () => {
      if (!ctx.channelId) throw new AppError('invalid', 'NO_CHANNEL', 'Use that in a channel.');
      const done = await purge(moderationOf(ctx), { guildId: ctx.guild.id, channelId: ctx.channelId, moderatorId: ctx.user.id, count: o.count, userId: o.user, contains: o.contains, except: [ctx.eventId], reason: null, now: Date.now() });
      const skipped = done.skipped > 0 ? ` ${done.skipped} older than 14 days ${done.skipped === 1 ? 'was' : 'were'} skipped: Discord does not bulk-delete those.` : '';
      return `${describeCase(done.case)}${skipped}`;
    }),
});

function caseLine(c: CaseRow): string {
  const length = c.duration_ms ? ` (${formatDuration(Number(c.duration_ms))})` : '';
  const on = c.user_id ? ` <@${c.user_id}>` : '';
  return `**#${c.number}** ${ACTION_LABEL[c.action]}${length}${on} by ${actorOf(c)}, <t:${Math.floor(new Date(c.created_at).getTime() / 1000)}:R>: ${c.reason ?? 'no reason given'}`;
}

const number = { type: 'integer', description: 'The case number', required: true, minValue: 1 } as const;
const readPermission = PermissionFlagsBits.ModerateMembers;

export const caseCommand = defineCommand({
  name: 'case',
  description: 'Show one case',
  options: { number },
  preconditions: [guildOnly, moderator(readPermission)],
  run: (ctx, o) =>
    answer(ctx, async () => {
      const m = moderationOf(ctx);
      if (ctx.source !== 'slash') await assertMayModerate(m, ctx.guild.id, ctx.user.id, readPermission);
      const c = await findCase(m, ctx.guild.id, o.number);
      if (!c) throw new AppError('not_found', 'CASE_NOT_FOUND', `There is no case ${o.number}.`);
      return caseLine(c);
    }),
});

export const reasonCommand = defineCommand({
  name: 'reason',
  description: "Change a case's reason (its mod-log post too)",
  options: { number, reason: { ...reason, required: true } },
  preconditions: [guildOnly, moderator(readPermission)],
  run: (ctx, o) =>
    answer(ctx, async () => {
      const m = moderationOf(ctx);
      if (ctx.source !== 'slash') await assertMayModerate(m, ctx.guild.id, ctx.user.id, readPermission);
      const c = await changeReason(m, ctx.guild.id, o.number, o.reason);
      if (!c) throw new AppError('not_found', 'CASE_NOT_FOUND', `There is no case ${o.number}.`);
      return `Case ${c.number}'s reason is now: ${c.reason}`;
    }),
});

export const casesCommand = defineCommand({
  name: 'cases',
  description: "A member's cases, newest first",
  options: { user },
  preconditions: [guildOnly, moderator(readPermission)],
  run: (ctx, o) =>
    answer(ctx, async () => {
      const m = moderationOf(ctx);
      if (ctx.source !== 'slash') await assertMayModerate(m, ctx.guild.id, ctx.user.id, readPermission);
      const rows = await listCases(required(m).sql, ctx.guild.id, { userId: o.user, limit: CASES_SHOWN + 1 });
      if (rows.length === 0) return `<@${o.user}> has no cases.`;
      const more = rows.length > CASES_SHOWN ? '\n…and older ones (the API lists them all).' : '';
      return `Cases of <@${o.user}>:\n${rows.slice(0, CASES_SHOWN).map(caseLine).join('\n')}${more}`;
    }),
});

export const moderationCommands = [warn, timeout, untimeout, kick, ban, unban, purgeCommand, caseCommand, reasonCommand, casesCommand];
