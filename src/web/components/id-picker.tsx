// Pick channels, roles or members by name instead of typing Discord ids: a combobox (type to filter,
// arrow keys, Enter) over the guild's directory, the picks shown as chips. An id that no longer
// exists shows as "unknown (id)". Where names cannot be had (a global command, no bot token) it is
// the plain id field it replaces.
import { type KeyboardEvent, type ReactNode, useEffect, useId, useMemo, useState } from 'react';
import type { DirectoryChannel, DirectoryMember, DirectoryRole } from '../../features/guilds/schema.ts';
import { isSnowflake } from '../../platform/ids.ts';
import { searchMembers, useDirectory, useMembers } from '../lib/directory.ts';
import { input } from './ui.ts';

export type PickerKind = 'channel' | 'role' | 'member';

export interface IdPickerProps {
  /** The text field's id, for its <label htmlFor>. */
  id: string;
  guildId: string | null;
  kind: PickerKind;
  multiple?: boolean;
  value: readonly string[];
  onChange: (ids: string[]) => void;
  invalid?: boolean;
  describedBy?: string;
}

interface Option {
  id: string;
  /** What is searched and announced: `#general`, `@Moderator`, `Ada Lovelace (@ada)`. */
  label: string;
  view: ReactNode;
}

export function IdPicker(props: IdPickerProps) {
  if (!props.guildId) return <PlainIds {...props} />;
  return props.kind === 'member' ? <MemberPicker {...props} guildId={props.guildId} /> : <ListPicker {...props} guildId={props.guildId} kind={props.kind} />;
}

function ListPicker(props: IdPickerProps & { guildId: string; kind: 'channel' | 'role' }) {
  const lookup = useDirectory<DirectoryChannel | DirectoryRole>(props.guildId, props.kind === 'channel' ? 'channels' : 'roles');
  const options = useMemo(() => {
    if (lookup.state !== 'ready') return [];
    return props.kind === 'channel'
      ? (lookup.items as DirectoryChannel[]).filter((c) => c.type !== 'category').map(channelOption)
      : // @everyone (the guild's own id) is every member: no list needs it.
        (lookup.items as DirectoryRole[]).filter((r) => r.id !== props.guildId).map(roleOption);
  }, [lookup, props.kind, props.guildId]);
  if (lookup.state === 'error') return <PlainIds {...props} note={`Names are not available (${lookup.error.message}); type ids.`} />;
  return <Combobox {...props} options={options} known={new Map(options.map((o) => [o.id, o]))} loading={lookup.state === 'loading'} />;
}

function MemberPicker(props: IdPickerProps & { guildId: string }) {
  const [query, setQuery] = useState('');
  const [found, setFound] = useState<DirectoryMember[]>([]);
  const [failed, setFailed] = useState<Error | null>(null);
  const picked = useMembers(props.guildId, props.value);
  useEffect(() => {
    const controller = new AbortController();
    const timer = setTimeout(() => {
      searchMembers(props.guildId, query, controller.signal).then(setFound, (error: Error) => error.name !== 'AbortError' && setFailed(error));
    }, 200);
    return () => {
      clearTimeout(timer);
      controller.abort();
    };
  }, [props.guildId, query]);
  if (failed) return <PlainIds {...props} note={`Names are not available (${failed.message}); type ids.`} />;
  const known = new Map<string, Option>();
  for (const [id, member] of picked) if (member) known.set(id, memberOption(member));
  const unresolved = new Set(props.value.filter((id) => !picked.has(id)));
  // A typed id is offered as it is: a banned user, or one who left, is no longer found by name.
  const typed = query.trim();
  const byId = isSnowflake(typed) && !found.some((m) => m.id === typed) ? [idOption(typed)] : [];
  return <Combobox {...props} options={[...byId, ...found.map(memberOption)]} known={known} pending={unresolved} onQuery={setQuery} placeholder="Name or id" />;
}

