// The dashboard's only door to the server: the public /api, same origin, with the session cookie.

import type * as v from 'valibot';
import type { ManagedGuild as ManagedGuildSchema } from '../../api/guild-directory.ts';
import type { Me as MeSchema } from '../../api/me.ts';
import type { Overview as OverviewSchema } from '../../api/overview.ts';
import type { CommandOut } from '../../modules/custom-commands/routes/commands.ts';
import type { PreviewOut } from '../../modules/custom-commands/routes/preview.ts';
import type { StatsOut, UnusedList } from '../../modules/custom-commands/routes/stats.ts';
import type { VersionOut } from '../../modules/custom-commands/routes/versions.ts';
import type { ErrorGroupOut } from '../../modules/errors/routes.ts';
import type { ChannelFaultOut, EntryOut } from '../../modules/event-log/routes.ts';
import type { LogOut } from '../../modules/logs/routes.ts';
import type { ActBody, CaseCounts as CaseCountsSchema, CaseOut } from '../../modules/moderation/routes.ts';
import type { ScheduleOut } from '../../modules/reminders/routes-schedules.ts';
import type { GuildStats as GuildStatsSchema } from '../../modules/stats/routes.ts';

export interface FieldError {
  field: string;
  message: string;
}

export interface Problem {
  type?: string;
  title?: string;
  status: number;
  detail: string;
  code: string;
  request_id?: string;
  errors?: FieldError[];
}

/** A failed API call, carrying the problem+json the server sent (or one made up for network trouble). */
export class ApiError extends Error {
  override name = 'ApiError';
  readonly status: number;
  readonly code: string;
  readonly errors: FieldError[];
  constructor(problem: Problem) {
    super(problem.detail);
    this.status = problem.status;
    this.code = problem.code;
    this.errors = problem.errors ?? [];
  }
}

// The wire shapes, inferred from the response schemas the routes declare (the OpenAPI document is
// built from the same ones): imported type-only, so none of the server, nor valibot, reaches the bundle.
/** GET /api/modules (one item), and a module in a guild: GET and PATCH /api/guilds/:guild_id/modules. */
export type { GuildModuleView, ModuleView } from '../../api/modules.ts';
export type { ImportReport } from '../../modules/custom-commands/transfer.ts';
export type { LeaderboardRow } from '../../modules/stats/schema.ts';
export type { Page } from '../../platform/http/pagination.ts';

/** GET /api/me: the caller and the guilds they may use (read: a read-only dashboard role; edit: Manage Server, Administrator or an edit role). */
export type Me = v.InferOutput<typeof MeSchema>;
/** A guild the caller manages, whether the bot is in it (null: unknown), and its invite when not. */
export type ManagedGuild = v.InferOutput<typeof ManagedGuildSchema>;
export type CustomCommand = v.InferOutput<typeof CommandOut>;
export type CommandTrigger = NonNullable<CustomCommand['trigger']>;
/** Role and channel ids; a deny wins, then each non-empty allow list must be met. */
export type CommandPermissions = CustomCommand['permissions'];
export type CommandInput = Pick<CustomCommand, 'name' | 'response' | 'description' | 'aliases' | 'cooldown_seconds' | 'enabled'>;
/** GET /api/commands/:id/stats */
export type CommandStats = v.InferOutput<typeof StatsOut>;
/** GET /api/guilds/:guild_id/commands/unused */
export type UnusedCommands = v.InferOutput<typeof UnusedList>;
/** One item of GET /api/commands/:id/versions */
export type CommandVersion = v.InferOutput<typeof VersionOut>;
/** POST /api/commands/:id/preview */
export type CommandPreview = v.InferOutput<typeof PreviewOut>;
export type CommandLog = v.InferOutput<typeof LogOut>;
export type EventEntry = v.InferOutput<typeof EntryOut>;
export type LogChannelFault = v.InferOutput<typeof ChannelFaultOut>;
/** A moderation case: GET /api/guilds/:guild_id/cases (one item), GET and PATCH …/cases/:number. */
export type Case = v.InferOutput<typeof CaseOut>;
export type CaseAction = Case['action'];
/** GET /api/guilds/:guild_id/cases/counts?user_id= */
export type CaseCounts = v.InferOutput<typeof CaseCountsSchema>;
/** POST /api/guilds/:guild_id/cases */
export type CaseActBody = v.InferInput<typeof ActBody>;
export type LogStatus = CommandLog['status'];
export type Overview = v.InferOutput<typeof OverviewSchema>;
export type Schedule = v.InferOutput<typeof ScheduleOut>;
/** GET /api/stats */
export type GuildStats = v.InferOutput<typeof GuildStatsSchema>;
export type ErrorGroup = v.InferOutput<typeof ErrorGroupOut>;

/** Told when the server answers 401: the session ended, so the app shows the login again. */
export const sessionEvents = new EventTarget();

type Fetch = typeof fetch;

/** Calls `path` on the API; resolves with the JSON body, or rejects with an ApiError. */
export async function api<T>(method: string, path: string, body?: unknown, init: { signal?: AbortSignal; fetch?: Fetch } = {}): Promise<T> {
  const doFetch = init.fetch ?? fetch;
  let response: Response;
  try {
    response = await doFetch(path, {
      method,
      credentials: 'same-origin',
      headers: body === undefined ? { accept: 'application/json' } : { accept: 'application/json', 'content-type': 'application/json' },
      body: body === undefined ? undefined : JSON.stringify(body),
      signal: init.signal,
    });
  } catch (error) {
    if ((error as Error).name === 'AbortError') throw error;
    throw new ApiError({ status: 0, code: 'NETWORK', detail: 'The server cannot be reached. Check your connection and try again.' });
  }
  if (response.status === 204) return undefined as T;
  const text = await response.text();
  const json: unknown = text ? safeJson(text) : undefined;
  if (response.ok) return json as T;
  const problem = isProblem(json)
    ? json
    : { status: response.status, code: 'HTTP_ERROR', detail: `The server answered ${response.status} ${response.statusText}.` };
  if (response.status === 401 && path !== '/api/me') sessionEvents.dispatchEvent(new Event('expired'));
  throw new ApiError(problem);
}

/** `?a=1&b=2` from the defined, non-empty values of `params`. */
export function query(params: Record<string, string | number | undefined | null>): string {
  const search = new URLSearchParams();
  for (const [key, value] of Object.entries(params)) {
    if (value !== undefined && value !== null && value !== '') search.set(key, String(value));
  }
  const text = search.toString();
  return text ? `?${text}` : '';
}

function safeJson(text: string): unknown {
  try {
    return JSON.parse(text);
  } catch {
    return undefined;
  }
}

function isProblem(value: unknown): value is Problem {
  return typeof value === 'object' && value !== null && typeof (value as Problem).code === 'string' && typeof (value as Problem).detail === 'string';
}
