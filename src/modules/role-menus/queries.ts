// Typed wrappers over menus.sql (run in the module's own schema) and its migration steps from migrations.sql.
import type { Sql } from '../../platform/db/connect.ts';
import { namedQueries } from '../../platform/db/named-queries.ts';
import { exec, many, one } from '../../platform/db/query.ts';
import text from './menus.sql';
import steps from './migrations.sql';
import type { MenuView, NewMenuInput } from './schema.ts';

const q = namedQueries(text, ['listMenus', 'getMenu', 'lockMenu', 'insertMenu', 'updateMenu', 'setMessage', 'deleteMenu', 'markMessagesDeleted']);

export const migrations = Object.entries(namedQueries(steps, ['menus'])).map(([name, sql], i) => ({ name: `${String(i + 1).padStart(3, '0')}-${name}`, sql }));

export interface MenuRow extends Omit<MenuView, 'created_at' | 'updated_at'> {
  created_at: Date;
  updated_at: Date;
}

type MenuFields = Omit<NewMenuInput, never>;

const values = (m: MenuFields) => [m.channel_id, m.content ?? null, m.embed ?? null, m.style, m.mode, m.options, m.max ?? null, m.required_role_ids ?? []];

export const listMenus = (sql: Sql, guildId: string) => many<MenuRow>(sql, q.listMenus, [guildId]);
export const getMenu = (sql: Sql, guildId: string, id: string) => one<MenuRow>(sql, q.getMenu, [guildId, id]);
export const lockMenu = (sql: Sql, guildId: string, id: string) => one<MenuRow>(sql, q.lockMenu, [guildId, id]);
export const insertMenu = async (sql: Sql, guildId: string, menu: MenuFields, createdBy: string | null) =>
  (await one<MenuRow>(sql, q.insertMenu, [guildId, ...values(menu), createdBy])) as MenuRow;
export const updateMenu = (sql: Sql, guildId: string, id: string, menu: MenuFields) => one<MenuRow>(sql, q.updateMenu, [guildId, id, ...values(menu)]);
export const setMessage = (sql: Sql, guildId: string, id: string, messageId: string) => one<MenuRow>(sql, q.setMessage, [guildId, id, messageId]);
export const deleteMenu = (sql: Sql, guildId: string, id: string) => one<MenuRow>(sql, q.deleteMenu, [guildId, id]);
export const markMessagesDeleted = (sql: Sql, messageIds: readonly string[]) => exec(sql, q.markMessagesDeleted, [messageIds]);
