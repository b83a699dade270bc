// Which failures of a scheduled send are worth retrying, and how the API and the log name them: the
// scheduler's verdict on what a queue's `send` threw (Discord refusing, the network, a channel moved).
import { DiscordAPIError, HTTPError } from '@discordjs/rest';
import { ChannelRefusedError } from '../channels/ownership.ts';

/** A failure that no retry can fix: the channel left its guild, or Discord answered 4xx (not 429), e.g. channel gone or no access. */
export function isPermanentFailure(error: unknown): boolean {
  if (error instanceof ChannelRefusedError) return true;
  return error instanceof DiscordAPIError && error.status >= 400 && error.status < 500 && error.status !== 429;
}

/** Discord answering with an error, or the network failing: expected trouble, not a bug to track. */
export function isDiscordOrNetworkFailure(error: unknown): boolean {
  if (error instanceof ChannelRefusedError || error instanceof DiscordAPIError || error instanceof HTTPError) return true;
  const { name, code, cause } = (error ?? {}) as { name?: string; code?: unknown; cause?: { code?: unknown } };
  const codeOf = typeof code === 'string' ? code : typeof cause?.code === 'string' ? cause.code : '';
  return name === 'AbortError' || name === 'TimeoutError' || /^(E[A-Z]+|UND_ERR_\w+)$/.test(codeOf);
}

/** A short reason for the API and the log: `403 Missing Access (50001)`, `503 Service Unavailable`. */
export function describeFailure(error: unknown): string {
  if (error instanceof DiscordAPIError) return `${error.status} ${error.message} (${error.code})`;
  if (error instanceof HTTPError) return `${error.status} ${error.message}`;
  return error instanceof Error ? error.message : String(error);
}
