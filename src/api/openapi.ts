// GET /api/openapi.json: generated from the same valibot schemas that validate requests.
import { toJsonSchema } from '@valibot/to-json-schema';
import type * as v from 'valibot';
import type { ApiRoute } from './route.ts';

const PROBLEM = {
  type: 'object',
  required: ['type', 'title', 'status', 'detail'],
  properties: {
    type: { type: 'string' },
    title: { type: 'string' },
    status: { type: 'integer' },
    detail: { type: 'string' },
    instance: { type: 'string' },
    code: { type: 'string' },
    request_id: { type: 'string' },
    errors: {
      type: 'array',
      items: { type: 'object', properties: { field: { type: 'string' }, message: { type: 'string' } } },
    },
  },
};

/** Builds the OpenAPI 3.1 document describing `routes`. */
export function buildOpenApi(routes: readonly ApiRoute[], version: string) {
  const paths: Record<string, Record<string, unknown>> = {};
  for (const route of routes) {
    const path = route.path.replace(/:(\w+)/g, '{$1}');
    const params = [...route.path.matchAll(/:(\w+)/g)].map(([, name]) => ({
      name,
      in: 'path',
      required: true,
      schema: { type: 'string' },
    }));
    const query = route.query ? queryParameters(route.query) : [];
    const responses = Object.fromEntries(
      Object.entries(route.responses).map(([status, { description, schema }]) => [
        status,
        {
          description,
          ...(schema
            ? { content: { 'application/json': { schema: jsonSchema(schema, 'output') } } }
            : Number(status) >= 400
              ? { content: { 'application/problem+json': { schema: { $ref: '#/components/schemas/Problem' } } } }
              : {}),
        },
      ]),
    );
    paths[path] ??= {};
    paths[path][route.method.toLowerCase()] = {
      summary: route.summary,
      tags: [route.tag],
      ...(route.isPublic ? { security: [] } : {}),
      parameters: [...params, ...query],
      ...(route.body
        ? { requestBody: { required: true, content: { 'application/json': { schema: jsonSchema(route.body, 'input') } } } }
        : {}),
      responses: {
        ...responses,
        ...(route.isPublic
          ? {}
          : {
              401: problemResponse('missing or wrong credentials'),
              403: problemResponse('the caller may not act there (a guild they do not manage, or global admins only)'),
              429: problemResponse('too many failed authentications from this address; see Retry-After'),
            }),
        default: problemResponse('an error, as RFC 9457 problem details'),
      },
    };
  }
  return {
    openapi: '3.1.0',
    info: { title: 'Concord API', version },
    security: [{ bearer: [] }, { session: [] }],
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

function jsonSchema(schema: v.GenericSchema, typeMode: 'input' | 'output') {
  return toJsonSchema(schema, { target: 'draft-2020-12', typeMode, errorMode: 'ignore' });
}

function queryParameters(schema: v.GenericSchema) {
  const json = jsonSchema(schema, 'input') as { properties?: Record<string, unknown>; required?: string[] };
  return Object.entries(json.properties ?? {}).map(([name, property]) => ({
    name,
    in: 'query',
    required: json.required?.includes(name) ?? false,
    schema: property,
  }));
}

function problemResponse(description: string) {
  return { description, content: { 'application/problem+json': { schema: { $ref: '#/components/schemas/Problem' } } } };
}
