// The split bot's link to the API process: custom commands from /api/commands, settings from
// /api/guilds/:guild_id/settings, log batches to /api/logs. An API refusal comes back as the AppError the API's service threw.

import { ACTOR_HEADER } from '../features/audit/actor.ts';
import type { ChangeActor } from '../features/audit/queries.ts';
import type { CommandChanges, CustomCommand, NewCommand } from '../features/custom-commands/queries.ts';
import type { CommandSource } from '../features/custom-commands/store.ts';
import type { CommandLogEntry } from '../features/logs/queries.ts';
import type { GuildModule } from '../features/modules/queries.ts';
import type { GuildSettings } from '../features/settings/queries.ts';
import type { SettingsSource } from '../features/settings/store.ts';
import { appErrorOf, HttpError } from '../platform/http/problem.ts';

const TIMEOUT_MS = 10_000;

export interface ApiClient {
  request<T>(method: string, path: string, body?: unknown, headers?: Record<string, string>): Promise<T>;
}

export function createApiClient(baseUrl: string, token: string): ApiClient {
  return {
    async request<T>(method: string, path: string, body?: unknown, headers: Record<string, string> = {}): Promise<T> {
      const res = await fetch(`${baseUrl}${path}`, {
        method,
        headers: { ...headers, authorization: `Bearer ${token}`, ...(body === undefined ? {} : { 'content-type': 'application/json' }) },
        body: body === undefined ? null : JSON.stringify(body),
        signal: AbortSignal.timeout(TIMEOUT_MS),
      });
      const text = await res.text();
      const json: unknown = text ? JSON.parse(text) : undefined;
      if (!res.ok) {
        const problem = (json ?? {}) as { code?: string; detail?: string; errors?: { field: string; message: string }[] };
        const detail = problem.detail ?? `${method} ${path} answered ${res.status}`;
        // What is not a service's refusal (a wrong token, a 500) stays an HTTP failure: ours, not the user's.
        throw appErrorOf(res.status, problem, detail) ?? new HttpError(res.status, problem.code ?? 'API_ERROR', detail, { errors: problem.errors });
      }
      return json as T;
    },
  };
}

type Page = { items: CustomCommand[]; next_cursor: string | null };

export function apiCommandSource(api: ApiClient): CommandSource {
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

/** A guild's settings as the API has them; `/settings` changes them through it, as the user who typed it. */
export function apiSettingsSource(api: ApiClient): SettingsSource {
  return {
    get: (guildId) => api.request<GuildSettings>('GET', `/api/guilds/${guildId}/settings`),
    change: (guildId, changes, actor) => api.request<GuildSettings>('PATCH', `/api/guilds/${guildId}/settings`, changes, actorHeader(actor)),
  };
}

/** Tells the API which Discord user a change from `/command` is for, so its history names them. */
function actorHeader(actor: ChangeActor | undefined): Record<string, string> {
  return actor?.source === 'discord' && actor.user_id ? { [ACTOR_HEADER]: `discord:${actor.user_id}` } : {};
}

/** A log-writer target that posts batches to the API (idempotent by event id). */
export function apiLogWrite(api: ApiClient) {
  return async (batch: CommandLogEntry[]) => {
    await api.request('POST', '/api/logs', { items: batch });
  };
}

/** A guild's module rows, read back from GET /api/guilds/:guild_id/modules (whose values are resolved). */
export function apiModuleRows(api: ApiClient): (guildId: string) => Promise<GuildModule[]> {
  return async (guildId) => {
    const body = await api.request<{ items: { name: string; enabled: boolean; settings: Record<string, unknown>; version: number; updated_at: string | null; updated_by: string | null }[] }>(
      'GET',
      `/api/guilds/${guildId}/modules`,
    );
    return body.items.map((item) => ({ guild_id: guildId, module: item.name, ...item }));
  };
}