interface ComboboxProps extends IdPickerProps {
  options: Option[];
  /** Options by id, for the chips of what is picked. */
  known: Map<string, Option>;
  loading?: boolean;
  /** Ids still being looked up: not "unknown" yet. */
  pending?: Set<string>;
  /** Set when the options come from a search: filtering is the server's job. */
  onQuery?: (query: string) => void;
  placeholder?: string;
}

function Combobox({ id, kind, multiple, value, onChange, invalid, describedBy, options, known, loading, pending, onQuery, placeholder }: ComboboxProps) {
  const [text, setText] = useState('');
  const [open, setOpen] = useState(false);
  const [active, setActive] = useState(0);
  const listId = useId();
  const needle = text.trim().toLowerCase().replace(/^[#@]/, '');
  const shown = (onQuery ? options : options.filter((o) => o.label.toLowerCase().replace(/^[#@]/, '').includes(needle)))
    .filter((o) => !value.includes(o.id))
    .slice(0, 50);
  const choose = (option: Option | undefined) => {
    if (!option) return;
    onChange(multiple ? [...value, option.id] : [option.id]);
    setText('');
    onQuery?.('');
    setActive(0);
    if (!multiple) setOpen(false);
  };
  const remove = (gone: string) => onChange(value.filter((v) => v !== gone));
  const onKey = (event: KeyboardEvent<HTMLInputElement>) => {
    if (event.key === 'ArrowDown' || event.key === 'ArrowUp') {
      event.preventDefault();
      setOpen(true);
      setActive((i) => (shown.length === 0 ? 0 : (i + (event.key === 'ArrowDown' ? 1 : shown.length - 1)) % shown.length));
    } else if (event.key === 'Enter' && open && shown[active]) {
      event.preventDefault();
      choose(shown[active]);
    } else if (event.key === 'Escape' && open) {
      event.preventDefault();
      setOpen(false);
    } else if (event.key === 'Backspace' && text === '' && value.length > 0) {
      remove(value[value.length - 1] ?? '');
    }
  };
  const noun = kind === 'channel' ? 'channel' : kind === 'role' ? 'role' : 'member';
  return (
    <div className="relative">
      {value.length > 0 && (
        <ul className="mb-1.5 flex flex-wrap gap-1.5" aria-label={`Chosen ${noun}s`}>
          {value.map((picked) => {
            const option = known.get(picked);
            const label = option?.label ?? (pending?.has(picked) || loading ? picked : `unknown (${picked})`);
            return (
              <li key={picked} className="inline-flex max-w-full items-center gap-1 rounded-full bg-zinc-100 py-0.5 pr-1 pl-2.5 text-sm dark:bg-zinc-800" title={picked} data-picked={picked}>
                <span className="truncate">{option?.view ?? <span className="font-mono text-xs text-zinc-600 dark:text-zinc-400">{label}</span>}</span>
                <button
                  type="button"
                  className="grid size-5 shrink-0 place-items-center rounded-full text-zinc-600 hover:bg-zinc-200 hover:text-zinc-900 dark:text-zinc-400 dark:hover:bg-zinc-700 dark:hover:text-white"
                  aria-label={`Remove ${label}`}
                  onClick={() => remove(picked)}
                >
                  ×
                </button>
              </li>
            );
          })}
        </ul>
      )}
      <input
        id={id}
        className={input}
        role="combobox"
        aria-expanded={open && shown.length > 0}
        aria-controls={listId}
        aria-autocomplete="list"
        aria-activedescendant={open && shown[active] ? `${listId}-${shown[active]?.id}` : undefined}
        aria-invalid={invalid}
        aria-describedby={describedBy}
        autoComplete="off"
        placeholder={placeholder ?? (loading ? 'Loading names…' : `Type a ${noun} name`)}
        value={text}
        onChange={(event) => {
          setText(event.target.value);
          onQuery?.(event.target.value);
          setOpen(true);
          setActive(0);
        }}
        onFocus={() => setOpen(true)}
        onBlur={() => setOpen(false)}
        onKeyDown={onKey}
      />
      {open && shown.length > 0 && (
        <div id={listId} role="listbox" aria-label={`${noun}s`} className="absolute inset-x-0 z-20 mt-1 max-h-64 overflow-y-auto rounded-lg border border-zinc-200 bg-white py-1 text-sm shadow-lg dark:border-zinc-700 dark:bg-zinc-900">
          {shown.map((option, i) => (
            // biome-ignore lint/a11y/useFocusableInteractive: focus stays in the input; aria-activedescendant points at the option (the ARIA combobox pattern).
            <div
              key={option.id}
              id={`${listId}-${option.id}`}
              role="option"
              aria-selected={i === active}
              className={`flex cursor-pointer items-center gap-2 px-3 py-1.5 ${i === active ? 'bg-brand-50 dark:bg-brand-500/20' : ''}`}
              // mousedown, not click: it comes before the input's blur closes the list.
              onMouseDown={(event) => {
                event.preventDefault();
                choose(option);
              }}
              onMouseEnter={() => setActive(i)}
            >
              {option.view}
            </div>
          ))}
        </div>
      )}
    </div>
  );
}

/** The id field as it was: ids separated by commas or spaces. */
function PlainIds({ id, multiple, value, onChange, invalid, describedBy, note }: IdPickerProps & { note?: string }) {
  const [text, setText] = useState(value.join(', '));
  return (
    <>
      <input
        id={id}
        className={`${input} font-mono`}
        value={text}
        inputMode="numeric"
        placeholder={multiple ? 'ids, comma separated' : 'a Discord id'}
        aria-invalid={invalid}
        aria-describedby={describedBy}
        onChange={(event) => {
          setText(event.target.value);
          onChange(event.target.value.split(/[\s,]+/).filter(Boolean));
        }}
      />
      {note && <p className="mt-1 text-xs text-zinc-600 dark:text-zinc-400">{note}</p>}
    </>
  );
}

function channelOption(channel: DirectoryChannel): Option {
  const sign = channel.type === 'voice' || channel.type === 'stage' ? '🔊' : '#';
  return { id: channel.id, label: `#${channel.name}`, view: <span className="font-medium">{sign === '#' ? `#${channel.name}` : `${sign} ${channel.name}`}</span> };
}

function roleOption(role: DirectoryRole): Option {
  return {
    id: role.id,
    label: `@${role.name}`,
    view: (
      <span className="inline-flex items-center gap-1.5 font-medium">
        <span aria-hidden="true" className="size-2.5 shrink-0 rounded-full border border-zinc-400/40" style={{ background: role.color ?? 'transparent' }} />@{role.name}
      </span>
    ),
  };
}

function memberOption(member: DirectoryMember): Option {
  return {
    id: member.id,
    label: `${member.name} (@${member.username})`,
    view: (
      <span className="inline-flex min-w-0 items-center gap-2">
        {member.avatar_url ? (
          <img src={member.avatar_url} alt="" className="size-5 shrink-0 rounded-full" />
        ) : (
          <span aria-hidden="true" className="grid size-5 shrink-0 place-items-center rounded-full bg-brand-500 text-[10px] font-bold text-white">
            {member.name.slice(0, 1).toUpperCase()}
          </span>
        )}
        <span className="truncate font-medium">{member.name}</span>
        <span className="truncate text-xs text-zinc-600 dark:text-zinc-400">@{member.username}</span>
      </span>
    ),
  };
}

function idOption(id: string): Option {
  return { id, label: `id ${id}`, view: <span className="font-mono text-xs">id {id}</span> };
}

/** `#general` for a channel id, "unknown (id)" when the guild has no such channel, the id meanwhile. */
export function ChannelName({ guildId, id }: { guildId: string; id: string }) {
  const lookup = useDirectory<DirectoryChannel>(guildId, 'channels');
  const channel = lookup.state === 'ready' ? lookup.items.find((c) => c.id === id) : undefined;
  const text = channel ? `#${channel.name}` : lookup.state === 'ready' ? `unknown (${id})` : id;
  return <span title={id}>{text}</span>;
}
