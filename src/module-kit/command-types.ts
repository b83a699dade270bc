// What a command is: one definition that serves the prefix form (`!name args`) and the slash form.
// Built-ins are written with defineCommand (define.ts), which types their options; plugins may
// give this shape as a plain object.

import type { SettingsStore } from '../features/settings/store.ts';
import type { AppError } from '../platform/errors/app-error.ts';

export type OptionType = 'string' | 'integer' | 'boolean' | 'user' | 'channel' | 'role';

/** An option's value once parsed: snowflakes for users, channels and roles. */
export type OptionValue = string | number | boolean;

/** Parsed options by name; defineCommand hands a command its own, typed. */
export type OptionValues = Record<string, OptionValue | undefined>;

/** An option as a command declares it, under its name. */
export interface OptionSpec {
  description: string;
  type: OptionType;
  required?: boolean;
  /** Prefix form: this (last) string option takes the rest of the message, spaces included. */
  rest?: boolean;
  minValue?: number;
  maxValue?: number;
  maxLength?: number;
  /** Slash form: Discord asks the bot for choices as the user types; the command's `autocomplete` gives them. */
  autocomplete?: boolean;
}

export interface CommandOption extends OptionSpec {
  name: string;
}

export interface Subcommand {
  name: string;
  description: string;
  options?: CommandOption[];
  run(ctx: CommandContext, options: OptionValues): Promise<void> | void;
}

export interface Command {
  /** Lowercase, 1-32 of `a-z 0-9 - _`, as Discord requires of slash commands. */
  name: string;
  description: string;
  options?: CommandOption[];
  /** Slash subcommands (`/command add`); a command with them has no `run` of its own. */
  subcommands?: Subcommand[];
  /** Discord permission bits a member needs. Discord hides the slash command from others
   *  (`default_member_permissions`) and Concord checks again; such a command is slash-only. */
  permissions?: bigint;
  /** Refused in DMs (a plain command's; defineCommand lists the `guildOnly` precondition instead). */
  guildOnly?: boolean;
  /** Per user (a plain command's; defineCommand lists a `cooldown` precondition instead). */
  cooldownSeconds?: number;
  /** Checks run in order before the command; when absent, derived from the three fields above. */
  preconditions?: readonly Precondition[];
  /** Which forms exist; both by default. */
  forms?: { prefix?: boolean; slash?: boolean };
  run?(ctx: CommandContext, options: OptionValues): Promise<void> | void;
  /** Slash form: the choices for the option being typed (one marked `autocomplete`); Discord shows 25 at most. */
  autocomplete?(ctx: AutocompleteContext, option: { name: string; value: string }): Promise<readonly Choice[]> | readonly Choice[];
}

/** One choice an autocomplete offers: `name` is shown (100 characters at most), `value` is what the option gets. */
export interface Choice {
  name: string;
  value: string;
}

/** What a command's autocomplete gets: who is typing, where, and its module's context. */
export type AutocompleteContext = Pick<CommandContext, 'user' | 'guild' | 'channelId' | 'bot' | 'settings' | 'sql' | 'discord' | 'log' | 'instance'>;

/**
 * A command a module makes at run time (a guild's own commands): run through the same pipeline as
 * the static ones (guild lanes, the log row, replies), after its module's own checks.
 */
export interface DynamicCommand {
  /** Its name, as the log row records it. */
  name: string;
  run(ctx: CommandContext): Promise<void> | void;
}

/** A plain guild message (no prefix) that a module's dynamic command may answer (an auto-response). */
export interface PlainMessage {
  guildId: string;
  channelId: string;
  content: string;
  memberRoles: readonly string[];
}

/**
 * Commands a module makes at run time, which its `commands` cannot list: asked, in module order and
 * only where the module is on, for a name no module's command has.
 */
export interface DynamicCommands {
  /** The command named `name` here (or one of its aliases), or undefined when the module has none. */
  find(ctx: CommandContext, name: string): Promise<DynamicCommand | undefined> | DynamicCommand | undefined;
  /** Every name it answers to here (aliases too): "Did you mean …?" offers the closest of all modules' names. */
  names(ctx: CommandContext): Promise<readonly string[]> | readonly string[];
  /** What `/help` lists under the module's name here: each command once, with what it does; without it, its `names`. */
  describe?(ctx: CommandContext): Promise<readonly { name: string; description?: string }[]> | readonly { name: string; description?: string }[];
  /** The command a plain guild message sets off, if any; checked for every such message, so keep it cheap. */
  match?(ctx: MatchContext, message: PlainMessage): Promise<DynamicCommand | undefined> | DynamicCommand | undefined;
  /** Buttons whose custom_id starts with this run the command the rest names, for whoever presses. */
  buttonPrefix?: string;
}

/** What `DynamicCommands.match` gets: the module's context in the message's guild and the bot's services. */
export type MatchContext = Pick<CommandContext, 'bot' | 'settings' | 'sql' | 'discord' | 'log' | 'instance'>;

export interface ReplyOptions {
  content: string;
  /** Slash only: seen by the invoker alone. */
  ephemeral?: boolean;
  /** The only users the reply may ping; nobody by default. Roles, @everyone and @here never. */
  mentionUserIds?: string[];
  /** Discord embed objects, already within Discord's limits (the custom commands' rich.ts). */
  embeds?: Record<string, unknown>[];
  /** Discord action rows of buttons. */
  components?: Record<string, unknown>[];
}

