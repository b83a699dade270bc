// Modules over HTTP: what is loaded (GET /api/modules), each guild's switches and settings (GET and
// PATCH /api/guilds/:guild_id/modules…), a user's data deleted from every module at once, and the
// routes modules declare, mounted under /api/plugins/<module>/… behind the same access rule.
import * as v from 'valibot';
import { insertAuditEntry } from '../features/audit/queries.ts';
import type { ChannelOwnership } from '../features/channels/ownership.ts';
import type { GuildDirectory } from '../features/guilds/directory.ts';
import type { GuildModule } from '../features/modules/queries.ts';
import { changeGuildModule } from '../features/modules/service.ts';
import { type ApiRoute, route } from '../module-kit/api-route.ts';
import { type ModuleRoute, RouteAnswer, type RouteContext } from '../module-kit/contract.ts';
import { actorOf, type Principal } from '../module-kit/principal.ts';
import type { LoadedModule } from '../module-kit/registry.ts';
import { isOn, type ModuleRuntime } from '../module-kit/runtime.ts';
import { changeSchema, type GuildReference, referencesIn, resolveValues, type SettingSpec, type SettingValues, settingsJsonSchema } from '../module-kit/settings.ts';
import type { Sql } from '../platform/db/connect.ts';
import { AppError, invalidField } from '../platform/errors/app-error.ts';
import { GuildParams, Integer, UserParams } from '../platform/http/pagination.ts';
import { Snowflake } from '../platform/http/schemas.ts';
import { parseBody } from '../platform/http/validate.ts';
import { isoTime } from '../platform/time/iso.ts';

export interface ModuleRouteOptions {
  sql: Sql;
  modules: ModuleRuntime;
  channels: ChannelOwnership;
  directory: GuildDirectory;
  /** Told after a guild's modules change here, so this process's copy goes at once (NOTIFY tells the others). */
  onChange(guildId: string): void;
  /** Each built-in module's routes at the API's own paths (its `apiRoutes`), listed with its other routes. */
  builtInRoutes: ReadonlyMap<string, readonly ApiRoute[]>;
}

const ModuleOut = v.object({
  name: v.string(),
  description: v.string(),
  source: v.picklist(['built-in', 'plugin']),
  commands: v.array(v.string()),
  events: v.array(v.string()),
  /** JSON Schema of the settings; `x-concord-kind` names each one's kind (channel, roles, list…). */
  settings: v.record(v.string(), v.unknown()),
  intents: v.array(v.string()),
  routes: v.array(v.object({ method: v.string(), path: v.string() })),
  always_on: v.boolean(),
  enabled_by_default: v.boolean(),
  available: v.boolean(),
  unavailable_reason: v.nullable(v.string()),
});

const GuildModuleOut = v.object({
  name: v.string(),
  enabled: v.boolean(),
  /** Every setting, the module's default where the guild set none. */
  settings: v.record(v.string(), v.unknown()),
  /** 0 until the first change; PATCH sends the version it read. */
  version: Integer,
  updated_at: v.nullable(v.pipe(v.string(), v.isoTimestamp())),
  updated_by: v.nullable(v.string()),
});

export type ModuleView = v.InferOutput<typeof ModuleOut>;
export type GuildModuleView = v.InferOutput<typeof GuildModuleOut>;

const ModuleParams = v.object({ guild_id: Snowflake, name: v.pipe(v.string(), v.maxLength(32)) });

/** The body's shape for the document; each module's own settings are checked against its declaration. */
const ModuleChangeBody = v.pipe(
  v.object({
    version: v.pipe(v.number(), v.integer('must be a whole number'), v.minValue(0, 'must be at least 0')),
    enabled: v.optional(v.boolean()),
    settings: v.optional(v.record(v.string(), v.unknown())),
  }),
  v.minEntries(2, 'give version and enabled or settings'),
);

