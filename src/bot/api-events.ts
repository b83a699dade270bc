// The split bot's ear on the API: GET /api/events (Server-Sent Events) tells it at once which
// guild's custom commands, settings or modules changed. Reconnects with Last-Event-ID (the API ends each
// stream after a minute); while the stream is down, the command cache's TTL still bounds how stale a list can be.
import type { Logger } from '../platform/log.ts';

export interface ApiEventsOptions {
  baseUrl: string;
  token: string;
  log: Logger;
  /** A guild's commands changed (`null`: a global command, or events were missed: every guild). */
  onCommandChange(guildId: string | null): void;
  /** A guild's settings changed (`null`: events were missed: every guild's). */
  onSettingsChange?(guildId: string | null): void;
  /** A guild's modules changed (`null`: events were missed: every guild's). */
  onModuleChange?(guildId: string | null): void;
  /** No bytes for this long (the API sends a heartbeat every 15 s) means the stream is dead. */
  silenceMs?: number;
}

export interface ApiEvents {
  /** Resolves once the first connection is open (or failed: the loop keeps trying). */
  ready: Promise<void>;
  close(): void;
}

export function followApiEvents({ baseUrl, token, log, onCommandChange, onSettingsChange, onModuleChange, silenceMs = 45_000 }: ApiEventsOptions): ApiEvents {
  let lastEventId: string | undefined;
  let stopped = false;
  // The API ends every stream after a minute: only a first connection, or one after trouble, is news.
  let announced = false;
  let current: AbortController | undefined;
  let markReady: () => void = () => {};
  const ready = new Promise<void>((resolve) => {
    markReady = resolve;
  });

  const missed = () => {
    onCommandChange(null);
    onSettingsChange?.(null);
    onModuleChange?.(null);
  };

  const handle = (block: string) => {
    let event = 'message';
    let data = '';
    for (const line of block.split('\n')) {
      if (line.startsWith(':') || line === '') continue;
      const colon = line.indexOf(':');
      const field = colon === -1 ? line : line.slice(0, colon);
      const value = colon === -1 ? '' : line.slice(colon + 1).replace(/^ /, '');
      if (field === 'id') lastEventId = value;
      else if (field === 'event') event = value;
      else if (field === 'data') data += data ? `\n${value}` : value;
    }
    if (event === 'reset') missed();
    if (event === 'command' || event === 'settings' || event === 'modules') {
      const { guild_id } = JSON.parse(data) as { guild_id: string | null };
      if (event === 'command') onCommandChange(guild_id);
      else if (event === 'settings') onSettingsChange?.(guild_id);
      else onModuleChange?.(guild_id);
    }
  };

  const connect = async () => {
    const abort = new AbortController();
    current = abort;
    let silence = setTimeout(() => abort.abort(), silenceMs);
    try {
      const res = await fetch(`${baseUrl}/api/events`, {
        headers: { authorization: `Bearer ${token}`, accept: 'text/event-stream', ...(lastEventId ? { 'last-event-id': lastEventId } : {}) },
        signal: abort.signal,
      });
      if (!res.ok || !res.body) throw new StreamRefused(res.status, Number(res.headers.get('retry-after')));
      // Without a place to resume from, anything may have changed meanwhile.
      if (!lastEventId) missed();
      if (!announced) log.info('following the API\'s change stream');
      announced = true;
      markReady();
      const decoder = new TextDecoder();
      let buffer = '';
      for await (const chunk of res.body) {
        clearTimeout(silence);
        silence = setTimeout(() => abort.abort(), silenceMs);
        buffer += decoder.decode(chunk as Uint8Array, { stream: true }).replaceAll('\r\n', '\n');
        for (let end = buffer.indexOf('\n\n'); end !== -1; end = buffer.indexOf('\n\n')) {
          handle(buffer.slice(0, end));
          buffer = buffer.slice(end + 2);
        }
      }
    } finally {
      clearTimeout(silence);
    }
  };

  void (async () => {
    let delay = 250;
    while (!stopped) {
      const started = Date.now();
      try {
        await connect();
      } catch (error) {
        if (stopped) break;
        announced = false;
        // Too many streams open (a 429): the API says when one of them ends.
        const asked = error instanceof StreamRefused && error.retryAfterSeconds > 0 ? error.retryAfterSeconds * 1_000 : 0;
        delay = Math.max(delay, asked);
        log.warn({ err: (error as Error).message, retryInMs: delay }, 'the API\'s change stream is unavailable; edits arrive within COMMAND_CACHE_TTL_MS meanwhile');
      }
      markReady();
      if (stopped) break;
      // A stream that stayed up a while (the API ends each after a minute) starts the backoff over.
      if (Date.now() - started > 10_000) delay = 250;
      await new Promise((resolve) => setTimeout(resolve, delay).unref());
      delay = Math.min(delay * 2, 5_000);
    }
  })();

  return {
    ready,
    close() {
      stopped = true;
      current?.abort();
    },
  };
}

/** A refused GET /api/events, with the Retry-After it came with (NaN or 0: none). */
class StreamRefused extends Error {
  override name = 'StreamRefused';
  readonly retryAfterSeconds: number;

  constructor(status: number, retryAfterSeconds: number) {
    super(`GET /api/events answered ${status}`);
    this.retryAfterSeconds = Number.isFinite(retryAfterSeconds) ? retryAfterSeconds : 0;
  }
}
