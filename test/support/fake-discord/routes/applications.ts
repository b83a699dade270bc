// https://discord.com/developers/docs/resources/application and
// https://discord.com/developers/docs/interactions/application-commands#bulk-overwrite-global-application-commands
import {
  type APIApplication,
  type APIApplicationCommand,
  ApplicationCommandType,
  type ApplicationFlags,
} from 'discord-api-types/v10';
import { fieldError, invalidFormBody, missingAccess } from '../errors.ts';
import { ok, type Route, type RouteContext } from '../router.ts';
import { generateSnowflake } from '../snowflake.ts';
import { noFlags } from '../state.ts';

export const applicationRoutes: Route[] = [
  {
    method: 'GET',
    path: '/applications/@me',
    auth: 'bot',
    handle: ({ state }) =>
      ok({
        id: state.applicationId,
        name: state.botUser.username,
        icon: null,
        description: '',
        bot_public: true,
        bot_require_code_grant: false,
        bot: state.botUser,
        verify_key: '0'.repeat(64),
        flags: noFlags<ApplicationFlags>(),
        flags_new: '0',
        summary: '',
        team: null,
        approximate_guild_count: state.guilds.size,
      } satisfies APIApplication),
  },
  { method: 'GET', path: '/applications/{application.id}/commands', auth: 'bot', handle: (c) => ok(commandsIn(c, null)) },
  { method: 'PUT', path: '/applications/{application.id}/commands', auth: 'bot', handle: (c) => ok(overwrite(c, null)) },
  { method: 'GET', path: '/applications/{application.id}/guilds/{guild.id}/commands', auth: 'bot', handle: (c) => ok(commandsIn(c, guildOf(c))) },
  { method: 'PUT', path: '/applications/{application.id}/guilds/{guild.id}/commands', auth: 'bot', handle: (c) => ok(overwrite(c, guildOf(c))) },
];

function guildOf(context: RouteContext): string {
  const guildId = context.params['guild.id'] ?? '';
  if (!context.state.guilds.has(guildId)) throw missingAccess();
  return guildId;
}

function commandsIn(context: RouteContext, guildId: string | null): APIApplicationCommand[] {
  if (context.params['application.id'] !== context.state.applicationId) throw missingAccess();
  return context.state.commands.get(guildId ?? 'global') ?? [];
}

/** PUT replaces the whole list; a command keeps its id when its name and type survive, as on Discord. */
function overwrite(context: RouteContext, guildId: string | null): APIApplicationCommand[] {
  const previous = commandsIn(context, guildId);
  const { body, state } = context;
  if (!Array.isArray(body)) throw invalidFormBody({ _errors: [{ code: 'LIST_TYPE_CONVERT', message: 'Only iterables may be used in a ListType' }] });
  validateCommands(body);
  const commands = (body as Record<string, unknown>[]).map((input): APIApplicationCommand => {
    const type = typeof input.type === 'number' ? input.type : ApplicationCommandType.ChatInput;
    const kept = previous.find((c) => c.name === input.name && c.type === type);
    return {
      ...(input as Partial<APIApplicationCommand>),
      id: kept?.id ?? generateSnowflake(),
      application_id: state.applicationId,
      ...(guildId ? { guild_id: guildId } : {}),
      type,
      name: String(input.name),
      description: typeof input.description === 'string' ? input.description : '',
      default_member_permissions: typeof input.default_member_permissions === 'string' ? input.default_member_permissions : null,
      version: generateSnowflake(),
    } as APIApplicationCommand;
  });
  state.commands.set(guildId ?? 'global', commands);
  state.commandOverwrites.push({ guild_id: guildId, commands: body });
  return commands;
}

// Chat-input names: https://discord.com/developers/docs/interactions/application-commands#application-command-object-application-command-naming
const chatInputName = /^[-_'\p{Ll}\p{Lo}\p{N}\p{sc=Deva}\p{sc=Thai}]{1,32}$/u;

function validateCommands(body: unknown[]): void {
  const errors: Record<string, unknown> = {};
  const names = new Set<string>();
  body.forEach((input, index) => {
    const command = (typeof input === 'object' && input !== null ? input : {}) as Record<string, unknown>;
    const isChatInput = command.type === undefined || command.type === ApplicationCommandType.ChatInput;
    const name = typeof command.name === 'string' ? command.name : '';
    const description = typeof command.description === 'string' ? command.description : '';
    const fieldErrors: Record<string, unknown> = {};
    if (isChatInput ? !chatInputName.test(name) : name.length < 1 || name.length > 32) fieldErrors.name = fieldError('APPLICATION_COMMAND_INVALID_NAME', 'Command name is invalid');
    if (isChatInput && (description.length < 1 || description.length > 100)) fieldErrors.description = fieldError('BASE_TYPE_BAD_LENGTH', 'Must be between 1 and 100 in length.');
    if (Object.keys(fieldErrors).length > 0) errors[index] = fieldErrors;
    const key = `${String(command.type ?? 1)}:${name}`;
    if (names.has(key)) errors._errors = [{ code: 'APPLICATION_COMMANDS_DUPLICATE_NAME', message: 'Application command names must be unique' }];
    names.add(key);
  });
  // 100 chat-input commands, 5 user and 5 message context-menu commands: https://discord.com/developers/docs/interactions/application-commands#registering-a-command
  const countOf = (type: number) => body.filter((c) => ((c as { type?: number }).type ?? ApplicationCommandType.ChatInput) === type).length;
  if (countOf(ApplicationCommandType.ChatInput) > 100) errors._errors = [{ code: 'BASE_TYPE_MAX_LENGTH', message: 'Must be 100 or fewer in length.' }];
  if (countOf(ApplicationCommandType.User) > 5 || countOf(ApplicationCommandType.Message) > 5) {
    errors._errors = [{ code: 'APPLICATION_COMMANDS_CONTEXT_MENU_LIMIT', message: 'Maximum number of context menu commands reached (5)' }];
  }
  if (Object.keys(errors).length > 0) throw invalidFormBody(errors);
}