export function moduleRoutes({ sql, modules, channels, directory, onChange, builtInRoutes }: ModuleRouteOptions): ApiRoute[] {
  const { registry } = modules;
  const find = (name: string) => {
    const module = registry.get(name);
    if (!module) throw new AppError('not_found', 'MODULE_NOT_FOUND', `no module named "${name}"`);
    return module;
  };
  const present = (module: LoadedModule, row: GuildModule): GuildModuleView => ({
    name: module.name,
    enabled: isOn(module, row),
    settings: resolveValues(module.definition.settings ?? {}, row.settings),
    version: row.version,
    updated_at: row.updated_at === null ? null : isoTime(new Date(row.updated_at)),
    updated_by: row.updated_by,
  });
  return [
    route({
      method: 'GET',
      path: '/api/modules',
      operationId: 'listModules',
      summary: 'Every module loaded: built-ins and plugins, with the JSON Schema of their settings',
      tag: 'modules',
      responses: { 200: { description: 'the modules, in load order', schema: v.object({ items: v.array(ModuleOut) }) } },
      handler: () => ({ body: { items: registry.modules.map((module) => describe(module, modules.unavailable(module.name), builtInRoutes.get(module.name) ?? [])) } }),
    }),
    route({
      method: 'GET',
      path: '/api/guilds/:guild_id/modules',
      operationId: 'listGuildModules',
      summary: "Each module's switch and settings in a guild",
      tag: 'modules',
      params: GuildParams,
      responses: { 200: { description: 'every module, in load order', schema: v.object({ items: v.array(GuildModuleOut) }) } },
      scope: ({ params }) => params.guild_id,
      handler: async (_ctx, { params }) => {
        const rows = await modules.guildView(params.guild_id);
        const blank = (name: string) => ({ guild_id: params.guild_id, module: name, enabled: null, settings: {}, version: 0, updated_at: null, updated_by: null });
        return { body: { items: registry.modules.map((module) => present(module, rows.get(module.name) ?? blank(module.name))) } };
      },
    }),
    route({
      method: 'PATCH',
      path: '/api/guilds/:guild_id/modules/:name',
      operationId: 'updateGuildModule',
      summary: 'Switch a module on or off in a guild, or change some of its settings, from the `version` read; recorded in the audit log',
      tag: 'modules',
      params: ModuleParams,
      body: ModuleChangeBody,
      responses: {
        200: { description: 'the module in the guild after the change', schema: GuildModuleOut },
        404: { description: 'no module by that name' },
        409: { description: 'the module changed in this guild since `version` was read: reload and apply the change again' },
      },
      scope: ({ params }) => params.guild_id,
      async handler(ctx, { params: { guild_id: guildId, name }, body, principal }) {
        const module = find(name);
        if (body.enabled === false && module.definition.alwaysOn) throw invalidField('enabled', `the ${name} module cannot be turned off`);
        const settings = body.settings === undefined ? undefined : parseBody(v.object({ settings: changeSchema(module.definition.settings ?? {}) }), { settings: body.settings }).settings;
        if (settings) await requireOfGuild(referencesIn(module.definition.settings ?? {}, settings), guildId, { channels, directory });
        if (settings && module.definition.validateSettings) {
          // `settings` passed the declaration's schema above, so each value is of its kind.
          const problems = (await module.definition.validateSettings(await modules.context(module, guildId), settings as Partial<SettingValues<Record<string, SettingSpec>>>)) ?? [];
          const fields = problems.map((p) => ({ field: `settings.${p.field}`, message: p.message }));
          if (fields.length > 0) throw new AppError('invalid', 'VALIDATION_FAILED', fields.map((f) => `${f.field}: ${f.message}`).join('; '), { fields });
        }
        const written = await changeGuildModule(sql, guildId, name, { version: body.version, enabled: body.enabled, settings }, actorOf(ctx, principal));
        onChange(guildId);
        // After onChange, so the module's context reads the saved rows; the answer waits for it, so a
        // caller that reads on finds the change carried out, and its failure is the module's alone.
        const settingsChanged = module.definition.settingsChanged;
        if (settingsChanged) {
          const change = { enabled: isOn(module, written), settings: (settings ?? {}) as Partial<SettingValues<Record<string, SettingSpec>>> };
          await modules.isolate(module, 'settingsChanged', guildId, async () => settingsChanged(await modules.context(module, guildId), change));
        }
        return { body: present(module, written) };
      },
    }),
    route({
      method: 'DELETE',
      path: '/api/users/:user_id/data',
      operationId: 'deleteUserData',
      summary: "Delete a user's data from every module (stats, command logs, reminders, plugins); recorded in the audit log",
      tag: 'modules',
      params: UserParams,
      globalAdminOnly: "delete a user's data",
      responses: {
        200: {
          description: 'what each module deleted (`deleted` null: the module did not count)',
          schema: v.object({ user_id: v.string(), modules: v.array(v.object({ module: v.string(), deleted: v.nullable(Integer), error: v.optional(v.string()) })) }),
        },
      },
      async handler(ctx, { params, principal }) {
        const results = await modules.deleteUserData(params.user_id);
        await insertAuditEntry(sql, {
          guild_id: null,
          actor: actorOf(ctx, principal),
          entity: 'user',
          entity_id: params.user_id,
          action: 'delete',
          summary: `deleted the user's data: ${results.map((r) => `${r.module} ${r.error ?? r.deleted ?? 'done'}`).join(', ')}`,
          diff: { modules: results },
        });
        return { body: { user_id: params.user_id, modules: results } };
      },
    }),
    ...registry.modules.flatMap((module) => ownRoutesOf(module, modules)),
  ];
}

