// Changes to the server: channels, roles and emojis created, changed and deleted, the server's own
// settings, and invites; and voice joins, leaves and moves. A change shows what changed, before and
// after, from the picture of the server taken at GUILD_CREATE and kept up to date by these events,
// only in servers that log server changes (voice: who is where, only in servers that log voice).
// A server that turns server logging on after its GUILD_CREATE gets its picture from Discord's REST
// API at its next event, so that changes from then on show before and after.
import type { APIEmoji, APIGuildChannel, APIRole, GuildChannelType } from 'discord-api-types/v10';
import type { DispatchData } from '../../module-kit/contract.ts';
import type { EntryField } from './render.ts';
import { relativeTime } from './render.ts';
import type { EventLogContext, GuildStructure } from './service.ts';
import { isIgnoredChannel, isIgnoredUser } from './settings.ts';

type Channel = APIGuildChannel<GuildChannelType>;

/** What a change is shown by: the fields an admin sets, not positions Discord shifts on every move. */
const CHANNEL_FIELDS = ['name', 'topic', 'nsfw', 'rate_limit_per_user', 'parent_id', 'bitrate', 'user_limit', 'permission_overwrites'] as const;
const ROLE_FIELDS = ['name', 'color', 'permissions', 'hoist', 'mentionable', 'icon', 'unicode_emoji'] as const;
const GUILD_FIELDS = ['name', 'icon', 'banner', 'description', 'verification_level', 'default_message_notifications', 'explicit_content_filter', 'afk_channel_id', 'afk_timeout', 'system_channel_id', 'rules_channel_id', 'vanity_url_code', 'mfa_level', 'preferred_locale'] as const;

/** The server's picture, where it logs server changes; none (and what was kept goes) where not. A new one is filled from Discord unless `fromDiscord` is false (GUILD_CREATE brings it all). */
function structureOf(ctx: EventLogContext, fromDiscord = true): GuildStructure | null {
  const log = ctx.instance;
  const guildId = ctx.guild?.id;
  if (!log || !guildId) return null;
  if (!ctx.settings.server_channel_id) {
    log.structures.delete(guildId);
    return null;
  }
  let structure = log.structures.get(guildId);
  if (!structure) {
    structure = { guild: {}, channels: new Map(), roles: new Map(), emojis: new Map() };
    log.structures.set(guildId, structure);
    if (fromDiscord) void pictureFromDiscord(ctx, guildId, structure);
  }
  return structure;
}

/** Any event of a server (a message, most often) is a moment to take its picture, where server changes are logged and none is kept. */
export function notePicture(ctx: EventLogContext): void {
  if (ctx.settings.server_channel_id) structureOf(ctx);
}

/** Fills a new picture from Discord; what events put there meanwhile is newer, and stays. */
async function pictureFromDiscord(ctx: EventLogContext, guildId: string, structure: GuildStructure): Promise<void> {
  const discord = ctx.discord;
  if (!discord) return;
  try {
    const [guild, channels] = await Promise.all([discord.guilds.get(guildId), discord.guilds.getChannels(guildId)]);
    if (Object.keys(structure.guild).length === 0) structure.guild = pick(guild, GUILD_FIELDS);
    for (const channel of channels) if (!structure.channels.has(channel.id)) structure.channels.set(channel.id, channel as Channel);
    for (const role of guild.roles) if (!structure.roles.has(role.id)) structure.roles.set(role.id, role);
    if (structure.emojis.size === 0) structure.emojis = new Map(guild.emojis.flatMap((e) => (e.id ? [[e.id, e] as const] : [])));
  } catch (error) {
    // Changes are then logged as they come, without what was before: the next GUILD_CREATE fills it in.
    ctx.log.warn({ err: error, guild: guildId }, "could not read the server's channels and roles for its event log");
  }
}

export function snapshotGuild(ctx: EventLogContext, guild: DispatchData<'GUILD_CREATE'>): void {
  const structure = structureOf(ctx, false);
  if (!structure || !('channels' in guild)) return;
  structure.guild = pick(guild, GUILD_FIELDS);
  structure.channels = new Map(guild.channels.map((c) => [c.id, c as Channel]));
  structure.roles = new Map(guild.roles.map((r) => [r.id, r]));
  structure.emojis = new Map(guild.emojis.flatMap((e) => (e.id ? [[e.id, e] as const] : [])));
}

export function logGuildUpdate(ctx: EventLogContext, guild: DispatchData<'GUILD_UPDATE'>): void {
  const structure = structureOf(ctx);
  if (!structure) return;
  const before = structure.guild;
  const after = pick(guild, GUILD_FIELDS);
  structure.guild = after;
  const changes = diff(before, after, GUILD_FIELDS);
  if (changes.length === 0) return;
  record(ctx, 'guild_update', `The server's settings changed: ${changes.map((c) => c.name).join(', ')}`, changes, { changes });
}

