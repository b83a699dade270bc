// `/settings show|prefix|command|timezone`: this server's settings from Discord (Manage Server), as
// in PATCH /api/guilds/:guild_id/settings. Dashboard roles are picked in the dashboard, by name.
import { PermissionFlagsBits } from 'discord-api-types/v10';
import type { GuildSettings } from '../db/guild-settings.ts';
import { replyFailure } from './replies.ts';
import type { CommandContext, Command } from './types.ts';

/** What resets a setting to the installation's default. */
const DEFAULT_WORD = 'default';

export const settings = {
  name: 'settings',
  description: "Show or change this server's settings",
  permissions: PermissionFlagsBits.ManageGuild,
  guildOnly: true,
  forms: { prefix: false, slash: true },
  subcommands: [
    {
      name: 'show',
      description: "This server's prefix, turned-off commands, time zone and dashboard roles",
      async run(ctx) {
        const current = await ctx.bot.settings.get(guildIdOf(ctx));
        await ctx.reply({ content: describe(current, ctx), ephemeral: true });
      },
    },
    {
      name: 'prefix',
      description: 'Set the prefix of message commands here ("default" for the default)',
      options: [{ name: 'prefix', description: 'Up to 5 characters without spaces, e.g. ? or $$', type: 'string', required: true, maxLength: 16 }],
      async run(ctx) {
        const wanted = String(ctx.options.prefix);
        const changed = await change(ctx, { prefix: wanted === DEFAULT_WORD ? null : wanted });
        if (changed) await ctx.reply({ content: `Message commands here now start with \`${changed.prefix ?? ctx.bot.prefix}\`, e.g. \`${changed.prefix ?? ctx.bot.prefix}help\`.`, ephemeral: true });
      },
    },
    {
      name: 'command',
      description: 'Turn a built-in command on or off in this server',
      options: [
        { name: 'name', description: 'A built-in command, e.g. top', type: 'string', required: true, maxLength: 32 },
        { name: 'enabled', description: 'On (yes) or off (no)', type: 'boolean', required: true },
      ],
      async run(ctx) {
        const name = String(ctx.options.name).toLowerCase();
        const current = await ctx.bot.settings.get(guildIdOf(ctx));
        const others = current.disabled_commands.filter((n) => n !== name);
        const changed = await change(ctx, { disabled_commands: ctx.options.enabled ? others : [...others, name] }, current);
        if (changed) await ctx.reply({ content: `\`${name}\` is now ${ctx.options.enabled ? 'on' : 'off'} in this server.`, ephemeral: true });
      },
    },
    {
      name: 'timezone',
      description: 'The zone for reminders and schedules without their own ("default" for UTC)',
      options: [{ name: 'zone', description: 'An IANA time zone such as Europe/Berlin', type: 'string', required: true, maxLength: 64 }],
      async run(ctx) {
        const wanted = String(ctx.options.zone);
        const changed = await change(ctx, { time_zone: wanted === DEFAULT_WORD ? null : wanted });
        if (changed) await ctx.reply({ content: `This server's time zone is now ${changed.time_zone ?? 'UTC'}.`, ephemeral: true });
      },
    },
  ],
} satisfies Command;

function guildIdOf(ctx: CommandContext): string {
  // guildOnly: the dispatcher answers DMs before a subcommand runs.
  return ctx.guild?.id ?? '';
}

/** Applies `fields` over the settings as last read; a 409 or 422 is answered with its reason. */
async function change(ctx: CommandContext, fields: Partial<GuildSettings>, read?: GuildSettings): Promise<GuildSettings | undefined> {
  const guildId = guildIdOf(ctx);
  const current = read ?? (await ctx.bot.settings.get(guildId));
  return ctx.bot.settings.change(guildId, { version: current.version, ...fields }, { source: 'discord', user_id: ctx.user.id }).catch(replyFailure(ctx));
}

function describe(current: GuildSettings, ctx: CommandContext): string {
  const roles = (ids: readonly string[]) => (ids.length > 0 ? ids.map((id) => `<@&${id}>`).join(', ') : 'none');
  return [
    '**Settings of this server**',
    `Prefix: \`${current.prefix ?? ctx.bot.prefix}\`${current.prefix === null ? ' (the default)' : ''}`,
    `Turned off: ${current.disabled_commands.length > 0 ? current.disabled_commands.map((n) => `\`${n}\``).join(', ') : 'nothing'}`,
    `Time zone: ${current.time_zone ?? 'UTC (the default)'}`,
    `Dashboard, read-only: ${roles(current.viewer_role_ids)}; may edit: ${roles(current.editor_role_ids)} (choose them in the dashboard)`,
  ].join('\n');
}
