// The module contract for plugins: reference it from a plugin in TypeScript or with JSDoc,
//   /** @type {import('<concord>/types/concord-module').ModuleDefinition} */
// or wrap the export in `defineModule` from `<concord>/types/concord-module.mjs`. It mirrors
// src/module-kit (contract.ts, command-types.ts, settings.ts); `npm run typecheck` holds the two equal.
import type { API } from '@discordjs/core';
import type { APIMessageComponentInteraction, APIModalSubmitInteraction, GatewayDispatchPayload, GatewayIntentBits, RESTPostAPIApplicationCommandsJSONBody } from 'discord-api-types/v10';
import type { Logger } from 'pino';
import type { Sql } from 'postgres';

export type OptionType = 'string' | 'integer' | 'boolean' | 'user' | 'channel' | 'role';
export type OptionValue = string | number | boolean;
export type OptionValues = Record<string, OptionValue | undefined>;

export interface CommandOption {
  name: string;
  description: string;
  type: OptionType;
  required?: boolean;
  /** Prefix form: this (last) string option takes the rest of the message. */
  rest?: boolean;
  minValue?: number;
  maxValue?: number;
  maxLength?: number;
  /** Slash form: the command's `autocomplete` offers choices as the user types. */
  autocomplete?: boolean;
}

export interface ReplyOptions {
  content: string;
  ephemeral?: boolean;
  /** The only users the reply may ping; nobody by default. Roles, @everyone and @here never. */
  mentionUserIds?: string[];
  embeds?: Record<string, unknown>[];
  components?: Record<string, unknown>[];
}

export interface CommandContext {
  source: 'prefix' | 'slash' | 'console' | 'button' | 'context';
  user: { id: string; username: string; displayName: string };
  guild: { id: string; name: string } | null;
  channelId: string | null;
  options: OptionValues;
  rawArgs: string;
  prefix: string;
  memberRoles?: readonly string[];
  eventId: string;
  reply(message: string | ReplyOptions): Promise<void>;
  /** The module's settings in this guild (defaults filled in). */
  settings?: Record<string, unknown>;
  /** postgres.js in the module's own schema first (absent where the process has no database). */
  sql?: Sql;
  discord?: API;
  log?: Logger;
  customId?(name: string, data?: string): string;
  /** What the command's module's `setup` returned in this process. */
  instance?: unknown;
  /** A dynamic command's slash form: the options as Discord sent them, which it reads its own from (a command of `commands` gets them parsed, as its `options`). */
  slashOptions?: readonly { name: string; value?: unknown }[];
}

export interface Subcommand {
  name: string;
  description: string;
  options?: CommandOption[];
  run(ctx: CommandContext, options: OptionValues): Promise<void> | void;
}

export interface Command {
  name: string;
  description: string;
  options?: CommandOption[];
  subcommands?: Subcommand[];
  /** Discord permission bits a member needs (slash only), e.g. `0x20n` for Manage Server. */
  permissions?: bigint;
  guildOnly?: boolean;
  cooldownSeconds?: number;
  run?(ctx: CommandContext, options: OptionValues): Promise<void> | void;
  /** Slash form: the choices for the option being typed (one marked `autocomplete`); Discord shows 25 at most. */
  autocomplete?(ctx: AutocompleteContext, option: { name: string; value: string }): Promise<readonly Choice[]> | readonly Choice[];
}

/** `name` is shown (100 characters at most), `value` is what the option gets. */
export interface Choice {
  name: string;
  value: string;
}

export type AutocompleteContext = Pick<CommandContext, 'user' | 'guild' | 'channelId' | 'settings' | 'sql' | 'discord' | 'log' | 'instance'>;

/** A command the module makes at run time, run through the same pipeline as the others (log row, replies). */
export interface DynamicCommand {
  /** Its name, as the log row records it. */
  name: string;
  run(ctx: CommandContext): Promise<void> | void;
}

export interface PlainMessage {
  guildId: string;
  channelId: string;
  content: string;
  memberRoles: readonly string[];
}

