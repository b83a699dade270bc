// The command pipeline shared by every transport (gateway messages, slash interactions, the local
// console): find the command, run its preconditions (who may run it, where, how often), parse its
// options, check the services it needs, run it, reply, and queue one log row, whatever happened.
import { randomBytes } from 'node:crypto';
import { type APIApplicationCommandInteractionDataOption, ApplicationCommandOptionType } from 'discord-api-types/v10';
import type { CommandLogEntry } from '../features/logs/queries.ts';
import type { LogSink } from '../features/logs/writer.ts';
import type { BotServices, Choice, Command, CommandContext, CommandUser, Precondition, ReplyOptions, Subcommand } from '../module-kit/command-types.ts';
import { commandButton, type FoundCommand, findDynamicCommand, findOffModule, matchMessage, replyUnknown, withModule } from '../module-kit/dynamic-commands.ts';
import { firstRefusal, preconditionsOf } from '../module-kit/preconditions.ts';
import { databaseOutage } from '../platform/db/pg-errors.ts';
import type { AppError } from '../platform/errors/app-error.ts';
import { failureReply } from '../platform/errors/reply.ts';
import type { Logger } from '../platform/log.ts';
import { isoTime } from '../platform/time/iso.ts';
import type { GuildLanes } from './guild-lanes.ts';
import { parsePrefixOptions, parseSlashOptions, usageLine } from './options.ts';

/** One use of a command, as a transport hands it over. */
export interface Invocation {
  source: CommandContext['source'];
  /** The Discord message or interaction id: the log row's idempotency key. */
  eventId: string;
  user: CommandUser;
  guild: { id: string; name: string } | null;
  channelId: string | null;
  name: string;
  /** Prefix and console forms: the text after the name. */
  rawArgs: string;
  /** Slash form: Discord's options and the member's permissions in that channel. */
  slash?: { options: APIApplicationCommandInteractionDataOption[]; memberPermissions: bigint | null };
  /** Display names of the users the message mentioned, by id. */
  mentionedUsers?: ReadonlyMap<string, string>;
  /** The member's role ids (guild messages and interactions carry them). */
  memberRoles?: readonly string[];
  /** Set when the text of a plain message set off this module's dynamic command (an auto-response). */
  matched?: FoundCommand;
  /** A command button's module: only its dynamic commands answer to the name the button carries. */
  buttonOf?: string;
  /** A context-menu use: what it was used on. */
  target?: CommandContext['target'];
  reply(message: ReplyOptions): Promise<void>;
}

export interface Dispatcher {
  run(invocation: Invocation): Promise<void>;
  /** A plain guild message (no prefix): runs the modules' dynamic command its text sets off, if any. */
  autoRespond(message: Omit<Invocation, 'name'>): Promise<void>;
  /** The prefix commands start with in this guild (its setting, else COMMAND_PREFIX; DMs: COMMAND_PREFIX). */
  prefixIn(guildId: string | null): Promise<string>;
  /** The choices for a slash option being typed, from its command's `autocomplete` (none: no choices). */
  choices(use: AutocompleteUse): Promise<readonly Choice[]>;
  /** The module whose command button a custom_id is (contract: `dynamicCommands.buttonPrefix`), and the command it names. */
  commandButton(customId: string): { module: string; name: string } | undefined;
}

/** An option being typed in a slash command, as a transport hands it over. */
export interface AutocompleteUse {
  command: string;
  option: { name: string; value: string };
  user: CommandUser;
  guild: { id: string; name: string } | null;
  channelId: string | null;
}

/** Told about an unexpected error after it is logged, with the id the user was shown (error tracking). */
export type OnCommandError = (error: unknown, context: { errorId: string; command: string; guild_id: string | null; user_id: string; source: string }) => void;

export interface DispatcherOptions {
  onError?: OnCommandError | undefined;
  /** Run before every built-in and plugin command's own preconditions, in order (e.g. a guild turning a command off). */
  preconditions?: readonly Precondition[];
  /** Commands from messages in a guild run in that guild's lane, within its budget; none: no budget. */
  lanes?: GuildLanes | undefined;
  /** Told of each command dropped because its guild was over its budget. */
  onShed?: ((guildId: string) => void) | undefined;
}

