// Collects the modules a process runs: the built-ins, then every plugin in PLUGINS_DIR. A plugin that
// fails to load, is malformed, or takes a module or command name already in use is refused with one
// log line naming the file and the reason; the others load. Plugins of the first kind (a command or
// a list of commands as the export) load as a module named after their file.
import { readdir } from 'node:fs/promises';
import { basename, join, resolve } from 'node:path';
import { pathToFileURL } from 'node:url';
import type { Logger } from '../platform/log.ts';
import type { Command } from './command-types.ts';
import type { ModuleDefinition } from './contract.ts';
import { type IntentName, intentsFor } from './intents.ts';
import { commandProblems, MODULE_NAME, moduleProblems } from './shape.ts';

export interface LoadedModule {
  name: string;
  source: 'built-in' | 'plugin';
  /** The plugin file it came from. */
  file?: string;
  definition: ModuleDefinition;
  /** What it declares and what its events imply. */
  intents: IntentName[];
}

export interface ModuleRegistry {
  readonly modules: readonly LoadedModule[];
  get(name: string): LoadedModule | undefined;
  /** Every module's commands by name. */
  readonly commands: ReadonlyMap<string, Command>;
  /** The module a command belongs to. */
  moduleOfCommand(command: string): LoadedModule | undefined;
  /** The modules with a handler for a dispatch event, in load order. */
  handlersOf(event: string): readonly LoadedModule[];
  /** Every dispatch event some module handles. */
  readonly events: readonly string[];
  /** The union of the modules' intents. */
  intents(): IntentName[];
  /** The component a custom_id of a module's `customIdPrefixes` names, with what follows the prefix as its data. */
  componentOfLegacyCustomId(customId: string): { module: string; component: string; data: string } | undefined;
}

/** A module that could not join, and why (the log line says the same). */
export interface Refusal {
  name: string;
  file?: string;
  reason: string;
}

/** The built-ins and the plugins of `pluginsDir`, each checked against the names taken before it. */
export async function collectModules(builtIns: readonly ModuleDefinition[], pluginsDir: string | undefined, log: Logger): Promise<{ modules: LoadedModule[]; refused: Refusal[] }> {
  const modules: LoadedModule[] = [];
  const refused: Refusal[] = [];
  const commandNames = new Set<string>();
  const admit = (candidate: LoadedModule): string | undefined => {
    if (modules.some((m) => m.name === candidate.name)) return `the module name "${candidate.name}" is already in use`;
    // Paths beside the guild's own resources are Concord's to give: a plugin's routes stay under its name.
    if (candidate.source === 'plugin' && candidate.definition.routes?.some((r) => r.mount === 'guild')) return 'a plugin\'s routes are mounted under /api/plugins/<module> (mount "guild" is for built-in modules)';
    if (candidate.source === 'plugin' && candidate.definition.apiRoutes) return 'a plugin\'s routes are `routes`, mounted under /api/plugins/<module> (apiRoutes is for built-in modules)';
    const prefixProblem = customIdPrefixProblem(candidate, modules);
    if (prefixProblem) return prefixProblem;
    const commands = candidate.definition.commands ?? [];
    const clash = commands.find((c) => commandNames.has(c.name));
    if (clash) return `command "${clash.name}" clashes with a command already loaded`;
    for (const command of commands) commandNames.add(command.name);
    modules.push(candidate);
    return undefined;
  };
  for (const definition of builtIns) {
    const problem = admit(loaded(definition, 'built-in'));
    // A built-in that cannot load is a bug in this build, not something an operator can fix.
    if (problem) throw new Error(`built-in module ${definition.name}: ${problem}`);
  }
  if (!pluginsDir) return { modules, refused };
  const folder = resolve(pluginsDir);
  const files = (await readdir(folder)).filter((file) => /\.(mjs|js)$/.test(file)).sort();
  for (const file of files) {
    const result = await importPlugin(join(folder, file));
    const problem = 'problem' in result ? result.problem : admit({ ...loaded(result.definition, 'plugin'), file });
    if (problem) {
      const name = 'definition' in result ? result.definition.name : basename(file).replace(/\.m?js$/, '');
      refused.push({ name, file, reason: problem });
      log.error({ plugin: file }, `plugin refused: ${problem}`);
      continue;
    }
    log.info({ plugin: file, module: modules.at(-1)?.name }, 'plugin loaded');
  }
  return { modules, refused };
}

