// The guild's channels, roles and members by name (GET /api/guilds/:guild_id/…), fetched once per
// page load and shared by every picker; member names are looked up as they are needed.
import { useEffect, useState } from 'react';
import type { DirectoryChannel, DirectoryMember, DirectoryRole } from '../../features/guilds/schema.ts';
import { api } from './api.ts';

export type Lookup<T> = { state: 'loading' } | { state: 'ready'; items: T[] } | { state: 'error'; error: Error };

const lists = new Map<string, Promise<unknown[]>>();
const members = new Map<string, Promise<DirectoryMember | null>>();

function list<T>(guildId: string, kind: 'channels' | 'roles'): Promise<T[]> {
  const key = `${guildId}:${kind}`;
  let found = lists.get(key);
  if (!found) {
    found = api<{ items: T[] }>('GET', `/api/guilds/${guildId}/${kind}`).then((page) => page.items);
    // A failure is not kept: the next picker to open tries again.
    found.catch(() => lists.delete(key));
    lists.set(key, found);
  }
  return found as Promise<T[]>;
}

/** The guild's channels or roles; loading, then the list or why not. */
export function useDirectory<T extends DirectoryChannel | DirectoryRole>(guildId: string, kind: 'channels' | 'roles'): Lookup<T> {
  const [lookup, setLookup] = useState<Lookup<T>>({ state: 'loading' });
  useEffect(() => {
    let current = true;
    list<T>(guildId, kind).then(
      (items) => current && setLookup({ state: 'ready', items }),
      (error: Error) => current && setLookup({ state: 'error', error }),
    );
    return () => {
      current = false;
    };
  }, [guildId, kind]);
  return lookup;
}

/** Members whose name starts with `query` (none for an empty query). */
export async function searchMembers(guildId: string, query: string, signal?: AbortSignal): Promise<DirectoryMember[]> {
  if (!query.trim()) return [];
  const page = await api<{ items: DirectoryMember[] }>('GET', `/api/guilds/${guildId}/members?${new URLSearchParams({ query: query.trim(), limit: '10' })}`, undefined, signal ? { signal } : {});
  for (const member of page.items) members.set(`${guildId}:${member.id}`, Promise.resolve(member));
  return page.items;
}

/**
 * The members among `ids`, by id: one request for those not yet known; a member who left maps to
 * null. Errors (no bot token, Discord down) leave every id unresolved.
 */
export function useMembers(guildId: string | null, ids: readonly string[]): Map<string, DirectoryMember | null> {
  const [known, setKnown] = useState(() => new Map<string, DirectoryMember | null>());
  const key = ids.join(',');
  useEffect(() => {
    if (!guildId || key === '') return;
    let current = true;
    const wanted = key.split(',');
    const missing = wanted.filter((id) => !members.has(`${guildId}:${id}`));
    // The route takes up to 100 ids a request.
    for (let start = 0; start < missing.length; start += 100) {
      const ids = missing.slice(start, start + 100);
      const batch = api<{ items: DirectoryMember[] }>('GET', `/api/guilds/${guildId}/members?ids=${ids.join(',')}`).then((page) => page.items);
      for (const id of ids) {
        const one = batch.then((items) => items.find((m) => m.id === id) ?? null);
        one.catch(() => members.delete(`${guildId}:${id}`));
        members.set(`${guildId}:${id}`, one);
      }
    }
    Promise.allSettled(wanted.map((id) => members.get(`${guildId}:${id}`))).then((results) => {
      if (!current) return;
      const next = new Map<string, DirectoryMember | null>();
      results.forEach((result, i) => {
        if (result.status === 'fulfilled' && result.value !== undefined) next.set(wanted[i] ?? '', result.value);
      });
      setKnown(next);
    });
    return () => {
      current = false;
    };
  }, [guildId, key]);
  return known;
}
