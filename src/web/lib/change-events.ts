// Tells a view when data it shows changed elsewhere (another admin, the bot, the API), from the
// API's change stream (GET /api/events, fed by PostgreSQL NOTIFY), so it can load it again.
import { useEffect, useRef } from 'react';
import type { ChangeEvent } from '../../api/events.ts';

type GuildChange = Extract<ChangeEvent, { guild_id: string | null }>['type'];

/**
 * Calls `onChange` when a `type` event names `guildId` (or every guild), when the stream says events
 * were missed (`reset`), and when it opens again after a drop: a stream that had seen no event yet
 * resumes from nothing, so what changed meanwhile is loaded rather than assumed unchanged.
 */
export function useGuildChanges(type: GuildChange, guildId: string | null, onChange: () => void): void {
  const latest = useRef(onChange);
  latest.current = onChange;
  useEffect(() => {
    if (!guildId || typeof EventSource === 'undefined') return;
    const events = new EventSource('/api/events');
    let opened = false;
    events.addEventListener('open', () => {
      if (opened) latest.current();
      opened = true;
    });
    events.addEventListener(type, (message) => {
      const event = JSON.parse((message as MessageEvent<string>).data) as { guild_id: string | null };
      if (event.guild_id === null || event.guild_id === guildId) latest.current();
    });
    events.addEventListener('reset', () => latest.current());
    return () => events.close();
  }, [type, guildId]);
}
