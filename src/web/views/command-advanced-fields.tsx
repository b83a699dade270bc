// The editor's less common fields, folded away: an auto-response trigger, more responses (a pool,
// one picked at random), channel and server cooldowns, and who may run the command.
import { IdPicker } from '../components/id-picker.tsx';
import { button, input, label } from '../components/ui.ts';
import type { CommandPermissions, CommandTrigger, CustomCommand } from '../lib/api.ts';

export interface AdvancedState {
  triggerType: '' | CommandTrigger['type'];
  triggerPattern: string;
  caseSensitive: boolean;
  responses: string[];
  channelCooldown: string;
  guildCooldown: string;
  permissions: Record<keyof CommandPermissions, string>;
}

const PERMISSION_FIELDS: [keyof CommandPermissions, string, 'role' | 'channel'][] = [
  ['allow_roles', 'Only these roles', 'role'],
  ['deny_roles', 'Never these roles', 'role'],
  ['allow_channels', 'Only in these channels', 'channel'],
  ['deny_channels', 'Never in these channels', 'channel'],
];
const ids = (text: string) => text.split(/[\s,]+/).filter(Boolean);

/** The form's state for `command` (or a new one). */
export function advancedOf(command: CustomCommand | undefined): AdvancedState {
  const p = command?.permissions;
  return {
    triggerType: command?.trigger?.type ?? '',
    triggerPattern: command?.trigger?.pattern ?? '',
    caseSensitive: command?.trigger?.case_sensitive ?? false,
    responses: command?.responses ?? [],
    channelCooldown: String(command?.channel_cooldown_seconds ?? 0),
    guildCooldown: String(command?.guild_cooldown_seconds ?? 0),
    permissions: {
      allow_roles: p?.allow_roles.join(', ') ?? '',
      deny_roles: p?.deny_roles.join(', ') ?? '',
      allow_channels: p?.allow_channels.join(', ') ?? '',
      deny_channels: p?.deny_channels.join(', ') ?? '',
    },
  };
}

/** The API fields of the state. */
export function advancedBody(state: AdvancedState) {
  return {
    trigger: state.triggerType ? { type: state.triggerType, pattern: state.triggerPattern, case_sensitive: state.caseSensitive } : null,
    responses: state.responses,
    channel_cooldown_seconds: Number(state.channelCooldown || 0),
    guild_cooldown_seconds: Number(state.guildCooldown || 0),
    permissions: Object.fromEntries(PERMISSION_FIELDS.map(([key]) => [key, ids(state.permissions[key])])) as unknown as CommandPermissions,
  };
}

/** `guildId` is null for a global command: its roles and channels are typed as ids. */
export function AdvancedFields({ value, onChange, guildId }: { value: AdvancedState; onChange: (next: AdvancedState) => void; guildId: string | null }) {
  const set = (changes: Partial<AdvancedState>) => onChange({ ...value, ...changes });
  const setResponse = (index: number, text: string) => set({ responses: value.responses.map((r, i) => (i === index ? text : r)) });
  return (
    <details className="rounded-lg border border-zinc-200 p-4 dark:border-zinc-800" open={value.triggerType !== '' || value.responses.length > 0}>
      <summary className="cursor-pointer text-sm font-medium">Auto-response, more responses, cooldowns and who may use it</summary>
      <div className="mt-4 grid gap-4">
        <div className="grid gap-3 sm:grid-cols-[10rem_1fr]">
          <label className={label}>
            Auto-response
            <select className={input} value={value.triggerType} onChange={(e) => set({ triggerType: e.target.value as AdvancedState['triggerType'] })} id="field-trigger-type">
              <option value="">None</option>
              <option value="exact">Exact message</option>
              <option value="starts_with">Starts with</option>
              <option value="contains">Contains</option>
              <option value="regex">Regex (RE2)</option>
            </select>
          </label>
          <label className={label}>
            Pattern
            <input className={`${input} font-mono`} value={value.triggerPattern} disabled={!value.triggerType} onChange={(e) => set({ triggerPattern: e.target.value })} id="field-trigger-pattern" />
          </label>
        </div>
        <label className="flex items-center gap-2 text-sm">
          <input type="checkbox" checked={value.caseSensitive} disabled={!value.triggerType} onChange={(e) => set({ caseSensitive: e.target.checked })} /> Case-sensitive
        </label>
        <fieldset className="grid gap-2">
          <legend className={label}>More responses (each use picks one of all, at random)</legend>
          {value.responses.map((response, i) => (
            // biome-ignore lint/suspicious/noArrayIndexKey: a response is edited in place; its place is its identity.
            <div key={i} className="flex gap-2">
              <textarea className={`${input} min-h-16 font-mono`} value={response} aria-label={`Response ${i + 2}`} onChange={(e) => setResponse(i, e.target.value)} />
              <button type="button" className={button.ghost} onClick={() => set({ responses: value.responses.filter((_, j) => j !== i) })}>
                Remove
              </button>
            </div>
          ))}
          <button type="button" className={`${button.secondary} w-fit`} onClick={() => set({ responses: [...value.responses, ''] })} disabled={value.responses.length >= 20}>
            Add a response
          </button>
        </fieldset>
        <div className="grid gap-3 sm:grid-cols-2">
          <label className={label}>
            Channel cooldown (seconds)
            <input className={input} type="number" min={0} max={86400} value={value.channelCooldown} onChange={(e) => set({ channelCooldown: e.target.value })} />
          </label>
          <label className={label}>
            Server cooldown (seconds)
            <input className={input} type="number" min={0} max={86400} value={value.guildCooldown} onChange={(e) => set({ guildCooldown: e.target.value })} />
          </label>
        </div>
        <div className="grid gap-3 sm:grid-cols-2">
          {PERMISSION_FIELDS.map(([key, text, kind]) => (
            <div key={key}>
              <label htmlFor={`field-${key}`} className={label}>
                {text}
              </label>
              <div className="mt-1">
                <IdPicker
                  id={`field-${key}`}
                  guildId={guildId}
                  kind={kind}
                  multiple
                  value={ids(value.permissions[key])}
                  onChange={(picked) => set({ permissions: { ...value.permissions, [key]: picked.join(', ') } })}
                />
              </div>
            </div>
          ))}
        </div>
        <p className="text-xs text-zinc-500 dark:text-zinc-400">A deny always wins; then every list of allowed roles or channels that is not empty must be met.</p>
      </div>
    </details>
  );
}
