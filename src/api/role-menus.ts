// /api/guilds/:guild_id/role-menus: the role-menus module's menus over HTTP, at the paths the rest of
// the guild's resources use (its own routes would sit under /api/plugins/role-menus with the guild in
// the query). Each call runs in the module's context: its schema, the Discord client, its custom ids.
import * as v from 'valibot';
import type { ModuleRuntime } from '../module-kit/runtime.ts';
import { createMenu, deleteMenu, getMenu, listMenus, MenuChange, type MenuContext, MenuOut, NewMenu, ROLE_MENUS, updateMenu } from '../modules/role-menus/index.ts';
import { AppError } from '../platform/errors/app-error.ts';
import { GuildParams } from '../platform/http/pagination.ts';
import { Snowflake } from '../platform/http/schemas.ts';
import { type ApiRoute, route } from './route.ts';

const MenuParams = v.object({ guild_id: Snowflake, id: v.pipe(v.string(), v.regex(/^[1-9]\d{0,17}$/, 'must be a menu id (a number)')) });

export function roleMenuRoutes(modules: ModuleRuntime): ApiRoute[] {
  /** The module's context in the guild; 404 where it is not loaded or is off. */
  const contextIn = async (guildId: string): Promise<MenuContext> => {
    const module = modules.registry.get(ROLE_MENUS);
    if (!module || !(await modules.isEnabled(module, guildId))) throw new AppError('not_found', 'MODULE_OFF', 'the role-menus module is off in this guild');
    const ctx = await modules.context(module, guildId);
    if (!ctx.sql) throw new AppError('unavailable', 'DATABASE_UNAVAILABLE', 'role menus need the database');
    return { sql: ctx.sql, discord: ctx.discord, guildId, customId: ctx.customId };
  };
  const off = { 404: { description: 'no such menu in this guild, or the role-menus module is off there' } };
  const refused = { 422: { description: 'invalid fields; a role the bot cannot give names `options.N.role_id`; a channel not of the guild names `channel_id`' }, 503: { description: 'Discord could not be asked' } };
  return [
    route({
      method: 'GET',
      path: '/api/guilds/:guild_id/role-menus',
      operationId: 'listRoleMenus',
      summary: "A guild's role menus",
      tag: 'role-menus',
      params: GuildParams,
      responses: { 200: { description: 'every menu, oldest first', schema: v.object({ items: v.array(MenuOut) }) }, ...off },
      scope: ({ params }) => params.guild_id,
      handler: async (_ctx, { params }) => ({ body: { items: await listMenus(await contextIn(params.guild_id)) } }),
    }),
    route({
      method: 'POST',
      path: '/api/guilds/:guild_id/role-menus',
      operationId: 'createRoleMenu',
      summary: 'Create a role menu: it is posted in `channel_id` at once',
      tag: 'role-menus',
      params: GuildParams,
      body: NewMenu,
      responses: { 201: { description: 'created and posted', schema: MenuOut }, ...off, ...refused },
      scope: ({ params }) => params.guild_id,
      async handler(_ctx, { params, body, principal }) {
        const menu = await createMenu(await contextIn(params.guild_id), body, principal.kind === 'session' ? principal.userId : null);
        return { status: 201, headers: { location: `/api/guilds/${params.guild_id}/role-menus/${menu.id}` }, body: menu };
      },
    }),
    route({
      method: 'GET',
      path: '/api/guilds/:guild_id/role-menus/:id',
      operationId: 'getRoleMenu',
      summary: 'One role menu',
      tag: 'role-menus',
      params: MenuParams,
      responses: { 200: { description: 'the menu', schema: MenuOut }, ...off },
      scope: ({ params }) => params.guild_id,
      handler: async (_ctx, { params }) => ({ body: await getMenu(await contextIn(params.guild_id), params.id) }),
    }),
    route({
      method: 'PATCH',
      path: '/api/guilds/:guild_id/role-menus/:id',
      operationId: 'updateRoleMenu',
      summary: 'Change a role menu: its message is edited (posted again if it was deleted in Discord)',
      tag: 'role-menus',
      params: MenuParams,
      body: MenuChange,
      responses: { 200: { description: 'the menu after the change', schema: MenuOut }, ...off, ...refused },
      scope: ({ params }) => params.guild_id,
      handler: async (_ctx, { params, body }) => ({ body: await updateMenu(await contextIn(params.guild_id), params.id, body) }),
    }),
    route({
      method: 'DELETE',
      path: '/api/guilds/:guild_id/role-menus/:id',
      operationId: 'deleteRoleMenu',
      summary: 'Delete a role menu and its message',
      tag: 'role-menus',
      params: MenuParams,
      responses: { 204: { description: 'deleted' }, ...off },
      scope: ({ params }) => params.guild_id,
      async handler(_ctx, { params }) {
        await deleteMenu(await contextIn(params.guild_id), params.id);
        return { status: 204 };
      },
    }),
  ];
}
