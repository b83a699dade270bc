// `/schedule add|list|remove`: a server's scheduled messages (Manage Server), as in /api/schedules.
import { PermissionFlagsBits } from 'discord-api-types/v10';
import * as v from 'valibot';
import { defineCommand } from '../../module-kit/define.ts';
import { guildOnly, memberPermissions } from '../../module-kit/preconditions.ts';
import { replyInvalid } from '../../module-kit/replies.ts';
import { AppError } from '../../platform/errors/app-error.ts';
import { discordTime, remindersOf, replyUnavailable } from './reminder-replies.ts';
import type { ScheduledMessage } from './schedule-queries.ts';
import { NewScheduleSchema } from './schedule-schema.ts';
import { upcomingRuns } from './schedule-service.ts';

export const schedule = defineCommand({
  name: 'schedule',
  description: "Manage this server's scheduled messages",
  preconditions: [guildOnly, memberPermissions(PermissionFlagsBits.ManageGuild)],
  forms: { prefix: false, slash: true },
  subcommands: (subcommand) => [
    subcommand({
      name: 'add',
      description: 'Schedule a message: a cron expression, or a one-off time',
      options: {
        channel: { description: 'Where to post it', type: 'channel', required: true },
        message: { description: 'What to post', type: 'string', required: true, maxLength: 2_000 },
        cron: { description: 'Repeat: minute hour day month weekday, e.g. 0 9 * * 1', type: 'string', maxLength: 100 },
        at: { description: 'Once: an ISO time, e.g. 2026-12-24T18:00:00Z', type: 'string', maxLength: 40 },
        timezone: { description: "The zone the cron expression is read in (default: the server's zone, else UTC)", type: 'string', maxLength: 64 },
      },
      async run(ctx, options) {
        const reminders = remindersOf(ctx);
        if (!reminders) return replyUnavailable(ctx);
        const input = v.safeParse(NewScheduleSchema, {
          guild_id: ctx.guild.id,
          channel_id: options.channel,
          content: options.message,
          ...(options.cron === undefined ? {} : { cron: options.cron }),
          ...(options.at === undefined ? {} : { run_at: options.at }),
          ...(options.timezone === undefined ? {} : { time_zone: options.timezone }),
          created_by: ctx.user.id,
        });
        if (!input.success) return replyInvalid(ctx, input.issues);
        // A refused channel gets its own wording; any other failure is the dispatcher's to answer.
        const created = await reminders.schedules.add(input.output, { source: 'discord', user_id: ctx.user.id }).catch(async (error: unknown) => {
          const reply = error instanceof AppError ? CHANNEL_REPLIES[error.code] : undefined;
          if (!reply) throw error;
          await ctx.reply({ content: reply(input.output.channel_id), ephemeral: true });
          return undefined;
        });
        if (created) await ctx.reply({ content: `Scheduled #${created.id} in <#${created.channel_id}>. ${nextRunsLine(created)}`, ephemeral: true });
      },
    }),
    subcommand({
      name: 'list',
      description: "This server's scheduled messages and their next runs",
      async run(ctx) {
        const reminders = remindersOf(ctx);
        if (!reminders) return replyUnavailable(ctx);
        const rows = await reminders.schedules.list(ctx.guild.id);
        const lines = rows.map((s) => `#${s.id} · <#${s.channel_id}> · ${s.cron ? `\`${s.cron}\` ${s.time_zone}` : 'once'} · ${s.status} · ${nextRunsLine(s)}`);
        await ctx.reply({ content: (lines.join('\n') || 'No scheduled messages. Add one with `/schedule add`.').slice(0, 2_000), ephemeral: true });
      },
    }),
    subcommand({
      name: 'remove',
      description: 'Remove a scheduled message',
      options: { id: { description: 'The id, from /schedule list', type: 'integer', required: true, minValue: 1 } },
      async run(ctx, { id }) {
        const reminders = remindersOf(ctx);
        if (!reminders) return replyUnavailable(ctx);
        const removed = await reminders.schedules.remove(ctx.guild.id, String(id), ctx.user.id);
        await ctx.reply({ content: removed ? `Removed scheduled message #${removed.id}.` : `This server has no scheduled message #${id}.`, ephemeral: true });
      },
    }),
  ],
});

/** Short answers to a refused channel, by the service's error code. */
const CHANNEL_REPLIES: Record<string, ((channelId: string) => string) | undefined> = {
  CHANNEL_NOT_IN_GUILD: (id) => `I can only post in this server's channels that I can see, and <#${id}> is not one of them.`,
  DISCORD_UNAVAILABLE: () => 'Discord did not answer when I checked that channel; try again in a moment.',
};

function nextRunsLine(schedule: ScheduledMessage): string {
  const runs = upcomingRuns(schedule, 2);
  if (runs.length > 0) return `Next: ${runs.map(discordTime).join(', ')}`;
  return schedule.status === 'failed' ? `Failed: ${schedule.last_error ?? 'unknown reason'}` : 'Done.';
}
