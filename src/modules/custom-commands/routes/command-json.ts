// A command of a page of GET /api/commands, written as JSON text: what `JSON.stringify(present(row))`
// writes, field for field and in its order, but with the JSON columns as PostgreSQL wrote them. Read
// as objects, each page parsed 120 small JSON texts (six a row) only to write them out again: 6 % of
// the list's CPU in a profile, as much again in JSON.stringify. The list's test in
// test/api/commands.test.ts holds it to GET /api/commands/:id, which `present` writes.
import { isoTime } from '../../../platform/time/iso.ts';
import type { CommandListRow } from '../data/queries.ts';
import { completeParts, type RichParts } from '../rich.ts';

export function commandJson(c: CommandListRow): string {
  return (
    `{"id":"${c.id}","guild_id":${text(c.guild_id)},"name":${JSON.stringify(c.name)},"response":${JSON.stringify(c.response)},` +
    `"description":${JSON.stringify(c.description)},"aliases":${JSON.stringify(c.aliases)},"cooldown_seconds":${c.cooldown_seconds},` +
    `"enabled":${c.enabled},"use_count":${Number(c.use_count)},"created_by":${text(c.created_by)},` +
    `"created_at":"${isoTime(c.created_at)}","updated_at":"${isoTime(c.updated_at)}","metadata":${asParsed(c.metadata)},` +
    `"trigger":${c.trigger === null ? 'null' : asParsed(c.trigger)},"responses":${JSON.stringify(c.responses)},"permissions":${asParsed(c.permissions)},` +
    `"channel_cooldown_seconds":${c.channel_cooldown_seconds},"guild_cooldown_seconds":${c.guild_cooldown_seconds},` +
    `"embeds":${asParsed(c.embeds)},"buttons":${asParsed(c.buttons)},"responses_rich":${responsesRich(c.responses_rich)},"slash":${c.slash},` +
    `"context":${text(c.context)},"deleted_at":${c.deleted_at ? `"${isoTime(c.deleted_at)}"` : 'null'},"deleted_by":${text(c.deleted_by)}}`
  );
}

/**
 * A number JSON.parse cannot keep: beyond a double's range (read as Infinity, which JSON.stringify
 * writes as null), or a negative one so small it reads as -0 (written 0). PostgreSQL writes a jsonb
 * number in full, never with an exponent, so such a number is a long run of digits; this may match
 * more (a long number in a string), which only sends that text the exact way.
 */
const BEYOND_DOUBLE = /\d{309}|-0\.0{300}/;

/** The JSON text `stored` as parsing and serialising it would write it (see BEYOND_DOUBLE). */
function asParsed(stored: string): string {
  return BEYOND_DOUBLE.test(stored) ? JSON.stringify(JSON.parse(stored)) : stored;
}

function text(value: string | null): string {
  return value === null ? 'null' : JSON.stringify(value);
}

/** Most commands have no rich responses; an entry that lacks a part is given it, as `present` does. */
function responsesRich(stored: string): string {
  return stored === '[]' ? stored : JSON.stringify((JSON.parse(stored) as Partial<RichParts>[]).map(completeParts));
}
