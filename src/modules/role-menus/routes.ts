// /api/guilds/:guild_id/role-menus: the menus over HTTP, beside the guild's other resources. Each call
// runs in the module's context: its schema, the Discord client, its custom ids.
import * as v from 'valibot';
import { defineRoute, type ModuleRoute, type RouteContext } from '../../module-kit/contract.ts';
import { AppError } from '../../platform/errors/app-error.ts';
import { MenuChange, MenuOut, NewMenu } from './schema.ts';
import { createMenu, deleteMenu, getMenu, listMenus, type MenuContext, updateMenu } from './service.ts';

const MenuParams = v.object({ id: v.pipe(v.string(), v.regex(/^[1-9]\d{0,17}$/, 'must be a menu id (a number)')) });
const refused = { 422: { description: 'invalid fields; a role the bot cannot give names `options.N.role_id`; a channel not of the guild names `channel_id`' }, 503: { description: 'Discord could not be asked' } };

/** The service's context from the route's. */
function menusOf(ctx: Pick<RouteContext, 'sql' | 'discord' | 'guild' | 'customId'>): MenuContext {
  if (!ctx.sql) throw new AppError('unavailable', 'DATABASE_UNAVAILABLE', 'role menus need the database');
  return { sql: ctx.sql, discord: ctx.discord, guildId: ctx.guild.id, customId: ctx.customId };
}

export const menuRoutes: ModuleRoute[] = [
  defineRoute({
    method: 'GET',
    mount: 'guild',
    path: '/role-menus',
    operationId: 'listRoleMenus',
    summary: "A guild's role menus",
    responses: { 200: { description: 'every menu, oldest first', schema: v.object({ items: v.array(MenuOut) }) } },
    handler: async (ctx) => ({ items: await listMenus(menusOf(ctx)) }),
  }),
  defineRoute({
    method: 'POST',
    mount: 'guild',
    path: '/role-menus',
    operationId: 'createRoleMenu',
    summary: 'Create a role menu: it is posted in `channel_id` at once',
    body: NewMenu,
    responses: { 201: { description: 'created and posted', schema: MenuOut }, ...refused },
    async handler(ctx) {
      const menu = await createMenu(menusOf(ctx), ctx.body, ctx.userId);
      return ctx.respond(201, menu, { location: `/api/guilds/${ctx.guild.id}/role-menus/${menu.id}` });
    },
  }),
  defineRoute({
    method: 'GET',
    mount: 'guild',
    path: '/role-menus/:id',
    operationId: 'getRoleMenu',
    summary: 'One role menu',
    params: MenuParams,
    responses: { 200: { description: 'the menu', schema: MenuOut } },
    handler: async (ctx) => getMenu(menusOf(ctx), ctx.params.id),
  }),
  defineRoute({
    method: 'PATCH',
    mount: 'guild',
    path: '/role-menus/:id',
    operationId: 'updateRoleMenu',
    summary: 'Change a role menu: its message is edited (posted again if it was deleted in Discord)',
    params: MenuParams,
    body: MenuChange,
    responses: { 200: { description: 'the menu after the change', schema: MenuOut }, ...refused },
    handler: async (ctx) => updateMenu(menusOf(ctx), ctx.params.id, ctx.body),
  }),
  defineRoute({
    method: 'DELETE',
    mount: 'guild',
    path: '/role-menus/:id',
    operationId: 'deleteRoleMenu',
    summary: 'Delete a role menu and its message',
    params: MenuParams,
    responses: { 204: { description: 'deleted' } },
    async handler(ctx) {
      await deleteMenu(menusOf(ctx), ctx.params.id);
      return ctx.respond(204);
    },
  }),
];
