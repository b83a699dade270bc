// The server event log: message edits and deletes, members coming, going and changing, changes to the
// server, and voice activity, posted to a channel per category of the admins' choice (a category
// without a channel is off) and kept for the dashboard's Events view and GET /api/guilds/:id/events.
import { defineModule } from '../../module-kit/contract.ts';
import migration from './001-entries.sql';
import { logBan, logJoin, logLeave, logMemberUpdate, logUnban, receiveAuditEntry, snapshotMembers } from './members.ts';
import { cacheMessage, logBulkDelete, logDelete, logEdit } from './messages.ts';
import { deleteUserEntries } from './queries.ts';
import { eventLogRoutes } from './routes.ts';
import { logChannelCreate, logChannelDelete, logChannelUpdate, logEmojis, logGuildUpdate, logInviteCreate, logInviteDelete, logRoleCreate, logRoleDelete, logRoleUpdate, logVoice, notePicture, snapshotGuild } from './server.ts';
import { createEventLog } from './service.ts';
import { SETTINGS } from './settings.ts';


export const EVENT_LOG_MODULE = 'event-log';

export const eventLog = defineModule({
  name: EVENT_LOG_MODULE,
  description: 'Posts what happens in the server (message edits and deletes, members, server changes, voice) to channels of your choice',
  settings: SETTINGS,
  migrations: [{ name: '001-entries', sql: migration }],
  routes: eventLogRoutes,
  // Without the privileged Server Members intent, member events never come; the rest still logs.
  optionalIntents: ['GuildMembers'],
  setup: (ctx) =>
    createEventLog({
      sql: ctx.sql,
      // Read at each post: the Discord client connects after the modules start.
      discord: () => ctx.discord,
      log: ctx.log,
      config: ctx.config,
    }),
  teardown: (ctx) => ctx.instance?.close(),
  events: {
    MESSAGE_CREATE: (ctx, message) => {
      notePicture(ctx);
      cacheMessage(ctx, message);
    },
    MESSAGE_UPDATE: logEdit,
    MESSAGE_DELETE: logDelete,
    MESSAGE_DELETE_BULK: logBulkDelete,
    GUILD_AUDIT_LOG_ENTRY_CREATE: receiveAuditEntry,
    GUILD_MEMBER_ADD: logJoin,
    GUILD_MEMBER_REMOVE: logLeave,
    GUILD_MEMBER_UPDATE: logMemberUpdate,
    GUILD_BAN_ADD: logBan,
    GUILD_BAN_REMOVE: logUnban,
    GUILD_CREATE: (ctx, guild) => {
      snapshotGuild(ctx, guild);
      snapshotMembers(ctx, guild);
    },
    GUILD_UPDATE: logGuildUpdate,
    CHANNEL_CREATE: logChannelCreate,
    CHANNEL_UPDATE: logChannelUpdate,
    CHANNEL_DELETE: logChannelDelete,
    GUILD_ROLE_CREATE: logRoleCreate,
    GUILD_ROLE_UPDATE: logRoleUpdate,
    GUILD_ROLE_DELETE: logRoleDelete,
    GUILD_EMOJIS_UPDATE: logEmojis,
    INVITE_CREATE: logInviteCreate,
    INVITE_DELETE: logInviteDelete,
    VOICE_STATE_UPDATE: logVoice,
  },
  deleteUserData: (ctx, userId) => ctx.instance?.deleteUser(userId) ?? (ctx.sql ? deleteUserEntries(ctx.sql, userId) : 0),
});