function describe(module: LoadedModule, unavailable: string | undefined, apiRoutes: readonly ApiRoute[]): ModuleView {
  const { definition } = module;
  return {
    name: module.name,
    description: definition.description,
    source: module.source,
    commands: (definition.commands ?? []).map((c) => c.name),
    events: Object.keys(definition.events ?? {}),
    settings: settingsJsonSchema(definition.settings ?? {}),
    intents: module.intents,
    routes: [...(definition.routes ?? []).map((r) => ({ method: r.method, path: mountedPath(module, r) })), ...apiRoutes.map((r) => ({ method: r.method, path: r.path }))],
    always_on: definition.alwaysOn === true,
    enabled_by_default: definition.enabledByDefault ?? true,
    available: unavailable === undefined,
    unavailable_reason: unavailable ?? null,
  };
}

const GuildQuery = v.looseObject({ guild_id: Snowflake });
/** A path parameter of a route that declares no schema for it. */
const RawParam = v.pipe(v.string(), v.maxLength(200));

/** Where a module's route answers: beside the guild's resources (built-ins), or under the module's name. */
function mountedPath(module: LoadedModule, spec: ModuleRoute): string {
  const below = spec.path === '/' ? '' : spec.path;
  return spec.mount === 'guild' ? `/api/guilds/:guild_id${below}` : `/api/plugins/${module.name}${below}`;
}

/**
 * A module's own routes, each behind the guild access rule (read for GET, edit for the rest) and
 * validated by its schemas; a 404 where the module is off. The guild is the path's (mount `guild`) or
 * the `guild_id` query parameter's.
 */
