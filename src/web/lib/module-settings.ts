// A module's settings as the dashboard draws them: the JSON Schema of GET /api/modules read into
// fields (its `x-concord-kind` says which control), the values that changed since they were read, and
// the API's field errors (`settings.rules.0.role_id`) placed on the field they name.
import type { FieldError } from './api.ts';

const KINDS = ['string', 'text', 'integer', 'boolean', 'channel', 'channels', 'role', 'roles', 'list'] as const;
export type SettingKind = (typeof KINDS)[number];

/** One setting, or one field of a list's records. */
export interface SettingField {
  key: string;
  kind: SettingKind;
  description: string;
  default: unknown;
  maxLength?: number;
  /** A `string` that takes one of these (or none). */
  choices?: string[];
  minimum?: number;
  maximum?: number;
  /** Most ids (channels, roles) or records (list). */
  maxItems?: number;
  /** A list's record fields. */
  fields?: SettingField[];
}

/** The fields of a settings JSON Schema, in declaration order; a property of no known kind is left out. */
export function settingFields(schema: Record<string, unknown>): SettingField[] {
  const properties = isObject(schema.properties) ? schema.properties : {};
  const fields: SettingField[] = [];
  for (const [key, property] of Object.entries(properties)) {
    if (!isObject(property)) continue;
    const kind = property['x-concord-kind'];
    if (!KINDS.includes(kind as SettingKind)) continue;
    const field: SettingField = { key, kind: kind as SettingKind, description: typeof property.description === 'string' ? property.description : key, default: property.default ?? null };
    if (typeof property.maxLength === 'number') field.maxLength = property.maxLength;
    if (Array.isArray(property.enum)) field.choices = property.enum.filter((choice): choice is string => typeof choice === 'string');
    if (typeof property.minimum === 'number') field.minimum = property.minimum;
    if (typeof property.maximum === 'number') field.maximum = property.maximum;
    if (typeof property.maxItems === 'number') field.maxItems = property.maxItems;
    if (field.kind === 'list') field.fields = isObject(property.items) ? settingFields(property.items) : [];
    fields.push(field);
  }
  return fields;
}

/** A new record of a list: each field at its default. */
export function newRecord(fields: readonly SettingField[]): Record<string, unknown> {
  return Object.fromEntries(fields.map((field) => [field.key, field.default]));
}

/** The settings whose value differs from what was read: what a save sends. */
export function changedSettings(values: Record<string, unknown>, saved: Record<string, unknown>): Record<string, unknown> {
  return Object.fromEntries(Object.entries(values).filter(([key, value]) => !sameValue(value, saved[key])));
}

/** Deep equality of JSON values, whatever the order of an object's keys. */
export function sameValue(a: unknown, b: unknown): boolean {
  if (a === b) return true;
  if (Array.isArray(a) || Array.isArray(b)) return Array.isArray(a) && Array.isArray(b) && a.length === b.length && a.every((item, i) => sameValue(item, b[i]));
  if (!isObject(a) || !isObject(b)) return false;
  const keys = Object.keys(a);
  return keys.length === Object.keys(b).length && keys.every((key) => key in b && sameValue(a[key], b[key]));
}

/**
 * The first message for each field the API's errors name, keyed by the field's path without
 * `settings.`: `log_channel_id`, a record's field `rules.0.role_id`; an id of a list (`roles.2`) is
 * shown on its setting. Errors that name no field of the form are under `form`, with their path.
 */
export function settingErrors(errors: readonly FieldError[], fields: readonly SettingField[]): Record<string, string> {
  const messages: Record<string, string> = {};
  for (const error of errors) {
    const path = error.field.startsWith('settings.') ? error.field.slice('settings.'.length).split('.') : [];
    const [key = '', index, name] = path;
    const field = fields.find((f) => f.key === key);
    let at = 'form';
    if (field?.kind === 'list' && index !== undefined && name !== undefined && field.fields?.some((f) => f.key === name)) at = `${key}.${index}.${name}`;
    else if (field) at = key;
    messages[at] ??= at === 'form' && error.field && error.field !== '(body)' ? `${error.field}: ${error.message}` : error.message;
  }
  return messages;
}

function isObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}
