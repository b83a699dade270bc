// The event log's settings per server: a channel per category (none: that category is off), what to
// leave out, and what the stored entries keep and for how long.
import type { APIUser } from 'discord-api-types/v10';
import type { SettingSpec, SettingValues } from '../../module-kit/settings.ts';
import type { Category } from './kinds.ts';

export const SETTINGS = {
  message_channel_id: { type: 'channel', description: 'Where message edits and deletes are posted (none: not logged)' },
  member_channel_id: { type: 'channel', description: 'Where joins, leaves, bans, kicks, timeouts, nickname and role changes are posted (none: not logged)' },
  server_channel_id: { type: 'channel', description: 'Where changes to channels, roles, emojis, invites and the server are posted (none: not logged)' },
  voice_channel_id: { type: 'channel', description: 'Where voice joins, leaves and moves are posted (none: not logged)' },
  ignored_channel_ids: { type: 'channels', description: 'Channels whose messages and voice activity are not logged' },
  ignored_role_ids: { type: 'roles', description: 'Members holding any of these roles are not logged' },
  ignore_bots: { type: 'boolean', default: true, description: "Leave out bots and webhooks: their messages, member changes and voice activity" },
  retention_days: { type: 'integer', default: 30, min: 1, max: 365, description: 'Days an entry is kept for the dashboard and the API' },
  include_content: { type: 'boolean', default: false, description: 'Keep message text and attachment names in the stored entries too (the posts always show them)' },
} as const satisfies Record<string, SettingSpec>;

export type EventLogSettings = SettingValues<typeof SETTINGS>;

const CHANNEL_SETTING = {
  message: 'message_channel_id',
  member: 'member_channel_id',
  server: 'server_channel_id',
  voice: 'voice_channel_id',
} as const satisfies Record<Category, keyof EventLogSettings>;

/** The settings that name `channelId` as a log channel (`message_channel_id`…). */
export function settingsNaming(settings: EventLogSettings, channelId: string): (keyof EventLogSettings)[] {
  return Object.values(CHANNEL_SETTING).filter((key) => settings[key] === channelId);
}

/** Where a category's entries go in this server, or null when it is off. */
export function logChannelOf(settings: EventLogSettings, category: Category): string | null {
  return settings[CHANNEL_SETTING[category]];
}

/** The server's log channels: what happens in them is never logged (a log of the log would feed itself). */
export function isLogChannel(settings: EventLogSettings, channelId: string): boolean {
  return settingsNaming(settings, channelId).length > 0;
}

export function isIgnoredChannel(settings: EventLogSettings, channelId: string | null | undefined): boolean {
  return !!channelId && (settings.ignored_channel_ids.includes(channelId) || isLogChannel(settings, channelId));
}

/** Whether a user is left out: a bot or webhook while bots are, or a member holding an ignored role. */
export function isIgnoredUser(settings: EventLogSettings, user: Pick<APIUser, 'bot'> | undefined, roles: readonly string[] | undefined, webhook = false): boolean {
  if (settings.ignore_bots && (user?.bot === true || webhook)) return true;
  return (roles ?? []).some((role) => settings.ignored_role_ids.includes(role));
}