export function createDispatcher(services: BotServices, logSink: LogSink, log: Logger, { onError, preconditions = [], lanes, onShed }: DispatcherOptions = {}): Dispatcher {
  const settingsOf = (guildId: string | null) => (guildId ? services.settings.get(guildId) : Promise.resolve(null));
  const run = async (invocation: Invocation): Promise<void> => {
    const guildId = invocation.guild?.id;
    // Slash commands and buttons are answered through their interaction, outside the REST budget
    // a flood of messages would spend; those messages wait their guild's turn, or are dropped.
    if (!lanes || !guildId || invocation.source !== 'prefix') return runNow(invocation);
    if (!(await lanes.run(guildId, () => runNow(invocation)))) onShed?.(guildId);
  };
  const runNow = async (invocation: Invocation): Promise<void> => {
    const started = performance.now();
    const settings = await settingsOf(invocation.guild?.id ?? null);
    const entry: CommandLogEntry = {
      occurred_at: isoTime(Date.now()),
      guild_id: invocation.guild?.id ?? null,
      channel_id: invocation.channelId,
      user_id: invocation.user.id,
      user_name: invocation.user.username,
      command: invocation.name,
      args: invocation.slash ? describeOptions(invocation.slash.options) : invocation.rawArgs.slice(0, 4_000),
      source: invocation.source,
      status: 'ok',
      latency_ms: 0,
      error: null,
      event_id: invocation.eventId,
      metadata: {},
    };
    const ctx: CommandContext = {
      source: invocation.source,
      user: invocation.user,
      guild: invocation.guild,
      channelId: invocation.channelId,
      options: {},
      rawArgs: invocation.rawArgs,
      prefix: settings?.prefix ?? services.prefix,
      disabledCommands: settings?.disabled_commands ?? [],
      // Present and undefined rather than spread in when set: one shape for every use, and no
      // throw-away objects per message.
      mentionedUsers: invocation.mentionedUsers,
      memberRoles: invocation.memberRoles,
      memberPermissions: invocation.slash?.memberPermissions,
      target: invocation.target,
      eventId: invocation.eventId,
      bot: services,
      reply: (message) => invocation.reply(typeof message === 'string' ? { content: message } : message),
      annotate(fields) {
        if (fields.command) entry.command = fields.command;
        if (fields.status) entry.status = fields.status;
        if (fields.metadata) Object.assign(entry.metadata, fields.metadata);
      },
    };
    try {
      await dispatch(services, preconditions, invocation, ctx, entry);
    } catch (error) {
      // The one place a command's expected failure (an AppError) becomes its reply; so does a
      // database outage (try again shortly), which the log row records as the failure it is.
      const outage = databaseOutage(error);
      const expected = failureReply(outage ?? error);
      if (outage) {
        entry.status = 'error';
        entry.error = outage.message;
      }
      if (expected !== undefined) {
        await ctx.reply({ content: expected, ephemeral: true }).catch((replyError: unknown) => log.warn({ err: replyError }, 'could not tell the user why the command failed'));
        return;
      }
      const errorId = randomBytes(4).toString('hex');
      entry.status = 'error';
      entry.error = `${(error as Error)?.name ?? 'Error'}: ${(error as Error)?.message ?? String(error)} (error ${errorId})`.slice(0, 4_000);
      log.error({ err: error, errorId, command: entry.command, guild: entry.guild_id, user: entry.user_id }, 'command failed');
      onError?.(error, { errorId, command: entry.command, guild_id: entry.guild_id, user_id: entry.user_id, source: entry.source });
      await invocation
        .reply({ content: `Sorry, that did not work. If it keeps happening, tell an admin: error \`${errorId}\`.`, ephemeral: true })
        .catch((replyError: unknown) => log.warn({ err: replyError, errorId }, 'could not tell the user about the error'));
    } finally {
      entry.latency_ms = Math.round(performance.now() - started);
      logSink.record(entry);
    }
  };
  return {
    async prefixIn(guildId) {
      return (await settingsOf(guildId))?.prefix ?? services.prefix;
    },
    async choices({ command: name, option, user, guild, channelId }) {
      const command = services.registry.get(name);
      if (!command?.autocomplete) return [];
      const module = services.modules?.registry.moduleOfCommand(name);
      // A module that is off in the guild offers nothing (its command would be refused).
      if (module && guild && services.modules && !(await services.modules.isEnabled(module, guild.id))) return [];
      const own = module && services.modules ? await services.modules.context(module, guild?.id ?? null) : undefined;
      const { sql, settings, discord, log: moduleLog, instance } = own ?? {};
      const choices = await command.autocomplete({ user, guild, channelId, bot: services, sql, settings, discord, log: moduleLog, instance }, option);
      // Discord refuses an answer of more than 25.
      return choices.slice(0, 25);
    },
    commandButton: (customId) => commandButton(services, customId),
    async autoRespond(message) {
      if (!message.guild || !message.channelId) return;
      const plain = { guildId: message.guild.id, channelId: message.channelId, content: message.rawArgs, memberRoles: message.memberRoles ?? [] };
      const matched = await matchMessage(services, plain).catch((error: unknown) => {
        log.warn({ err: error, guild: message.guild?.id }, 'could not check auto-responses');
        return undefined;
      });
      if (matched) await run({ ...message, name: matched.command.name, matched });
    },
    run,
  };
}

