// The guild directory's wire shapes: what GET /api/guilds/:guild_id/channels|roles|members answer,
// and so what the directory returns. The dashboard imports their types.
import * as v from 'valibot';
import { Integer } from '../../platform/http/schemas.ts';

export const DirectoryChannelSchema = v.object({
  id: v.string(),
  name: v.string(),
  type: v.picklist(['text', 'announcement', 'voice', 'stage', 'forum', 'category', 'other']),
  parent_id: v.nullable(v.string()),
  position: Integer,
});

export const DirectoryRoleSchema = v.object({
  id: v.string(),
  name: v.string(),
  /** `#rrggbb`, or null for the default (no colour). */
  color: v.nullable(v.string()),
  position: Integer,
  managed: v.boolean(),
});

export const DirectoryMemberSchema = v.object({
  id: v.string(),
  /** What Discord shows in the guild: nickname, else global name, else username. */
  name: v.string(),
  username: v.string(),
  avatar_url: v.nullable(v.string()),
  bot: v.boolean(),
});

export type DirectoryChannel = v.InferOutput<typeof DirectoryChannelSchema>;
export type DirectoryRole = v.InferOutput<typeof DirectoryRoleSchema>;
export type DirectoryMember = v.InferOutput<typeof DirectoryMemberSchema>;
