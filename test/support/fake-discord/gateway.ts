// The gateway half of the fake: HELLO, heartbeats, IDENTIFY, RESUME with replay of buffered
// dispatches, and the switches tests use to break connections. JSON encoding only.
// https://discord.com/developers/docs/events/gateway
import type { EventEmitter } from 'node:events';
import type { IncomingMessage } from 'node:http';
import type { Duplex } from 'node:stream';
import {
  type APIMessage,
  type ApplicationFlags,
  type GatewayAutoModerationActionExecutionDispatchData,
  GatewayCloseCodes,
  GatewayDispatchEvents,
  type GatewayIdentifyData,
  GatewayIntentBits,
  GatewayOpcodes,
  type GatewayReadyDispatchData,
  type GatewayResumeData,
} from 'discord-api-types/v10';
import { type RawData, WebSocket, WebSocketServer } from 'ws';
import { gatewayMessage, guildCreateData, redactContent } from './payloads.ts';
import { generateSnowflake, shardForGuild } from './snowflake.ts';
import { type FakeGuild, type FakeState, noFlags } from './state.ts';

interface DispatchPayload {
  op: GatewayOpcodes.Dispatch;
  t: string;
  s: number;
  d: unknown;
}

export interface GatewaySession {
  id: string;
  shard: [id: number, count: number];
  intents: number;
  seq: number;
  /** Every dispatch of the session, so a RESUME can replay what the bot missed. */
  dispatches: DispatchPayload[];
  /** Null while the bot is disconnected; dispatches still queue up. */
  socket: WebSocket | null;
  /** False once invalidated or superseded by a new IDENTIFY for its shard: RESUME then gets op 9. */
  isLive: boolean;
  /** While its GUILD_CREATEs are still going out, the other dispatches wait here, in order. */
  held?: [event: string, data: unknown][] | undefined;
}

interface Connection {
  socket: WebSocket;
  session: GatewaySession | null;
}

export interface IdentifyEvent {
  shard: [number, number];
  intents: number;
  session_id: string;
  /** Date.now() when the fake accepted it. */
  at: number;
}

/** A payload the bot sent on an identified connection (presence, voice state, member requests). */
export interface GatewaySendEvent {
  shard: [number, number];
  op: number;
  d: unknown;
}

/** An IDENTIFY refused with op 9 because its bucket identified less than 5 s before. */
export interface IdentifyRateLimitedEvent {
  shard: [number, number];
  bucket: number;
  at: number;
}

export interface DisconnectEvent {
  /** Null if the connection never identified or resumed. */
  shard: [number, number] | null;
  /** 1006 when the socket died without a close frame. */
  code: number;
}

export interface ResumeEvent {
  shard: [number, number];
  session_id: string;
  seq: number;
  replayed: number;
}

/** GUILD_CREATEs sent before the fake lets other work in (see #sendGuilds). */
const GUILD_CREATE_SLICE = 50;

// Closes after which Discord will not let the session be resumed.
const sessionEndingCloses = new Set<number>([
  GatewayCloseCodes.AuthenticationFailed,
  GatewayCloseCodes.InvalidSeq,
  GatewayCloseCodes.SessionTimedOut,
  GatewayCloseCodes.InvalidShard,
  GatewayCloseCodes.ShardingRequired,
  GatewayCloseCodes.InvalidAPIVersion,
  GatewayCloseCodes.InvalidIntents,
  GatewayCloseCodes.DisallowedIntents,
]);

export class FakeGateway {
  identifyCount = 0;
  resumeCount = 0;
  /** IDENTIFYs answered with op 9 for coming too soon after another in their bucket. */
  identifyRateLimitedCount = 0;
  /** `max_concurrency` of GET /gateway/bot: the number of identify buckets. */
  readonly maxConcurrency: number;
  readonly #identifyWindowMs: number;
  /** When each bucket (shard_id % max_concurrency) last identified, across every connection. */
  readonly #lastIdentifyAt = new Map<number, number>();
  readonly #state: FakeState;
  readonly #events: EventEmitter;
  readonly #heartbeatInterval: number;
  /** The `shards` that `GET /gateway/bot` recommends. */
  readonly recommendedShards: number;
  readonly #wss = new WebSocketServer({ noServer: true });
  readonly #connections = new Set<Connection>();
  readonly #sessions = new Map<string, GatewaySession>();
  url = '';

  /** Privileged intents the application may ask for. */
  readonly #privilegedIntents: number;