/** Asked, in module order and only where the module is on, for a name no module's command has. */
export interface DynamicCommands {
  /** The command named `name` here, or undefined when the module has none. */
  find(ctx: CommandContext, name: string): Promise<DynamicCommand | undefined> | DynamicCommand | undefined;
  /** Every name it answers to here (aliases too): "Did you mean …?" offers the closest of all modules' names. */
  names(ctx: CommandContext): Promise<readonly string[]> | readonly string[];
  /** What `/help` lists under the module's name here: each command once, with what it does; without it, its `names`. */
  describe?(ctx: CommandContext): Promise<readonly { name: string; description?: string }[]> | readonly { name: string; description?: string }[];
  /** The command a plain guild message sets off, if any; checked for every such message, so keep it cheap. */
  match?(ctx: Pick<CommandContext, 'settings' | 'sql' | 'discord' | 'log' | 'instance'>, message: PlainMessage): Promise<DynamicCommand | undefined> | DynamicCommand | undefined;
  /** Buttons whose custom_id starts with this run the command the rest names, for whoever presses. */
  buttonPrefix?: string;
}

/** Registered with the built-ins of the same scope (Discord replaces a scope's list whole). */
export interface ApplicationCommands {
  /** Its application commands in a guild (`null`: the global ones). */
  list(ctx: ModuleProcessContext, guildId: string | null): Promise<readonly RESTPostAPIApplicationCommandsJSONBody[]>;
  /** Which of these guilds have any (asked for the GUILD_CREATEs at connection). */
  guildsWithAny(ctx: ModuleProcessContext, guildIds: readonly string[]): Promise<readonly string[]>;
  /** Calls `changed` with each guild (`null`: the global ones) whose list may have changed. */
  watch(ctx: ModuleProcessContext, changed: (guildId: string | null) => void): void;
}

interface SettingBase {
  description: string;
}

export type FieldSpec =
  | (SettingBase & { type: 'string'; default?: string | null; maxLength?: number; choices?: readonly string[] })
  | (SettingBase & { type: 'text'; default?: string | null; maxLength?: number })
  | (SettingBase & { type: 'integer'; default?: number | null; min?: number; max?: number })
  | (SettingBase & { type: 'boolean'; default?: boolean })
  | (SettingBase & { type: 'channel' | 'role' })
  | (SettingBase & { type: 'channels' | 'roles'; max?: number });

export type SettingSpec = FieldSpec | (SettingBase & { type: 'list'; fields: Readonly<Record<string, FieldSpec>>; max?: number });

/** A gateway intent by its name in discord-api-types (`GuildMembers`, `GuildMessageReactions`…). */
export type IntentName = keyof typeof GatewayIntentBits;

export interface ModuleProcessContext {
  module: string;
  sql?: Sql;
  discord?: API;
  log: Logger;
  /** What `setup` returned in this process (undefined without a setup, or when it failed). */
  instance: unknown;
}

/** What `setup` gets: the process's view, and Concord's configuration without its secrets. */
export interface ModuleSetupContext extends Omit<ModuleProcessContext, 'instance'> {
  config: Readonly<Record<string, unknown>>;
  /** What the module takes as now (a test may move it). */
  clock: { now(): number };
  /** Which guild a channel is in: check a stored channel before sending to it (`null`: a DM channel). */
  channels: { readonly canCheck: boolean; check(channelId: string, guildId: string | null): Promise<{ ok: true } | { ok: false; reason: string }> };
  /** Records a failure of the module's background work in the error log, with what it was doing. */
  reportError(error: unknown, context: Record<string, unknown>): void;
}

/** A command's use, once logged: who, where, which command, and how it went. */
export interface CommandUse {
  command: string;
  user_id: string;
  guild_id: string | null;
  channel_id: string | null;
  source: 'prefix' | 'slash' | 'console' | 'button' | 'context';
  status: 'ok' | 'error' | 'not_found' | 'denied' | 'cooldown';
}

/** What `connected` gets: the process's view, with `discord` connected, or the local console. */
export interface ConnectedContext extends ModuleProcessContext {
  /** The local console (no Discord token): `write` prints a line there. */
  console?: { write(text: string): void };
}

