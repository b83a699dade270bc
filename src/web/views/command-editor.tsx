// Create or edit a custom command: the API's validation messages on each field, and a live preview
// rendered by the bot's own template code.
import { type FormEvent, type ReactNode, useEffect, useId, useState } from 'react';
import { ConfirmDialog } from '../components/confirm-dialog.tsx';
import { Icon } from '../components/icons.tsx';
import { PageHeader, type Scope } from '../components/layout.tsx';
import { ErrorState, Skeleton } from '../components/states.tsx';
import { Switch } from '../components/switch.tsx';
import { useToast } from '../components/toasts.tsx';
import { button, card, input, label } from '../components/ui.ts';
import { ApiError, api, type CommandInput, type CustomCommand, type Me } from '../lib/api.ts';
import { fieldMessages, parseAliases } from '../lib/field-errors.ts';
import { previewTemplate } from '../lib/preview.ts';
import { Link, navigate, useUnsavedChanges } from '../lib/router.tsx';
import { useResource } from '../lib/use-resource.ts';
import { CommandAccessCheck } from './command-access-check.tsx';
import { CommandActivity } from './command-activity.tsx';
import { AdvancedFields, advancedBody, advancedOf } from './command-advanced-fields.tsx';
import { RichFields, RichPreview, richBody, richOf, sampleRender } from './command-rich-fields.tsx';

const FIELDS = ['name', 'response', 'description', 'aliases', 'cooldown_seconds', 'enabled', 'embeds', 'buttons', 'slash', 'context'] as const;

interface FormState {
  name: string;
  response: string;
  description: string;
  aliases: string;
  cooldown: string;
  enabled: boolean;
}

const EMPTY: FormState = { name: '', response: '', description: '', aliases: '', cooldown: '0', enabled: true };

export function CommandEditor({ scope, me, id }: { scope: Scope; me: Me; id?: string | undefined }) {
  const existing = useResource(`command:${id ?? 'new'}`, (signal) =>
    id ? api<CustomCommand>('GET', `/api/commands/${id}`, undefined, { signal }) : Promise.resolve(undefined),
  );
  const title = id ? 'Edit command' : 'New command';
  const back = `/servers/${scope.key}/commands`;
  if (existing.state === 'loading') {
    return (
      <>
        <PageHeader title={title} />
        <div className={`${card} grid gap-4 p-6`} aria-busy="true">
          <Skeleton className="h-10 w-1/2" />
          <Skeleton className="h-28 w-full" />
          <Skeleton className="h-10 w-1/3" />
        </div>
      </>
    );
  }
  if (existing.state === 'error') {
    return (
      <>
        <PageHeader title={title} actions={<Link to={back} className={button.secondary}>Back to commands</Link>} />
        <div className={card}>
          <ErrorState error={existing.error} onRetry={existing.reload} />
        </div>
      </>
    );
  }
  // Keyed by the last change, so a restored version refills the form.
  return (
    <>
      <CommandForm key={existing.data?.updated_at ?? 'new'} scope={scope} me={me} command={existing.data} back={back} />
      {existing.data && <CommandActivity command={existing.data} canEdit={scope.canEdit !== false} onRestored={existing.reload} />}
    </>
  );
}

