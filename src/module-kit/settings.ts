// A module's per-guild settings, declared once with their kinds and defaults: from the declaration
// come the values a handler sees (defaults filled in), the schema that validates a change, the JSON
// Schema the API documents and the dashboard draws its form from, and the channels and roles to check.
import * as v from 'valibot';
import { SNOWFLAKE } from '../platform/ids.ts';

interface SettingBase {
  description: string;
}

/** One setting: its kind, what it is for, and its default (null, false or empty unless given). */
export type SettingSpec =
  | (SettingBase & { type: 'string'; default?: string | null; maxLength?: number; choices?: readonly string[] })
  | (SettingBase & { type: 'text'; default?: string | null; maxLength?: number })
  | (SettingBase & { type: 'integer'; default?: number | null; min?: number; max?: number })
  | (SettingBase & { type: 'boolean'; default?: boolean })
  | (SettingBase & { type: 'channel' | 'role' })
  | (SettingBase & { type: 'channels' | 'roles'; max?: number })
  | (SettingBase & { type: 'list'; fields: Readonly<Record<string, FieldSpec>>; max?: number });

/** A field of a list's records: any kind but another list. */
export type FieldSpec = Exclude<SettingSpec, { type: 'list' }>;

type ValueOf<T extends SettingSpec> = T extends { type: 'string' | 'text' }
  ? string | null
  : T extends { type: 'integer' }
    ? number | null
    : T extends { type: 'boolean' }
      ? boolean
      : T extends { type: 'channel' | 'role' }
        ? string | null
        : T extends { type: 'channels' | 'roles' }
          ? string[]
          : T extends { type: 'list'; fields: infer F extends Record<string, FieldSpec> }
            ? { [K in keyof F]: ValueOf<F[K]> }[]
            : never;

/** The settings as a handler sees them: every key, its default where the guild set none. */
export type SettingValues<S extends Record<string, SettingSpec>> = { -readonly [K in keyof S]: ValueOf<S[K]> };

/** Longest text a `string` setting holds unless it says; `text` (templates, messages) holds Discord's 2,000. */
const STRING_MAX = 200;
const TEXT_MAX = 2_000;
/** Ids a `channels`/`roles` setting, and records a `list`, hold unless they say. */
const LIST_MAX = 50;

const SETTING_KEY = /^[a-z][a-z0-9_]{0,63}$/;

/** Problems with a declaration (a plugin's): each a sentence naming the key. */
export function declarationProblems(settings: Record<string, unknown>): string[] {
  const problems: string[] = [];
  for (const [key, spec] of Object.entries(settings)) {
    if (!SETTING_KEY.test(key)) problems.push(`settings.${key}: a setting's name is 1-64 of a-z, 0-9 and _, starting with a letter`);
    const checked = v.safeParse(SpecShape, spec);
    if (!checked.success) problems.push(`settings.${key}: ${checked.issues.map((i) => `${v.getDotPath(i) ?? 'spec'} ${i.message}`).join('; ')}`);
  }
  return problems;
}

/** Every setting at its default. */
export function defaultValues(settings: Readonly<Record<string, SettingSpec>>): Record<string, unknown> {
  return Object.fromEntries(Object.entries(settings).map(([key, spec]) => [key, defaultOf(spec)]));
}

/** The guild's stored values over the defaults; a stored key the module no longer declares is left out. */
export function resolveValues(settings: Readonly<Record<string, SettingSpec>>, stored: Record<string, unknown>): Record<string, unknown> {
  const values = defaultValues(settings);
  for (const key of Object.keys(values)) if (key in stored) values[key] = stored[key];
  return values;
}

/** Validates a partial change: known keys only, each of its kind (422 naming `settings.<key>…`). */
export function changeSchema(settings: Readonly<Record<string, SettingSpec>>) {
  return v.strictObject(Object.fromEntries(Object.entries(settings).map(([key, spec]) => [key, v.optional(valueSchema(spec))])));
}

/** The JSON Schema of the settings (`x-concord-kind` tells the dashboard which picker to draw). */
export function settingsJsonSchema(settings: Readonly<Record<string, SettingSpec>>): Record<string, unknown> {
  return {
    type: 'object',
    additionalProperties: false,
    properties: Object.fromEntries(Object.entries(settings).map(([key, spec]) => [key, jsonSchemaOf(spec)])),
  };
}

/** Why a module refuses a setting's value: `field` is its key, or a path below it (`autorole_ids.1`). */
export interface SettingProblem {
  field: string;
  message: string;
}

/** A channel or role a change names, with where: each must be of the guild. */
export interface GuildReference {
  kind: 'channel' | 'role';
  id: string;
  field: string;
}

/** The channels and roles `values` name (a validated change), each with its field's path. */
export function referencesIn(settings: Readonly<Record<string, SettingSpec>>, values: Record<string, unknown>, prefix = 'settings'): GuildReference[] {
  const found: GuildReference[] = [];
  for (const [key, value] of Object.entries(values)) {
    const spec = settings[key];
    if (!spec || value === null || value === undefined) continue;
    const field = `${prefix}.${key}`;
    if (spec.type === 'channel' || spec.type === 'role') found.push({ kind: spec.type, id: value as string, field });
    else if (spec.type === 'channels' || spec.type === 'roles') {
      (value as string[]).forEach((id, i) => void found.push({ kind: spec.type === 'channels' ? 'channel' : 'role', id, field: `${field}.${i}` }));
    } else if (spec.type === 'list') {
      (value as Record<string, unknown>[]).forEach((record, i) => void found.push(...referencesIn(spec.fields, record, `${field}.${i}`)));
    }
  }
  return found;
}