export function logChannelCreate(ctx: EventLogContext, channel: DispatchData<'CHANNEL_CREATE'>): void {
  const structure = structureOf(ctx);
  if (!structure || !('guild_id' in channel)) return;
  structure.channels.set(channel.id, channel as Channel);
  record(ctx, 'channel_create', `Channel #${channel.name} was created`, [{ name: 'Channel', value: `<#${channel.id}> (#${channel.name})`, inline: true }], { channel_id: channel.id, name: channel.name }, channel.id);
}

export function logChannelUpdate(ctx: EventLogContext, channel: DispatchData<'CHANNEL_UPDATE'>): void {
  const structure = structureOf(ctx);
  if (!structure || !('guild_id' in channel)) return;
  const before = structure.channels.get(channel.id);
  structure.channels.set(channel.id, channel as Channel);
  const changes = diff(before, channel as Channel, CHANNEL_FIELDS);
  if (changes.length === 0) return;
  record(ctx, 'channel_update', `Channel #${channel.name} changed: ${changes.map((c) => c.name).join(', ')}`, [{ name: 'Channel', value: `<#${channel.id}>`, inline: true }, ...changes], { changes }, channel.id);
}

export function logChannelDelete(ctx: EventLogContext, channel: DispatchData<'CHANNEL_DELETE'>): void {
  const structure = structureOf(ctx);
  if (!structure || !('guild_id' in channel)) return;
  structure.channels.delete(channel.id);
  record(ctx, 'channel_delete', `Channel #${channel.name} was deleted`, [{ name: 'Channel', value: `#${channel.name} (${channel.id})`, inline: true }], { channel_id: channel.id, name: channel.name }, channel.id);
}

export function logRoleCreate(ctx: EventLogContext, data: DispatchData<'GUILD_ROLE_CREATE'>): void {
  const structure = structureOf(ctx);
  if (!structure) return;
  structure.roles.set(data.role.id, data.role);
  record(ctx, 'role_create', `Role ${data.role.name} was created`, [{ name: 'Role', value: `<@&${data.role.id}> (${data.role.name})`, inline: true }], { role_id: data.role.id, name: data.role.name });
}

export function logRoleUpdate(ctx: EventLogContext, data: DispatchData<'GUILD_ROLE_UPDATE'>): void {
  const structure = structureOf(ctx);
  if (!structure) return;
  const before = structure.roles.get(data.role.id);
  structure.roles.set(data.role.id, data.role);
  const changes = diff(before, data.role, ROLE_FIELDS);
  if (changes.length === 0) return;
  record(ctx, 'role_update', `Role ${data.role.name} changed: ${changes.map((c) => c.name).join(', ')}`, [{ name: 'Role', value: `<@&${data.role.id}>`, inline: true }, ...changes], { role_id: data.role.id, changes });
}

export function logRoleDelete(ctx: EventLogContext, data: DispatchData<'GUILD_ROLE_DELETE'>): void {
  const structure = structureOf(ctx);
  if (!structure) return;
  const role: APIRole | undefined = structure.roles.get(data.role_id);
  structure.roles.delete(data.role_id);
  const name = role?.name ?? 'unknown (not cached)';
  record(ctx, 'role_delete', `Role ${name} was deleted`, [{ name: 'Role', value: `${name} (${data.role_id})`, inline: true }], { role_id: data.role_id, name: role?.name ?? null });
}

/** Discord sends the whole list of emojis at each change: the difference with the last list is the change. */
export function logEmojis(ctx: EventLogContext, data: DispatchData<'GUILD_EMOJIS_UPDATE'>): void {
  const structure = structureOf(ctx);
  if (!structure) return;
  const before = structure.emojis;
  const after = new Map(data.emojis.flatMap((e) => (e.id ? [[e.id, e] as const] : [])));
  structure.emojis = after;
  const show = (e: APIEmoji) => `<${e.animated ? 'a' : ''}:${e.name}:${e.id}> \`:${e.name}:\``;
  for (const [id, emoji] of after) {
    const old = before.get(id);
    if (!old) record(ctx, 'emoji_create', `Emoji :${emoji.name}: was added`, [{ name: 'Emoji', value: show(emoji) }], { emoji_id: id, name: emoji.name });
    else if (old.name !== emoji.name) record(ctx, 'emoji_update', `Emoji :${old.name}: was renamed :${emoji.name}:`, [{ name: 'Emoji', value: show(emoji) }, ...diff(old, emoji, ['name'])], { emoji_id: id, before: old.name, after: emoji.name });
  }
  for (const [id, emoji] of before) {
    if (!after.has(id)) record(ctx, 'emoji_delete', `Emoji :${emoji.name}: was removed`, [{ name: 'Emoji', value: `\`:${emoji.name}:\` (${id})` }], { emoji_id: id, name: emoji.name });
  }
}

