// GET /api/events: the changes this process hears of (from PostgreSQL's NOTIFY), as Server-Sent
// Events, for a split bot (which has no database) and the dashboard. Resumable with Last-Event-ID
// while the events are still kept here; otherwise the client is told to `reset` (reload everything).
import { randomBytes } from 'node:crypto';
import { Readable } from 'node:stream';
import * as v from 'valibot';
import type { ApiRoute } from './route.ts';
import { canAccessGuild, type Principal, principalOf } from './access.ts';

export interface ChangeEvent {
  type: 'command';
  /** The guild whose commands changed; `null`: a global command, seen by every guild. */
  guild_id: string | null;
}

export interface EventHub {
  publish(event: ChangeEvent): void;
  /** A stream of the events after `lastEventId` that `visible` lets through. */
  subscribe(lastEventId: string | undefined, visible: (event: ChangeEvent) => boolean): Readable;
  /** Ends every stream (before the HTTP server closes, which waits for them). */
  close(): void;
}

export interface EventHubOptions {
  /** A comment line this often keeps proxies from closing an idle stream and lets clients see it is alive. */
  heartbeatMs?: number;
  /** How many past events a reconnecting client can resume from. */
  keep?: number;
}

/** A client that stops reading is dropped once this much waits for it. */
const MAX_BUFFERED = 1_048_576;

export function createEventHub({ heartbeatMs = 15_000, keep = 1_000 }: EventHubOptions = {}): EventHub {
  // Ids are `<boot>.<seq>`: an id from before a restart is recognised as one that cannot be resumed.
  const boot = randomBytes(4).toString('hex');
  let seq = 0;
  const past: { seq: number; event: ChangeEvent }[] = [];
  const streams = new Map<Readable, (event: ChangeEvent) => boolean>();
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
      for (const [stream, visible] of streams) if (visible(event)) write(stream, frame(seq, event));
    },
    subscribe(lastEventId, visible) {
      const stream = new Readable({
        read() {},
        destroy(error, done) {
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
          for (const { seq: id, event } of past) if (id > after && visible(event)) stream.push(frame(id, event));
        } else {
          stream.push(`id: ${boot}.${seq}\nevent: reset\ndata: {}\n\n`);
        }
      }
      streams.set(stream, visible);
      return stream;
    },
    close() {
      clearInterval(heartbeat);
      for (const stream of streams.keys()) {
        stream.push(null);
        streams.delete(stream);
      }
    },
  };
}

export function eventRoutes(hub: EventHub): ApiRoute[] {
  return [
    {
      method: 'GET',
      path: '/api/events',
      summary: 'Changes as Server-Sent Events (`command`: a guild\'s custom commands changed); resumable with Last-Event-ID',
      tag: 'events',
      responses: { 200: { description: 'text/event-stream; an `event: reset` means events were missed: reload everything', schema: v.string() } },
      handler(ctx) {
        const principal = principalOf(ctx);
        const lastEventId = ctx.headers['last-event-id'];
        const stream = hub.subscribe(typeof lastEventId === 'string' ? lastEventId : undefined, (event) => isVisible(principal, event));
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
    },
  ];
}

/** A session sees the changes of the guilds it manages, and global ones; the API token sees all. */
function isVisible(principal: Principal, event: ChangeEvent): boolean {
  return event.guild_id === null || canAccessGuild(principal, event.guild_id);
}