/** The registry over modules that passed every check (their migrations too). */
export function createModuleRegistry(modules: readonly LoadedModule[]): ModuleRegistry {
  const byName = new Map(modules.map((m) => [m.name, m]));
  const commands = new Map<string, Command>();
  const ownerOf = new Map<string, LoadedModule>();
  const handlers = new Map<string, LoadedModule[]>();
  for (const module of modules) {
    for (const command of module.definition.commands ?? []) {
      commands.set(command.name, command);
      ownerOf.set(command.name, module);
    }
    for (const event of Object.keys(module.definition.events ?? {})) handlers.set(event, [...(handlers.get(event) ?? []), module]);
  }
  const events = [...handlers.keys()];
  const legacyPrefixes = modules.flatMap((module) => Object.entries(module.definition.customIdPrefixes ?? {}).map(([prefix, component]) => ({ prefix, module: module.name, component })));
  return {
    modules,
    get: (name) => byName.get(name),
    commands,
    moduleOfCommand: (command) => ownerOf.get(command),
    handlersOf: (event) => handlers.get(event) ?? [],
    events,
    intents: () => [...new Set(modules.flatMap((m) => m.intents))],
    componentOfLegacyCustomId(customId) {
      const claim = legacyPrefixes.find((p) => customId.startsWith(p.prefix));
      return claim && { module: claim.module, component: claim.component, data: customId.slice(claim.prefix.length) };
    },
  };
}

/**
 * Why a module's custom_id prefixes cannot be taken: `customIdPrefixes` of a plugin or naming no
 * component, or a prefix (those or its command buttons') overlapping one already routed.
 */
function customIdPrefixProblem(candidate: LoadedModule, admitted: readonly LoadedModule[]): string | undefined {
  const prefixes = Object.entries(candidate.definition.customIdPrefixes ?? {});
  const buttonPrefix = candidate.definition.dynamicCommands?.buttonPrefix;
  if (prefixes.length === 0 && buttonPrefix === undefined) return undefined;
  if (prefixes.length > 0 && candidate.source === 'plugin') return 'customIdPrefixes are for built-in modules (a plugin\'s custom_ids come from ctx.customId)';
  // A module's own custom_ids start with `m:`; a prefix overlapping another would make a click ambiguous.
  const taken = ['m:', ...admitted.flatMap(prefixesOf)];
  const overlaps = (prefix: string) => taken.some((other) => other.startsWith(prefix) || prefix.startsWith(other));
  for (const [prefix, component] of prefixes) {
    if (!candidate.definition.components?.[component]) return `customIdPrefixes: "${prefix}" names no component "${component}"`;
    if (overlaps(prefix)) return `customIdPrefixes: "${prefix}" overlaps a custom_id already routed`;
  }
  if (buttonPrefix !== undefined && overlaps(buttonPrefix)) return `dynamicCommands.buttonPrefix: "${buttonPrefix}" overlaps a custom_id already routed`;
  return undefined;
}

/** Every custom_id prefix a module routes to itself: its legacy components' and its command buttons'. */
function prefixesOf(module: LoadedModule): string[] {
  const buttonPrefix = module.definition.dynamicCommands?.buttonPrefix;
  return [...Object.keys(module.definition.customIdPrefixes ?? {}), ...(buttonPrefix === undefined ? [] : [buttonPrefix])];
}

function loaded(definition: ModuleDefinition, source: LoadedModule['source']): LoadedModule {
  return { name: definition.name, source, definition, intents: intentsFor(definition.intents ?? [], Object.keys(definition.events ?? {})) };
}

/** Imports a plugin file and checks its export: a module, or commands to wrap in one named after the file. */
async function importPlugin(path: string): Promise<{ definition: ModuleDefinition } | { problem: string }> {
  let exports: Record<string, unknown>;
  try {
    exports = (await import(pathToFileURL(path).href)) as Record<string, unknown>;
  } catch {
    return { problem: 'it failed to load' };
  }
  const exported = exports.default ?? exports.module ?? exports.commands ?? exports.command;
  const isCommandPlugin = Array.isArray(exported) || (typeof exported === 'object' && exported !== null && ('run' in exported || 'subcommands' in exported));
  if (!isCommandPlugin) {
    const problems = moduleProblems(exported);
    return problems.length > 0 ? { problem: problems.join('; ') } : { definition: exported as ModuleDefinition };
  }
  const commands = [exported].flat();
  const problems = commands.flatMap((command, i) => commandProblems(command).map((p) => (commands.length > 1 ? `${i}.${p}` : p)));
  if (problems.length > 0) return { problem: problems.join('; ') };
  const name = basename(path)
    .replace(/\.m?js$/, '')
    .toLowerCase()
    .replace(/[^a-z0-9-]+/g, '-')
    .replace(/^[^a-z]+/, '')
    .slice(0, 32);
  if (!MODULE_NAME.test(name)) return { problem: 'its file name gives no module name: start it with a letter' };
  return { definition: { name, description: `Commands from the plugin ${basename(path)}`, commands: commands as Command[] } };
}
