// Members coming, going and changing: joins (with the account's age), leaves (with the roles they
// had), nickname, role and timeout changes, bans, unbans and kicks. Who did it and why comes from the
// GUILD_AUDIT_LOG_ENTRY_CREATE that Discord sends alongside, paired by AuditPairing (never a call to
// the audit-log REST endpoint per event). What a member had before a change comes from the snapshot
// kept at their join or last change, only in servers that log members.
import { type APIGuildMember, type APIUser, AuditLogEvent } from 'discord-api-types/v10';
import type { DispatchData } from '../../module-kit/contract.ts';
import { type AuditEntry, moderatorOf } from './audit-pairing.ts';
import { type EntryField, relativeTime, snowflakeTime } from './render.ts';
import type { EventLogContext, MemberSnapshot } from './service.ts';
import { isIgnoredUser } from './settings.ts';

/** An account younger than this is flagged at its join: raids and ban evasion use fresh accounts. */
const NEW_ACCOUNT_MS = 7 * 86_400_000;

type MemberData = Pick<APIGuildMember, 'roles' | 'joined_at'> & { user: APIUser; nick?: string | null; communication_disabled_until?: string | null };

const keyOf = (guildId: string, userId: string) => `${guildId}:${userId}`;
const nameOf = (user: Pick<APIUser, 'username'>) => user.username;

function snapshotOf(member: MemberData): MemberSnapshot {
  return {
    id: member.user.id,
    name: nameOf(member.user),
    nick: member.nick ?? null,
    roles: [...member.roles],
    timeoutUntil: member.communication_disabled_until ?? null,
    joinedAt: member.joined_at ?? null,
    bot: member.user.bot === true,
  };
}

/** Whether members are logged here; where not, what was kept of them goes. */
function logsMembers(ctx: EventLogContext): ctx is EventLogContext & { instance: NonNullable<EventLogContext['instance']>; guild: { id: string } } {
  const log = ctx.instance;
  const guildId = ctx.guild?.id;
  if (!log || !guildId) return false;
  if (ctx.settings.member_channel_id) return true;
  if (log.members.sizeOf(guildId) > 0) log.members.clearGuild(guildId);
  return false;
}

export function receiveAuditEntry(ctx: EventLogContext, entry: DispatchData<'GUILD_AUDIT_LOG_ENTRY_CREATE'>): void {
  if (!logsMembers(ctx)) return;
  ctx.instance.audit.receive(entry as AuditEntry);
}

export function logJoin(ctx: EventLogContext, member: DispatchData<'GUILD_MEMBER_ADD'>): void {
  if (!logsMembers(ctx)) return;
  const guildId = ctx.guild.id;
  ctx.instance.members.set(guildId, keyOf(guildId, member.user.id), snapshotOf(member));
  if (isIgnoredUser(ctx.settings, member.user, member.roles)) return;
  const created = snowflakeTime(member.user.id);
  const isNew = Date.now() - created.getTime() < NEW_ACCOUNT_MS;
  ctx.instance.record(ctx, {
    kind: 'member_join',
    user: { id: member.user.id, name: nameOf(member.user) },
    summary: `${nameOf(member.user)} joined${isNew ? ' (new account)' : ''}`,
    body: isNew ? '⚠️ **New account**: created less than a week ago.' : undefined,
    fields: [
      { name: 'Member', value: `<@${member.user.id}>`, inline: true },
      { name: 'Account created', value: relativeTime(created), inline: true },
    ],
    details: { account_created_at: created.toISOString(), new_account: isNew },
  });
}

export function logLeave(ctx: EventLogContext, data: DispatchData<'GUILD_MEMBER_REMOVE'>): void {
  if (!logsMembers(ctx)) return;
  const guildId = ctx.guild.id;
  const log = ctx.instance;
  const had = log.members.delete(keyOf(guildId, data.user.id));
  if (isIgnoredUser(ctx.settings, data.user, had?.roles)) return;
  const roles = had?.roles.filter((id) => id !== guildId) ?? null;
  const fields: EntryField[] = [
    { name: 'Member', value: `<@${data.user.id}>`, inline: true },
    { name: 'Roles', value: roles === null ? 'unknown (not cached)' : roles.length > 0 ? roles.map((id) => `<@&${id}>`).join(' ') : 'none' },
  ];
  if (had?.joinedAt) fields.push({ name: 'Joined', value: relativeTime(had.joinedAt), inline: true });
  // A kick is a leave with an audit entry saying who removed them.
  log.later(async () => {
    const kick = await log.audit.find(guildId, { actions: [AuditLogEvent.MemberKick], targetId: data.user.id });
    const user = { id: data.user.id, name: nameOf(data.user) };
    log.record(ctx, {
      kind: kick ? 'member_kick' : 'member_leave',
      user,
      moderator: moderatorOf(kick),
      summary: kick ? `${user.name} was kicked` : `${user.name} left`,
      fields,
      details: { roles },
    });
  });
}

