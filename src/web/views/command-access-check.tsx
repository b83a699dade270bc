// "Would this member be allowed here?": asks the API to preview the saved command as a given member
// in a given channel, which names the rule that says no, without sending anything.
import { type FormEvent, useState } from 'react';
import { IdPicker } from '../components/id-picker.tsx';
import { button, label } from '../components/ui.ts';
import { api, type CommandPreview } from '../lib/api.ts';

/** `guildId` is the command's guild (null for a global one, whose fields take ids). */
export function CommandAccessCheck({ commandId, guildId, args }: { commandId: string; guildId: string | null; args: string }) {
  const [userId, setUserId] = useState<string[]>([]);
  const [channelId, setChannelId] = useState<string[]>([]);
  const [roles, setRoles] = useState<string[]>([]);
  const [answer, setAnswer] = useState<CommandPreview | string | null>(null);
  const check = async (event: FormEvent) => {
    event.preventDefault();
    try {
      const body = { user_id: userId[0] ?? '', channel_id: channelId[0] ?? null, role_ids: roles, args };
      setAnswer(await api<CommandPreview>('POST', `/api/commands/${commandId}/preview`, body));
    } catch (error) {
      setAnswer((error as Error).message);
    }
  };
  return (
    <form className="mt-5 grid gap-2 border-t border-zinc-200 pt-4 dark:border-zinc-800" onSubmit={check} aria-label="Check a member">
      <p className="text-sm font-medium">Would a member be allowed? (saved version)</p>
      <label htmlFor="check-user" className={label}>
        Member
      </label>
      <IdPicker id="check-user" guildId={guildId} kind="member" value={userId} onChange={setUserId} />
      <label htmlFor="check-channel" className={label}>
        Channel
      </label>
      <IdPicker id="check-channel" guildId={guildId} kind="channel" value={channelId} onChange={setChannelId} />
      <label htmlFor="check-roles" className={label}>
        With the roles
      </label>
      <IdPicker id="check-roles" guildId={guildId} kind="role" multiple value={roles} onChange={setRoles} />
      <button type="submit" className={button.secondary}>
        Check
      </button>
      {answer !== null && (
        <p className="text-sm" role="status" data-testid="access-check">
          {typeof answer === 'string'
            ? answer
            : answer.allowed
              ? `Allowed. ${answer.content ?? `${answer.problem}. Usage: ${answer.usage}`}`
              : `Refused: ${answer.denied_by?.message}.`}
        </p>
      )}
    </form>
  );
}
