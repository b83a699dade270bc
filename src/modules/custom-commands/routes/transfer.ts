// /api/guilds/:guild_id/commands/export and /import: a guild's custom commands as JSON, and back.
import * as v from 'valibot';
import { type ApiRoute, route } from '../../../module-kit/api-route.ts';
import { actorOf } from '../../../module-kit/principal.ts';
import type { Sql } from '../../../platform/db/connect.ts';
import { GuildParams } from '../../../platform/http/pagination.ts';
import { exportCommands, ImportReportSchema, ImportSchema, importCommands } from '../transfer.ts';
import type { OnCommandChange } from './commands.ts';

const ImportQuery = v.object({
  /** Default true: an import is a dry run unless the caller says `dry_run=false`. */
  dry_run: v.optional(v.picklist(['true', 'false'], 'must be true or false'), 'true'),
  on_conflict: v.optional(v.picklist(['fail', 'skip', 'overwrite'], 'must be fail, skip or overwrite'), 'fail'),
});

export function commandTransferRoutes(sql: Sql, onChange: OnCommandChange): ApiRoute[] {
  return [
    route({
      method: 'GET',
      path: '/api/guilds/:guild_id/commands/export',
      operationId: 'exportCommands',
      summary: "Export a guild's own custom commands as JSON",
      tag: 'commands',
      params: GuildParams,
      // The file is what the import reads, so its schema is the import's.
      responses: { 200: { description: 'the export file', schema: ImportSchema } },
      scope: ({ params }) => params.guild_id,
      async handler(_ctx, { params: { guild_id: guildId } }) {
        return {
          headers: { 'content-disposition': `attachment; filename="commands-${guildId}.json"` },
          body: await exportCommands(sql, guildId),
        };
      },
    }),
    route({
      method: 'POST',
      path: '/api/guilds/:guild_id/commands/import',
      operationId: 'importCommands',
      summary: 'Import an export file; a dry run (the default) lists what would be created and the conflicts',
      tag: 'commands',
      params: GuildParams,
      query: ImportQuery,
      body: ImportSchema,
      responses: {
        200: { description: 'what was (or would be) created, updated and skipped', schema: ImportReportSchema },
        409: { description: 'on_conflict=fail and some commands conflict, or a name was taken meanwhile (nothing was written)' },
        422: { description: 'not an export file, or a command in it is invalid (nothing was written; a dry run says the same)' },
        503: { description: 'the request timed out (nothing was written)' },
      },
      scope: ({ params }) => params.guild_id,
      async handler(ctx, { params: { guild_id: guildId }, query, body: file, principal }) {
        const dryRun = query.dry_run === 'true';
        const report = await importCommands(sql, guildId, file, { dryRun, onConflict: query.on_conflict, signal: ctx.signal }, actorOf(ctx, principal));
        // One change for the whole import: the caches drop the guild's list once.
        if (!dryRun) onChange({ guild_id: guildId });
        return { body: report };
      },
    }),
  ];
}