  constructor(
    state: FakeState,
    events: EventEmitter,
    options: { heartbeatInterval: number; shards: number; maxConcurrency: number; identifyWindowMs: number; privilegedIntents: number },
  ) {
    this.#privilegedIntents = options.privilegedIntents;
    this.maxConcurrency = options.maxConcurrency;
    this.#identifyWindowMs = options.identifyWindowMs;
    this.#state = state;
    this.#events = events;
    this.#heartbeatInterval = options.heartbeatInterval;
    this.recommendedShards = options.shards;
  }

  /** Takes over an HTTP upgrade request; the gateway lives at the root path of the fake's port. */
  handleUpgrade(request: IncomingMessage, socket: Duplex, head: Buffer): void {
    const query = new URL(request.url ?? '/', 'ws://fake').searchParams;
    // `compress` is ignored: we send text frames, which clients asking for zlib-stream still read as JSON.
    if ((query.get('encoding') ?? 'json') !== 'json') {
      socket.end('HTTP/1.1 400 Bad Request\r\nContent-Type: text/plain\r\n\r\nthe fake Discord gateway speaks encoding=json only\n');
      return;
    }
    this.#wss.handleUpgrade(request, socket, head, (ws) => {
      if (query.get('v') !== '10') {
        ws.close(GatewayCloseCodes.InvalidAPIVersion, 'Invalid API version');
        return;
      }
      this.#accept(ws);
    });
  }

  /** Sends a dispatch to the session(s) that own `guildId` (DMs: shard 0); queued while disconnected. */
  dispatch(guildId: string | null, event: string, data: unknown, intent?: GatewayIntentBits): void {
    for (const session of this.#sessions.values()) {
      if (!session.isLive || !this.#owns(session, guildId)) continue;
      if (intent !== undefined && (session.intents & intent) === 0) continue;
      this.#send(session, event, data);
    }
  }

  /** MESSAGE_CREATE/UPDATE with Discord's intent rules: GUILD_MESSAGES or DIRECT_MESSAGES, and MESSAGE_CONTENT. */
  dispatchMessage(event: GatewayDispatchEvents.MessageCreate | GatewayDispatchEvents.MessageUpdate, message: APIMessage): void {
    const channel = this.#state.channels.get(message.channel_id);
    const guild = channel ? this.#state.guildOf(channel) : null;
    const payload = gatewayMessage(message, guild);
    const intent = guild ? GatewayIntentBits.GuildMessages : GatewayIntentBits.DirectMessages;
    for (const session of this.#sessions.values()) {
      if (!session.isLive || !this.#owns(session, guild?.id ?? null) || (session.intents & intent) === 0) continue;
      this.#send(session, event, redactContent(payload, session.intents, this.#state.botUser.id));
    }
  }

  /**
   * AUTO_MODERATION_ACTION_EXECUTION to the sessions with its intent; the member's text (`content`,
   * `matched_content`) is empty for those without MESSAGE_CONTENT, as Discord sends it.
   */
  dispatchAutoModerationExecution(guildId: string, data: GatewayAutoModerationActionExecutionDispatchData): void {
    for (const session of this.#sessions.values()) {
      if (!session.isLive || !this.#owns(session, guildId) || (session.intents & GatewayIntentBits.AutoModerationExecution) === 0) continue;
      const visible = (session.intents & GatewayIntentBits.MessageContent) !== 0;
      this.#send(session, GatewayDispatchEvents.AutoModerationActionExecution, visible ? data : { ...data, content: '', matched_content: '' });
    }
  }

  requestReconnect(shardId = 0): void {
    this.#openSocket(shardId).send(JSON.stringify({ op: GatewayOpcodes.Reconnect, d: null }));
  }

  invalidateSession(shardId = 0, resumable = false): void {
    const connection = this.#openConnection(shardId);
    if (!resumable && connection.session) connection.session.isLive = false;
    connection.socket.send(JSON.stringify({ op: GatewayOpcodes.InvalidSession, d: resumable }));
  }

  /** Kills the TCP connection without a close frame, like a network failure; the session stays resumable. */
  dropConnection(shardId = 0): void {
    this.#openSocket(shardId).terminate();
  }

  closeWith(code: number, shardId = 0): void {
    const connection = this.#openConnection(shardId);
    if (connection.session && sessionEndingCloses.has(code)) connection.session.isLive = false;
    connection.socket.close(code);
  }

  close(): void {
    for (const { socket } of this.#connections) socket.terminate();
    this.#wss.close();
  }

  #accept(socket: WebSocket): void {
    const connection: Connection = { socket, session: null };
    this.#connections.add(connection);
    socket.on('message', (data, isBinary) => this.#onMessage(connection, data, isBinary));
    socket.on('close', (code) => {
      this.#connections.delete(connection);
      // Discord ends a session whose client closes with 1000 or 1001; any other code leaves it resumable.
      if ((code === 1000 || code === 1001) && connection.session?.socket === socket) connection.session.isLive = false;
      if (connection.session?.socket === socket) connection.session.socket = null;
      this.#events.emit('disconnect', { shard: connection.session?.shard ?? null, code } satisfies DisconnectEvent);
    });
    // A protocol error from the bot's side ends its connection (the bot sees the close); it must not
    // surface as an unhandled 'error' that would crash the test process.
    socket.on('error', () => socket.terminate());
    socket.send(JSON.stringify({ op: GatewayOpcodes.Hello, d: { heartbeat_interval: this.#heartbeatInterval } }));
    this.#events.emit('connection');
  }

  #onMessage(connection: Connection, data: RawData, isBinary: boolean): void {
    let payload: { op?: unknown; d?: unknown };
    try {
      payload = JSON.parse(isBinary ? '' : data.toString()) as { op?: unknown; d?: unknown };
    } catch {
      connection.socket.close(GatewayCloseCodes.DecodeError, 'Error while decoding payload.');
      return;
    }
    switch (payload.op) {
      case GatewayOpcodes.Heartbeat:
        connection.socket.send(JSON.stringify({ op: GatewayOpcodes.HeartbeatAck }));
        this.#events.emit('heartbeat');
        return;
      case GatewayOpcodes.Identify:
        this.#identify(connection, payload.d as GatewayIdentifyData);
        return;
      case GatewayOpcodes.Resume:
        this.#resume(connection, payload.d as GatewayResumeData);
        return;
      case GatewayOpcodes.PresenceUpdate:
      case GatewayOpcodes.VoiceStateUpdate:
      case GatewayOpcodes.RequestGuildMembers:
      case GatewayOpcodes.RequestSoundboardSounds:
        if (!connection.session) connection.socket.close(GatewayCloseCodes.NotAuthenticated, 'Not authenticated.');
        else this.#events.emit('send', { shard: connection.session.shard, op: payload.op, d: payload.d } satisfies GatewaySendEvent);
        return;
      default:
        connection.socket.close(GatewayCloseCodes.UnknownOpcode, 'Unknown opcode.');
    }
  }

  #identify(connection: Connection, data: GatewayIdentifyData): void {
    const { socket } = connection;
    if (connection.session) { socket.close(GatewayCloseCodes.AlreadyAuthenticated, 'Already authenticated.'); return; }
    if (!this.#isToken(data.token)) { socket.close(GatewayCloseCodes.AuthenticationFailed, 'Authentication failed.'); return; }
    if (typeof data.intents !== 'number') { socket.close(GatewayCloseCodes.InvalidIntents, 'Invalid intent(s).'); return; }
    // https://discord.com/developers/docs/events/gateway#privileged-intents
    const privileged = GatewayIntentBits.GuildMembers | GatewayIntentBits.GuildPresences | GatewayIntentBits.MessageContent;
    if ((data.intents & privileged & ~this.#privilegedIntents) !== 0) { socket.close(GatewayCloseCodes.DisallowedIntents, 'Disallowed intent(s).'); return; }
    const [shardId, shardCount] = data.shard ?? [0, 1];
    if (!Number.isInteger(shardId) || !Number.isInteger(shardCount) || shardCount < 1 || shardId < 0 || shardId >= shardCount) {
      socket.close(GatewayCloseCodes.InvalidShard, 'Invalid shard.');
      return;
    }
    // One IDENTIFY per bucket per window across the whole bot; Discord answers the rest with op 9.
    // https://discord.com/developers/docs/events/gateway#sharding-max-concurrency
    const bucket = shardId % this.maxConcurrency;
    const now = Date.now();
    const last = this.#lastIdentifyAt.get(bucket);
    if (last !== undefined && now - last < this.#identifyWindowMs) {
      this.identifyRateLimitedCount++;
      socket.send(JSON.stringify({ op: GatewayOpcodes.InvalidSession, d: false }));
      this.#events.emit('identifyRateLimited', { shard: [shardId, shardCount], bucket, at: now } satisfies IdentifyRateLimitedEvent);
      return;
    }
    this.#lastIdentifyAt.set(bucket, now);
    for (const old of this.#sessions.values()) if (old.shard[0] === shardId) old.isLive = false;
    const session: GatewaySession = {
      id: generateSnowflake(),
      shard: [shardId, shardCount],
      intents: data.intents,
      seq: 0,
      dispatches: [],
      socket,
      isLive: true,
    };
    this.#sessions.set(session.id, session);
    connection.session = session;
    this.identifyCount++;

    const guilds = [...this.#state.guilds.values()].filter((guild) => this.#owns(session, guild.id));
    const ready: GatewayReadyDispatchData = {
      v: 10,
      user: this.#state.botUser,
      guilds: guilds.map((guild) => ({ id: guild.id, unavailable: true })),
      session_id: session.id,
      resume_gateway_url: this.url,
      shard: session.shard,
      application: { id: this.#state.applicationId, flags: noFlags<ApplicationFlags>(), flags_new: '0' },
    };
    this.#send(session, GatewayDispatchEvents.Ready, ready);
    this.#sendGuilds(session, guilds, () => this.#events.emit('identify', { shard: session.shard, intents: session.intents, session_id: session.id, at: now } satisfies IdentifyEvent));
  }

  /**
   * The GUILD_CREATEs after READY, a slice at a time: Discord streams them as it loads the guilds, and
   * the bot reads while it sends. Built in one loop, thousands of them kept this server (and the REST
   * API beside it) from doing anything else and the bot from reading until the last was made. The
   * session's other dispatches wait until its guilds are all out, as Discord sends no event of a
   * guild before its GUILD_CREATE.
   */
  #sendGuilds(session: GatewaySession, guilds: FakeGuild[], done: () => void, from = 0): void {
    // A session invalidated or superseded meanwhile gets nothing more, and is not reported identified.
    if (!session.isLive) {
      session.held = undefined;
      return;
    }
    const to = Math.min(guilds.length, from + GUILD_CREATE_SLICE);
    for (let i = from; i < to; i++) this.#dispatch(session, GatewayDispatchEvents.GuildCreate, guildCreateData(guilds[i] as FakeGuild));
    if (to < guilds.length) {
      session.held ??= [];
      setImmediate(() => this.#sendGuilds(session, guilds, done, to));
      return;
    }
    const held = session.held ?? [];
    session.held = undefined;
    for (const [event, data] of held) this.#dispatch(session, event, data);
    done();
  }

  #resume(connection: Connection, data: GatewayResumeData): void {
    const { socket } = connection;
    if (!this.#isToken(data.token)) { socket.close(GatewayCloseCodes.AuthenticationFailed, 'Authentication failed.'); return; }
    const session = this.#sessions.get(data.session_id);
    if (!session?.isLive) {
      socket.send(JSON.stringify({ op: GatewayOpcodes.InvalidSession, d: false }));
      return;
    }
    if (data.seq > session.seq) { socket.close(GatewayCloseCodes.InvalidSeq, 'Invalid seq.'); return; }
    if (session.socket && session.socket !== socket) session.socket.terminate();
    session.socket = socket;
    connection.session = session;
    const missed = session.dispatches.filter((payload) => payload.s > data.seq);
    for (const payload of missed) socket.send(JSON.stringify(payload));
    this.resumeCount++;
    this.#dispatch(session, GatewayDispatchEvents.Resumed, {});
    this.#events.emit('resume', { shard: session.shard, session_id: session.id, seq: data.seq, replayed: missed.length } satisfies ResumeEvent);
  }

  #send(session: GatewaySession, event: string, data: unknown): void {
    if (session.held) session.held.push([event, data]);
    else this.#dispatch(session, event, data);
  }

  /** Sends now, with the session's next sequence number. */
  #dispatch(session: GatewaySession, event: string, data: unknown): void {
    session.seq++;
    const payload: DispatchPayload = { op: GatewayOpcodes.Dispatch, t: event, s: session.seq, d: data };
    session.dispatches.push(payload);
    if (session.socket?.readyState === WebSocket.OPEN) session.socket.send(JSON.stringify(payload));
  }

  #owns(session: GatewaySession, guildId: string | null): boolean {
    const [shardId, shardCount] = session.shard;
    return (guildId === null ? 0 : shardForGuild(guildId, shardCount)) === shardId;
  }

  #isToken(token: unknown): boolean {
    return token === this.#state.token;
  }

  #openConnection(shardId: number): Connection {
    for (const connection of this.#connections) {
      if (connection.session?.shard[0] === shardId && connection.socket.readyState === WebSocket.OPEN) return connection;
    }
    throw new Error(`no open, identified gateway connection for shard ${shardId}`);
  }

  #openSocket(shardId: number): WebSocket {
    return this.#openConnection(shardId).socket;
  }
}
