// `/rolemenu create|list|delete`: the basics of role menus from Discord (Manage Roles); the rest
// (labels, emoji, an embed, required roles) in the API and the dashboard.
import { PermissionFlagsBits } from 'discord-api-types/v10';
import * as v from 'valibot';
import { defineCommand } from '../../module-kit/define.ts';
import { guildOnly, memberPermissions } from '../../module-kit/preconditions.ts';
import { replyInvalid } from '../../module-kit/replies.ts';
import { AppError } from '../../platform/errors/app-error.ts';
import { NewMenu } from './schema.ts';
import { createMenu, deleteMenu, listMenus, type MenuContext } from './service.ts';

/** The module's context for the command: its sql, the client and its custom ids. */
function menuContext(ctx: { sql?: MenuContext['sql'] | undefined; discord?: MenuContext['discord'] | undefined; customId?: MenuContext['customId'] | undefined }, guildId: string): MenuContext {
  if (!ctx.sql || !ctx.customId) throw new AppError('unavailable', 'DATABASE_UNAVAILABLE', 'role menus need the database, which this process does not have');
  return { sql: ctx.sql, discord: ctx.discord, guildId, customId: ctx.customId };
}

export const rolemenu = defineCommand({
  name: 'rolemenu',
  description: 'Menus of buttons that give members roles',
  preconditions: [guildOnly, memberPermissions(PermissionFlagsBits.ManageRoles)],
  forms: { prefix: false, slash: true },
  subcommands: (subcommand) => [
    subcommand({
      name: 'create',
      description: 'Post a menu of buttons, one a role (labels are the role names)',
      options: {
        channel: { description: 'Where to post it', type: 'channel', required: true },
        text: { description: 'The message above the buttons', type: 'string', required: true, maxLength: 2_000 },
        role1: { description: 'A role', type: 'role', required: true },
        role2: { description: 'A role', type: 'role' },
        role3: { description: 'A role', type: 'role' },
        role4: { description: 'A role', type: 'role' },
        role5: { description: 'A role', type: 'role' },
        mode: { description: 'toggle (default), unique (one at a time), verify (add only) or drop (remove only)', type: 'string', maxLength: 10 },
      },
      async run(ctx, options) {
        const menus = menuContext(ctx, ctx.guild.id);
        const roleIds = [options.role1, options.role2, options.role3, options.role4, options.role5].filter((id): id is string => id !== undefined);
        const roles = ctx.discord ? await ctx.discord.guilds.getRoles(ctx.guild.id) : [];
        const input = v.safeParse(NewMenu, {
          channel_id: options.channel,
          content: options.text,
          style: 'buttons',
          mode: options.mode ?? 'toggle',
          options: [...new Set(roleIds)].map((roleId) => ({ role_id: roleId, label: (roles.find((r) => r.id === roleId)?.name ?? roleId).slice(0, 80) })),
        });
        if (!input.success) return replyInvalid(ctx, input.issues);
        const menu = await createMenu(menus, input.output, ctx.user.id);
        await ctx.reply({ content: `Role menu #${menu.id} posted in <#${menu.channel_id}>.`, ephemeral: true });
      },
    }),
    subcommand({
      name: 'list',
      description: "This server's role menus",
      async run(ctx) {
        const menus = await listMenus(menuContext(ctx, ctx.guild.id));
        const lines = menus.map((m) => `#${m.id} · <#${m.channel_id}> · ${m.mode} ${m.style} · ${m.options.map((o) => `<@&${o.role_id}>`).join(' ')}${m.message_deleted ? ' · message deleted' : ''}`);
        await ctx.reply({ content: (lines.join('\n') || 'No role menus. Create one with `/rolemenu create`.').slice(0, 2_000), ephemeral: true });
      },
    }),
    subcommand({
      name: 'delete',
      description: 'Delete a role menu and its message',
      options: { id: { description: 'The menu number (see /rolemenu list)', type: 'integer', required: true, minValue: 1 } },
      async run(ctx, options) {
        await deleteMenu(menuContext(ctx, ctx.guild.id), String(options.id));
        await ctx.reply({ content: `Role menu #${options.id} deleted.`, ephemeral: true });
      },
    }),
  ],
});