function defaultOf(spec: SettingSpec): unknown {
  switch (spec.type) {
    case 'boolean':
      return spec.default ?? false;
    case 'channels':
    case 'roles':
    case 'list':
      return [];
    case 'channel':
    case 'role':
      return null;
    default:
      return spec.default ?? null;
  }
}

const Id = v.pipe(v.string(), v.regex(SNOWFLAKE, 'must be a Discord id (a string of 15-21 digits)'));

function valueSchema(spec: SettingSpec): v.GenericSchema {
  switch (spec.type) {
    case 'string': {
      const text = v.pipe(v.string(), v.maxLength(spec.maxLength ?? STRING_MAX, `must be at most ${spec.maxLength ?? STRING_MAX} characters`));
      return v.nullable(spec.choices ? v.picklist(spec.choices as string[], `must be one of ${spec.choices.join(', ')}`) : text);
    }
    case 'text':
      return v.nullable(v.pipe(v.string(), v.maxLength(spec.maxLength ?? TEXT_MAX, `must be at most ${spec.maxLength ?? TEXT_MAX} characters`)));
    case 'integer': {
      const checks: v.PipeItem<number, number, v.BaseIssue<unknown>>[] = [v.integer('must be a whole number')];
      if (spec.min !== undefined) checks.push(v.minValue(spec.min, `must be at least ${spec.min}`));
      if (spec.max !== undefined) checks.push(v.maxValue(spec.max, `must be at most ${spec.max}`));
      return v.nullable(v.pipe(v.number(), ...checks));
    }
    case 'boolean':
      return v.boolean();
    case 'channel':
    case 'role':
      return v.nullable(Id);
    case 'channels':
    case 'roles': {
      const max = spec.max ?? LIST_MAX;
      return v.pipe(
        v.array(Id),
        v.maxLength(max, `at most ${max}`),
        v.transform((ids) => [...new Set(ids)]),
      );
    }
    case 'list': {
      const max = spec.max ?? LIST_MAX;
      const record = v.strictObject(Object.fromEntries(Object.entries(spec.fields).map(([key, field]) => [key, v.optional(valueSchema(field), defaultOf(field) as never)])));
      return v.pipe(v.array(record), v.maxLength(max, `at most ${max}`));
    }
  }
}

function jsonSchemaOf(spec: SettingSpec): Record<string, unknown> {
  const base = { description: spec.description, 'x-concord-kind': spec.type, default: defaultOf(spec) };
  const id = { type: 'string', pattern: SNOWFLAKE.source };
  switch (spec.type) {
    case 'string':
      return { ...base, type: ['string', 'null'], maxLength: spec.maxLength ?? STRING_MAX, ...(spec.choices ? { enum: [...spec.choices, null] } : {}) };
    case 'text':
      return { ...base, type: ['string', 'null'], maxLength: spec.maxLength ?? TEXT_MAX };
    case 'integer':
      return { ...base, type: ['integer', 'null'], ...(spec.min !== undefined ? { minimum: spec.min } : {}), ...(spec.max !== undefined ? { maximum: spec.max } : {}) };
    case 'boolean':
      return { ...base, type: 'boolean' };
    case 'channel':
    case 'role':
      return { ...base, type: ['string', 'null'], pattern: id.pattern };
    case 'channels':
    case 'roles':
      return { ...base, type: 'array', items: id, maxItems: spec.max ?? LIST_MAX, uniqueItems: true };
    case 'list':
      return { ...base, type: 'array', maxItems: spec.max ?? LIST_MAX, items: settingsJsonSchema(spec.fields) };
  }
}

const Description = v.pipe(v.string(), v.minLength(1, 'must not be empty'), v.maxLength(200, 'must be at most 200 characters'));
const Nullable = <T extends v.GenericSchema>(schema: T) => v.optional(v.nullable(schema));
const FieldShape = v.variant('type', [
  v.object({ type: v.literal('string'), description: Description, default: Nullable(v.string()), maxLength: v.optional(v.number()), choices: v.optional(v.array(v.string())) }),
  v.object({ type: v.literal('text'), description: Description, default: Nullable(v.string()), maxLength: v.optional(v.number()) }),
  v.object({ type: v.literal('integer'), description: Description, default: Nullable(v.number()), min: v.optional(v.number()), max: v.optional(v.number()) }),
  v.object({ type: v.literal('boolean'), description: Description, default: v.optional(v.boolean()) }),
  v.object({ type: v.picklist(['channel', 'role']), description: Description }),
  v.object({ type: v.picklist(['channels', 'roles']), description: Description, max: v.optional(v.number()) }),
]);
const SpecShape = v.union([
  FieldShape,
  v.object({ type: v.literal('list'), description: Description, fields: v.record(v.pipe(v.string(), v.regex(SETTING_KEY, 'is not a valid field name')), FieldShape), max: v.optional(v.number()) }),
]);
