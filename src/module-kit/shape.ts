// The shape a plugin's export must have, checked when it loads: a module, or (as plugins were first
// written) a command or a list of commands. Each problem is named by its path, `commands.0.name`.
import * as v from 'valibot';
import { COMMAND_NAME_PATTERN } from '../platform/discord/limits.ts';
import { isIntentName, isKnownEvent } from './intents.ts';
import { declarationProblems } from './settings.ts';

/** A module's and a component's name: what its schema, routes and custom ids are named after. */
export const MODULE_NAME = /^[a-z][a-z0-9-]{0,31}$/;
const COMPONENT_NAME = /^[a-z0-9_-]{1,32}$/;
const ROUTE_PATH = /^\/(?:[a-z0-9_.-]+|:[a-z_]+)?(?:\/(?:[a-z0-9_.-]+|:[a-z_]+))*$/;

const Name = v.pipe(v.string(), v.regex(COMMAND_NAME_PATTERN, 'must be 1-32 of a-z, 0-9, - and _'));
const Description = v.pipe(v.string(), v.minLength(1, 'must not be empty'), v.maxLength(100, 'must be at most 100 characters'));
const Option = v.object({
  name: Name,
  description: Description,
  type: v.picklist(['string', 'integer', 'boolean', 'user', 'channel', 'role']),
  required: v.optional(v.boolean()),
  rest: v.optional(v.boolean()),
  autocomplete: v.optional(v.boolean()),
});
const Subcommand = v.object({ name: Name, description: Description, options: v.optional(v.array(Option)), run: v.function() });

export const CommandShape = v.pipe(
  v.looseObject({
    name: Name,
    description: Description,
    options: v.optional(v.array(Option)),
    subcommands: v.optional(v.array(Subcommand)),
    permissions: v.optional(v.bigint()),
    guildOnly: v.optional(v.boolean()),
    cooldownSeconds: v.optional(v.pipe(v.number(), v.minValue(0))),
    run: v.optional(v.function()),
    autocomplete: v.optional(v.function()),
  }),
  v.check((c) => typeof c.run === 'function' || (c.subcommands?.length ?? 0) > 0, 'needs run() or subcommands'),
);

const Migration = v.object({ name: v.pipe(v.string(), v.minLength(1, 'must not be empty'), v.maxLength(100, 'must be at most 100 characters')), sql: v.pipe(v.string(), v.minLength(1, 'must not be empty')) });

export const ModuleShape = v.pipe(
  v.looseObject({
    name: v.pipe(v.string(), v.regex(MODULE_NAME, 'must be 1-32 of a-z, 0-9 and -, starting with a letter')),
    description: v.pipe(v.string(), v.minLength(1, 'must not be empty'), v.maxLength(200, 'must be at most 200 characters')),
    commands: v.optional(v.array(CommandShape)),
    dynamicCommands: v.optional(
      v.object({
        find: v.function(),
        names: v.function(),
        match: v.optional(v.function()),
        // Discord allows 100 characters in a custom_id; the command's name needs the rest.
        buttonPrefix: v.optional(v.pipe(v.string(), v.minLength(1, 'must not be empty'), v.maxLength(50, 'must be at most 50 characters'))),
      }),
    ),
    applicationCommands: v.optional(v.object({ list: v.function(), guildsWithAny: v.function(), watch: v.function() })),
    events: v.optional(v.record(v.pipe(v.string(), v.check(isKnownEvent, 'is not a Discord gateway event')), v.function())),
    components: v.optional(v.record(v.pipe(v.string(), v.regex(COMPONENT_NAME, 'must be 1-32 of a-z, 0-9, - and _')), v.function())),
    settings: v.optional(
      v.pipe(
        v.record(v.string(), v.unknown()),
        v.rawCheck(({ dataset, addIssue }) => {
          if (dataset.typed) for (const message of declarationProblems(dataset.value)) addIssue({ message });
        }),
      ),
    ),
    migrations: v.optional(
      v.pipe(
        v.array(Migration),
        v.check((steps) => new Set(steps.map((s) => s.name)).size === steps.length, 'step names must be unique'),
      ),
    ),
    routes: v.optional(
      v.array(
        v.object({
          method: v.picklist(['GET', 'POST', 'PUT', 'PATCH', 'DELETE']),
          path: v.pipe(v.string(), v.regex(ROUTE_PATH, 'must be a path like /top or /items/:id')),
          mount: v.optional(v.picklist(['plugin', 'guild'])),
          summary: v.optional(v.string()),
          operationId: v.optional(v.pipe(v.string(), v.regex(/^[A-Za-z][\w]{0,99}$/, 'must be a name like listKarma'))),
          handler: v.function(),
        }),
      ),
    ),
    intents: v.optional(v.array(v.pipe(v.string(), v.check(isIntentName, 'is not a gateway intent')))),
    optionalIntents: v.optional(v.array(v.pipe(v.string(), v.check(isIntentName, 'is not a gateway intent')))),
    enabledByDefault: v.optional(v.boolean()),
    alwaysOn: v.optional(v.boolean()),
    commandUsed: v.optional(v.function()),
    setup: v.optional(v.function()),
    connected: v.optional(v.function()),
    teardown: v.optional(v.function()),
    deleteUserData: v.optional(v.function()),
    settingsChanged: v.optional(v.function()),
  }),
  v.check((m) => new Set((m.routes ?? []).map((r) => `${r.method} ${r.mount ?? 'plugin'} ${r.path}`)).size === (m.routes ?? []).length, 'routes: two routes share a method and path'),
);

/** Problems with `candidate` as a module, each `path: message`; empty when it is one. */
export function moduleProblems(candidate: unknown): string[] {
  const checked = v.safeParse(ModuleShape, candidate);
  return checked.success ? [] : checked.issues.map((issue) => `${v.getDotPath(issue) ?? 'export'}: ${issue.message}`);
}

/** Problems with `candidate` as a command (a plugin of the first kind). */
export function commandProblems(candidate: unknown): string[] {
  const checked = v.safeParse(CommandShape, candidate);
  return checked.success ? [] : checked.issues.map((issue) => `${v.getDotPath(issue) ?? 'export'}: ${issue.message}`);
}