export interface CommandUser {
  id: string;
  username: string;
  /** Nickname, else global name, else username: what a person sees, never a ping. */
  displayName: string;
}

/** What a command handler gets. */
export interface CommandContext {
  /** `button`: a custom command's command button; `context`: a context-menu command. */
  source: 'prefix' | 'slash' | 'console' | 'button' | 'context';
  user: CommandUser;
  guild: { id: string; name: string } | null;
  channelId: string | null;
  /** Parsed and validated options, by name (also `run`'s second argument, typed there). */
  options: OptionValues;
  /** The text after the command name, as typed (prefix and console forms). */
  rawArgs: string;
  /** The prefix commands start with here: the guild's own, else COMMAND_PREFIX. */
  prefix: string;
  /** Built-in commands this guild turned off. */
  disabledCommands: readonly string[];
  /** The invoker's role ids in this guild (empty in DMs and the console). */
  memberRoles?: readonly string[];
  /** Slash form: the member's permissions in the channel, as Discord computed them. */
  memberPermissions?: bigint | null;
  /** Display names of the users a message mentioned or a slash command's options named, by id (for `{1:user}`); undefined for a message that mentions nobody, and for buttons and context menus. */
  mentionedUsers?: ReadonlyMap<string, string>;
  /** The Discord message or interaction id (a console line's own id). */
  eventId: string;
  /** A context-menu use: the member (display name) or message (its author's, and its text) it was used on. */
  target?: { id: string; name: string; content?: string };
  /** Where it runs: the default prefix, the guilds' settings, the registry of commands, the cooldowns, the modules. */
  bot: BotServices;
  reply(message: string | ReplyOptions): Promise<void>;
  /** The command's module's settings in this guild (defaults filled in; defaults in DMs). */
  settings?: Record<string, unknown>;
  /** postgres.js in the command's module's own schema first (absent where the process has no database). */
  sql?: import('../platform/db/connect.ts').Sql;
  /** The `@discordjs/core` API client (absent on the local console). */
  discord?: import('@discordjs/core').API;
  /** A logger that names the command's module. */
  log?: import('../platform/log.ts').Logger;
  /** A custom_id that routes a component back to the module's `components[name]`. */
  customId?(name: string, data?: string): string;
  /** What the command's module's `setup` returned in this process (its services), when it has one. */
  instance?: unknown;
  /** A dynamic command's slash form: the options as Discord sent them, which it reads its own from (a command of `commands` gets them parsed, as its `options`). */
  slashOptions?: readonly { name: string; value?: unknown }[];
  /** Adds fields to this use's log row (`custom_command_id`, the custom command's name…). */
  annotate(fields: { command?: string; status?: 'denied' | 'cooldown' | 'not_found' | 'error'; metadata?: Record<string, unknown> }): void;
}

export interface BotServices {
  /** COMMAND_PREFIX: the prefix where a guild has not set its own. */
  prefix: string;
  /** Each guild's settings (prefix, turned-off built-ins, dashboard roles), cached. */
  settings: SettingsStore;
  /** Built-in and plugin commands, by name. */
  registry: ReadonlyMap<string, Command>;
  /** Gateway round-trip in ms, when a heartbeat has been acknowledged. */
  latencyMs(): number | null;
  /** In-process, or in Redis so they hold across shards and processes. */
  cooldowns: import('./cooldowns/cooldowns.ts').CooldownStore;
  /** The modules: whether a command's module is on in a guild, and its context there. */
  modules?: CommandModules;
}

/** What the dispatcher asks of the modules about a command (the module runtime answers). */
export interface CommandModules {
  registry: {
    moduleOfCommand(command: string): { name: string } | undefined;
    /** Every module, in load order (those with dynamic commands answer names no command has). */
    readonly modules: readonly { name: string; definition: { dynamicCommands?: DynamicCommands | undefined } }[];
  };
  isEnabled(module: { name: string }, guildId: string): Promise<boolean>;
  /** The modules with dynamic commands on (with `on` false: off) in the guild, each with its context there. */
  dynamicCommandsIn(guildId: string | null, on: boolean, only?: string): Promise<{ dynamic: DynamicCommands; context: ModuleParts }[]>;
  context(module: { name: string }, guildId: string | null): Promise<ModuleParts>;
}

/** A module's parts of a command's context in a guild: what its commands get beside the use's own. */
export type ModuleParts = { module: string } & Pick<CommandContext, 'sql' | 'discord' | 'instance'> & Required<Pick<CommandContext, 'settings' | 'log' | 'customId'>>;

/** What a precondition decides: go on, or refuse with the error the user is told. */
export type PreconditionResult = { ok: true } | { ok: false; error: AppError };

/** A check the dispatcher runs before a command, in order (Sapphire's preconditions are the model). */
export interface Precondition<Id extends string = string> {
  /** Stable name (tests, a command's list). */
  id: Id;
  run(ctx: CommandContext, command: Command): PreconditionResult | Promise<PreconditionResult>;
}
