// "Would this member be allowed here?": asks the API to preview the saved command as a given member
// in a given channel, which names the rule that says no, without sending anything.
import { type FormEvent, useState } from 'react';
import { button, input, label } from '../components/ui.ts';
import { api } from '../lib/api.ts';

interface PreviewAnswer {
  allowed: boolean;
  denied_by: { rule: string; message: string } | null;
  content: string | null;
  problem: string | null;
  usage: string;
}

const ids = (text: string) => text.split(/[\s,]+/).filter(Boolean);

export function CommandAccessCheck({ commandId, args }: { commandId: string; args: string }) {
  const [userId, setUserId] = useState('');
  const [channelId, setChannelId] = useState('');
  const [roles, setRoles] = useState('');
  const [answer, setAnswer] = useState<PreviewAnswer | string | null>(null);
  const check = async (event: FormEvent) => {
    event.preventDefault();
    try {
      const body = { user_id: userId.trim(), channel_id: channelId.trim() || null, role_ids: ids(roles), args };
      setAnswer(await api<PreviewAnswer>('POST', `/api/commands/${commandId}/preview`, body));
    } catch (error) {
      setAnswer((error as Error).message);
    }
  };
  return (
    <form className="mt-5 grid gap-2 border-t border-zinc-200 pt-4 dark:border-zinc-800" onSubmit={check} aria-label="Check a member">
      <p className="text-sm font-medium">Would a member be allowed? (saved version)</p>
      <label className={label}>
        User id <input className={input} value={userId} onChange={(e) => setUserId(e.target.value)} inputMode="numeric" />
      </label>
      <label className={label}>
        Channel id <input className={input} value={channelId} onChange={(e) => setChannelId(e.target.value)} inputMode="numeric" />
      </label>
      <label className={label}>
        Role ids <input className={input} value={roles} onChange={(e) => setRoles(e.target.value)} placeholder="comma separated" />
      </label>
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
