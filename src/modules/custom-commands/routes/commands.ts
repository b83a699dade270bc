// /api/commands: custom commands, per guild or global.
import * as v from 'valibot';
import { type ApiRoute, route } from '../../../module-kit/api-route.ts';
import { actorOf, type Principal, requireVisible } from '../../../module-kit/principal.ts';
import type { Sql } from '../../../platform/db/connect.ts';
import { Cursor, decodeCursor, IdParams, IdPosition, Integer, jsonPage, Limit, PageOf } from '../../../platform/http/pagination.ts';
import { Snowflake } from '../../../platform/http/schemas.ts';
import { isoTime } from '../../../platform/time/iso.ts';
import { type CustomCommand, listCommands, listDeletedCommands } from '../data/queries.ts';
import { Buttons, completeParts, Embeds, ResponsesRich } from '../rich.ts';
import { CommandChangesSchema, NewCommandSchema, TRIGGER_TYPES } from '../schema.ts';
import { changeCommand, commandNotFound, createCommand, loadCommand, RESTORE_DAYS, removeCommand, undeleteCommandById } from '../service.ts';
import { commandJson } from './command-json.ts';

const ListQuery = v.object({
  guild_id: v.optional(v.union([Snowflake, v.literal('global')], 'must be a Discord id or "global"')),
  q: v.optional(v.pipe(v.string(), v.maxLength(100))),
  /** `true`: the commands deleted in the last 30 days instead, newest deletion first (one page). */
  deleted: v.optional(v.picklist(['true', 'false'], 'must be true or false')),
  limit: Limit,
  cursor: Cursor,
});

export const CommandOut = v.object({
  id: v.string(),
  guild_id: v.nullable(v.string()),
  name: v.string(),
  response: v.string(),
  description: v.string(),
  aliases: v.array(v.string()),
  cooldown_seconds: Integer,
  enabled: v.boolean(),
  use_count: Integer,
  created_by: v.nullable(v.string()),
  created_at: v.pipe(v.string(), v.isoTimestamp()),
  updated_at: v.pipe(v.string(), v.isoTimestamp()),
  metadata: v.record(v.string(), v.unknown()),
  responses: v.array(v.string()),
  channel_cooldown_seconds: Integer,
  guild_cooldown_seconds: Integer,
  permissions: v.object({ allow_roles: v.array(v.string()), deny_roles: v.array(v.string()), allow_channels: v.array(v.string()), deny_channels: v.array(v.string()) }),
  trigger: v.nullable(v.object({ type: v.picklist(TRIGGER_TYPES), pattern: v.string(), case_sensitive: v.boolean() })),
  embeds: Embeds,
  buttons: Buttons,
  responses_rich: ResponsesRich,
  slash: v.boolean(),
  context: v.nullable(v.picklist(['message', 'user'])),
  deleted_at: v.nullable(v.pipe(v.string(), v.isoTimestamp())),
  deleted_by: v.nullable(v.string()),
});
const CommandList = PageOf(CommandOut);

/** Told after every change, so caches of commands (the bot's) can drop what they hold. */
export type OnCommandChange = (command: Pick<CustomCommand, 'guild_id'>) => void;

