// Who made a change (to a custom command, a schedule, the settings…), and through which door: the history and audit log say both.

import { isSnowflake } from '../../platform/ids.ts';
import type { ChangeActor } from './queries.ts';

/**
 * A split bot changes things through the API with the token; this header (trusted only from the
 * token, a global admin) names the Discord user who typed the command (`/command`…), as `discord:<user id>`.
 */
export const ACTOR_HEADER = 'x-concord-actor';

/** The header that tells the API which Discord user a change relayed by the bot is for, so its history names them. */
export function actorHeader(actor: ChangeActor | undefined): Record<string, string> {
  return actor?.source === 'discord' && actor.user_id ? { [ACTOR_HEADER]: `discord:${actor.user_id}` } : {};
}

/** The actor an API request acts as: a dashboard user, a Discord user relayed by the bot, or the token. */
export function actorOfRequest(principal: { kind: 'token' } | { kind: 'session'; userId: string }, header: string | undefined): ChangeActor {
  if (principal.kind === 'session') return { source: 'dashboard', user_id: principal.userId };
  const relayed = header?.startsWith('discord:') ? header.slice('discord:'.length) : undefined;
  return relayed !== undefined && isSnowflake(relayed) ? { source: 'discord', user_id: relayed } : { source: 'api', user_id: null };
}
