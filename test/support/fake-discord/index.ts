// An in-process fake Discord (REST v10 + gateway v10, JSON only) for end-to-end tests.
// Point @discordjs/rest at `fake.apiUrl`; @discordjs/ws finds the gateway through GET /gateway/bot.
import { EventEmitter, once } from 'node:events';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { type APIAutoModerationRule, type APIDMChannel, type APIInteraction, type APIMessage, type APITextChannel, type APIUser, GatewayDispatchEvents, GatewayIntentBits } from 'discord-api-types/v10';
import { moderateMessage } from './auto-moderation.ts';
import { createRule } from './auto-moderation-rules.ts';
import { type DelayNextOptions, type FailNextOptions, FaultPlan } from './faults.ts';
import { type DisconnectEvent, FakeGateway, type GatewaySendEvent, type IdentifyEvent, type IdentifyRateLimitedEvent, type ResumeEvent } from './gateway.ts';
import { GlobalLimit } from './global-limit.ts';
import { buildInteraction, type SendInteractionInput } from './interactions.ts';
import { resolveMentions } from './messages.ts';
import { buildMessage, gatewayMessage } from './payloads.ts';
import type { WaitOptions } from './recording.ts';
import { createRestListener } from './rest.ts';
import { memberUpdate } from './routes/guilds.ts';
import { mintOAuthCode } from './routes/oauth2.ts';
import { generateSnowflake } from './snowflake.ts';
import { type AddGuildInput, buildMember, type CreateUserInput, type FakeGuild, FakeState, type GuildMember, type InteractionResponse, type OAuthGrant, type SentMessage } from './state.ts';

export type { DelayNextOptions, FailNextOptions } from './faults.ts';
export type { DisconnectEvent, GatewaySendEvent, IdentifyEvent, IdentifyRateLimitedEvent, ResumeEvent } from './gateway.ts';
export type { SendInteractionInput } from './interactions.ts';
export type { WaitOptions } from './recording.ts';
export { routes } from './routes/index.ts';
export type { AddGuildInput, CommandOverwrite, CreateUserInput, FakeGuild, InteractionResponse, OAuthGrant, RecordedRequest, SentMessage } from './state.ts';

export interface FakeDiscordOptions {
  /** The bot token REST (`Bot <token>`) and IDENTIFY must present. */
  token: string;
  /** What GET /gateway/bot recommends; default 1. */
  shards?: number;
  /** Milliseconds, sent in HELLO; default 41250 like Discord. Tests use ~1000. */
  heartbeatInterval?: number;
  applicationId?: string;
  /** For POST /oauth2/token; default "fake-client-secret". */
  clientSecret?: string;
  /** `max_concurrency` of GET /gateway/bot (identify buckets); default 1. */
  maxConcurrency?: number;
  /** One IDENTIFY per bucket per this many ms, op 9 beyond; default 5000 like Discord. */
  identifyWindowMs?: number;
  /** Bot requests allowed in any second across all routes (429 global beyond); default: no limit. */
  globalRateLimit?: number;
  /** The privileged intents the application was granted in the Developer Portal; default all three. An identify asking for another is closed with 4014. */
  privilegedIntents?: number;
}

export interface FakeDiscordEvents {
  connection: [];
  disconnect: [DisconnectEvent];
  heartbeat: [];
  identify: [IdentifyEvent];
  identifyRateLimited: [IdentifyRateLimitedEvent];
  resume: [ResumeEvent];
  send: [GatewaySendEvent];
}

export interface SendMessageInput {
  channel_id: string;
  author: APIUser;
  content: string;
  /** Defaults to the users `<@id>`-mentioned in `content`. */
  mentions?: APIUser[];
  /** When it was posted (ms since the epoch; its id says so too); default now. */
  at?: number;
  /** Files the user attached, by name. */
  attachments?: { filename: string; size?: number }[];
}

/** Starts the fake on a random port of 127.0.0.1. */
export function startFakeDiscord(options: FakeDiscordOptions): Promise<FakeDiscord> {
  return FakeDiscord.start(options);
}

export class FakeDiscord extends EventEmitter<FakeDiscordEvents> {
  /** e.g. http://127.0.0.1:PORT — the OAuth2 authorize page lives at `${origin}/oauth2/authorize`. */
  origin = '';
  /** e.g. http://127.0.0.1:PORT/api — give it to @discordjs/rest as `api`. */
  apiUrl = '';
  readonly #state: FakeState;
  readonly #gateway: FakeGateway;
  readonly #faults = new FaultPlan();
  readonly #server: Server;
  #latency = 0;
  #closing: Promise<void> | null = null;

