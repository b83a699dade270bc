// The form of a module's settings, drawn from their JSON Schema: the channel and role pickers for
// channel(s) and role(s), a text field, text area, number, checkbox or choice for the others, and a
// list of records, each with its own fields, for a `list`. The API's message shows under its field.
import { type ReactNode, useId, useRef } from 'react';
import { IdPicker } from '../components/id-picker.tsx';
import { button, input, label } from '../components/ui.ts';
import { newRecord, type SettingField } from '../lib/module-settings.ts';

interface FieldsProps {
  /** Prefix of the controls' ids, unique on the page. */
  idPrefix: string;
  guildId: string;
  fields: readonly SettingField[];
  values: Record<string, unknown>;
  onChange: (key: string, value: unknown) => void;
  /** Messages by field path (`key`, `key.0.field`). */
  errors: Record<string, string>;
  /** Prefix of the paths in `errors` for these fields: `rules.0.` for a record's. */
  path?: string;
}

export function SettingFields({ idPrefix, guildId, fields, values, onChange, errors, path = '' }: FieldsProps) {
  return (
    <>
      {fields.map((field) => {
        const id = `${idPrefix}-${field.key}`;
        const error = errors[`${path}${field.key}`];
        const value = values[field.key];
        const set = (next: unknown) => onChange(field.key, next);
        if (field.kind === 'list') {
          return <ListField key={field.key} id={id} guildId={guildId} field={field} value={Array.isArray(value) ? (value as Record<string, unknown>[]) : []} onChange={set} errors={errors} path={`${path}${field.key}`} error={error} />;
        }
        if (field.kind === 'boolean') {
          return (
            <Described key={field.key} error={error} hint={defaultHint(field)} name={`${path}${field.key}`}>
              {(describedBy) => (
                <label className="flex items-start gap-2 text-sm font-medium text-zinc-700 dark:text-zinc-300">
                  <input id={id} type="checkbox" className="mt-0.5 size-4 shrink-0" checked={value === true} onChange={(e) => set(e.target.checked)} aria-invalid={Boolean(error)} aria-describedby={describedBy} />
                  {field.description}
                </label>
              )}
            </Described>
          );
        }
        return (
          <Described key={field.key} error={error} hint={defaultHint(field)} name={`${path}${field.key}`}>
            {(describedBy) => (
              <>
                <label htmlFor={id} className={label}>
                  {field.description}
                </label>
                <div className="mt-1">
                  <Control id={id} guildId={guildId} field={field} value={value} onChange={set} invalid={Boolean(error)} describedBy={describedBy} />
                </div>
              </>
            )}
          </Described>
        );
      })}
    </>
  );
}

/** A field with its hint, or the API's message in its place, below it and named by its control. */
function Described({ name, error, hint, children }: { name: string; error: string | undefined; hint: string | undefined; children: (describedBy: string | undefined) => ReactNode }) {
  const id = useId();
  const text = error ?? hint;
  return (
    <div className="min-w-0">
      {children(text ? id : undefined)}
      {text && (
        <p id={id} className={`mt-1.5 text-xs ${error ? 'font-medium text-red-600 dark:text-red-400' : 'text-zinc-600 dark:text-zinc-400'}`} data-field-error={error ? name : undefined}>
          {text}
        </p>
      )}
    </div>
  );
}

interface ControlProps {
  id: string;
  guildId: string;
  field: SettingField;
  value: unknown;
  onChange: (value: unknown) => void;
  invalid: boolean;
  describedBy: string | undefined;
}

function Control({ id, guildId, field, value, onChange, invalid, describedBy }: ControlProps) {
  const common = { id, 'aria-invalid': invalid, 'aria-describedby': describedBy };
  switch (field.kind) {
    case 'channel':
    case 'role':
    case 'channels':
    case 'roles': {
      const many = field.kind === 'channels' || field.kind === 'roles';
      const ids = many ? (Array.isArray(value) ? (value as string[]) : []) : typeof value === 'string' ? [value] : [];
      const kind = field.kind.startsWith('channel') ? 'channel' : 'role';
      return <IdPicker id={id} guildId={guildId} kind={kind} multiple={many} value={ids} onChange={(picked) => onChange(many ? picked : (picked[picked.length - 1] ?? null))} invalid={invalid} {...(describedBy ? { describedBy } : {})} />;
    }
    case 'integer':
      return (
        <input
          {...common}
          className={`${input} max-w-40`}
          type="number"
          inputMode="numeric"
          step={1}
          min={field.minimum}
          max={field.maximum}
          value={typeof value === 'number' ? value : ''}
          onChange={(e) => onChange(e.target.value === '' ? null : Number(e.target.value))}
        />
      );
    case 'text':
      return <textarea {...common} className={`${input} min-h-24`} maxLength={field.maxLength} value={typeof value === 'string' ? value : ''} onChange={(e) => onChange(e.target.value === '' ? null : e.target.value)} />;
    default:
      if (field.choices) {
        return (
          <select {...common} className={`${input} max-w-xs`} value={typeof value === 'string' ? value : ''} onChange={(e) => onChange(e.target.value === '' ? null : e.target.value)}>
            <option value="">None</option>
            {field.choices.map((choice) => (
              <option key={choice} value={choice}>
                {choice}
              </option>
            ))}
          </select>
        );
      }
      return <input {...common} className={`${input} max-w-md`} maxLength={field.maxLength} value={typeof value === 'string' ? value : ''} onChange={(e) => onChange(e.target.value === '' ? null : e.target.value)} />;
  }
}

