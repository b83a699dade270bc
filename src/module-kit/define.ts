// defineCommand: a built-in command written once, its options' types inferred from their kinds,
// its required services and its guild typed as present where the dispatcher has checked them.

import type { BotServices, Command, CommandContext, OptionSpec, OptionType, Precondition, Requirement, Subcommand } from './command-types.ts';

/** Options by name, in the order the prefix form reads them. */
export type OptionSpecs = Record<string, OptionSpec>;

interface OptionTypes {
  string: string;
  integer: number;
  boolean: boolean;
  user: string;
  channel: string;
  role: string;
}

/** What `run` receives: each option's value by its kind, `undefined` unless it is required. */
export type OptionsOf<O extends OptionSpecs> = {
  -readonly [K in keyof O]: O[K] extends { required: true } ? OptionTypes[O[K]['type'] & OptionType] : OptionTypes[O[K]['type'] & OptionType] | undefined;
};

/** The context of a command that requires `R` and runs in a guild when `G`. */
export type ContextOf<R extends Requirement, G extends boolean> = Omit<CommandContext, 'bot' | 'guild'> & {
  bot: BotServices & { [K in R]-?: NonNullable<BotServices[K]> };
  guild: G extends true ? NonNullable<CommandContext['guild']> : CommandContext['guild'];
};

/** Whether the preconditions `P` include `guildOnly`. */
type IsGuildOnly<P extends readonly Precondition[]> = 'GuildOnly' extends P[number]['id'] ? true : false;

type Run<O extends OptionSpecs, R extends Requirement, G extends boolean> = (ctx: ContextOf<R, G>, options: OptionsOf<O>) => Promise<void> | void;

interface SubcommandDefinition<O extends OptionSpecs, R extends Requirement, G extends boolean> {
  name: string;
  description: string;
  options?: O;
  run: Run<O, R, G>;
}

/** Defines one subcommand, typed by its command's requirements and preconditions. */
export type DefineSubcommand<R extends Requirement, G extends boolean> = <const O extends OptionSpecs = Record<never, OptionSpec>>(
  definition: SubcommandDefinition<O, R, G>,
) => Subcommand;

type CommandBase<R extends Requirement, P extends readonly Precondition[]> = Pick<Command, 'name' | 'description' | 'forms' | 'autocomplete'> & {
  requires?: readonly R[];
  preconditions?: P;
};

export type CommandDefinition<O extends OptionSpecs, R extends Requirement, P extends readonly Precondition[]> = CommandBase<R, P> &
  (
    | { options?: O; run: Run<O, R, IsGuildOnly<P>>; subcommands?: never }
    /** Slash subcommands (`/command add`); the prefix form picks one by its first word. */
    | { subcommands: (subcommand: DefineSubcommand<R, IsGuildOnly<P>>) => Subcommand[]; options?: never; run?: never }
  );

/**
 * A built-in command, e.g.
 * `defineCommand({ name: 'top', options: { days: { type: 'integer', description: '…' } }, requires: ['stats'],
 *  preconditions: [guildOnly, cooldown(5)], run(ctx, { days }) {…} })`: `days` is `number | undefined`,
 * `ctx.bot.stats` is there and `ctx.guild` is not null.
 */
export function defineCommand<
  const O extends OptionSpecs = Record<never, OptionSpec>,
  const R extends Requirement = never,
  const P extends readonly Precondition[] = readonly [],
>(definition: CommandDefinition<O, R, P>): Command {
  const { options, run, subcommands, requires, preconditions, ...rest } = definition;
  const permissions = preconditions?.find((p): p is P[number] & { permissions: bigint } => 'permissions' in p)?.permissions;
  return {
    ...rest,
    ...(requires ? { requires } : {}),
    ...(preconditions ? { preconditions } : {}),
    ...(permissions === undefined ? {} : { permissions }),
    ...(options ? { options: optionList(options) } : {}),
    // The dispatcher checked what the types promise: the requirements, the guild, the option kinds.
    ...(run ? { run: run as unknown as Command['run'] } : {}),
    ...(subcommands ? { subcommands: subcommands(defineSubcommand as DefineSubcommand<R, IsGuildOnly<P>>) } : {}),
  };
}

function defineSubcommand(definition: SubcommandDefinition<OptionSpecs, never, false>): Subcommand {
  const { options, run, ...rest } = definition;
  return { ...rest, ...(options ? { options: optionList(options) } : {}), run: run as unknown as Subcommand['run'] };
}

function optionList(options: OptionSpecs) {
  return Object.entries(options).map(([name, spec]) => ({ name, ...spec }));
}
