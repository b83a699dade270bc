// The built-in commands' names, for what must know them without loading the modules.

/**
 * Names of the built-in commands, which a slash custom command may not take (Discord keeps one
 * command per name). A test holds this list equal to BUILT_IN_COMMANDS; it is listed here, below the
 * modules, because the settings' schema (which turns built-ins off by name) cannot import them.
 */
export const BUILT_IN_NAMES: readonly string[] = [
  'ping',
  'help',
  'custom',
  'command',
  'stats',
  'top',
  'remind',
  'reminders',
  'timezone',
  'schedule',
  'settings',
  'warn',
  'timeout',
  'untimeout',
  'kick',
  'ban',
  'unban',
  'purge',
  'case',
  'reason',
  'cases',
  'rolemenu',
];
