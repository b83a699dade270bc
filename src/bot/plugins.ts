// Plugins: every ES module in PLUGINS_DIR that exports a command (or a list) joins the built-ins.
import { readdir } from 'node:fs/promises';
import { join, resolve } from 'node:path';
import { pathToFileURL } from 'node:url';
import * as v from 'valibot';
import { NAME_PATTERN } from '../features/custom-commands/schema.ts';
import type { Logger } from '../platform/log.ts';
import type { Command } from './command-types.ts';

const Name = v.pipe(v.string(), v.regex(NAME_PATTERN, 'must be 1-32 of a-z, 0-9, - and _'));
const Description = v.pipe(v.string(), v.minLength(1, 'must not be empty'), v.maxLength(100, 'must be at most 100 characters'));
const Option = v.object({
  name: Name,
  description: Description,
  type: v.picklist(['string', 'integer', 'boolean', 'user', 'channel', 'role']),
  required: v.optional(v.boolean()),
  rest: v.optional(v.boolean()),
});
const Subcommand = v.object({ name: Name, description: Description, options: v.optional(v.array(Option)), run: v.function() });
const CommandShape = v.pipe(
  v.looseObject({
    name: Name,
    description: Description,
    options: v.optional(v.array(Option)),
    subcommands: v.optional(v.array(Subcommand)),
    permissions: v.optional(v.bigint()),
    guildOnly: v.optional(v.boolean()),
    cooldownSeconds: v.optional(v.pipe(v.number(), v.minValue(0))),
    run: v.optional(v.function()),
  }),
  v.check((c) => typeof c.run === 'function' || (c.subcommands?.length ?? 0) > 0, 'needs run() or subcommands'),
);

/** Loads the plugins in `dir` into `registry`; a plugin that is invalid or clashes is refused with an error line. */
export async function loadPlugins(dir: string, registry: Map<string, Command>, log: Logger): Promise<string[]> {
  const folder = resolve(dir);
  const files = (await readdir(folder)).filter((file) => /\.(mjs|js)$/.test(file)).sort();
  const loaded: string[] = [];
  for (const file of files) {
    let exported: unknown;
    try {
      const module = (await import(pathToFileURL(join(folder, file)).href)) as Record<string, unknown>;
      exported = module.default ?? module.commands ?? module.command;
    } catch (error) {
      log.error({ plugin: file, err: error }, 'plugin refused: it failed to load');
      continue;
    }
    for (const candidate of [exported].flat()) {
      const checked = v.safeParse(CommandShape, candidate);
      if (!checked.success) {
        const problems = checked.issues.map((i) => `${v.getDotPath(i) ?? 'export'}: ${i.message}`).join('; ');
        log.error({ plugin: file }, `plugin refused: ${problems}`);
        continue;
      }
      const command = candidate as Command;
      if (registry.has(command.name)) {
        log.error({ plugin: file }, `plugin refused: command "${command.name}" clashes with a command already loaded`);
        continue;
      }
      registry.set(command.name, command);
      loaded.push(command.name);
      log.info({ plugin: file, command: command.name }, 'plugin command loaded');
    }
  }
  return loaded;
}
