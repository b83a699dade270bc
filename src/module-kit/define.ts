// defineCommand: a built-in command written once, its options' types inferred from their kinds,
// its guild typed as present where the dispatcher has checked it.

import type { Command, CommandContext, OptionSpec, OptionType, Precondition, Subcommand } from './command-types.ts';

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

/** The context of a command that runs in a guild when `G`. */
export type ContextOf<G extends boolean> = Omit<CommandContext, 'guild'> & {
  guild: G extends true ? NonNullable<CommandContext['guild']> : CommandContext['guild'];
};

/** Whether the preconditions `P` include `guildOnly`. */
type IsGuildOnly<P extends readonly Precondition[]> = 'GuildOnly' extends P[number]['id'] ? true : false;

type Run<O extends OptionSpecs, G extends boolean> = (ctx: ContextOf<G>, options: OptionsOf<O>) => Promise<void> | void;

interface SubcommandDefinition<O extends OptionSpecs, G extends boolean> {
  name: string;
  description: string;
  options?: O;
  run: Run<O, G>;
}

/** Defines one subcommand, typed by its command's preconditions. */
export type DefineSubcommand<G extends boolean> = <const O extends OptionSpecs = Record<never, OptionSpec>>(
  definition: SubcommandDefinition<O, G>,
) => Subcommand;

type CommandBase<P extends readonly Precondition[]> = Pick<Command, 'name' | 'description' | 'forms' | 'autocomplete'> & {
  preconditions?: P;
};

export type CommandDefinition<O extends OptionSpecs, P extends readonly Precondition[]> = CommandBase<P> &
  (
    | { options?: O; run: Run<O, IsGuildOnly<P>>; subcommands?: never }
    /** Slash subcommands (`/command add`); the prefix form picks one by its first word. */
    | { subcommands: (subcommand: DefineSubcommand<IsGuildOnly<P>>) => Subcommand[]; options?: never; run?: never }
  );

/**
 * A built-in command, e.g.
 * `defineCommand({ name: 'top', options: { days: { type: 'integer', description: '…' } },
 *  preconditions: [guildOnly, cooldown(5)], run(ctx, { days }) {…} })`: `days` is `number | undefined`
 * and `ctx.guild` is not null.
 */
export function defineCommand<
  const O extends OptionSpecs = Record<never, OptionSpec>,
  const P extends readonly Precondition[] = readonly [],
>(definition: CommandDefinition<O, P>): Command {
  const { options, run, subcommands, preconditions, ...rest } = definition;
  const permissions = preconditions?.find((p): p is P[number] & { permissions: bigint } => 'permissions' in p)?.permissions;
  return {
    ...rest,
    ...(preconditions ? { preconditions } : {}),
    ...(permissions === undefined ? {} : { permissions }),
    ...(options ? { options: optionList(options) } : {}),
    // The dispatcher checked what the types promise: the guild, the option kinds.
    ...(run ? { run: run as unknown as Command['run'] } : {}),
    ...(subcommands ? { subcommands: subcommands(defineSubcommand as DefineSubcommand<IsGuildOnly<P>>) } : {}),
  };
}

function defineSubcommand(definition: SubcommandDefinition<OptionSpecs, false>): Subcommand {
  const { options, run, ...rest } = definition;
  return { ...rest, ...(options ? { options: optionList(options) } : {}), run: run as unknown as Subcommand['run'] };
}

function optionList(options: OptionSpecs) {
  return Object.entries(options).map(([name, spec]) => ({ name, ...spec }));
}
