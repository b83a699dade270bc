// Role menus kept and shown: saving checks the channel and every role against the guild (422 naming
// the field), then posts, edits or deletes the message in Discord. A menu whose message was deleted
// in Discord is marked so, and the next edit posts it again.
import type { API } from '@discordjs/core';
import { DiscordAPIError } from '@discordjs/rest';
import { RESTJSONErrorCodes } from 'discord-api-types/v10';
import { roleCheckForSave } from '../../features/roles/assignable.ts';
import type { Sql } from '../../platform/db/connect.ts';
import { AppError, type FieldError } from '../../platform/errors/app-error.ts';
import { parseBody } from '../../platform/http/validate.ts';
import { isoTime } from '../../platform/time/iso.ts';
import * as q from './queries.ts';
import { menuMessage } from './render.ts';
import { type MenuChangeInput, type MenuView, NewMenu, type NewMenuInput } from './schema.ts';

export interface MenuContext {
  /** The module's sql (its schema first). */
  sql: Sql;
  discord: API | undefined;
  guildId: string;
  customId(name: string, data?: string): string;
}

export async function listMenus(ctx: MenuContext): Promise<MenuView[]> {
  return (await q.listMenus(ctx.sql, ctx.guildId)).map(present);
}

export async function getMenu(ctx: MenuContext, id: string): Promise<MenuView> {
  return present(await found(q.getMenu(ctx.sql, ctx.guildId, id), id));
}

/** Saves the menu and posts it; when Discord refuses the message, nothing is kept. */
export async function createMenu(ctx: MenuContext, input: NewMenuInput, createdBy: string | null): Promise<MenuView> {
  const api = await checkAgainstGuild(ctx, input);
  const row = await q.insertMenu(ctx.sql, ctx.guildId, input, createdBy);
  try {
    const message = await api.channels.createMessage(row.channel_id, menuMessage(row, ctx.customId));
    return present(await found(q.setMessage(ctx.sql, ctx.guildId, row.id, message.id), row.id));
  } catch (error) {
    await q.deleteMenu(ctx.sql, ctx.guildId, row.id);
    throw fromDiscord(error, 'post');
  }
}

/** Applies a change and edits the message (posting it again when it was deleted or moves channel). */
export async function updateMenu(ctx: MenuContext, id: string, change: MenuChangeInput): Promise<MenuView> {
  return ctx.sql.begin(async (tx) => {
    const sql = tx as unknown as Sql;
    const before = await found(q.lockMenu(sql, ctx.guildId, id), id);
    const merged = parseBody(NewMenu, { ...fieldsOf(before), ...Object.fromEntries(Object.entries(change).filter(([, value]) => value !== undefined)) });
    const api = await checkAgainstGuild(ctx, merged);
    const row = await found(q.updateMenu(sql, ctx.guildId, id, merged), id);
    const body = menuMessage(row, ctx.customId);
    const moved = before.channel_id !== row.channel_id;
    if (before.message_id && !before.message_deleted && !moved) {
      try {
        await api.channels.editMessage(row.channel_id, before.message_id, body);
        return present(row);
      } catch (error) {
        if (!isGone(error)) throw fromDiscord(error, 'edit');
      }
    }
    if (moved && before.message_id && !before.message_deleted) await deleteQuietly(api, before.channel_id, before.message_id);
    try {
      const message = await api.channels.createMessage(row.channel_id, body);
      return present(await found(q.setMessage(sql, ctx.guildId, id, message.id), id));
    } catch (error) {
      throw fromDiscord(error, 'post');
    }
  });
}

/** Deletes the menu and its message (already gone in Discord is fine). */
export async function deleteMenu(ctx: MenuContext, id: string): Promise<void> {
  const row = await found(q.deleteMenu(ctx.sql, ctx.guildId, id), id);
  if (row.message_id && !row.message_deleted && ctx.discord) await deleteQuietly(ctx.discord, row.channel_id, row.message_id);
}

/** The channel is the guild's, and the bot can give and take every role (422 naming the field). */
async function checkAgainstGuild(ctx: MenuContext, menu: NewMenuInput): Promise<API> {
  const check = await roleCheckForSave(ctx.discord, ctx.guildId);
  const api = ctx.discord as API;
  const fields: FieldError[] = [];
  try {
    const channel = await api.channels.get(menu.channel_id);
    if (!('guild_id' in channel) || channel.guild_id !== ctx.guildId) fields.push({ field: 'channel_id', message: `channel ${menu.channel_id} is not a channel of this server` });
  } catch (error) {
    if (!(error instanceof DiscordAPIError && error.status < 500)) throw fromDiscord(error, 'read the channel of');
    fields.push({ field: 'channel_id', message: `channel ${menu.channel_id} is not a channel of this server that the bot can see` });
  }
  menu.options.forEach((option, i) => {
    const why = check.refusal(option.role_id);
    if (why) fields.push({ field: `options.${i}.role_id`, message: `the bot cannot give this role: ${why}` });
  });
  (menu.required_role_ids ?? []).forEach((roleId, i) => {
    if (!check.role(roleId)) fields.push({ field: `required_role_ids.${i}`, message: `role ${roleId} is not a role of this server` });
  });
  if (fields.length > 0) throw new AppError('invalid', 'VALIDATION_FAILED', fields.map((f) => `${f.field}: ${f.message}`).join('; '), { fields });
  return api;
}

async function found(row: Promise<q.MenuRow | undefined>, id: string): Promise<q.MenuRow> {
  const menu = await row;
  // Another guild's menu is the same 404 as a missing one: ids cannot be probed.
  if (!menu) throw new AppError('not_found', 'ROLE_MENU_NOT_FOUND', `no role menu with id ${JSON.stringify(id)} in this server`);
  return menu;
}

function fieldsOf(row: q.MenuRow): NewMenuInput {
  const { channel_id, content, embed, style, mode, options, max, required_role_ids } = row;
  return { channel_id, content, embed, style, mode, options, max, required_role_ids };
}

function isGone(error: unknown): boolean {
  return error instanceof DiscordAPIError && (error.code === RESTJSONErrorCodes.UnknownMessage || error.code === RESTJSONErrorCodes.UnknownChannel);
}

async function deleteQuietly(api: API, channelId: string, messageId: string): Promise<void> {
  try {
    await api.channels.deleteMessage(channelId, messageId, { reason: 'Role menu deleted' });
  } catch (error) {
    if (!isGone(error)) throw fromDiscord(error, 'delete');
  }
}

/** Discord refused: the caller's mistake (a channel the bot cannot post in) is 422, an outage 503. */
function fromDiscord(error: unknown, what: string): AppError {
  if (error instanceof AppError) return error;
  if (error instanceof DiscordAPIError && error.status < 500) {
    return new AppError('invalid', 'DISCORD_REFUSED', `channel_id: Discord refused to ${what} the menu's message: ${error.message}`, {
      fields: [{ field: 'channel_id', message: `Discord refused to ${what} the menu's message there: ${error.message}` }],
    });
  }
  return new AppError('unavailable', 'DISCORD_UNAVAILABLE', `Discord did not answer when asked to ${what} the menu's message; try again`, { retryAfterSeconds: 5, cause: error });
}

export function present(row: q.MenuRow): MenuView {
  return { ...row, id: String(row.id), created_at: isoTime(new Date(row.created_at)), updated_at: isoTime(new Date(row.updated_at)) };
}
