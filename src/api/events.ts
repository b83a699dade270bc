// GET /api/events: the changes this process hears of (from PostgreSQL's NOTIFY), as Server-Sent
// Events, for a split bot (which has no database) and the dashboard. Resumable with Last-Event-ID
// while the events are still kept here; otherwise the client is told to `reset` (reload everything).
import { randomBytes } from 'node:crypto';
import { Readable } from 'node:stream';
import { type ApiRoute, route } from '../module-kit/api-route.ts';
import { canAccessGuild, type Principal } from '../module-kit/principal.ts';
import { HttpError } from '../platform/http/problem.ts';

export type ChangeEvent =
  | {
      type: 'command';
      /** The guild whose commands changed; `null`: a global command, seen by every guild. */
      guild_id: string | null;
    }
  | {
      type: 'settings';
      /** The guild whose settings changed; `null`: changes may have been missed, every guild's. */
      guild_id: string | null;
    }
  | {
      type: 'modules';
      /** The guild whose modules (switches, settings) changed; `null`: changes may have been missed. */
      guild_id: string | null;
    }
  | {
      type: 'logs';
      /** Guilds that have new command log rows (`null` in it: rows without a guild; the whole list
       *  `null`: too many to name, look again anyway). */
      guild_ids: (string | null)[] | null;
    };

/** What one client may see of an event: all of it, part of it, or nothing (`undefined`). */
export type EventView = (event: ChangeEvent) => ChangeEvent | undefined;

export interface EventHub {
  publish(event: ChangeEvent): void;
  /**
   * A stream of the events after `lastEventId`, each as `view` shows it to this client. Every stream
   * ends after `streamMs`: the client reconnects with Last-Event-ID, loses nothing, and is authorised
   * again, so a role taken away (or a session ended) stops its events, and no stream holds a
   * connection for good. A 429 when `owner` or the whole process has as many streams open as allowed.
   */
  subscribe(lastEventId: string | undefined, view: EventView, owner: StreamOwner): Readable;
  /** Ends every stream (before the HTTP server closes, which waits for them). */
  close(): void;
}

/** Who opens a stream, and how many they may have open at once. */
export interface StreamOwner {
  /** One key per session or per API token. */
  key: string;
  max: number;
  /** How a refusal names them: `this session`, `the API token`. */
  name: string;
}

export interface EventHubOptions {
  /** A comment line this often keeps proxies from closing an idle stream and lets clients see it is alive. */
  heartbeatMs?: number;
  /** How many past events a reconnecting client can resume from. */
  keep?: number;
  /** How long a stream lasts: as long as a session's guild access is cached (api/guild-access.ts). */
  streamMs?: number;
  /** Streams open at once in all (EVENT_STREAMS_MAX): each holds a connection of HTTP_MAX_CONNECTIONS. */
  maxStreams?: number;
}

/** A client that stops reading is dropped once this much waits for it. */
const MAX_BUFFERED = 1_048_576;

