// The shapes of ids, written once: Discord's snowflakes and our own rows' bigint ids. Every schema,
// mention pattern and guard builds on these.

/** The digits of a Discord snowflake: 15-21 (ids from 2015 on are 17+, and 2^64 has 20; one spare). */
const SNOWFLAKE_DIGITS = String.raw`\d{15,21}`;

/** A Discord id, alone: https://discord.com/developers/docs/reference#snowflakes */
export const SNOWFLAKE = new RegExp(`^${SNOWFLAKE_DIGITS}$`);

/** A user as typed: `<@id>`, `<@!id>` or the bare id (the id in group 1 or 2). */
export const USER_MENTION = new RegExp(`^(?:<@!?(${SNOWFLAKE_DIGITS})>|(${SNOWFLAKE_DIGITS}))$`);

/** A channel as typed: `<#id>` or the bare id (the id in group 1 or 2). */
export const CHANNEL_MENTION = new RegExp(`^(?:<#(${SNOWFLAKE_DIGITS})>|(${SNOWFLAKE_DIGITS}))$`);

/** A role as typed: `<@&id>` or the bare id (the id in group 1 or 2). */
export const ROLE_MENTION = new RegExp(`^(?:<@&(${SNOWFLAKE_DIGITS})>|(${SNOWFLAKE_DIGITS}))$`);

/** A custom emoji as Discord writes it: `<:name:id>` or `<a:name:id>` (animated). */
export const CUSTOM_EMOJI = new RegExp(`<a?:\\w{2,32}:${SNOWFLAKE_DIGITS}>`);

/** A bigint row id as a decimal string (18 digits stay below 2^63, so the cast never overflows). */
export const ROW_ID = /^\d{1,18}$/;

export function isSnowflake(text: string): boolean {
  return SNOWFLAKE.test(text);
}

/** True when `text` can be one of our rows' ids; anything else cannot name a row (a 404, not a 500). */
export function isRowId(text: string): boolean {
  return ROW_ID.test(text);
}

/** The id in a user mention or a bare id, or undefined. */
export function mentionedId(pattern: RegExp, text: string): string | undefined {
  const match = pattern.exec(text);
  return match ? (match[1] ?? match[2]) : undefined;
}
