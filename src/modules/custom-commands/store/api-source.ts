// The command source of a split bot: Concord's API, read a page at a time.

import { actorHeader } from '../../../features/audit/actor.ts';
import type { ChangeActor } from '../../../features/audit/queries.ts';
import type { ConcordApi } from '../../../module-kit/contract.ts';
import type { CommandChanges, CustomCommand, NewCommand } from '../data/queries.ts';
import type { CommandSource } from './store.ts';

type Page = { items: CustomCommand[]; next_cursor: string | null };

/** The commands as the API has them (a split bot); `/command` changes them through it, as the user who typed it. */
export function apiCommandSource(api: ConcordApi): CommandSource {
  const all = async (query: string) => {
    const items: CustomCommand[] = [];
    let cursor: string | null = null;
    do {
      const page: Page = await api.request('GET', `/api/commands?${query}&limit=200${cursor ? `&cursor=${cursor}` : ''}`);
      items.push(...page.items);
      cursor = page.next_cursor;
    } while (cursor);
    return items;
  };
  return {
    async listForGuild(guildId) {
      const [own, global] = await Promise.all([guildId ? all(`guild_id=${guildId}`) : [], all('guild_id=global')]);
      return [...own, ...global];
    },
    async guildsWithApplicationCommands(guildIds) {
      // The API lists one guild at a time; its own commands only (the global ones are registered globally).
      const lists = await Promise.all(guildIds.map(async (id) => ({ id, own: await all(`guild_id=${id}`) })));
      return lists.filter(({ own }) => own.some((c) => c.slash || c.context)).map(({ id }) => id);
    },
    create: (input: NewCommand, actor?: ChangeActor) => api.request('POST', '/api/commands', input, actorHeader(actor)),
    update: (id: string, changes: CommandChanges, actor?: ChangeActor) =>
      api.request('PATCH', `/api/commands/${id}`, changes, actorHeader(actor)),
    async remove(id: string, actor?: ChangeActor) {
      const command = await api.request<CustomCommand>('GET', `/api/commands/${id}`);
      await api.request('DELETE', `/api/commands/${id}`, undefined, actorHeader(actor));
      return command;
    },
  };
}
