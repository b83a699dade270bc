// What the module's setup keeps for the process, and how its handlers reach it.

import type { RegexRunner } from '../../platform/regex/runner.ts';
import type { CommandStore } from './store/store.ts';

/** The module's instance: its cached commands, the worker its regex triggers run in, and how its changes are told. */
export interface CustomCommandsInstance {
  commands: CommandStore;
  regexes: RegexRunner;
  /** A guild's commands changed in this process: the store here, the copies on Redis and the setup context's `changed` hear of it. */
  changed(guildId: string | null): void;
}

/** The module's instance in this process, from a handler's `ctx.instance`; throws where setup could not build it. */
export function instanceOf(instance: unknown): CustomCommandsInstance {
  if (!(instance as CustomCommandsInstance | undefined)?.commands) throw new Error('the custom commands are not set up in this process');
  return instance as CustomCommandsInstance;
}

/** The store of this process, from a handler's `ctx.instance`; throws where setup could not build it. */
export function commandsOf(instance: unknown): CommandStore {
  return instanceOf(instance).commands;
}
