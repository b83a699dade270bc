// Plain messages in a server may set off an auto-response. This runs for every such message, so it
// does no I/O of its own: the guild's commands and their compiled triggers come from the store's cache.
// Regexes go to the regex runner (a worker thread) when there is one, so they never block this thread.

import type { CooldownStore } from '../../module-kit/cooldowns/cooldowns.ts';
import type { RegexRunner } from '../../platform/regex/runner.ts';
import type { CustomCommand } from './data/queries.ts';
import { checkPermissions } from './permissions.ts';
import type { CommandStore } from './store/store.ts';
import { triggerMatcherFor } from './triggers/triggers.ts';

/** The shortest time between two answers of one auto-response in one channel, so no two can loop. */
export const AUTO_RESPONSE_MIN_COOLDOWN_SECONDS = 3;

/** The auto-response `content` sets off in this guild channel, if any and if it is not cooling down. */
export async function findAutoResponse(
  { commands, regexes: runner }: { commands: CommandStore; regexes?: RegexRunner | undefined },
  cooldowns: CooldownStore,
  guildId: string,
  channelId: string,
  content: string,
  roleIds: readonly string[],
): Promise<CustomCommand | undefined> {
  const matcher = triggerMatcherFor(await commands.listForGuild(guildId));
  const { regexes } = matcher;
  const command = runner
    ? (matcher.matchPlain(content) ?? regexes.commands[await runner.firstMatch(guildId, regexes.set, content)])
    : matcher.match(content);
  // One who may not run it does not start its cooldown for everyone else.
  if (!command || checkPermissions(command.permissions, channelId, roleIds)) return undefined;
  const seconds = Math.max(command.cooldown_seconds, AUTO_RESPONSE_MIN_COOLDOWN_SECONDS);
  // Silent when cooling down: a busy channel must not get "slow down" replies to ordinary talk.
  return (await cooldowns.take(`auto:${command.id}:${channelId}`, seconds)) > 0 ? undefined : command;
}