export function createEventHub({ heartbeatMs = 15_000, keep = 1_000, streamMs = 60_000, maxStreams = 500 }: EventHubOptions = {}): EventHub {
  // Ids are `<boot>.<seq>`: an id from before a restart is recognised as one that cannot be resumed.
  const boot = randomBytes(4).toString('hex');
  let seq = 0;
  const past: { seq: number; event: ChangeEvent }[] = [];
  const streams = new Map<Readable, { view: EventView; owner: string; endsAt: number }>();
  const end = (stream: Readable) => {
    streams.delete(stream);
    stream.push(null);
  };
  const frame = (id: number, event: ChangeEvent) => `id: ${boot}.${id}\nevent: ${event.type}\ndata: ${JSON.stringify(event)}\n\n`;
  const write = (stream: Readable, text: string) => {
    if (stream.readableLength > MAX_BUFFERED) stream.destroy();
    else stream.push(text);
  };
  /** Throws a 429 when `owner`, or everyone together, has no stream to spare. */
  const admit = (owner: StreamOwner) => {
    const open = [...streams.values()];
    const mine = open.filter((s) => s.owner === owner.key);
    if (mine.length >= owner.max) throw tooMany(owner.name, mine);
    if (open.length >= maxStreams) throw tooMany('this server', open);
  };
  /** True for an id of this run that the kept events still reach back to. */
  const canResume = (lastEventId: string) => {
    const [from, at] = lastEventId.split('.');
    const after = Number(at);
    const oldest = past[0]?.seq ?? seq + 1;
    return from === boot && Number.isInteger(after) && after >= oldest - 1 && after <= seq;
  };
  const heartbeat = setInterval(() => {
    for (const stream of streams.keys()) write(stream, ': heartbeat\n\n');
  }, heartbeatMs);
  heartbeat.unref();
  return {
    publish(event) {
      seq++;
      past.push({ seq, event });
      if (past.length > keep) past.shift();
      for (const [stream, { view }] of streams) {
        const shown = view(event);
        if (shown) write(stream, frame(seq, shown));
      }
    },
    subscribe(lastEventId, view, owner) {
      admit(owner);
      const expiry = setTimeout(() => end(stream), streamMs);
      expiry.unref();
      const stream = new Readable({
        read() {},
        destroy(error, done) {
          clearTimeout(expiry);
          streams.delete(stream);
          done(error);
        },
      });
      // Clients retry after a second when the stream drops.
      stream.push('retry: 1000\n: connected\n\n');
      if (lastEventId !== undefined && !canResume(lastEventId)) {
        stream.push(`id: ${boot}.${seq}\nevent: reset\ndata: {}\n\n`);
      } else {
        const after = lastEventId === undefined ? seq : Number(lastEventId.split('.')[1]);
        for (const { seq: id, event } of past) {
          const shown = id > after ? view(event) : undefined;
          if (shown) stream.push(frame(id, shown));
        }
        // Where the client is now, even when it saw nothing: its next stream resumes from here instead
        // of starting blind (a block with an id and no data sets the id and dispatches nothing).
        stream.push(`id: ${boot}.${seq}\n\n`);
      }
      streams.set(stream, { view, owner: owner.key, endsAt: Date.now() + streamMs });
      return stream;
    },
    close() {
      clearInterval(heartbeat);
      for (const stream of streams.keys()) end(stream);
    },
  };
}

/** How many streams one dashboard session, and the API token, may have open at once. */
export interface StreamsPerOwner {
  perSession: number;
  perToken: number;
}

/** The 429 for `who`, whose `open` streams are as many as allowed; every stream ends within
 *  streamMs, so the soonest of their ends is when trying again makes sense. */
function tooMany(who: string, open: readonly { endsAt: number }[]): HttpError {
  const seconds = Math.max(1, Math.ceil((Math.min(...open.map((s) => s.endsAt)) - Date.now()) / 1_000));
  return new HttpError(429, 'TOO_MANY_EVENT_STREAMS', `${who} has ${open.length} event streams open, the most allowed; close one or try again in ${seconds} s`, {
    headers: { 'retry-after': String(seconds) },
  });
}

export function eventRoutes(hub: EventHub, { perSession, perToken }: StreamsPerOwner): ApiRoute[] {
  return [
    route({
      method: 'GET',
      path: '/api/events',
      operationId: 'streamEvents',
      summary: 'Changes as Server-Sent Events (`command`: a guild\'s custom commands changed; `settings`: its settings; `modules`: its modules; `logs`: new command log rows); resumable with Last-Event-ID; each stream ends after a minute (reconnect with Last-Event-ID)',
      tag: 'events',
      responses: {
        200: { description: 'Server-Sent Events; an `event: reset` means events were missed: reload everything', text: 'text/event-stream' },
        429: { description: 'this session or token (or the server) has as many streams open as allowed; see Retry-After' },
      },
      handler(ctx, { principal }) {
        const lastEventId = ctx.headers['last-event-id'];
        const owner: StreamOwner =
          principal.kind === 'token' ? { key: 'token', max: perToken, name: 'the API token' } : { key: `session:${principal.sessionId}`, max: perSession, name: 'this session' };
        const stream = hub.subscribe(typeof lastEventId === 'string' ? lastEventId : undefined, (event) => viewOf(principal, event), owner);
        return {
          status: 200,
          headers: {
            'content-type': 'text/event-stream; charset=utf-8',
            'cache-control': 'no-store',
            'x-accel-buffering': 'no',
            // The socket ends with the stream, so a closing server is not held by keep-alive.
            connection: 'close',
          },
          body: stream,
        };
      },
    }),
  ];
}

/** A session sees the changes of the guilds it manages, and global ones; a global admin sees all. */
function viewOf(principal: Principal, event: ChangeEvent): ChangeEvent | undefined {
  if (principal.isGlobalAdmin) return event;
  if (event.type === 'command' || event.type === 'settings' || event.type === 'modules') return event.guild_id === null || canAccessGuild(principal, event.guild_id) ? event : undefined;
  if (event.guild_ids === null) return event;
  const guildIds = event.guild_ids.filter((id): id is string => id !== null && canAccessGuild(principal, id));
  return guildIds.length > 0 ? { type: 'logs', guild_ids: guildIds } : undefined;
}