export function commandRoutes(sql: Sql, onChange: OnCommandChange): ApiRoute[] {
  return [
    route({
      method: 'GET',
      path: '/api/commands',
      operationId: 'listCommands',
      summary: 'List custom commands (filter by guild_id or "global", search with q)',
      tag: 'commands',
      query: ListQuery,
      responses: { 200: { description: 'a page of commands', schema: CommandList } },
      scope: ({ query }) => (query.guild_id === 'global' ? null : query.guild_id),
      async handler(_ctx, { query }) {
        // A dashboard user lists one guild they manage; 'global' and "everything" are for global admins.
        if (query.deleted === 'true') {
          return { body: { items: (await listDeletedCommands(sql, query.guild_id, RESTORE_DAYS)).map(present), next_cursor: null } };
        }
        const [afterId] = query.cursor ? decodeCursor(query.cursor, IdPosition) : [];
        const rows = await listCommands(sql, { guildId: query.guild_id, search: query.q, afterId, limit: query.limit });
        return jsonPage(rows, commandJson, query.limit, (last) => [last.id]);
      },
    }),
    route({
      method: 'POST',
      path: '/api/commands',
      operationId: 'createCommand',
      summary: 'Create a custom command',
      tag: 'commands',
      body: NewCommandSchema,
      responses: {
        201: { description: 'created', schema: CommandOut },
        409: { description: 'the name or an alias is taken in that guild' },
      },
      scope: ({ body }) => body.guild_id,
      async handler(ctx, { body: input, principal }) {
        // A dashboard user's commands are signed with their Discord id, whatever the body says.
        if (principal.kind === 'session') input.created_by = principal.userId;
        const created = await createCommand(sql, input, actorOf(ctx, principal));
        onChange(created);
        return { status: 201, headers: { location: `/api/commands/${created.id}` }, body: present(created) };
      },
    }),
    route({
      method: 'GET',
      path: '/api/commands/:id',
      operationId: 'getCommand',
      summary: 'Get one custom command',
      tag: 'commands',
      params: IdParams,
      responses: { 200: { description: 'the command', schema: CommandOut }, 404: { description: 'no such command' } },
      async handler(_ctx, { params, principal }) {
        return { body: present(await loadVisibleCommand(sql, principal, params.id)) };
      },
    }),
    route({
      method: 'PATCH',
      path: '/api/commands/:id',
      operationId: 'updateCommand',
      summary: 'Change some fields of a custom command',
      tag: 'commands',
      params: IdParams,
      body: CommandChangesSchema,
      responses: {
        200: { description: 'the changed command', schema: CommandOut },
        404: { description: 'no such command' },
        409: { description: 'the new name or an alias is taken' },
      },
      async handler(ctx, { params, body: changes, principal }) {
        const current = await loadVisibleCommand(sql, principal, params.id);
        const updated = await changeCommand(sql, current.id, changes, actorOf(ctx, principal));
        onChange(updated);
        return { body: present(updated) };
      },
    }),
    route({
      method: 'DELETE',
      path: '/api/commands/:id',
      operationId: 'deleteCommand',
      summary: 'Delete a custom command (restorable for 30 days)',
      tag: 'commands',
      params: IdParams,
      responses: { 204: { description: 'deleted' }, 404: { description: 'no such command' } },
      async handler(ctx, { params, principal }) {
        const current = await loadVisibleCommand(sql, principal, params.id);
        onChange(await removeCommand(sql, current.id, actorOf(ctx, principal)));
        return { status: 204 };
      },
    }),
    route({
      method: 'POST',
      path: '/api/commands/:id/restore',
      operationId: 'restoreCommand',
      summary: 'Bring back a command deleted in the last 30 days',
      tag: 'commands',
      params: IdParams,
      responses: {
        200: { description: 'the restored command', schema: CommandOut },
        404: { description: 'no such deleted command, or deleted more than 30 days ago' },
        409: { description: 'its name or an alias was taken meanwhile' },
      },
      async handler(ctx, { params, principal }) {
        const deleted = await loadVisibleCommand(sql, principal, params.id, { deleted: true });
        const restored = await undeleteCommandById(sql, deleted.id, actorOf(ctx, principal));
        onChange(restored);
        return { body: present(restored) };
      },
    }),
  ];
}

/**
 * The command `id`, when the caller may manage its guild (global commands: global admins only);
 * another guild's command is the same 404 as a missing one.
 */
export async function loadVisibleCommand(sql: Sql, principal: Principal, id: string, options?: Parameters<typeof loadCommand>[2]): Promise<CustomCommand> {
  const command = await loadCommand(sql, id, options);
  requireVisible(principal, command.guild_id, () => commandNotFound(id));
  return command;
}

/**
 * The API's view of a row: counts as numbers, times as ISO strings, each response's parts whole. A
 * page of the list is written by `commandJson` instead, which must keep in step with this.
 */
export function present(command: CustomCommand): v.InferOutput<typeof CommandOut> {
  // Field by field, not a spread of the row: postgres.js makes the first 16 rows of a statement as dictionary-mode
  // objects (it compiles a reader for the columns after), and copying one cost more than the page's
  // query parsing; this shape is one hidden class for JSON.stringify whichever the driver made.
  return {
    id: command.id,
    guild_id: command.guild_id,
    name: command.name,
    response: command.response,
    description: command.description,
    aliases: command.aliases,
    cooldown_seconds: command.cooldown_seconds,
    enabled: command.enabled,
    use_count: Number(command.use_count),
    created_by: command.created_by,
    created_at: isoTime(command.created_at),
    updated_at: isoTime(command.updated_at),
    metadata: command.metadata,
    trigger: command.trigger,
    responses: command.responses,
    permissions: command.permissions,
    channel_cooldown_seconds: command.channel_cooldown_seconds,
    guild_cooldown_seconds: command.guild_cooldown_seconds,
    embeds: command.embeds,
    buttons: command.buttons,
    responses_rich: command.responses_rich.map(completeParts),
    slash: command.slash,
    context: command.context,
    deleted_at: command.deleted_at ? isoTime(command.deleted_at) : null,
    deleted_by: command.deleted_by,
  };
}
