// What the Cases pages share: the actions and their badges (named as the mod log names them), who
// acted, the bot's sentences with their mentions as names, and the page shown where moderation is off.
import type { DirectoryMember } from '../../features/guilds/schema.ts';
import { ACTION_LABEL } from '../../modules/moderation/mod-log.ts';
import type { Scope } from '../components/layout.tsx';
import { EmptyState } from '../components/states.tsx';
import { button } from '../components/ui.ts';
import { UserName } from '../components/user-name.tsx';
import { ApiError, type Case, type CaseAction } from '../lib/api.ts';
import { useMembers } from '../lib/directory.ts';
import { Link } from '../lib/router.tsx';

/** Every action a case may have, in the module's order: the mod log's labels are the one list of them. */
export const CASE_ACTIONS = Object.keys(ACTION_LABEL) as CaseAction[];

// An action without a colour here (one added later) is drawn in grey.
const BADGE: Partial<Record<CaseAction, string>> = {
  warn: 'bg-amber-50 text-amber-800 ring-amber-600/20 dark:bg-amber-500/10 dark:text-amber-300 dark:ring-amber-400/30',
  timeout: 'bg-orange-50 text-orange-800 ring-orange-600/20 dark:bg-orange-500/10 dark:text-orange-300 dark:ring-orange-400/30',
  kick: 'bg-red-50 text-red-700 ring-red-600/20 dark:bg-red-500/10 dark:text-red-300 dark:ring-red-400/30',
  ban: 'bg-rose-100 text-rose-800 ring-rose-700/30 dark:bg-rose-500/15 dark:text-rose-300 dark:ring-rose-400/40',
  untimeout: 'bg-emerald-50 text-emerald-700 ring-emerald-600/20 dark:bg-emerald-500/10 dark:text-emerald-300 dark:ring-emerald-400/30',
  unban: 'bg-emerald-50 text-emerald-700 ring-emerald-600/20 dark:bg-emerald-500/10 dark:text-emerald-300 dark:ring-emerald-400/30',
};
const GREY = 'bg-zinc-100 text-zinc-700 ring-zinc-500/20 dark:bg-zinc-800 dark:text-zinc-300 dark:ring-zinc-400/30';

export function actionLabel(action: CaseAction): string {
  return ACTION_LABEL[action];
}

export function ActionBadge({ action }: { action: CaseAction }) {
  return <span className={`inline-flex shrink-0 rounded-full px-2 py-0.5 text-xs font-medium ring-1 ring-inset ${BADGE[action] ?? GREY}`}>{actionLabel(action)}</span>;
}

/** The moderator by name, or the rule that acted (escalation, automod, the API token). */
export function Actor({ c, members }: { c: Pick<Case, 'moderator_id' | 'rule'>; members: ReadonlyMap<string, DirectoryMember | null> }) {
  if (c.moderator_id) return <UserName id={c.moderator_id} member={members.get(c.moderator_id)} />;
  return <span className="italic">{c.rule ?? 'Concord'}</span>;
}

/** The cases page filtered to one member: their history. */
export function historyPath(scope: Scope, userId: string): string {
  return `/servers/${scope.key}/cases?member=${userId}`;
}

/** A sentence of the moderation module (a refusal), its `<@id>` mentions shown as names. */
export function ModerationMessage({ guildId, text }: { guildId: string; text: string }) {
  const parts = text.split(/<@!?(\d{17,20})>/);
  const members = useMembers(
    guildId,
    parts.filter((_, i) => i % 2 === 1),
  );
  return (
    <>
      {parts.map((part, i) =>
        // Odd parts are the ids the split captured; a part's place in the sentence is its identity.
        // biome-ignore lint/suspicious/noArrayIndexKey: the sentence does not change under the list.
        i % 2 === 1 ? <UserName key={i} id={part} member={members.get(part)} /> : <span key={i}>{part}</span>,
      )}
    </>
  );
}

/** The API's 404 where the moderation module is off in the guild. */
export function isModuleOff(error: Error | undefined): boolean {
  return error instanceof ApiError && error.code === 'MODULE_OFF';
}

export function ModuleOffState({ scope }: { scope: Scope }) {
  return (
    <EmptyState
      icon="shield"
      title="Moderation is off in this server"
      action={
        scope.canEdit !== false ? (
          <Link to={`/servers/${scope.key}/modules`} className={button.secondary}>
            Turn it on in Modules
          </Link>
        ) : undefined
      }
    >
      Cases are kept by the moderation module.
    </EmptyState>
  );
}
