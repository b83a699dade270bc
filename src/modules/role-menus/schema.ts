// A role menu's wire shape: what the API takes (created whole, changed in part) and answers.
import * as v from 'valibot';
import { Snowflake } from '../../platform/http/schemas.ts';

/** Discord's limits: 25 options in a select, 5 rows of 5 buttons. */
export const OPTIONS_MAX = 25;
export const BUTTONS_PER_ROW = 5;

export const MODES = ['toggle', 'unique', 'verify', 'drop'] as const;
export const STYLES = ['buttons', 'select'] as const;

const Text = (max: number) => v.pipe(v.string(), v.trim(), v.minLength(1, 'must not be empty'), v.maxLength(max, `must be at most ${max} characters`));

export const MenuOption = v.strictObject({
  role_id: Snowflake,
  label: Text(80),
  /** A unicode emoji, or a custom one as `<:name:id>`. */
  emoji: v.optional(v.nullable(v.pipe(v.string(), v.maxLength(64, 'must be at most 64 characters'))), null),
  /** Shown under the option in a select menu. */
  description: v.optional(v.nullable(Text(100)), null),
});

export const MenuEmbed = v.strictObject({
  title: v.optional(v.nullable(Text(256)), null),
  description: v.optional(v.nullable(Text(4_000)), null),
  /** 0xRRGGBB as a number. */
  color: v.optional(v.nullable(v.pipe(v.number(), v.integer(), v.minValue(0), v.maxValue(0xffffff))), null),
});

const fields = {
  channel_id: Snowflake,
  content: v.optional(v.nullable(Text(2_000)), null),
  embed: v.optional(v.nullable(MenuEmbed), null),
  style: v.picklist(STYLES, `must be one of ${STYLES.join(', ')}`),
  mode: v.picklist(MODES, `must be one of ${MODES.join(', ')}`),
  options: v.pipe(
    v.array(MenuOption),
    v.minLength(1, 'needs at least one option'),
    v.maxLength(OPTIONS_MAX, `at most ${OPTIONS_MAX} options (Discord's limit)`),
    v.check((options) => new Set(options.map((o) => o.role_id)).size === options.length, 'a role appears twice'),
  ),
  /** How many of this menu's roles a member may hold. */
  max: v.optional(v.nullable(v.pipe(v.number(), v.integer('must be a whole number'), v.minValue(1, 'must be at least 1'), v.maxValue(OPTIONS_MAX, `must be at most ${OPTIONS_MAX}`))), null),
  /** A member needs every one of these to use the menu. */
  required_role_ids: v.optional(v.pipe(v.array(Snowflake), v.maxLength(10, 'at most 10')), []),
};

const NewMenuObject = v.strictObject(fields);
export const NewMenu = v.pipe(
  NewMenuObject,
  v.check((menu: v.InferOutput<typeof NewMenuObject>) => Boolean(menu.content) || Boolean(menu.embed), 'give content, an embed, or both'),
);
export const MenuChange = v.pipe(
  v.strictObject(Object.fromEntries(Object.entries(fields).map(([key, schema]) => [key, v.optional(schema)])) as { [K in keyof typeof fields]: v.OptionalSchema<(typeof fields)[K], undefined> }),
  v.minEntries(1, 'change at least one field'),
);

export type NewMenuInput = v.InferOutput<typeof NewMenu>;
export type MenuChangeInput = v.InferOutput<typeof MenuChange>;

export const MenuOut = v.object({
  id: v.string(),
  guild_id: v.string(),
  channel_id: v.string(),
  message_id: v.nullable(v.string()),
  /** The message was deleted in Discord; an edit posts it again. */
  message_deleted: v.boolean(),
  content: v.nullable(v.string()),
  embed: v.nullable(v.object({ title: v.nullable(v.string()), description: v.nullable(v.string()), color: v.nullable(v.number()) })),
  style: v.picklist(STYLES),
  mode: v.picklist(MODES),
  options: v.array(v.object({ role_id: v.string(), label: v.string(), emoji: v.nullable(v.string()), description: v.nullable(v.string()) })),
  max: v.nullable(v.number()),
  required_role_ids: v.array(v.string()),
  created_by: v.nullable(v.string()),
  created_at: v.string(),
  updated_at: v.string(),
});
export type MenuView = v.InferOutput<typeof MenuOut>;