export function logInviteCreate(ctx: EventLogContext, invite: DispatchData<'INVITE_CREATE'>): void {
  if (!structureOf(ctx)) return;
  const fields: EntryField[] = [
    { name: 'Code', value: invite.code, inline: true },
    { name: 'Channel', value: `<#${invite.channel_id}>`, inline: true },
    { name: 'Uses', value: invite.max_uses > 0 ? `at most ${invite.max_uses}` : 'unlimited', inline: true },
    { name: 'Expires', value: invite.max_age > 0 ? relativeTime(new Date(invite.created_at).getTime() + invite.max_age * 1_000) : 'never', inline: true },
  ];
  if (invite.inviter) fields.push({ name: 'By', value: `<@${invite.inviter.id}>`, inline: true });
  record(ctx, 'invite_create', `Invite ${invite.code} was created`, fields, { code: invite.code, max_uses: invite.max_uses, max_age: invite.max_age, temporary: invite.temporary }, invite.channel_id, invite.inviter ? { id: invite.inviter.id, name: invite.inviter.username } : null);
}

export function logInviteDelete(ctx: EventLogContext, invite: DispatchData<'INVITE_DELETE'>): void {
  if (!structureOf(ctx)) return;
  record(ctx, 'invite_delete', `Invite ${invite.code} was deleted`, [{ name: 'Code', value: invite.code, inline: true }, { name: 'Channel', value: `<#${invite.channel_id}>`, inline: true }], { code: invite.code }, invite.channel_id);
}

/** Joins, leaves and moves; mutes, deafens and streams are not logged. */
export function logVoice(ctx: EventLogContext, state: DispatchData<'VOICE_STATE_UPDATE'>): void {
  const log = ctx.instance;
  const guildId = ctx.guild?.id;
  if (!log || !guildId) return;
  const key = `${guildId}:${state.user_id}`;
  const before = log.voice.get(key) ?? null;
  const after = state.channel_id;
  if (!ctx.settings.voice_channel_id) {
    log.voice.delete(key);
    return;
  }
  if (after) log.voice.set(key, after);
  else log.voice.delete(key);
  if (before === after) return;
  const member = state.member;
  if (isIgnoredUser(ctx.settings, member?.user, member?.roles)) return;
  if ((!before || isIgnoredChannel(ctx.settings, before)) && (!after || isIgnoredChannel(ctx.settings, after))) return;
  const user = member?.user ? { id: member.user.id, name: member.user.username } : { id: state.user_id, name: state.user_id };
  const kind = !before ? 'voice_join' : !after ? 'voice_leave' : 'voice_move';
  const fields: EntryField[] = [{ name: 'Member', value: `<@${state.user_id}>`, inline: true }];
  if (before) fields.push({ name: after ? 'From' : 'Channel', value: `<#${before}>`, inline: true });
  if (after) fields.push({ name: before ? 'To' : 'Channel', value: `<#${after}>`, inline: true });
  const summary = kind === 'voice_join' ? `${user.name} joined a voice channel` : kind === 'voice_leave' ? `${user.name} left a voice channel` : `${user.name} moved between voice channels`;
  log.record(ctx, { kind, user, channelId: after ?? before, summary, fields, details: { from: before, to: after } });
}

function record(ctx: EventLogContext, kind: Parameters<NonNullable<EventLogContext['instance']>['record']>[1]['kind'], summary: string, fields: EntryField[], details: Record<string, unknown>, channelId: string | null = null, user: { id: string; name: string } | null = null): void {
  ctx.instance?.record(ctx, { kind, summary, fields, details, channelId, user });
}

function pick<T extends object, K extends string>(value: T, keys: readonly K[]): Record<string, unknown> {
  return Object.fromEntries(keys.filter((k) => k in value).map((k) => [k, (value as Record<string, unknown>)[k]]));
}

/** The fields that differ, as "name: before → after"; with nothing known before, only after. */
function diff(before: object | undefined, after: object, keys: readonly string[]): (EntryField & { before?: unknown; after: unknown })[] {
  const b = before as Record<string, unknown> | undefined;
  const a = after as Record<string, unknown>;
  return keys
    .filter((k) => k in a && (b === undefined ? false : JSON.stringify(b[k] ?? null) !== JSON.stringify(a[k] ?? null)))
    .map((k) => ({ name: k, value: `${show(b?.[k])} → ${show(a[k])}`, before: b?.[k] ?? null, after: a[k] ?? null }));
}

function show(value: unknown): string {
  if (value === null || value === undefined || value === '') return '*(none)*';
  if (Array.isArray(value)) return `${value.length} entries`;
  return typeof value === 'string' ? value : JSON.stringify(value);
}
