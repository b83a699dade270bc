// `/settings show|prefix|command|timezone|access`: this server's settings from Discord (Manage
// Server), as in PATCH /api/guilds/:guild_id/settings, which checks every value the same way.
import { PermissionFlagsBits } from 'discord-api-types/v10';
import type { GuildSettings } from '../../features/settings/queries.ts';
import type { CommandContext } from '../../module-kit/command-types.ts';
import { defineCommand } from '../../module-kit/define.ts';
import { guildOnly, memberPermissions } from '../../module-kit/preconditions.ts';

/** What resets a setting to the installation's default. */
const DEFAULT_WORD = 'default';
const ACCESS_LEVELS = ['none', 'read', 'edit'] as const;

export const settings = defineCommand({
  name: 'settings',
  description: "Show or change this server's settings",
  preconditions: [guildOnly, memberPermissions(PermissionFlagsBits.ManageGuild)],
  forms: { prefix: false, slash: true },
  subcommands: (subcommand) => [
    subcommand({
      name: 'show',
      description: "This server's prefix, turned-off commands, time zone and dashboard roles",
      async run(ctx) {
        const current = await ctx.bot.settings.get(ctx.guild.id);
        await ctx.reply({ content: describe(current, ctx), ephemeral: true });
      },
    }),
    subcommand({
      name: 'prefix',
      description: 'Set the prefix of message commands here ("default" for the default)',
      options: { prefix: { description: 'Up to 5 characters without spaces, e.g. ? or $$', type: 'string', required: true, maxLength: 16 } },
      async run(ctx, { prefix }) {
        const changed = await change(ctx, (current) => ({ version: current.version, prefix: prefix === DEFAULT_WORD ? null : prefix }));
        const now = changed.prefix ?? ctx.bot.prefix;
        await ctx.reply({ content: `Message commands here now start with \`${now}\`, e.g. \`${now}help\`.`, ephemeral: true });
      },
    }),
    subcommand({
      name: 'command',
      description: 'Turn a built-in command on or off in this server',
      options: {
        name: { description: 'A built-in command, e.g. top', type: 'string', required: true, maxLength: 32 },
        enabled: { description: 'On (yes) or off (no)', type: 'boolean', required: true },
      },
      async run(ctx, { name, enabled }) {
        const wanted = name.toLowerCase();
        await change(ctx, (current) => {
          const others = current.disabled_commands.filter((n) => n !== wanted);
          return { version: current.version, disabled_commands: enabled ? others : [...others, wanted] };
        });
        await ctx.reply({ content: `\`${wanted}\` is now ${enabled ? 'on' : 'off'} in this server.`, ephemeral: true });
      },
    }),
    subcommand({
      name: 'timezone',
      description: 'The zone for reminders and schedules without their own ("default" for UTC)',
      options: { zone: { description: 'An IANA time zone such as Europe/Berlin', type: 'string', required: true, maxLength: 64 } },
      async run(ctx, { zone }) {
        const changed = await change(ctx, (current) => ({ version: current.version, time_zone: zone === DEFAULT_WORD ? null : zone }));
        await ctx.reply({ content: `This server's time zone is now ${changed.time_zone ?? 'UTC'}.`, ephemeral: true });
      },
    }),
    subcommand({
      name: 'access',
      description: "What a role may do in this server's dashboard: none, read or edit",
      options: {
        role: { description: 'The role', type: 'role', required: true },
        level: { description: 'none, read (look only) or edit (look and change)', type: 'string', required: true, maxLength: 4 },
      },
      async run(ctx, { role, level }) {
        const wanted = ACCESS_LEVELS.find((l) => l === level.toLowerCase());
        if (!wanted) return ctx.reply({ content: 'The level must be none, read or edit.', ephemeral: true });
        await change(ctx, (current) => ({
          version: current.version,
          viewer_role_ids: [...current.viewer_role_ids.filter((id) => id !== role), ...(wanted === 'read' ? [role] : [])],
          editor_role_ids: [...current.editor_role_ids.filter((id) => id !== role), ...(wanted === 'edit' ? [role] : [])],
        }));
        const what = { none: 'no dashboard access (Manage Server still gives it)', read: 'read-only dashboard access', edit: 'dashboard access to look and change' }[wanted];
        await ctx.reply({ content: `<@&${role}> now has ${what}.`, ephemeral: true });
      },
    }),
  ],
});

/** Applies the change made from the settings as they are now; a refusal (stale version, bad value) reaches the dispatcher, which replies with its reason. */
async function change(ctx: CommandContext & { guild: { id: string } }, from: (current: GuildSettings) => Record<string, unknown>): Promise<GuildSettings> {
  const current = await ctx.bot.settings.get(ctx.guild.id);
  return ctx.bot.settings.change(ctx.guild.id, from(current), { source: 'discord', user_id: ctx.user.id });
}

function describe(current: GuildSettings, ctx: CommandContext): string {
  const roles = (ids: readonly string[]) => (ids.length > 0 ? ids.map((id) => `<@&${id}>`).join(', ') : 'none');
  return [
    '**Settings of this server**',
    `Prefix: \`${current.prefix ?? ctx.bot.prefix}\`${current.prefix === null ? ' (the default)' : ''}`,
    `Turned off: ${current.disabled_commands.length > 0 ? current.disabled_commands.map((n) => `\`${n}\``).join(', ') : 'nothing'}`,
    `Time zone: ${current.time_zone ?? 'UTC (the default)'}`,
    `Dashboard, read-only: ${roles(current.viewer_role_ids)}; may also change: ${roles(current.editor_role_ids)}`,
  ].join('\n');
}
