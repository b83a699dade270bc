// /api/commands/:id/versions: the history of a custom command, and restoring any version of it.
import * as v from 'valibot';
import { CHANGE_SOURCES } from '../../../features/audit/queries.ts';
import { type ApiRoute, route } from '../../../module-kit/api-route.ts';
import { actorOf } from '../../../module-kit/principal.ts';
import type { Sql } from '../../../platform/db/connect.ts';
import { IdParams, Integer, Limit, RowId } from '../../../platform/http/pagination.ts';
import { isoTime } from '../../../platform/time/iso.ts';
import { type CommandVersion, listCommandVersions } from '../data/version-queries.ts';
import { restoreCommandVersion } from '../service.ts';
import { CommandOut, loadVisibleCommand, type OnCommandChange, present } from './commands.ts';

export const VersionOut = v.object({
  version: Integer,
  action: v.picklist(['create', 'update', 'delete', 'restore']),
  snapshot: v.record(v.string(), v.unknown()),
  diff: v.record(v.string(), v.object({ from: v.unknown(), to: v.unknown() })),
  actor_id: v.nullable(v.string()),
  source: v.picklist(CHANGE_SOURCES),
  created_at: v.pipe(v.string(), v.isoTimestamp()),
});
const VersionList = v.object({ items: v.array(VersionOut) });
const ListQuery = v.object({ limit: Limit });
const VersionParams = v.object({ id: RowId, version: v.pipe(v.string(), v.regex(/^\d{1,9}$/, 'must be a version number')) });

export function commandVersionRoutes(sql: Sql, onChange: OnCommandChange): ApiRoute[] {
  return [
    route({
      method: 'GET',
      path: '/api/commands/:id/versions',
      operationId: 'listCommandVersions',
      summary: 'The versions of a command (deleted ones too), newest first: who, when, from where, and the diff',
      tag: 'commands',
      params: IdParams,
      query: ListQuery,
      responses: { 200: { description: 'versions', schema: VersionList }, 404: { description: 'no such command' } },
      async handler(_ctx, { params, query: { limit }, principal }) {
        const command = await loadVisibleCommand(sql, principal, params.id, { deleted: 'either' });
        return { body: { items: (await listCommandVersions(sql, command.id, limit)).map(presentVersion) } };
      },
    }),
    route({
      method: 'POST',
      path: '/api/commands/:id/versions/:version/restore',
      operationId: 'restoreCommandVersion',
      summary: 'Make a command as it was at a version (recorded as a new version)',
      tag: 'commands',
      params: VersionParams,
      responses: {
        200: { description: 'the command, restored', schema: CommandOut },
        404: { description: 'no such command or version' },
        409: { description: "the version's name or an alias is taken by another command now" },
      },
      async handler(ctx, { params, principal }) {
        const command = await loadVisibleCommand(sql, principal, params.id);
        const restored = await restoreCommandVersion(sql, command.id, Number(params.version), actorOf(ctx, principal));
        onChange(restored);
        return { body: present(restored) };
      },
    }),
  ];
}

function presentVersion({ id: _id, command_id: _commandId, ...version }: CommandVersion): v.InferOutput<typeof VersionOut> {
  return { ...version, created_at: isoTime(version.created_at) };
}
