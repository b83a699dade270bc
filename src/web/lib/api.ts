// The dashboard's only door to the server: the public /api, same origin, with the session cookie.

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

export interface Guild {
  id: string;
  name: string;
  icon_url: string | null;
}

/** A guild the caller manages, and whether the bot is in it (null: unknown). */
export interface ManagedGuild extends Guild {
  has_bot: boolean | null;
  /** The bot invite for this guild, when the bot is not in it. */
  invite_url: string | null;
}

export interface Me {
  kind: 'token' | 'session';
  user: { id: string; name: string; avatar_url: string | null } | null;
  is_global_admin: boolean;
  /** read: a read-only dashboard role; edit: Manage Server, Administrator or an edit role. */
  guilds: (Guild & { access: 'read' | 'edit' })[];
}

export interface CustomCommand {
  id: string;
  guild_id: string | null;
  name: string;
  response: string;
  description: string;
  aliases: string[];
  cooldown_seconds: number;
  enabled: boolean;
  use_count: number;
  created_by: string | null;
  created_at: string;
  updated_at: string;
  /** Set on the commands listed with `deleted=true`. */
  deleted_at?: string | null;
  trigger?: CommandTrigger | null;
  responses?: string[];
  channel_cooldown_seconds?: number;
  guild_cooldown_seconds?: number;
  permissions?: CommandPermissions;
}

export interface CommandTrigger {
  type: 'exact' | 'starts_with' | 'contains' | 'regex';
  pattern: string;
  case_sensitive: boolean;
}

/** Role and channel ids; a deny wins, then each non-empty allow list must be met. */
export interface CommandPermissions {
  allow_roles: string[];
  deny_roles: string[];
  allow_channels: string[];
  deny_channels: string[];
}

/** GET /api/commands/:id/stats */
export interface CommandStats {
  uses: number;
  errors: number;
  error_rate: number;
  denied: number;
  last_used_at: string | null;
  last_error: { occurred_at: string; error: string } | null;
  top_users: { user_id: string; user_name: string; uses: number }[];
}

/** One item of GET /api/commands/:id/versions */
export interface CommandVersion {
  version: number;
  action: 'create' | 'update' | 'delete' | 'restore';
  diff: Record<string, { from: unknown; to: unknown }>;
  actor_id: string | null;
  source: 'api' | 'dashboard' | 'discord';
  created_at: string;
}

export type CommandInput = Pick<CustomCommand, 'name' | 'response' | 'description' | 'aliases' | 'cooldown_seconds' | 'enabled'>;

export const LOG_STATUSES = ['ok', 'error', 'not_found', 'denied', 'cooldown'] as const;
export type LogStatus = (typeof LOG_STATUSES)[number];

export interface CommandLog {
  id: string;
  occurred_at: string;
  guild_id: string | null;
  channel_id: string | null;
  user_id: string;
  user_name: string;
  command: string;
  args: string;
  source: 'prefix' | 'slash' | 'console';
  status: LogStatus;
  latency_ms: number;
  error: string | null;
}

export interface Overview {
  custom_commands: number;
  uses: number;
  uses_24h: number;
  top_commands: { command: string; uses: number }[];
  uses_by_day: { day: string; uses: number }[];
}

export interface Page<T> {
  items: T[];
  next_cursor: string | null;
}

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
