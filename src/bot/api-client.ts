// The split bot's link to the API process: settings from /api/guilds/:guild_id/settings, log batches
// to /api/logs (modules reach the API through it too). An API refusal comes back as the AppError the API's service threw.

import { actorHeader } from '../features/audit/actor.ts';
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

/** A guild's settings as the API has them; `/settings` changes them through it, as the user who typed it. */
export function apiSettingsSource(api: ApiClient): SettingsSource {
  return {
    get: (guildId) => api.request<GuildSettings>('GET', `/api/guilds/${guildId}/settings`),
    change: (guildId, changes, actor) => api.request<GuildSettings>('PATCH', `/api/guilds/${guildId}/settings`, changes, actorHeader(actor)),
  };
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