interface ListProps {
  id: string;
  guildId: string;
  field: SettingField;
  value: Record<string, unknown>[];
  onChange: (value: Record<string, unknown>[]) => void;
  errors: Record<string, string>;
  path: string;
  error: string | undefined;
}

/** A `list` setting: its entries one under another, each with its fields and Remove; Add below. */
function ListField({ id, guildId, field, value, onChange, errors, path, error }: ListProps) {
  const fields = field.fields ?? [];
  const full = field.maxItems !== undefined && value.length >= field.maxItems;
  // Keys that follow the entries through Add and Remove, so a picker keeps its own entry's state.
  const keys = useRef<number[]>([]);
  while (keys.current.length < value.length) keys.current.push(nextKey++);
  keys.current.length = value.length;
  const remove = (i: number) => {
    keys.current.splice(i, 1);
    onChange(value.filter((_, j) => j !== i));
  };
  return (
    <fieldset className="min-w-0" aria-describedby={error ? `${id}-error` : undefined}>
      <legend className={label}>{field.description}</legend>
      {value.length === 0 && <p className="mt-1 text-sm text-zinc-600 dark:text-zinc-400">None yet.</p>}
      <div className="mt-2 flex flex-col gap-3">
        {value.map((record, i) => (
          <fieldset key={keys.current[i]} className="min-w-0 rounded-lg border border-zinc-200 p-3 dark:border-zinc-700">
            {/* Floated, so the legend (which must be the fieldset's first child) shares a line with Remove. */}
            <legend className="float-left py-1.5 text-sm font-semibold text-zinc-700 dark:text-zinc-300">Entry {i + 1}</legend>
            <button type="button" className={`${button.ghost} float-right`} onClick={() => remove(i)}>
              Remove<span className="sr-only"> entry {i + 1}</span>
            </button>
            <div className="clear-both grid gap-4 pt-2 sm:grid-cols-2">
              <SettingFields
                idPrefix={`${id}-${i}`}
                guildId={guildId}
                fields={fields}
                values={record}
                onChange={(key, next) => onChange(value.map((r, j) => (j === i ? { ...r, [key]: next } : r)))}
                errors={errors}
                path={`${path}.${i}.`}
              />
            </div>
          </fieldset>
        ))}
      </div>
      <div className="mt-3 flex flex-wrap items-center gap-3">
        <button type="button" className={button.secondary} onClick={() => onChange([...value, newRecord(fields)])} disabled={full}>
          Add an entry<span className="sr-only"> to {field.description}</span>
        </button>
        {full && <span className="text-xs text-zinc-600 dark:text-zinc-400">At most {field.maxItems}.</span>}
      </div>
      {error && (
        <p id={`${id}-error`} className="mt-1.5 text-xs font-medium text-red-600 dark:text-red-400" data-field-error={path}>
          {error}
        </p>
      )}
    </fieldset>
  );
}

let nextKey = 0;

/** What an empty field means, and the limits the API holds it to. */
function defaultHint(field: SettingField): string | undefined {
  const parts: string[] = [];
  if (field.kind === 'integer') {
    if (field.minimum !== undefined && field.maximum !== undefined) parts.push(`A whole number from ${field.minimum} to ${field.maximum}.`);
    else if (field.minimum !== undefined) parts.push(`A whole number, at least ${field.minimum}.`);
    else if (field.maximum !== undefined) parts.push(`A whole number, at most ${field.maximum}.`);
  }
  if ((field.kind === 'string' || field.kind === 'text' || field.kind === 'integer') && field.default !== null && field.default !== undefined) parts.push(`Default: ${String(field.default)}.`);
  if ((field.kind === 'channels' || field.kind === 'roles') && field.maxItems !== undefined) parts.push(`Up to ${field.maxItems}.`);
  return parts.length > 0 ? parts.join(' ') : undefined;
}
