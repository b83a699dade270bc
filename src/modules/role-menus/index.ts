// Role menus: messages with buttons or a select menu that give and take roles, kept in the module's
// own table, managed through /api/guilds/:guild_id/role-menus (routes.ts), the dashboard and
// `/rolemenu`. The components are the module's, so any process running it answers a click.
import { createRoleChecks } from '../../features/roles/assignable.ts';
import { defineModule } from '../../module-kit/contract.ts';
import { click } from './clicks.ts';
import { markMessagesDeleted, migrations } from './queries.ts';
import { BUTTON, SELECT } from './render.ts';
import { rolemenu } from './rolemenu.ts';
import { menuRoutes } from './routes.ts';

// The guilds' roles as read lately in this process, so a burst of clicks reads them once.
const checks = createRoleChecks();

export const roleMenus = defineModule({
  name: 'role-menus',
  description: 'Menus of buttons or a select that give members roles',
  migrations,
  commands: [rolemenu],
  routes: menuRoutes,
  components: {
    [BUTTON]: (ctx, interaction) => {
      const [menuId = '', roleId = ''] = ctx.data.split(':');
      return click(ctx, interaction, checks, menuId, { button: roleId });
    },
    [SELECT]: (ctx, interaction) => {
      const values = 'values' in interaction.data ? interaction.data.values : [];
      return click(ctx, interaction, checks, ctx.data, { values });
    },
  },
  // Member updates only tell it that the bot's own roles changed (a hint to check again): without
  // Server Members the menus still work, so Discord refusing that intent leaves it available.
  optionalIntents: ['GuildMembers'],
  events: {
    async MESSAGE_DELETE(ctx, { id }) {
      if (ctx.sql) await markMessagesDeleted(ctx.sql, [id]);
    },
    async MESSAGE_DELETE_BULK(ctx, { ids }) {
      if (ctx.sql) await markMessagesDeleted(ctx.sql, ids);
    },
    GUILD_ROLE_CREATE: (ctx) => void (ctx.guild && checks.forget(ctx.guild.id)),
    GUILD_ROLE_UPDATE: (ctx) => void (ctx.guild && checks.forget(ctx.guild.id)),
    GUILD_ROLE_DELETE: (ctx) => void (ctx.guild && checks.forget(ctx.guild.id)),
    GUILD_MEMBER_UPDATE: (ctx, member) => void (ctx.guild && member.user.bot && checks.forget(ctx.guild.id)),
  },
});
