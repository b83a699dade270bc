// GET /api/openapi.json: generated from the same valibot schemas the mount validates with, with
// every status a route can answer (its own, and those the mount and the server add).
import { toJsonSchema } from '@valibot/to-json-schema';
import type * as v from 'valibot';
import type { ApiRoute, RouteResponse } from '../module-kit/api-route.ts';

export interface DocumentOptions {
  version: string;
  /** Where the API is served (PUBLIC_URL); unset: relative to the document. */
  publicUrl: string | undefined;
  /** The largest JSON body the server reads (BODY_LIMIT_BYTES). */
  bodyLimit: number;
}

const PROBLEM = {
  type: 'object',
  description: 'RFC 9457 problem details',
  required: ['type', 'title', 'status', 'detail', 'code'],
  properties: {
    type: { type: 'string', description: 'a stable URN per code, `urn:concord:problem:not-found`' },
    title: { type: 'string' },
    status: { type: 'integer', minimum: 400, maximum: 599 },
    detail: { type: 'string' },
    instance: { type: 'string' },
    code: { type: 'string', pattern: '^[A-Z0-9_]+$', description: 'stable, for programs: `COMMAND_NOT_FOUND`' },
    request_id: { type: 'string' },
    errors: {
      type: 'array',
      description: 'each invalid field: `name`, `aliases.1`, `query.limit`, `path.id`',
      items: {
        type: 'object',
        required: ['field', 'message'],
        properties: { field: { type: 'string' }, message: { type: 'string' } },
        additionalProperties: false,
      },
    },
  },
  additionalProperties: false,
};

/** What each route's `tag` groups. */
const TAGS: Record<string, string> = {
  audit: 'Every change made through any door (API, dashboard, Discord)',
  auth: 'Who is calling, and ending sessions',
  commands: 'Custom commands: their versions, previews, stats, export and import',
  errors: 'Unexpected errors grouped by fingerprint (global admins)',
  'event-log': "The event log's stored entries: what happened in a server (the event-log module)",
  events: 'Changes as Server-Sent Events',
  guilds: 'The guilds the caller manages, and their channels, roles and members',
  health: 'Liveness, readiness and metrics for orchestrators (no credentials)',
  logs: 'The command log',
  meta: 'This document',
  moderation: "The moderation module's cases: read, change a reason, act on a member",
  overview: "The counts on the dashboard's first page",
  reminders: "Users' reminders (read-only)",
  'role-menus': 'Menus of buttons or a select that give members roles (the role-menus module)',
  schedules: 'Scheduled messages',
  stats: 'Messages and commands per user and guild',
};

/** Builds the OpenAPI 3.1 document describing `routes`. */
export function buildOpenApi(routes: readonly ApiRoute[], options: DocumentOptions) {
  const paths: Record<string, Record<string, unknown>> = {};
  for (const route of routes) {
    const path = route.path.replace(/:(\w+)/g, '{$1}');
    paths[path] ??= {};
    paths[path][route.method.toLowerCase()] = operationOf(route, options);
  }
  return {
    openapi: '3.1.0',
    info: {
      title: 'Concord API',
      version: options.version,
      description: 'The admin API of Concord, a Discord bot: custom commands, logs, stats, schedules. Errors are RFC 9457 problem details.',
      license: { name: 'MIT', identifier: 'MIT' },
    },
    servers: [{ url: options.publicUrl ?? '/', description: options.publicUrl ? 'PUBLIC_URL' : 'the server that serves this document' }],
    security: [{ bearer: [] }, { session: [] }],
    tags: [...new Set(routes.map((route) => route.tag))].sort().map((name) => ({ name, description: TAGS[name] ?? name })),
    components: {
      securitySchemes: {
        bearer: { type: 'http', scheme: 'bearer', description: 'API_TOKEN: a global admin' },
        session: {
          type: 'apiKey',
          in: 'cookie',
          name: 'concord_session',
          description: 'a dashboard login (GET /auth/login); requests that change data must send a same-origin Origin header',
        },
      },
      schemas: { Problem: PROBLEM },
    },
    paths,
  };
}

/** One operation; a schema that cannot be converted fails here, naming its route. */
function operationOf(route: ApiRoute, options: DocumentOptions) {
  try {
    const pathSchema = route.params ? jsonSchema(route.params, 'input') : undefined;
    const params = [...route.path.matchAll(/:(\w+)/g)].map(([, name = '']) => ({
      name,
      in: 'path',
      required: true,
      schema: pathSchema?.properties?.[name] ?? { type: 'string' },
    }));
    const query = route.query ? jsonSchema(route.query, 'input') : undefined;
    const queryParams = Object.entries(query?.properties ?? {}).map(([name, schema]) => ({
      name,
      in: 'query',
      required: query?.required?.includes(name) ?? false,
      schema,
    }));
    return {
      operationId: route.operationId,
      summary: route.summary,
      tags: [route.tag],
      ...(route.deprecated ? { deprecated: true } : {}),
      ...(route.isPublic ? { security: [] } : {}),
      ...(params.length + queryParams.length > 0 ? { parameters: [...params, ...queryParams] } : {}),
      ...(route.body
        ? {
            requestBody: {
              required: true,
              description: `JSON, at most ${options.bodyLimit} bytes`,
              content: { 'application/json': { schema: jsonSchema(route.body, 'input') } },
            },
          }
        : {}),
      responses: responsesOf(route, options.bodyLimit),
    };
  } catch (error) {
    throw new Error(`${route.method} ${route.path}: ${(error as Error).message}`, { cause: error });
  }
}

