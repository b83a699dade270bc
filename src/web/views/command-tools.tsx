// Under a server's command list: export the commands as a file, import a file (a dry run first, with
// its conflicts), bring back deleted commands, and see the ones nobody used in 30 days.
import { type ChangeEvent, useState } from 'react';
import { useToast } from '../components/toasts.tsx';
import { button, card } from '../components/ui.ts';
import { api, type CustomCommand, type ImportReport, type UnusedCommands } from '../lib/api.ts';
import { formatDateTime } from '../lib/format.ts';
import { useResource } from '../lib/use-resource.ts';

/** `listed`: the list above; when it changes (a delete, a restore), the panels load again. */
export function CommandTools({ guildId, listed, onChange }: { guildId: string; listed: readonly CustomCommand[]; onChange: () => void }) {
  const [version, setVersion] = useState(0);
  const listKey = listed.map((c) => c.id).join(',');
  const [file, setFile] = useState<unknown>(null);
  const [report, setReport] = useState<ImportReport | null>(null);
  const toast = useToast();
  const deleted = useResource(`deleted:${guildId}:${version}:${listKey}`, (signal) =>
    api<{ items: CustomCommand[] }>('GET', `/api/commands?guild_id=${guildId}&deleted=true`, undefined, { signal }),
  );
  const unused = useResource(`unused:${guildId}:${version}`, (signal) =>
    api<UnusedCommands>('GET', `/api/guilds/${guildId}/commands/unused?days=30`, undefined, { signal }),
  );
  const changed = () => {
    setVersion((n) => n + 1);
    onChange();
  };
  const fail = (error: unknown) => toast(`That did not work: ${(error as Error).message}`, 'error');

  const download = async () => {
    const data = await api<unknown>('GET', `/api/guilds/${guildId}/commands/export`).catch(fail);
    if (!data) return;
    const link = document.createElement('a');
    link.href = URL.createObjectURL(new Blob([JSON.stringify(data, null, 2)], { type: 'application/json' }));
    link.download = `commands-${guildId}.json`;
    link.click();
    URL.revokeObjectURL(link.href);
  };
  const pick = async (event: ChangeEvent<HTMLInputElement>) => {
    const chosen = event.target.files?.[0];
    if (!chosen) return;
    try {
      const parsed: unknown = JSON.parse(await chosen.text());
      setFile(parsed);
      // The dry run as if skipping conflicts: it counts what would be created and lists each conflict.
      setReport(await api<ImportReport>('POST', `/api/guilds/${guildId}/commands/import?on_conflict=skip`, parsed));
    } catch (error) {
      setFile(null);
      setReport(null);
      fail(error);
    }
  };
  const runImport = async (onConflict: 'skip' | 'overwrite') => {
    const done = await api<ImportReport>('POST', `/api/guilds/${guildId}/commands/import?dry_run=false&on_conflict=${onConflict}`, file).catch(fail);
    if (!done) return;
    toast(`Imported: ${done.created.length} created, ${done.updated.length} replaced, ${done.skipped.length} skipped.`, 'success');
    setFile(null);
    setReport(null);
    changed();
  };
  const restore = async (command: CustomCommand) => {
    if (await api('POST', `/api/commands/${command.id}/restore`).then(() => true, fail)) changed();
  };

  return (
    <div className="mt-6 grid items-start gap-6 lg:grid-cols-3">
      <section className={`${card} p-5`} aria-labelledby="transfer-title">
        <h2 id="transfer-title" className="font-semibold">
          Export and import
        </h2>
        <div className="mt-3 flex flex-wrap gap-2">
          <button type="button" className={button.secondary} onClick={() => void download()}>
            Export as JSON
          </button>
          <label className={`${button.secondary} cursor-pointer`}>
            Import a file…
            <input type="file" accept="application/json,.json" className="sr-only" onChange={(e) => void pick(e)} data-testid="import-file" />
          </label>
        </div>
        {report && (
          <div className="mt-3 grid gap-2 text-sm" data-testid="import-report">
            <p>
              Would create {report.created.length}; {report.conflicts.length} conflict
              {report.conflicts.length === 1 ? '' : 's'}.
            </p>
            {report.conflicts.length > 0 && (
              <ul className="list-inside list-disc text-amber-700 dark:text-amber-300">
                {report.conflicts.map((c) => (
                  <li key={c.name}>
                    {c.name}: {c.kind === 'name' ? 'a command of that name exists' : `a name or alias meets ${c.existing_name}`}
                  </li>
                ))}
              </ul>
            )}
            {report.notes.map((note) => (
              <p key={note} className="text-zinc-500 dark:text-zinc-400">
                {note}
              </p>
            ))}
            <div className="flex flex-wrap gap-2">
              <button type="button" className={button.primary} onClick={() => void runImport('skip')}>
                Import, skipping conflicts
              </button>
              {report.conflicts.some((c) => c.kind === 'name') && (
                <button type="button" className={button.secondary} onClick={() => void runImport('overwrite')}>
                  Import, replacing same names
                </button>
              )}
            </div>
          </div>
        )}
      </section>
      <section className={`${card} p-5`} aria-labelledby="deleted-title">
        <h2 id="deleted-title" className="font-semibold">
          Deleted in the last 30 days
        </h2>
        <ul className="mt-3 grid gap-2 text-sm" data-testid="deleted-commands">
          {deleted.state === 'ready' && deleted.data.items.length === 0 && <li className="text-zinc-500 dark:text-zinc-400">None.</li>}
          {deleted.data?.items.map((c) => (
            <li key={c.id} className="flex items-center justify-between gap-2">
              <span>
                <code>{c.name}</code> <span className="text-zinc-500 dark:text-zinc-400">{c.deleted_at ? formatDateTime(c.deleted_at) : ''}</span>
              </span>
              <button type="button" className={button.ghost} onClick={() => void restore(c)}>
                Restore
              </button>
            </li>
          ))}
        </ul>
      </section>
      <section className={`${card} p-5`} aria-labelledby="unused-title">
        <h2 id="unused-title" className="font-semibold">
          Not used in 30 days
        </h2>
        <ul className="mt-3 grid gap-1 text-sm" data-testid="unused-commands">
          {unused.state === 'ready' && unused.data.items.length === 0 && <li className="text-zinc-500 dark:text-zinc-400">None: every command older than 30 days was used.</li>}
          {unused.data?.items.map((c) => (
            <li key={c.id}>
              <code>{c.name}</code> <span className="text-zinc-500 dark:text-zinc-400">{c.last_used_at ? `last used ${formatDateTime(c.last_used_at)}` : 'never used'}</span>
            </li>
          ))}
        </ul>
      </section>
    </div>
  );
}
