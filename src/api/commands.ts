// /api/commands: custom commands, per guild or global.
import * as v from 'valibot';
import type { Sql } from '../db/connect.ts';
import { type CustomCommand, listCommands } from '../db/commands.ts';
import { parseBody, parseQuery } from '../http/validate.ts';
import { CommandChangesSchema, NewCommandSchema, Snowflake } from '../custom-commands/schema.ts';
import { changeCommand, createCommand, loadCommand, removeCommand } from '../custom-commands/service.ts';
import { principalOf, requireScope } from './access.ts';
import { Cursor, decodeCursor, Limit, page } from './pagination.ts';
import type { RequestContext } from '../http/router.ts';
import type { ApiRoute } from './route.ts';

const ListQuery = v.object({
  guild_id: v.optional(v.union([Snowflake, v.literal('global')], 'must be a Discord id or "global"')),
  q: v.optional(v.pipe(v.string(), v.maxLength(100))),
  limit: Limit,
  cursor: Cursor,
});

const CommandOut = v.object({
  id: v.string(),
  guild_id: v.nullable(v.string()),
  name: v.string(),
  response: v.string(),
  description: v.string(),
  aliases: v.array(v.string()),
  cooldown_seconds: v.number(),
  enabled: v.boolean(),
  use_count: v.number(),
  created_by: v.nullable(v.string()),
  created_at: v.pipe(v.string(), v.isoTimestamp()),
  updated_at: v.pipe(v.string(), v.isoTimestamp()),
  metadata: v.record(v.string(), v.unknown()),
});
const CommandList = v.object({ items: v.array(CommandOut), next_cursor: v.nullable(v.string()) });

/** Told after every change, so caches of commands (the bot's) can drop what they hold. */
export type OnCommandChange = (command: CustomCommand) => void;

export function commandRoutes(sql: Sql, onChange: OnCommandChange): ApiRoute[] {
  /** The command `:id`, when the caller may manage its guild (global commands: global admins only). */
  const load = async (ctx: RequestContext) => {
    const command = await loadCommand(sql, ctx.params.id);
    requireScope(principalOf(ctx), command.guild_id);
    return command;
  };

  return [
    {
      method: 'GET',
      path: '/api/commands',
      summary: 'List custom commands (filter by guild_id or "global", search with q)',
      tag: 'commands',
      query: ListQuery,
      responses: { 200: { description: 'a page of commands', schema: CommandList } },
      async handler(ctx) {
        const query = parseQuery(ListQuery, ctx.query);
        // A dashboard user lists one guild they manage; 'global' and "everything" are for global admins.
        requireScope(principalOf(ctx), query.guild_id === 'global' ? null : query.guild_id);
        const [afterId] = query.cursor ? decodeCursor(query.cursor, 1) : [];
        const rows = await listCommands(sql, { guildId: query.guild_id, search: query.q, afterId, limit: query.limit });
        return { body: page(rows.map(present), query.limit, (last) => [last.id]) };
      },
    },
    {
      method: 'POST',
      path: '/api/commands',
      summary: 'Create a custom command',
      tag: 'commands',
      body: NewCommandSchema,
      responses: {
        201: { description: 'created', schema: CommandOut },
        409: { description: 'the name or an alias is taken in that guild' },
        422: { description: 'invalid fields' },
      },
      async handler(ctx) {
        const input = parseBody(NewCommandSchema, await ctx.body());
        const principal = principalOf(ctx);
        requireScope(principal, input.guild_id);
        // A dashboard user's commands are signed with their Discord id, whatever the body says.
        if (principal.kind === 'session') input.created_by = principal.userId;
        const created = await createCommand(sql, input);
        onChange(created);
        return { status: 201, headers: { location: `/api/commands/${created.id}` }, body: present(created) };
      },
    },
    {
      method: 'GET',
      path: '/api/commands/:id',
      summary: 'Get one custom command',
      tag: 'commands',
      responses: { 200: { description: 'the command', schema: CommandOut }, 404: { description: 'no such command' } },
      async handler(ctx) {
        return { body: present(await load(ctx)) };
      },
    },
    {
      method: 'PATCH',
      path: '/api/commands/:id',
      summary: 'Change some fields of a custom command',
      tag: 'commands',
      body: CommandChangesSchema,
      responses: {
        200: { description: 'the changed command', schema: CommandOut },
        404: { description: 'no such command' },
        409: { description: 'the new name or an alias is taken' },
        422: { description: 'invalid fields' },
      },
      async handler(ctx) {
        const changes = parseBody(CommandChangesSchema, await ctx.body());
        const current = await load(ctx);
        const updated = await changeCommand(sql, current.id, changes);
        onChange(updated);
        return { body: present(updated) };
      },
    },
    {
      method: 'DELETE',
      path: '/api/commands/:id',
      summary: 'Delete a custom command',
      tag: 'commands',
      responses: { 204: { description: 'deleted' }, 404: { description: 'no such command' } },
      async handler(ctx) {
        const current = await load(ctx);
        onChange(await removeCommand(sql, current.id));
        return { status: 204 };
      },
    },
  ];
}

/** The API's view of a row: counts as numbers, times as ISO strings (via JSON). */
export function present(command: CustomCommand) {
  return { ...command, use_count: Number(command.use_count) };
}
