// Checks requests and responses against the OpenAPI document the app serves: a request the test
// means as valid must be valid by the document, one it means as invalid must be invalid by it too,
// and every response must have its status, media type and body described there.
import assert from 'node:assert/strict';
import { Ajv2020, type ValidateFunction } from 'ajv/dist/2020.js';
import addFormatsModule from 'ajv-formats';

// ajv-formats is CommonJS with `exports.default`: imported from ESM, the function may sit one level down.
type FormatsPlugin = (ajv: Ajv2020) => unknown;
const addFormats = ((addFormatsModule as unknown as { default?: FormatsPlugin }).default ?? addFormatsModule) as unknown as FormatsPlugin;

type Schema = Record<string, unknown>;
interface Parameter {
  name: string;
  in: 'path' | 'query';
  required: boolean;
  schema: Schema;
}
interface Operation {
  operationId: string;
  parameters?: Parameter[];
  requestBody?: { content: Record<string, { schema: Schema }> };
  responses: Record<string, { content?: Record<string, { schema: Schema }> }>;
}
export interface Document {
  components: Schema;
  paths: Record<string, Record<string, Operation>>;
}

export interface Located {
  method: string;
  template: string;
  operation: Operation;
}

export interface Contract {
  /** The operation `operationId`, with its method and path template. */
  find(operationId: string): Located;
  /** Every operationId in the document. */
  operationIds(): string[];
  /** The problems the document finds in a request (empty: valid by the document). */
  requestProblems(located: Located, request: { path: string; query: Record<string, string>; body?: unknown }): string[];
  /** Fails unless the document describes this response exactly: status, media type and body. */
  assertResponse(located: Located, response: { status: number; contentType: string | null; body: unknown }): void;
}

export function createContract(document: Document): Contract {
  const ajv = new Ajv2020({ strict: false, allErrors: true });
  addFormats(ajv);
  const compiled = new Map<Schema, ValidateFunction>();
  // Schemas point at #/components/…: each is compiled inside a root that holds the components.
  const validator = (schema: Schema) => {
    let validate = compiled.get(schema);
    if (!validate) {
      validate = ajv.compile({ ...schema, components: document.components });
      compiled.set(schema, validate);
    }
    return validate;
  };
  const problems = (schema: Schema, value: unknown, where: string) => {
    const validate = validator(schema);
    return validate(value) ? [] : (validate.errors ?? []).map((e) => `${where}${e.instancePath} ${e.message}`);
  };
  const located = new Map<string, Located>();
  for (const [template, methods] of Object.entries(document.paths)) {
    for (const [method, operation] of Object.entries(methods)) located.set(operation.operationId, { method: method.toUpperCase(), template, operation });
  }

  return {
    find(operationId) {
      const found = located.get(operationId);
      assert.ok(found, `the document has no operation ${operationId}`);
      return found;
    },
    operationIds: () => [...located.keys()],
    requestProblems({ template, operation }, request) {
      const pattern = new RegExp(`^${template.replace(/\{(\w+)\}/g, '(?<$1>[^/]+)')}$`);
      const pathValues = pattern.exec(request.path)?.groups ?? {};
      const found: string[] = [];
      for (const parameter of operation.parameters ?? []) {
        const raw = parameter.in === 'path' ? pathValues[parameter.name] : request.query[parameter.name];
        if (raw === undefined) {
          if (parameter.required) found.push(`${parameter.in}.${parameter.name} is required`);
          continue;
        }
        found.push(...problems(parameter.schema, fromForm(decodeURIComponent(raw), parameter.schema), `${parameter.in}.${parameter.name}`));
      }
      for (const name of Object.keys(request.query)) {
        if (!operation.parameters?.some((p) => p.in === 'query' && p.name === name)) found.push(`query.${name} is not documented`);
      }
      const body = operation.requestBody?.content['application/json'];
      if (body && request.body === undefined) found.push('the body is required');
      if (body && request.body !== undefined) found.push(...problems(body.schema, request.body, 'body'));
      if (!body && request.body !== undefined) found.push('the operation takes no body');
      return found;
    },
    assertResponse({ method, template, operation }, response) {
      const name = `${method} ${template} → ${response.status}`;
      const described = operation.responses[String(response.status)];
      assert.ok(described, `${name}: the status is not in the document (${Object.keys(operation.responses).join(', ')})`);
      if (response.status === 204 || (response.body === '' && !described.content)) return;
      const mediaType = (response.contentType ?? '').split(';')[0]?.trim() ?? '';
      const content = described.content?.[mediaType];
      assert.ok(content, `${name}: ${mediaType} is not in the document (${Object.keys(described.content ?? {}).join(', ') || 'no body'})`);
      if (mediaType.endsWith('json')) assert.deepEqual(problems(content.schema, response.body, 'response'), [], `${name}: the body is not as documented`);
    },
  };
}

/** A query or path value as the document's schema reads it: form style, so "5" is the integer 5. */
function fromForm(raw: string, schema: Schema): unknown {
  return schema.type === 'integer' && /^-?\d+$/.test(raw) ? Number(raw) : raw;
}
