// `automod_block_invites`: Discord invite links in a message (discord.gg/…, discord.com/invite/…,
// discordapp.com/invite/…), also when hidden the usual ways: any case, look-alike letters (fullwidth,
// bold), zero-width characters and markdown between letters, spaces around the dot and slash, `[.]`,
// `(dot)`, ` dot `. An invite to the message's own server is allowed: whose server a code opens is
// asked of Discord once per code (GET /invites/{code}) and remembered a while.
import type { API } from '@discordjs/core';
import { DiscordAPIError } from '@discordjs/rest';

/** Invites one message may hold before it counts as a violation without asking Discord about each. */
export const MAX_INVITES_LOOKED_UP = 5;

// Every quantifier is bounded and no two branches overlap, so V8 matches this in linear time.
const DOT = String.raw`\s{0,3}(?:\.|\[\s{0,2}(?:\.|dot)\s{0,2}\]|\(\s{0,2}(?:\.|dot)\s{0,2}\)|\{\s{0,2}(?:\.|dot)\s{0,2}\}|\bdot\b)\s{0,3}`;
const SLASH = String.raw`\s{0,3}/\s{0,3}`;
const INVITE = new RegExp(String.raw`discord(?:${DOT}gg|(?:app)?${DOT}com${SLASH}invite)${SLASH}([a-z0-9-]{2,32})`, 'gi');
// Characters that hide a link from a plain match without changing how it reads: zero-width and
// formatting characters, markdown (`disc**ord**.gg`), the backslash of an escaped dot.
const HIDING = /[\u00ad\u200b-\u200f\u2060-\u2064\ufeff*_~|`\\]/g;
// Only text beyond printable ASCII can hold what NFKC folds to it (fullwidth ｄ, bold 𝐝): plain text skips the fold.
const NON_ASCII = /[^\u0020-\u007e\s]/;

/** The invite codes in `content`, in order, without repeats (as written: a code's case matters). */
export function findInviteCodes(content: string): string[] {
  const text = (NON_ASCII.test(content) ? content.normalize('NFKC') : content).replace(HIDING, '');
  const codes = new Set<string>();
  for (const match of text.matchAll(INVITE)) codes.add(match[1] as string);
  return [...codes];
}

export interface InviteGuilds {
  /** The guild `code` opens, null for none (expired, unknown); undefined when Discord could not say. */
  guildOf(discord: API, code: string): Promise<string | null | undefined>;
}

/**
 * Codes → guild ids, kept `ttlMs` and at most `max` of them (the oldest forgotten first). A code is
 * asked once at a time: a raid posting one invite fifty times at once makes one request.
 */
export function createInviteGuilds({ ttlMs = 600_000, max = 10_000, now = Date.now }: { ttlMs?: number; max?: number; now?: () => number } = {}): InviteGuilds {
  const known = new Map<string, { guildId: Promise<string | null | undefined>; at: number }>();
  const ask = async (discord: API, code: string): Promise<string | null | undefined> => {
    try {
      // https://discord.com/developers/docs/resources/invite#get-invite
      return (await discord.invites.get(code)).guild?.id ?? null;
    } catch (error) {
      // Unknown Invite (404): a code that opens nothing. Anything else says nothing about the code.
      if (error instanceof DiscordAPIError && error.status === 404) return null;
      return undefined;
    }
  };
  return {
    guildOf(discord, code) {
      const hit = known.get(code);
      if (hit && now() - hit.at < ttlMs) return hit.guildId;
      const guildId = ask(discord, code);
      known.delete(code);
      known.set(code, { guildId, at: now() });
      if (known.size > max) known.delete(known.keys().next().value as string);
      // What Discord could not say is asked again next time.
      void guildId.then((id) => {
        if (id === undefined && known.get(code)?.guildId === guildId) known.delete(code);
      });
      return guildId;
    },
  };
}

/**
 * The first code in `codes` that opens another server than `guildId` (or that Discord could not
 * place), or undefined when all open this one. Past MAX_INVITES_LOOKED_UP codes the message is a
 * violation without asking.
 */
export async function foreignInvite(discord: API, invites: InviteGuilds, guildId: string, codes: readonly string[]): Promise<string | undefined> {
  if (codes.length > MAX_INVITES_LOOKED_UP) return codes[0];
  const guilds = await Promise.all(codes.map((code) => invites.guildOf(discord, code)));
  return codes.find((_, i) => guilds[i] !== guildId);
}