function CommandForm({ scope, me, command, back }: { scope: Scope; me: Me; command: CustomCommand | undefined; back: string }) {
  const canEdit = scope.canEdit !== false;
  const [form, setForm] = useState<FormState>(() =>
    command
      ? {
          name: command.name,
          response: command.response,
          description: command.description,
          aliases: command.aliases.join(', '),
          cooldown: String(command.cooldown_seconds),
          enabled: command.enabled,
        }
      : EMPTY,
  );
  const [advanced, setAdvanced] = useState(() => advancedOf(command));
  const [rich, setRich] = useState(() => richOf(command));
  const [errors, setErrors] = useState<Record<string, string>>({});
  const [saving, setSaving] = useState(false);
  const [confirming, setConfirming] = useState(false);
  const [args, setArgs] = useState('');
  const toast = useToast();
  // What the form held when it opened: any difference is work that leaving would lose.
  const [initial] = useState(() => JSON.stringify([form, advanced, rich]));
  const release = useUnsavedChanges(JSON.stringify([form, advanced, rich]) !== initial, 'This command has unsaved changes. Leave without saving them?');
  const set = <K extends keyof FormState>(key: K, value: FormState[K]) => {
    setForm((f) => ({ ...f, [key]: value }));
    const field = key === 'cooldown' ? 'cooldown_seconds' : key;
    setErrors(({ [field]: _, ...rest }) => rest);
  };

  // Focus the first field the API complained about.
  useEffect(() => {
    const first = FIELDS.find((f) => errors[f]);
    if (first) document.getElementById(`field-${first}`)?.focus();
  }, [errors]);

  const submit = async (event: FormEvent) => {
    event.preventDefault();
    setSaving(true);
    setErrors({});
    const body: CommandInput & ReturnType<typeof advancedBody> = {
      name: form.name.trim(),
      response: form.response,
      description: form.description.trim(),
      aliases: parseAliases(form.aliases),
      cooldown_seconds: form.cooldown.trim() === '' ? 0 : Number(form.cooldown),
      enabled: form.enabled,
      ...advancedBody(advanced),
      ...richBody(rich, command, advanced.responses),
    };
    try {
      const saved = command
        ? await api<CustomCommand>('PATCH', `/api/commands/${command.id}`, body)
        : await api<CustomCommand>('POST', '/api/commands', { ...body, guild_id: scope.guildId });
      toast(command ? `Saved ${saved.name}` : `Created ${saved.name}: the bot answers it now`);
      release();
      navigate(back);
    } catch (error) {
      if (error instanceof ApiError && error.errors.length > 0) setErrors(fieldMessages(error.errors, FIELDS));
      else setErrors({ form: (error as Error).message });
    } finally {
      setSaving(false);
    }
  };

  const remove = async () => {
    if (!command) return;
    setSaving(true);
    try {
      await api('DELETE', `/api/commands/${command.id}`);
      toast(`Deleted ${command.name}`);
      release();
      navigate(back);
    } catch (error) {
      setErrors({ form: (error as Error).message });
      setConfirming(false);
    } finally {
      setSaving(false);
    }
  };

  const sample = {
    userName: me.user?.name ?? 'You',
    userId: me.user?.id ?? '0',
    guildName: scope.guildId ? scope.name : 'Your server',
    args,
    uses: (command?.use_count ?? 0) + 1,
  };
  const preview = previewTemplate({
    template: form.response,
    userName: me.user?.name ?? 'You',
    userId: me.user?.id ?? '0',
    guildName: scope.guildId ? scope.name : 'Your server',
    args,
    uses: (command?.use_count ?? 0) + 1,
  });

  return (
    <>
      <PageHeader
        title={command ? `Edit ${command.name}` : 'New command'}
        subtitle={scope.guildId ? `In ${scope.name}` : 'A global command, answered in every server'}
        actions={
          <Link to={back} className={button.secondary}>
            Back to commands
          </Link>
        }
      />
      <div className="grid gap-6 xl:grid-cols-[minmax(0,3fr)_minmax(0,2fr)]">
        <form className={`${card} grid gap-5 p-5 sm:p-6`} onSubmit={submit} noValidate aria-label={command ? 'Edit command' : 'New command'}>
          {/* A read-only role sees every field, and nothing it could change. */}
          <fieldset disabled={!canEdit} className="contents">
          {errors.form && (
            <div role="alert" className="flex gap-2 rounded-lg border border-red-200 bg-red-50 px-3 py-2.5 text-sm text-red-800 dark:border-red-900 dark:bg-red-950/50 dark:text-red-200">
              <Icon name="alert" className="size-5 shrink-0" />
              {errors.form}
            </div>
          )}
          <Field name="name" label="Name" error={errors.name} hint="1–32 characters: lowercase letters, digits, - or _. People type it after the prefix, like !rules.">
            {(props) => (
              <input {...props} className={`${input} font-mono`} value={form.name} onChange={(e) => set('name', e.target.value)} autoComplete="off" spellCheck={false} required />
            )}
          </Field>
          <Field
            name="response"
            label="Response"
            error={errors.response}
            hint="Placeholders: {user}, {user.mention}, {user.id}, {channel}, {guild}, {args}, {1}…{9}, {1:user}, {1:number}, {1:channel}, {uses}, {choose:a|b|c}."
          >
            {(props) => (
              <textarea {...props} className={`${input} min-h-32 font-mono`} value={form.response} onChange={(e) => set('response', e.target.value)} required={rich.embeds.length === 0} />
            )}
          </Field>
          <Field name="description" label="Description" error={errors.description} hint="Shown in help and search. Up to 100 characters." optional>
            {(props) => <input {...props} className={input} value={form.description} onChange={(e) => set('description', e.target.value)} maxLength={100} />}
          </Field>
          <div className="grid gap-5 sm:grid-cols-2">
            <Field name="aliases" label="Aliases" error={errors.aliases} hint="Other names, separated by commas." optional>
              {(props) => (
                <input {...props} className={`${input} font-mono`} value={form.aliases} onChange={(e) => set('aliases', e.target.value)} autoComplete="off" spellCheck={false} />
              )}
            </Field>
            <Field name="cooldown_seconds" label="Cooldown (seconds)" error={errors.cooldown_seconds} hint="Per user; 0 for none.">
              {(props) => <input {...props} className={input} type="number" min={0} max={86400} inputMode="numeric" value={form.cooldown} onChange={(e) => set('cooldown', e.target.value)} />}
            </Field>
          </div>
          <AdvancedFields value={advanced} onChange={setAdvanced} guildId={scope.guildId} />
          <RichFields value={rich} onChange={setRich} name={form.name} response={form.response} errors={errors} />
          <div className="flex items-center gap-3">
            <Switch id="field-enabled" checked={form.enabled} label="Enabled" onChange={() => set('enabled', !form.enabled)} />
            <span className="text-sm">{form.enabled ? 'Enabled: the bot answers it' : 'Disabled: the bot ignores it'}</span>
          </div>
          </fieldset>
          {canEdit ? (
            <div className="flex flex-wrap items-center justify-between gap-3 border-t border-zinc-200 pt-5 dark:border-zinc-800">
              <div className="flex gap-3">
                <button type="submit" className={button.primary} disabled={saving}>
                  {saving ? 'Saving…' : command ? 'Save changes' : 'Create command'}
                </button>
                <Link to={back} className={button.ghost}>
                  Cancel
                </Link>
              </div>
              {command && (
                <button type="button" className={`${button.ghost} text-red-600 dark:text-red-400`} onClick={() => setConfirming(true)}>
                  <Icon name="trash" className="size-4" /> Delete
                </button>
              )}
            </div>
          ) : (
            <p className="border-t border-zinc-200 pt-5 text-sm text-zinc-600 dark:border-zinc-800 dark:text-zinc-400">You have read-only access to this server.</p>
          )}
        </form>

        <section className={`${card} h-fit p-5 sm:p-6 xl:sticky xl:top-8`} aria-labelledby="preview-title">
          <h2 id="preview-title" className="font-semibold">
            Preview
          </h2>
          <p className="mb-4 text-xs text-zinc-500 dark:text-zinc-400">How the bot answers, as you type.</p>
          <label htmlFor="preview-args" className={label}>
            Try it with arguments
          </label>
          <div className="mt-1 flex items-center gap-2 font-mono text-sm">
            <span className="text-zinc-500 dark:text-zinc-400">!{form.name || 'name'}</span>
            <input id="preview-args" className={input} value={args} onChange={(e) => setArgs(e.target.value)} placeholder="first second" />
          </div>
          <div className="mt-5 flex gap-3 rounded-lg bg-zinc-100 p-4 dark:bg-[#313338]">
            <img src="/favicon.svg" alt="" className="size-10 shrink-0 rounded-full" />
            <div className="min-w-0">
              <p className="text-sm">
                <span className="font-semibold">Concord</span>
                <span className="ml-1.5 rounded bg-brand-500 px-1 py-px align-middle text-[10px] font-semibold text-white">APP</span>
              </p>
              <p className="mt-0.5 whitespace-pre-wrap break-words text-[15px] leading-snug" data-testid="preview">
                {form.response === '' ? (
                  rich.embeds.length === 0 && <span className="text-zinc-600 dark:text-zinc-400">Type a response to see it here.</span>
                ) : (
                  preview.segments.map((segment, i) =>
                    segment.kind === 'text' ? (
                      // biome-ignore lint/suspicious/noArrayIndexKey: segments have no identity beyond their place.
                      <span key={i}>{segment.text}</span>
                    ) : (
                      // biome-ignore lint/suspicious/noArrayIndexKey: as above.
                      <span key={i} className="rounded bg-brand-500/20 px-0.5 font-medium text-brand-700 dark:text-brand-300">
                        {segment.text}
                      </span>
                    ),
                  )
                )}
              </p>
              <RichPreview state={rich} render={sampleRender(sample)} />
            </div>
          </div>
          {preview.problems.length > 0 && (
            <ul className="mt-3 text-sm text-amber-700 dark:text-amber-300">
              {preview.problems.map((p) => (
                <li key={p}>{p}</li>
              ))}
            </ul>
          )}
          {command && <CommandAccessCheck commandId={command.id} guildId={command.guild_id} args={args} />}
        </section>
      </div>
      <ConfirmDialog
        open={confirming}
        title={`Delete ${command?.name ?? ''}?`}
        confirmLabel="Delete command"
        busy={saving}
        onConfirm={remove}
        onCancel={() => setConfirming(false)}
      >
        The bot stops answering it at once. Its past uses stay in the logs. It can be restored for 30 days.
      </ConfirmDialog>
    </>
  );
}

interface FieldProps {
  name: string;
  label: string;
  hint?: string;
  error?: string | undefined;
  optional?: boolean;
  children: (props: { id: string; name: string; 'aria-invalid': boolean; 'aria-describedby': string }) => ReactNode;
}

/** A labelled control with its hint, and the API's message for it when there is one. */
function Field({ name, label: text, hint, error, optional, children }: FieldProps) {
  const id = `field-${name}`;
  const describedBy = useId();
  return (
    <div>
      <label htmlFor={id} className={label}>
        {text}
        {optional && <span className="ml-1 font-normal text-zinc-500 dark:text-zinc-400">(optional)</span>}
      </label>
      <div className="mt-1">{children({ id, name, 'aria-invalid': Boolean(error), 'aria-describedby': describedBy })}</div>
      <p id={describedBy} className={`mt-1.5 text-xs ${error ? 'font-medium text-red-600 dark:text-red-400' : 'text-zinc-500 dark:text-zinc-400'}`} data-field-error={error ? name : undefined}>
        {error ?? hint}
      </p>
    </div>
  );
}