async function dispatch(services: BotServices, global: readonly Precondition[], invocation: Invocation, ctx: CommandContext, entry: CommandLogEntry) {
  if (invocation.matched) return runDynamic(ctx, invocation.matched, invocation);
  // A command button or a context menu names a module's dynamic command, never one of `commands`.
  const command = invocation.source === 'button' || invocation.source === 'context' ? undefined : services.registry.get(invocation.name);
  const form = invocation.source === 'slash' ? 'slash' : 'prefix';
  if (!command || command.forms?.[form] === false) {
    if (command && form === 'prefix') {
      // A slash-only command typed with the prefix: point to the form that exists.
      entry.status = 'denied';
      await ctx.reply({ content: `Use \`/${command.name}\` for that.` });
      return;
    }
    // No module's command: a dynamic one invoked directly (`!hello`, its own slash command), or none.
    const found = await findDynamicCommand(ctx, invocation.name, invocation.buttonOf);
    if (found) return runDynamic(ctx, found, invocation);
    const offIn = await findOffModule(ctx, invocation.name, invocation.buttonOf);
    if (offIn) {
      entry.status = 'denied';
      const shown = `${invocation.source === 'slash' ? '/' : ctx.prefix}${invocation.name}`;
      return ctx.reply({ content: `\`${shown}\` is part of the ${offIn} module, which is turned off in this server.`, ephemeral: true });
    }
    ctx.annotate({ status: 'not_found' });
    return replyUnknown(ctx, invocation.name);
  }
  const refusal = await firstRefusal([...global, ...preconditionsOf(command)], ctx, command);
  if (refusal) return replyRefused(ctx, entry, refusal);
  const target = resolveSubcommand(command, invocation);
  if (!target) {
    entry.status = 'error';
    entry.error = 'unknown subcommand';
    await ctx.reply({ content: `Use one of: ${command.subcommands?.map((s) => `/${command.name} ${s.name}`).join(', ')}.`, ephemeral: true });
    return;
  }
  const parsed = invocation.slash
    ? parseSlashOptions(target.options ?? [], target.slashOptions)
    : parsePrefixOptions(target.options ?? [], target.rawArgs ?? invocation.rawArgs);
  if (!parsed.ok) {
    entry.status = 'error';
    entry.error = `invalid arguments: ${parsed.problem}`;
    const usage = usageLine(form === 'slash' ? '/' : ctx.prefix, command.name, target.options);
    await ctx.reply({ content: `${parsed.problem}. Usage: \`${usage}\``, ephemeral: true });
    return;
  }
  ctx.options = parsed.values;
  const module = services.modules?.registry.moduleOfCommand(command.name);
  if (module && services.modules) withModule(ctx, await services.modules.context(module, ctx.guild?.id ?? null));
  await target.run(ctx, parsed.values);
}

/** Runs a module's dynamic command in its module's context; its module's own checks are in its `run`. */
async function runDynamic(ctx: CommandContext, { command, context }: FoundCommand, invocation: Invocation): Promise<void> {
  // A dynamic command reads its slash options itself (a module's command gets them parsed): made for it alone.
  if (invocation.slash) ctx.slashOptions = basicOptions(invocation.slash.options);
  await command.run(withModule(ctx, context));
}

/** The one place a precondition's refusal becomes a reply (only the invoker sees it) and a log status. */
function replyRefused(ctx: CommandContext, entry: CommandLogEntry, error: AppError): Promise<void> {
  entry.status = error.kind === 'limit' ? 'cooldown' : 'denied';
  return ctx.reply({ content: error.message, ephemeral: true });
}

type Runnable = Pick<Subcommand, 'options' | 'run'> & {
  slashOptions: Extract<APIApplicationCommandInteractionDataOption, { value: unknown }>[];
  /** Prefix form: the text left for the options once a subcommand's name is taken off. */
  rawArgs?: string;
};

function resolveSubcommand(command: Command, invocation: Invocation): Runnable | undefined {
  const given = invocation.slash?.options ?? [];
  if (!command.subcommands) {
    if (!command.run) return undefined;
    return { options: command.options, run: command.run, slashOptions: basicOptions(given) };
  }
  if (!invocation.slash) return prefixSubcommand(command.subcommands, invocation.rawArgs);
  const chosen = given.find((o) => o.type === ApplicationCommandOptionType.Subcommand);
  const sub = command.subcommands.find((s) => s.name === chosen?.name);
  if (!sub || !chosen || chosen.type !== ApplicationCommandOptionType.Subcommand) return undefined;
  return { options: sub.options, run: sub.run, slashOptions: basicOptions(chosen.options ?? []) };
}

/** `!stats optout` runs the `optout` subcommand; `!stats @bob` the first one, with all the words. */
function prefixSubcommand(subcommands: readonly Subcommand[], rawArgs: string): Runnable | undefined {
  const [word = '', rest = ''] = rawArgs.split(/\s+(.*)/s);
  const named = subcommands.find((s) => s.name === word.toLowerCase());
  const sub = named ?? subcommands[0];
  if (!sub) return undefined;
  return { options: sub.options, run: sub.run, slashOptions: [], rawArgs: named ? rest : rawArgs };
}

function basicOptions(options: readonly APIApplicationCommandInteractionDataOption[]) {
  return options.filter((o): o is Runnable['slashOptions'][number] => 'value' in o);
}

/** `add name:hello response:Hi` — what a slash invocation asked, for the log. */
function describeOptions(options: readonly APIApplicationCommandInteractionDataOption[]): string {
  return options
    .map((o) => ('value' in o ? `${o.name}:${String(o.value)}` : `${o.name} ${describeOptions('options' in o ? (o.options ?? []) : [])}`))
    .join(' ')
    .trim()
    .slice(0, 4_000);
}