function ownRoutesOf(module: LoadedModule, modules: ModuleRuntime): ApiRoute[] {
  return (module.definition.routes ?? []).map((spec) => {
    const inPath = spec.mount === 'guild';
    const entries: v.ObjectEntries = { ...Object.fromEntries(paramNames(spec.path).map((name) => [name, RawParam])), ...spec.params?.entries };
    if (inPath) entries.guild_id = Snowflake;
    const params: v.GenericSchema = v.object(entries);
    const query: v.GenericSchema | undefined = inPath ? spec.query : v.looseObject({ ...spec.query?.entries, ...GuildQuery.entries });
    return route({
      method: spec.method,
      path: mountedPath(module, spec),
      operationId: spec.operationId ?? `${camel(module.name)}${spec.method[0]}${spec.method.slice(1).toLowerCase()}${camel(spec.path.replaceAll(':', 'by-'))}`,
      summary: spec.summary ?? `${spec.method} ${spec.path} of the ${module.name} module`,
      tag: inPath ? module.name : 'plugins',
      params,
      query,
      ...(spec.method === 'GET' || spec.method === 'DELETE' ? {} : { body: spec.body ?? v.optional(v.unknown()) }),
      responses: { ...(spec.responses ?? { 200: { description: "the module's answer", schema: v.unknown() } }), 404: { description: `not found, or the ${module.name} module is off in this guild` } },
      scope: (input) => guildOf(input, inPath),
      async handler(_ctx, input) {
        const guildId = guildOf(input, inPath);
        if (!(await modules.isEnabled(module, guildId))) throw new AppError('not_found', 'MODULE_OFF', `the ${module.name} module is off in this guild`);
        const { guild_id: _guild, ...ownParams } = input.params as Record<string, string>;
        const ownQuery = (input.query ?? {}) as Record<string, string>;
        const ctx: RouteContext = {
          ...(await modules.context(module, guildId)),
          guild: { id: guildId },
          params: ownParams,
          query: inPath ? ownQuery : Object.fromEntries(Object.entries(ownQuery).filter(([key]) => key !== 'guild_id')),
          body: input.body,
          userId: userIdOf(input.principal),
          respond: (status, body, headers) => new RouteAnswer(status, body, headers),
        };
        // A failure here is the request's: the HTTP server answers it and records it with this route.
        const answer = await spec.handler(ctx);
        if (answer instanceof RouteAnswer) return { status: answer.status, headers: answer.headers, ...(answer.body === undefined ? {} : { body: answer.body }) };
        return { body: answer ?? null };
      },
    });
  });
}

function guildOf(input: { params: unknown; query: unknown }, inPath: boolean): string {
  return inPath ? (input.params as { guild_id: string }).guild_id : (input.query as { guild_id: string }).guild_id;
}

/** Every channel and role a change names must be of the guild: 422 naming the setting otherwise. */
async function requireOfGuild(references: readonly GuildReference[], guildId: string, { channels, directory }: Pick<ModuleRouteOptions, 'channels' | 'directory'>): Promise<void> {
  const roleRefs = references.filter((r) => r.kind === 'role');
  if (roleRefs.length > 0) {
    const roles = new Set((await directory.roles(guildId)).map((role) => role.id));
    const stranger = roleRefs.find((r) => !roles.has(r.id));
    if (stranger) throw invalidField(stranger.field, `role ${stranger.id} is not a role of this server`, 'ROLE_NOT_IN_GUILD');
    const everyone = roleRefs.find((r) => r.id === guildId);
    if (everyone) throw invalidField(everyone.field, '@everyone cannot be chosen here', 'ROLE_NOT_ALLOWED');
  }
  const channelRefs = references.filter((r) => r.kind === 'channel');
  if (channelRefs.length === 0) return;
  if (!channels.canCheck) throw new AppError('unavailable', 'CHANNEL_CHECK_UNAVAILABLE', `${channelRefs[0]?.field}: cannot check that the channel is in the guild: set DISCORD_TOKEN on this process`);
  for (const ref of channelRefs) {
    let result: Awaited<ReturnType<ChannelOwnership['check']>>;
    try {
      result = await channels.check(ref.id, guildId);
    } catch {
      throw new AppError('unavailable', 'DISCORD_UNAVAILABLE', `${ref.field}: Discord did not answer whether the channel is in the guild; try again`, { retryAfterSeconds: 5 });
    }
    if (!result.ok) throw invalidField(ref.field, result.reason, 'CHANNEL_NOT_IN_GUILD');
  }
}

function userIdOf(principal: Principal): string | null {
  return principal.kind === 'session' ? principal.userId : null;
}

function paramNames(path: string): string[] {
  return path
    .split('/')
    .filter((segment) => segment.startsWith(':'))
    .map((segment) => segment.slice(1));
}

function camel(text: string): string {
  return text
    .split(/[^a-zA-Z0-9]+/)
    .filter(Boolean)
    .map((word, i) => (i === 0 ? word : word[0]?.toUpperCase() + word.slice(1)))
    .join('');
}