  static async start(options: FakeDiscordOptions): Promise<FakeDiscord> {
    const fake = new FakeDiscord(options);
    fake.#server.listen(0, '127.0.0.1');
    await once(fake.#server, 'listening');
    const { port } = fake.#server.address() as AddressInfo;
    fake.origin = `http://127.0.0.1:${port}`;
    fake.apiUrl = `${fake.origin}/api`;
    fake.#gateway.url = `ws://127.0.0.1:${port}`;
    return fake;
  }

  private constructor(options: FakeDiscordOptions) {
    super();
    this.#state = new FakeState({
      token: options.token,
      applicationId: options.applicationId ?? '1000000000000000001',
      clientSecret: options.clientSecret ?? 'fake-client-secret',
    });
    this.#gateway = new FakeGateway(this.#state, this, {
      heartbeatInterval: options.heartbeatInterval ?? 41_250,
      shards: options.shards ?? 1,
      maxConcurrency: options.maxConcurrency ?? 1,
      identifyWindowMs: options.identifyWindowMs ?? 5_000,
      privilegedIntents: options.privilegedIntents ?? GatewayIntentBits.GuildMembers | GatewayIntentBits.GuildPresences | GatewayIntentBits.MessageContent,
    });
    const latency = () => this.#latency;
    const globalLimit = options.globalRateLimit ? new GlobalLimit(options.globalRateLimit) : undefined;
    this.#server = createServer(createRestListener({ state: this.#state, gateway: this.#gateway, faults: this.#faults, latency, globalLimit }));
    this.#server.on('upgrade', (request, socket, head) => this.#gateway.handleUpgrade(request, socket, head));
  }

  get gatewayUrl(): string {
    return this.#gateway.url;
  }
  get applicationId(): string {
    return this.#state.applicationId;
  }
  get botUser(): APIUser {
    return this.#state.botUser;
  }
  get identifyCount(): number {
    return this.#gateway.identifyCount;
  }
  get resumeCount(): number {
    return this.#gateway.resumeCount;
  }
  /** IDENTIFYs refused with op 9 because their bucket identified less than 5 s before. */
  get identifyRateLimitedCount(): number {
    return this.#gateway.identifyRateLimitedCount;
  }
  get requests() {
    return this.#state.requests.items;
  }
  get sentMessages() {
    return this.#state.sentMessages.items;
  }
  get interactionResponses() {
    return this.#state.interactionResponses.items;
  }
  get commandOverwrites() {
    return this.#state.commandOverwrites.items;
  }
  /** Channel ids where the bot gets 403 Missing Access. */
  get forbiddenChannels(): Set<string> {
    return this.#state.forbiddenChannels;
  }
  /** User ids whose DMs refuse the bot (403, code 50007). */
  get closedDms(): Set<string> {
    return this.#state.closedDms;
  }
  get denyConsent(): boolean {
    return this.#state.denyConsent;
  }
  set denyConsent(value: boolean) {
    this.#state.denyConsent = value;
  }
  /** Who `GET /oauth2/authorize` logs in. */
  get oauthUser(): OAuthGrant {
    return this.#state.oauthUser;
  }
  set oauthUser(grant: OAuthGrant) {
    this.#state.oauthUser = grant;
  }

  createUser(input: CreateUserInput): APIUser {
    return this.#state.createUser(input);
  }

  /** Adds a guild the bot is in; sessions identifying afterwards receive it in READY and GUILD_CREATE. */
  addGuild(input: AddGuildInput): FakeGuild {
    return this.#state.addGuild(input);
  }

  dmChannelFor(userId: string): APIDMChannel {
    return this.#state.dmChannelFor(userId);
  }

  /** A guild member as the fake holds them now, or undefined. */
  member(guildId: string, userId: string): GuildMember | undefined {
    return this.#guild(guildId).members.find((m) => m.user.id === userId);
  }

  /**
   * A user joins: GUILD_MEMBER_ADD to the shard owning the guild. `pending`: the guild has membership
   * screening and they have not passed it yet (see `updateMember`).
   */
  addMember(guildId: string, user: APIUser, { pending = false, roles = [] }: { pending?: boolean; roles?: string[] } = {}): GuildMember {
    const guild = this.#guild(guildId);
    if (guild.members.some((m) => m.user.id === user.id)) throw new Error(`user ${user.id} is already in guild ${guildId}`);
    this.#state.users.set(user.id, user);
    const member = { ...buildMember(user, roles, null), pending };
    guild.members.push(member);
    this.#gateway.dispatch(guildId, GatewayDispatchEvents.GuildMemberAdd, memberUpdate(guild, member), GatewayIntentBits.GuildMembers);
    return member;
  }

  /** A member leaves (or is kicked): GUILD_MEMBER_REMOVE, which carries only the user, as Discord's does. */
  removeMember(guildId: string, userId: string): void {
    const guild = this.#guild(guildId);
    const member = guild.members.find((m) => m.user.id === userId);
    if (!member) throw new Error(`user ${userId} is not in guild ${guildId}`);
    guild.members = guild.members.filter((m) => m !== member);
    this.#gateway.dispatch(guildId, GatewayDispatchEvents.GuildMemberRemove, { guild_id: guildId, user: member.user }, GatewayIntentBits.GuildMembers);
  }

  /** A member changes (passes screening: `pending: false`; a moderator edits their roles, nickname or timeout): GUILD_MEMBER_UPDATE. */
  updateMember(guildId: string, userId: string, change: { pending?: boolean; roles?: string[]; nick?: string | null; communication_disabled_until?: string | null }): GuildMember {
    const guild = this.#guild(guildId);
    const member = guild.members.find((m) => m.user.id === userId);
    if (!member) throw new Error(`user ${userId} is not in guild ${guildId}`);
    Object.assign(member, change);
    this.#gateway.dispatch(guildId, GatewayDispatchEvents.GuildMemberUpdate, memberUpdate(guild, member), GatewayIntentBits.GuildMembers);
    return member;
  }

  /** An admin edits a role (moves it, changes its permissions, or an integration takes it over): GUILD_ROLE_UPDATE. */
  updateRole(guildId: string, roleId: string, change: { position?: number; managed?: boolean; name?: string; permissions?: string }): void {
    const guild = this.#guild(guildId);
    const role = guild.roles.find((r) => r.id === roleId);
    if (!role) throw new Error(`no role ${roleId} in guild ${guildId}`);
    Object.assign(role, change);
    this.#gateway.dispatch(guildId, GatewayDispatchEvents.GuildRoleUpdate, { guild_id: guildId, role }, GatewayIntentBits.Guilds);
  }

  #guild(guildId: string): FakeGuild {
    const guild = this.#state.guilds.get(guildId);
    if (!guild) throw new Error(`no guild ${guildId}; add it with fake.addGuild first`);
    return guild;
  }

  /** An admin adds a text channel: CHANNEL_CREATE to the shard owning the guild. */
  addChannel(guildId: string, input: { id?: string; name: string }): APITextChannel {
    const channel = this.#state.addChannel(guildId, input);
    this.#gateway.dispatch(guildId, GatewayDispatchEvents.ChannelCreate, channel, GatewayIntentBits.Guilds);
    return channel;
  }

  /** An admin deletes a text channel: CHANNEL_DELETE to the shard owning the guild; REST then answers 404 Unknown Channel. */
  deleteChannel(channelId: string): void {
    const channel = this.#state.deleteChannel(channelId);
    this.#gateway.dispatch(channel.guild_id ?? null, GatewayDispatchEvents.ChannelDelete, channel, GatewayIntentBits.Guilds);
  }

  /** Someone makes an invite to a guild channel; `GET /invites/{code}` then names its guild. */
  createInvite(channelId: string, code: string = generateSnowflake().slice(-8)): string {
    const channel = this.#state.channels.get(channelId);
    const guild = channel ? this.#state.guildOf(channel) : null;
    if (!guild) throw new Error(`no guild channel ${channelId}`);
    this.#state.invites.set(code, { code, guild_id: guild.id, channel_id: channelId });
    return code;
  }

  /** A user posts a message: stored, then dispatched as MESSAGE_CREATE to the shard owning the guild (DMs: shard 0). */
  sendMessage(input: SendMessageInput): APIMessage {
    const channel = this.#state.channels.get(input.channel_id);
    if (!channel) throw new Error(`no channel ${input.channel_id}; add it with fake.addGuild or fake.dmChannelFor`);
    const guild = this.#state.guildOf(channel);
    if (guild && !guild.members.some((m) => m.user.id === input.author.id)) throw new Error(`user ${input.author.id} is not a member of guild ${guild.id}`);
    const mentioned = resolveMentions(this.#state, input.content, undefined, null);
    const attachments = (input.attachments ?? []).map(({ filename, size = 1_024 }) => {
      const id = generateSnowflake();
      const url = `https://cdn.discordapp.com/attachments/${channel.id}/${id}/${encodeURIComponent(filename)}`;
      return { id, filename, size, url, proxy_url: url };
    });
    const message = buildMessage({ channel, author: input.author, content: input.content, attachments, ...mentioned, ...(input.mentions ? { mentions: input.mentions } : {}), ...(input.at === undefined ? {} : { at: input.at }) });
    const post = () => {
      this.#state.storeMessage(message);
      this.#gateway.dispatchMessage(GatewayDispatchEvents.MessageCreate, message);
      return gatewayMessage(message, guild);
    };
    // AutoMod runs before the message exists: a blocked one throws Discord's 400 200000 and is never seen.
    return guild ? moderateMessage({ state: this.#state, gateway: this.#gateway }, guild, channel, input.author, input.content, post) : post();
  }

  /** A guild's AutoMod rules as the fake holds them now. */
  autoModerationRules(guildId: string): APIAutoModerationRule[] {
    return [...this.#guild(guildId).autoModerationRules.values()];
  }

  /** An admin makes an AutoMod rule in Discord's settings (checked as the API checks it): AUTO_MODERATION_RULE_CREATE. */
  addAutoModerationRule(guildId: string, body: Record<string, unknown>, creator: APIUser): APIAutoModerationRule {
    const guild = this.#guild(guildId);
    const rule = createRule(this.#state, guild, generateSnowflake(), body, creator.id);
    guild.autoModerationRules.set(rule.id, rule);
    this.#gateway.dispatch(guildId, GatewayDispatchEvents.AutoModerationRuleCreate, rule, GatewayIntentBits.AutoModerationConfiguration);
    return rule;
  }

  /** An admin deletes an AutoMod rule in Discord's settings: AUTO_MODERATION_RULE_DELETE. */
  deleteAutoModerationRule(guildId: string, ruleId: string): void {
    const guild = this.#guild(guildId);
    const rule = guild.autoModerationRules.get(ruleId);
    if (!rule) throw new Error(`no AutoMod rule ${ruleId} in guild ${guildId}`);
    guild.autoModerationRules.delete(ruleId);
    this.#gateway.dispatch(guildId, GatewayDispatchEvents.AutoModerationRuleDelete, rule, GatewayIntentBits.AutoModerationConfiguration);
  }

  /** The author edits a message: stored with its new text and edit time, then MESSAGE_UPDATE. */
  editMessage(messageId: string, content: string): APIMessage {
    const message = this.#state.messages.get(messageId);
    if (!message) throw new Error(`no message ${messageId}`);
    const apply = () => {
      message.content = content;
      message.edited_timestamp = new Date().toISOString();
      this.#gateway.dispatchMessage(GatewayDispatchEvents.MessageUpdate, message);
      return message;
    };
    // AutoMod checks edits as it checks sends: a blocked edit leaves the message as it was.
    const channel = this.#state.channels.get(message.channel_id);
    const guild = channel ? this.#state.guildOf(channel) : null;
    return guild && channel ? moderateMessage({ state: this.#state, gateway: this.#gateway }, guild, channel, message.author, content, apply) : apply();
  }

  /** Someone deletes a message: gone from the channel, then MESSAGE_DELETE with only its ids, as Discord sends. */
  deleteMessage(messageId: string): void {
    const message = this.#state.messages.get(messageId);
    if (!message) throw new Error(`no message ${messageId}`);
    this.#state.messages.delete(messageId);
    const channel = this.#state.channels.get(message.channel_id);
    const guild = channel ? this.#state.guildOf(channel) : null;
    const data = { id: message.id, channel_id: message.channel_id, ...(guild ? { guild_id: guild.id } : {}) };
    this.#gateway.dispatch(guild?.id ?? null, GatewayDispatchEvents.MessageDelete, data, guild ? GatewayIntentBits.GuildMessages : GatewayIntentBits.DirectMessages);
  }

  /** A moderator purges messages of a guild channel (2-100 at once): one MESSAGE_DELETE_BULK. */
  bulkDeleteMessages(channelId: string, messageIds: readonly string[]): void {
    const channel = this.#state.channels.get(channelId);
    const guild = channel ? this.#state.guildOf(channel) : null;
    if (!guild) throw new Error(`no guild channel ${channelId}`);
    if (messageIds.length < 2 || messageIds.length > 100) throw new Error('Discord bulk-deletes 2 to 100 messages at once');
    for (const id of messageIds) this.#state.messages.delete(id);
    this.#gateway.dispatch(guild.id, GatewayDispatchEvents.MessageDeleteBulk, { ids: [...messageIds], channel_id: channelId, guild_id: guild.id }, GatewayIntentBits.GuildMessages);
  }

  /** A user runs a slash command (default) or clicks a component; dispatched as INTERACTION_CREATE. */
  /** Dispatches `event` with `data` to the sessions that hold `guildId` and asked for `intent`, as Discord does. */
  dispatchEvent(guildId: string | null, event: GatewayDispatchEvents, data: unknown, intent: GatewayIntentBits): void {
    this.#gateway.dispatch(guildId, event, data, intent);
  }

  sendInteraction(input: SendInteractionInput): APIInteraction {
    const interaction = buildInteraction(this.#state, input);
    this.#state.interactions.set(interaction.token, { interaction, responded: false, original: null, sentAt: Date.now() });
    this.#gateway.dispatch(interaction.guild_id ?? null, GatewayDispatchEvents.InteractionCreate, interaction);
    return interaction;
  }

  /** A one-use OAuth2 code for POST /oauth2/token, as if `grant.user` had just consented. */
  mintOAuthCode(input: OAuthGrant & { redirect_uri: string }): string {
    const { redirect_uri: redirectUri, ...grant } = input;
    return mintOAuthCode(this.#state, grant, redirectUri);
  }

  /** Sends op 7 RECONNECT. */
  requestReconnect(shardId = 0): void {
    this.#gateway.requestReconnect(shardId);
  }
  /** Sends op 9 INVALID_SESSION; unless `resumable`, the session can no longer be resumed. */
  invalidateSession(shardId = 0, resumable = false): void {
    this.#gateway.invalidateSession(shardId, resumable);
  }
  /** Kills the TCP connection with no close frame. */
  dropConnection(shardId = 0): void {
    this.#gateway.dropConnection(shardId);
  }
  /** Closes the gateway connection with a close code, e.g. 4000 (resumable) or 4004 (bad token). */
  closeWith(code: number, shardId = 0): void {
    this.#gateway.closeWith(code, shardId);
  }

  /** The next gateway event of that name (not past ones: take the promise before triggering it). */
  async waitFor<E extends keyof FakeDiscordEvents>(event: E, { timeout = 5_000 }: WaitOptions = {}): Promise<FakeDiscordEvents[E][0]> {
    try {
      const [value] = (await once(this as EventEmitter, event, { signal: AbortSignal.timeout(timeout) })) as FakeDiscordEvents[E];
      return value;
    } catch (error) {
      if (error instanceof Error && error.name === 'AbortError') throw new Error(`the fake Discord gateway saw no "${event}" within ${timeout}ms`);
      throw error;
    }
  }

  /**
   * The answer the user sees to an interaction: its message callback (type 4 or 7), or, when the bot
   * deferred (type 5 or 6, as it does past 1.5 s on a loaded machine), the edit of @original that
   * fills it in, shaped as the callback it stands for (`body.data` is the message, flags kept).
   */
  async waitForInteractionReply(interactionId: string, options?: WaitOptions): Promise<InteractionResponse> {
    const isForIt = (r: InteractionResponse) => r.interaction_id === interactionId;
    const first = await this.#state.interactionResponses.waitFor((r) => isForIt(r) && r.kind === 'callback', options);
    if (first.type !== 5 && first.type !== 6) return first;
    const edit = await this.#state.interactionResponses.waitFor((r) => isForIt(r) && r.kind === 'edit-original', options);
    const deferredFlags = (first.body.data as { flags?: number } | undefined)?.flags;
    const data = { ...(deferredFlags === undefined ? {} : { flags: deferredFlags }), ...edit.body };
    return { ...edit, kind: 'callback', type: first.type === 5 ? 4 : 7, body: { type: first.type === 5 ? 4 : 7, data } };
  }

  waitForMessage(predicate: (sent: SentMessage) => boolean, options?: WaitOptions): Promise<SentMessage> {
    return this.#state.sentMessages.waitFor(predicate, options);
  }

  waitForInteractionResponse(predicate: (response: InteractionResponse) => boolean, options?: WaitOptions): Promise<InteractionResponse> {
    return this.#state.interactionResponses.waitFor(predicate, options);
  }

  /** Schedules failures for matching REST requests; they fail before having any effect. */
  failNext(fault: FailNextOptions): void {
    this.#faults.add(fault);
  }

  /** Makes matching REST requests slow (before they take effect), e.g. a role change in a raid. */
  delayNext(delay: DelayNextOptions): void {
    this.#faults.addDelay(delay);
  }

  /** Delays every REST response by `ms`. */
  setLatency(ms: number): void {
    this.#latency = ms;
  }

  /** Terminates every socket and stops listening; safe to call twice. */
  close(): Promise<void> {
    this.#closing ??= new Promise((resolve) => {
      this.#gateway.close();
      this.#server.close(() => resolve());
      this.#server.closeAllConnections();
    });
    return this.#closing;
  }
}
