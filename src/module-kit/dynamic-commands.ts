// Modules' dynamic commands (the contract's `dynamicCommands`): the modules on in a guild are asked,
// in load order, for a name no module's command has, and for each plain guild message; a name that
// nothing answers to gets the closest one that exists.
import { closestName } from '../platform/suggest.ts';
import type { BotServices, CommandContext, DynamicCommand, DynamicCommands, MatchContext, ModuleParts, PlainMessage } from './command-types.ts';

/** A dynamic command found, and the context of its module to run it in. */
export interface FoundCommand {
  command: DynamicCommand;
  /** Its module's context in the guild; its parts (settings, sql, instance…) are laid over the command's. */
  context: ModuleParts;
}

/** The dynamic command named `name` in `ctx`'s guild; `moduleName` asks that module only (its command button). */
export async function findDynamicCommand(ctx: CommandContext, name: string, moduleName?: string): Promise<FoundCommand | undefined> {
  for (const { dynamic, context } of await modulesOn(ctx.bot, ctx.guild?.id ?? null, moduleName)) {
    const command = await dynamic.find(withModule(ctx, context), name);
    if (command) return { command, context };
  }
  return undefined;
}

/**
 * The module, off in `ctx`'s guild, whose dynamic command `name` is: a command registered with Discord
 * or on a button posted before the module was turned off answers that it is off, not that it is unknown.
 */
export async function findOffModule(ctx: CommandContext, name: string, moduleName?: string): Promise<string | undefined> {
  for (const { dynamic, context } of await modulesOn(ctx.bot, ctx.guild?.id ?? null, moduleName, false)) {
    if (await dynamic.find(withModule(ctx, context), name)) return context.module;
  }
  return undefined;
}

/** The dynamic command a plain guild message sets off (an auto-response), if any. */
export async function matchMessage(services: BotServices, message: PlainMessage): Promise<FoundCommand | undefined> {
  for (const { dynamic, context } of await modulesOn(services, message.guildId)) {
    const command = await dynamic.match?.(matchContextOf(context, services), message);
    if (command) return { command, context };
  }
  return undefined;
}

// Every plain guild message is matched: its module's context with the bot's services is made once per
// cached context (a new one comes with a guild's modules reloaded), not copied per message. The
// context is the prototype, so its getters (`discord`, `instance`) stay live.
const matchContexts = new WeakMap<ModuleParts, MatchContext>();
function matchContextOf(context: ModuleParts, services: BotServices): MatchContext {
  let made = matchContexts.get(context);
  if (made?.bot !== services) {
    made = Object.create(context, { bot: { value: services } }) as MatchContext;
    matchContexts.set(context, made);
  }
  return made;
}

/** The module whose command buttons a custom_id is, and the command it names. */
export function commandButton(services: BotServices, customId: string): { module: string; name: string } | undefined {
  for (const module of services.modules?.registry.modules ?? []) {
    const prefix = module.definition.dynamicCommands?.buttonPrefix;
    if (prefix && customId.startsWith(prefix)) return { module: module.name, name: customId.slice(prefix.length) };
  }
  return undefined;
}

/** "No command named `helo`. Did you mean `!hello`?": the closest of the commands' names and the modules' dynamic ones. */
export async function replyUnknown(ctx: CommandContext, name: string): Promise<void> {
  const names = [...ctx.bot.registry.values()].filter((c) => c.forms?.prefix !== false).map((c) => c.name);
  for (const module of await dynamicCommandNames(ctx)) names.push(...module.commands.map((c) => c.name));
  const suggestion = closestName(name, names);
  const shown = name.replace(/[`\\]/g, '').slice(0, 32);
  const hint = suggestion ? `Did you mean \`${ctx.prefix}${suggestion}\`?` : `Try \`${ctx.prefix}help\`.`;
  await ctx.reply({ content: `No command named \`${shown}\`. ${hint}`, ephemeral: true });
}

/**
 * What the dynamic commands of each module on in `ctx`'s guild answer to there, in load order: for
 * "Did you mean …?" every name (`names`), for `/help` each command with what it does (`describe`, else
 * the names). A list is a courtesy: a module that cannot give one now gives none.
 */
export async function dynamicCommandNames(ctx: CommandContext, purpose: 'suggest' | 'help' = 'suggest'): Promise<{ module: string; commands: readonly { name: string; description?: string }[] }[]> {
  // Each module is asked in its own context, laid over a copy of the caller's, which stays its own.
  const asked = { ...ctx };
  const found: { module: string; commands: readonly { name: string; description?: string }[] }[] = [];
  for (const { dynamic, context } of await modulesOn(ctx.bot, ctx.guild?.id ?? null)) {
    const listed = async () => {
      const moduleCtx = withModule(asked, context);
      if (purpose === 'help' && dynamic.describe) return dynamic.describe(moduleCtx);
      return (await dynamic.names(moduleCtx)).map((name) => ({ name }));
    };
    found.push({ module: context.module, commands: await listed().catch(() => []) });
  }
  return found;
}

/** Lays a module's parts of its context over a command's (the rest, `guild`…, is the command's own). */
export function withModule(ctx: CommandContext, { sql, settings, discord, log, customId, instance }: ModuleParts): CommandContext {
  return Object.assign(ctx, { sql, settings, discord, log, customId, instance });
}

/** The modules with dynamic commands on in the guild (with `on` false: off there), each with its context there. */
function modulesOn(services: BotServices, guildId: string | null, only?: string, on = true): Promise<{ dynamic: DynamicCommands; context: ModuleParts }[]> {
  return services.modules?.dynamicCommandsIn(guildId, on, only) ?? Promise.resolve([]);
}