export function logMemberUpdate(ctx: EventLogContext, member: DispatchData<'GUILD_MEMBER_UPDATE'>): void {
  if (!logsMembers(ctx)) return;
  const guildId = ctx.guild.id;
  const log = ctx.instance;
  const key = keyOf(guildId, member.user.id);
  const before = log.members.get(key);
  const after = snapshotOf({ ...member, joined_at: member.joined_at ?? before?.joinedAt ?? '' });
  log.members.set(guildId, key, after);
  // Without what they had before there is no change to show.
  if (!before || isIgnoredUser(ctx.settings, member.user, [...before.roles, ...after.roles])) return;
  const user = { id: after.id, name: after.name };
  const added = after.roles.filter((r) => !before.roles.includes(r));
  const removed = before.roles.filter((r) => !after.roles.includes(r));
  const nickChanged = before.nick !== after.nick;
  const timeoutChanged = activeTimeout(before.timeoutUntil) !== activeTimeout(after.timeoutUntil);
  if (!nickChanged && !timeoutChanged && added.length === 0 && removed.length === 0) return;
  log.later(async () => {
    const [roleEntry, memberEntry] = await Promise.all([
      added.length > 0 || removed.length > 0 ? log.audit.find(guildId, { actions: [AuditLogEvent.MemberRoleUpdate], targetId: user.id }) : null,
      nickChanged || timeoutChanged ? log.audit.find(guildId, { actions: [AuditLogEvent.MemberUpdate], targetId: user.id }) : null,
    ]);
    if (nickChanged) {
      log.record(ctx, {
        kind: 'member_nickname',
        user,
        moderator: selfOrModerator(memberEntry, user.id),
        summary: `${user.name}'s nickname changed`,
        fields: [
          { name: 'Before', value: before.nick ?? '*(none)*', inline: true },
          { name: 'After', value: after.nick ?? '*(none)*', inline: true },
        ],
        details: { before: before.nick, after: after.nick },
      });
    }
    if (added.length > 0 || removed.length > 0) {
      const fields: EntryField[] = [];
      if (added.length > 0) fields.push({ name: 'Added', value: added.map((id) => `<@&${id}>`).join(' ') });
      if (removed.length > 0) fields.push({ name: 'Removed', value: removed.map((id) => `<@&${id}>`).join(' ') });
      log.record(ctx, { kind: 'member_roles', user, moderator: selfOrModerator(roleEntry, user.id), summary: `${user.name}'s roles changed`, fields, details: { added, removed } });
    }
    if (timeoutChanged) {
      const until = activeTimeout(after.timeoutUntil);
      log.record(ctx, {
        kind: 'member_timeout',
        user,
        moderator: moderatorOf(memberEntry),
        summary: until ? `${user.name} was timed out` : `${user.name}'s timeout was lifted`,
        fields: [{ name: until ? 'Until' : 'Timeout', value: until ? relativeTime(until) : 'lifted', inline: true }],
        details: { until },
      });
    }
  });
}

export function logBan(ctx: EventLogContext, data: DispatchData<'GUILD_BAN_ADD'>): void {
  logBanChange(ctx, data.user, 'member_ban');
}

export function logUnban(ctx: EventLogContext, data: DispatchData<'GUILD_BAN_REMOVE'>): void {
  logBanChange(ctx, data.user, 'member_unban');
}

function logBanChange(ctx: EventLogContext, target: APIUser, kind: 'member_ban' | 'member_unban'): void {
  if (!logsMembers(ctx)) return;
  const guildId = ctx.guild.id;
  const log = ctx.instance;
  // A ban follows the member's leave, whose snapshot has gone: roles of an ignored member are unknown here.
  if (isIgnoredUser(ctx.settings, target, undefined)) return;
  log.later(async () => {
    const entry = await log.audit.find(guildId, { actions: [kind === 'member_ban' ? AuditLogEvent.MemberBanAdd : AuditLogEvent.MemberBanRemove], targetId: target.id });
    const user = { id: target.id, name: nameOf(target) };
    log.record(ctx, {
      kind,
      user,
      moderator: moderatorOf(entry),
      summary: kind === 'member_ban' ? `${user.name} was banned` : `${user.name} was unbanned`,
      fields: [{ name: 'User', value: `<@${user.id}>`, inline: true }, ...(entry ? [] : [{ name: 'By', value: 'unknown (no audit-log entry came)', inline: true }])],
    });
  });
}

/** A timeout's end while it is in the future; a past one is no timeout. */
function activeTimeout(until: string | null): string | null {
  return until && new Date(until).getTime() > Date.now() ? until : null;
}

/** The moderator, unless the member changed it themselves (Discord's audit entry then names the member). */
function selfOrModerator(entry: AuditEntry | null, userId: string) {
  const moderator = moderatorOf(entry);
  return moderator && moderator.id !== userId ? moderator : null;
}

/** The members Discord sends with GUILD_CREATE (all of a small server, some of a large one): what a later leave or change is shown against. */
export function snapshotMembers(ctx: EventLogContext, guild: DispatchData<'GUILD_CREATE'>): void {
  if (!('members' in guild) || !logsMembers(ctx)) return;
  const guildId = ctx.guild.id;
  for (const member of guild.members) if (member.user) ctx.instance.members.set(guildId, keyOf(guildId, member.user.id), snapshotOf({ ...member, user: member.user }));
}
