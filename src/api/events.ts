// GET /api/events: the changes this process hears of (from PostgreSQL's NOTIFY), as Server-Sent
// Events, for a split bot (which has no database) and the dashboard. Resumable with Last-Event-ID
// while the events are still kept here; otherwise the client is told to `reset` (reload everything).
import { randomBytes } from 'node:crypto';
import { Readable } from 'node:stream';
import { canAccessGuild, type Principal } from './access.ts';
import { type ApiRoute, route } from './route.ts';

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
   * A stream of the events after `lastEventId`, each as `view` shows it to this client. A `bounded`
   * stream (a dashboard session's) ends after `sessionStreamMs`: the client reconnects with
   * Last-Event-ID, loses nothing, and is authorised again, so a role taken away stops its events.
   */
  subscribe(lastEventId: string | undefined, view: EventView, bounded?: boolean): Readable;
  /** Ends every stream (before the HTTP server closes, which waits for them). */
  close(): void;
}

export interface EventHubOptions {
  /** A comment line this often keeps proxies from closing an idle stream and lets clients see it is alive. */
  heartbeatMs?: number;
  /** How many past events a reconnecting client can resume from. */
  keep?: number;
  /** How long a bounded stream lasts: as long as a session's guild access is cached (api/guild-access.ts). */
  sessionStreamMs?: number;
}

/** A client that stops reading is dropped once this much waits for it. */
const MAX_BUFFERED = 1_048_576;

export function createEventHub({ heartbeatMs = 15_000, keep = 1_000, sessionStreamMs = 60_000 }: EventHubOptions = {}): EventHub {
  // Ids are `<boot>.<seq>`: an id from before a restart is recognised as one that cannot be resumed.
  const boot = randomBytes(4).toString('hex');
  let seq = 0;
  const past: { seq: number; event: ChangeEvent }[] = [];
  const streams = new Map<Readable, EventView>();
  const end = (stream: Readable) => {
    streams.delete(stream);
    stream.push(null);
  };
  const frame = (id: number, event: ChangeEvent) => `id: ${boot}.${id}\nevent: ${event.type}\ndata: ${JSON.stringify(event)}\n\n`;
  const write = (stream: Readable, text: string) => {
    if (stream.readableLength > MAX_BUFFERED) stream.destroy();
    else stream.push(text);
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
      for (const [stream, view] of streams) {
        const shown = view(event);
        if (shown) write(stream, frame(seq, shown));
      }
    },
    subscribe(lastEventId, view, bounded = false) {
      const expiry = bounded ? setTimeout(() => end(stream), sessionStreamMs) : undefined;
      expiry?.unref();
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
      if (lastEventId !== undefined) {
        const [from, at] = lastEventId.split('.');
        const after = Number(at);
        const oldest = past[0]?.seq ?? seq + 1;
        if (from === boot && Number.isInteger(after) && after >= oldest - 1 && after <= seq) {
          for (const { seq: id, event } of past) {
            const shown = id > after ? view(event) : undefined;
            if (shown) stream.push(frame(id, shown));
          }
        } else {
          stream.push(`id: ${boot}.${seq}\nevent: reset\ndata: {}\n\n`);
        }
      }
      streams.set(stream, view);
      return stream;
    },
    close() {
      clearInterval(heartbeat);
      for (const stream of streams.keys()) end(stream);
    },
  };
}

export function eventRoutes(hub: EventHub): ApiRoute[] {
  return [
    route({
      method: 'GET',
      path: '/api/events',
      operationId: 'streamEvents',
      summary: 'Changes as Server-Sent Events (`command`: a guild\'s custom commands changed; `settings`: its settings; `modules`: its modules; `logs`: new command log rows); resumable with Last-Event-ID',
      tag: 'events',
      responses: { 200: { description: 'Server-Sent Events; an `event: reset` means events were missed: reload everything', text: 'text/event-stream' } },
      handler(ctx, { principal }) {
        const lastEventId = ctx.headers['last-event-id'];
        // A global admin's access does not change while connected; a session's follows its roles.
        const stream = hub.subscribe(typeof lastEventId === 'string' ? lastEventId : undefined, (event) => viewOf(principal, event), !principal.isGlobalAdmin);
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