/**
 * The route's own responses, and the problems the mount and the server can answer it with: a
 * description names each reason a status can have.
 */
function responsesOf(route: ApiRoute, bodyLimit: number) {
  const reasons = new Map<number, string[]>();
  const add = (status: number, reason: string) => reasons.set(status, [...(reasons.get(status) ?? []), reason]);
  const isWrite = route.method !== 'GET';
  // The server refuses these before any route runs: PostgreSQL text cannot hold them.
  add(400, 'a query value or path segment holding NUL or a lone surrogate');
  if (!route.isPublic) {
    add(401, 'missing or wrong credentials, or an ended session');
    if (isWrite) add(400, 'a session request while PUBLIC_URL is unset and the Host is not trusted');
    if (route.globalAdminOnly) add(403, 'the caller is not a global admin');
    if (route.scope) add(403, 'a guild the caller does not manage (or, without one, every guild at once: global admins only)');
    if (route.scope && isWrite) add(403, 'read-only access to that guild: a change needs edit access');
    if (isWrite) add(403, 'a session request from another origin');
    add(429, 'too many failed authentications from this address; see Retry-After');
    add(503, 'the database is not reachable, or the request timed out');
  }
  if (route.params) add(404, 'a path parameter that cannot name anything (`errors` says which)');
  if (route.query) add(400, 'an invalid query parameter (`errors` names it)');
  if (route.body) {
    add(400, 'no body, or not valid JSON');
    add(413, `the body is larger than ${bodyLimit} bytes`);
    add(415, 'the body is not application/json');
    add(422, 'an invalid field (`errors` names each)');
  }
  const statuses = [...new Set([...Object.keys(route.responses).map(Number), ...reasons.keys()])].sort((a, b) => a - b);
  const responses: Record<string, unknown> = {};
  for (const status of statuses) {
    const own = route.responses[status];
    const description = [own?.description, ...(reasons.get(status) ?? [])].filter(Boolean).join('; or ');
    responses[status] = { description, ...contentOf(status, own) };
  }
  responses['500'] = problemResponse('an unexpected error; the detail holds an id to report');
  return responses;
}

function contentOf(status: number, response: RouteResponse | undefined) {
  const content: Record<string, { schema: unknown }> = {};
  if (response?.schema) content['application/json'] = { schema: jsonSchema(response.schema, 'output') };
  if (response?.text) content[response.text] = { schema: { type: 'string' } };
  if (status >= 400 && !response?.schema) content['application/problem+json'] = { schema: { $ref: '#/components/schemas/Problem' } };
  return Object.keys(content).length > 0 ? { content } : {};
}

function problemResponse(description: string) {
  return { description, content: { 'application/problem+json': { schema: { $ref: '#/components/schemas/Problem' } } } };
}

type JsonSchema = Record<string, unknown> & { properties?: Record<string, unknown>; required?: string[] };

/**
 * The JSON Schema of `schema`. Conversion fails on any check it cannot express, so none is dropped
 * unseen; the exceptions are custom code (`check`, `rawCheck`, `custom`), which the schemas describe
 * with `v.metadata` where it matters, and transformations (`trim`, `toLowerCase`) that change a
 * value without limiting it. (Input conversion stops at the first other transformation.)
 */
function jsonSchema(schema: v.GenericSchema, typeMode: 'input' | 'output'): JsonSchema {
  const { $schema: _dialect, ...json } = toJsonSchema(schema, {
    target: 'draft-2020-12',
    typeMode,
    errorMode: 'throw',
    // An output schema that reuses an input's (embeds) shows the input's form too: a superset.
    ignoreActions: ['check', 'raw_check', 'trim', 'to_lower_case', ...(typeMode === 'output' ? ['transform'] : [])],
    overrideSchema: ({ valibotSchema, jsonSchema }) => (valibotSchema.type === 'custom' ? jsonSchema : undefined),
    overrideAction: ({ valibotAction, jsonSchema }) => {
      // JSON Schema patterns are Unicode regexes already: the `u` flag changes nothing there.
      if (valibotAction.type === 'regex' && (valibotAction as v.RegexAction<string, undefined>).requirement.flags === 'u') return jsonSchema;
      // A value normalised before its check (trimmed, lowercased) may arrive in more forms than it is
      // stored in: `inputPattern` is what a request may carry, the regex what a response holds.
      if (valibotAction.type === 'metadata' && 'inputPattern' in jsonSchema) {
        const { inputPattern, ...rest } = jsonSchema as typeof jsonSchema & { inputPattern: string };
        return typeMode === 'input' ? { ...rest, pattern: inputPattern } : rest;
      }
      return undefined;
    },
  }) as JsonSchema;
  return json;
}
