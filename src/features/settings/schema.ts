// What a server's settings may be: the rules shared by PATCH /api/guilds/:guild_id/settings and
// `/settings`, and the shape both answer with.
import * as v from 'valibot';
import { Snowflake } from '../../platform/http/schemas.ts';
import { TimeZone } from '../../platform/time/time-zone.ts';
import { BUILT_IN_NAMES } from './built-in-names.ts';
import type { GuildSettings } from './queries.ts';

/** Needed to undo a change or to find out what is off: they can never be turned off. */
export const ALWAYS_ON = ['settings', 'help'] as const;

/** The settings of a guild that never changed any. */
export function defaultSettings(guildId: string): GuildSettings {
  return { guild_id: guildId, prefix: null, disabled_commands: [], time_zone: null, viewer_role_ids: [], editor_role_ids: [], version: 0, updated_at: null, updated_by: null };
}

export const Prefix = v.pipe(
  v.string(),
  v.regex(/^\S{1,5}$/u, 'must be 1-5 characters without spaces'),
  // `<@…>`, `<#…>`, `<:emoji:…>` and `@everyone` are Discord's mention and emoji syntax, and a message
  // starting with `/` opens Discord's slash-command picker: none of them can start a command.
  v.check((prefix) => !/^[</]/.test(prefix) && !prefix.includes('@'), 'must not be a mention, an emoji or start with /'),
);

const RoleIds = v.pipe(
  v.array(Snowflake),
  v.maxLength(50, 'at most 50 roles'),
  v.transform((ids) => [...new Set(ids)]),
);

const DisabledCommands = v.pipe(
  v.array(
    v.pipe(
      v.string(),
      v.toLowerCase(),
      v.picklist(BUILT_IN_NAMES, (issue) => `${JSON.stringify(issue.input)} is not a built-in command`),
      v.check((name) => !(ALWAYS_ON as readonly string[]).includes(name), (issue) => `${JSON.stringify(issue.input)} cannot be turned off: it is needed to change settings back`),
    ),
  ),
  v.transform((names) => [...new Set(names)].sort()),
);

/** A partial change, made from the `version` it was read at. */
export const SettingsChangesSchema = v.pipe(
  v.strictObject({
    version: v.pipe(v.number(), v.integer('must be a whole number'), v.minValue(0, 'must be at least 0')),
    prefix: v.optional(v.nullable(Prefix)),
    disabled_commands: v.optional(DisabledCommands),
    time_zone: v.optional(v.nullable(TimeZone)),
    viewer_role_ids: v.optional(RoleIds),
    editor_role_ids: v.optional(RoleIds),
  }),
  // minEntries, not a check, so the OpenAPI document states the rule too (minProperties).
  v.minEntries(2, 'give version and at least one setting to change'),
);

export type SettingsChanges = v.InferOutput<typeof SettingsChangesSchema>;

/** The fields a change may set, in the order the audit log lists them. */
export const SETTING_FIELDS = ['prefix', 'disabled_commands', 'time_zone', 'viewer_role_ids', 'editor_role_ids'] as const;

export const SettingsOut = v.object({
  guild_id: v.string(),
  /** null: `defaults.prefix`. */
  prefix: v.nullable(v.string()),
  disabled_commands: v.array(v.string()),
  /** null: `defaults.time_zone`. */
  time_zone: v.nullable(v.string()),
  viewer_role_ids: v.array(v.string()),
  editor_role_ids: v.array(v.string()),
  /** 0 until the first change; PATCH sends the version it read. */
  version: v.number(),
  updated_at: v.nullable(v.pipe(v.string(), v.isoTimestamp())),
  updated_by: v.nullable(v.string()),
  /** What null means: the installation's COMMAND_PREFIX and UTC. */
  defaults: v.object({ prefix: v.string(), time_zone: v.string() }),
  /** The built-in commands that can be turned off. */
  built_in_commands: v.array(v.string()),
});

/** What GET and PATCH /api/guilds/:guild_id/settings answer. */
export type SettingsView = v.InferOutput<typeof SettingsOut>;