/** A setting's value: text, a number, a switch, ids, a list's records, or null when unset. */
export type SettingValue = string | number | boolean | string[] | { readonly [field: string]: string | number | boolean | string[] | null }[] | null;

export interface ModuleContext extends ModuleProcessContext {
  guild: { id: string } | null;
  /** Every setting the module declares, its default where the guild set none. */
  settings: Record<string, SettingValue>;
  customId(name: string, data?: string): string;
}

export interface ComponentContext extends ModuleContext {
  data: string;
  user: { id: string };
  reply(message: string | ReplyOptions): Promise<void>;
  update(message: string | ReplyOptions): Promise<void>;
}

export interface RouteContext extends ModuleContext {
  guild: { id: string };
  params: Record<string, string>;
  query: Record<string, string>;
  body: unknown;
  userId: string | null;
  /** An answer other than a 200 with what the handler returns: `return ctx.respond(201, item, { location })`. */
  respond(status: number, body?: unknown, headers?: Record<string, string>): RouteAnswer;
}

export interface RouteAnswer {
  readonly status: number;
  readonly body: unknown;
  readonly headers: Record<string, string>;
}

export interface ModuleRoute {
  method: 'GET' | 'POST' | 'PUT' | 'PATCH' | 'DELETE';
  path: string;
  summary?: string;
  handler(ctx: RouteContext): Promise<unknown> | unknown;
}

export interface ModuleDefinition {
  name: string;
  description: string;
  commands?: readonly Command[];
  /** Commands it makes at run time: names no module's command has, plain guild messages, its command buttons. */
  dynamicCommands?: DynamicCommands;
  /** Application commands it registers besides its commands' slash forms. */
  applicationCommands?: ApplicationCommands;
  /** By Discord's dispatch name, each handler given that event's data. */
  events?: { readonly [E in GatewayDispatchPayload['t']]?: (ctx: ModuleContext, data: Extract<GatewayDispatchPayload, { t: E }>['d']) => Promise<void> | void };
  components?: { readonly [name: string]: (ctx: ComponentContext, interaction: APIMessageComponentInteraction | APIModalSubmitInteraction) => Promise<void> | void };
  /** Told of every command used in this process (any module's, custom ones) where the module is on; for counting. */
  commandUsed?(ctx: ModuleContext, use: CommandUse): Promise<void> | void;
  settings?: Readonly<Record<string, SettingSpec>>;
  /** Checks a change against the guild; each problem's `field` is a setting's key (or `key.N`): 422 naming it. */
  validateSettings?(ctx: ModuleContext, change: Partial<Record<string, SettingValue>>): Promise<readonly { field: string; message: string }[] | undefined> | readonly { field: string; message: string }[] | undefined;
  /** After its switch or settings in a guild were saved: whether it is on there now, and what changed. */
  settingsChanged?(ctx: ModuleContext, change: { enabled: boolean; settings: Partial<Record<string, SettingValue>> }): Promise<void> | void;
  migrations?: readonly { name: string; sql: string }[];
  routes?: readonly ModuleRoute[];
  intents?: readonly IntentName[];
  /** Intents it can do without: when Discord refuses one, it stays available and those events never come. */
  optionalIntents?: readonly IntentName[];
  enabledByDefault?: boolean;
  alwaysOn?: boolean;
  /** Its return value (caches, timers) is handed to every handler of this process as `ctx.instance`. */
  setup?(ctx: ModuleSetupContext): unknown;
  /** Once Discord (or the console) is up; the function it returns runs before that goes, ahead of `teardown`. */
  connected?(ctx: ConnectedContext): (() => Promise<void> | void) | undefined | Promise<(() => Promise<void> | void) | undefined>;
  teardown?(ctx: ModuleProcessContext): Promise<void> | void;
  deleteUserData?(ctx: ModuleProcessContext, userId: string): unknown;
}

/** Returns its argument: it only gives a plain object the module's type. */
export function defineModule(definition: ModuleDefinition): ModuleDefinition;
