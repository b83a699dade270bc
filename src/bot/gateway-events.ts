// Turns gateway events (MESSAGE_CREATE, INTERACTION_CREATE) into invocations of the dispatcher,
// with replies that never ping anyone but whom the command allows.
import type { API } from '@discordjs/core';
import {
  type APIApplicationCommandAutocompleteInteraction,
  type APIApplicationCommandInteractionDataOption,
  type APIChatInputApplicationCommandInteraction,
  type APIContextMenuInteraction,
  type APIInteraction,
  type APIMessage,
  type APIMessageComponentInteraction,
  type APIModalSubmitInteraction,
  type APIUser,
  ApplicationCommandOptionType,
  ApplicationCommandType,
  InteractionType,
} from 'discord-api-types/v10';
import type { ReplyOptions } from '../module-kit/command-types.ts';
import { messageBody } from '../module-kit/reply-body.ts';
import { createResponder } from '../module-kit/responder.ts';
import { toStorableText } from '../platform/db/text.ts';
import type { Logger } from '../platform/log.ts';
import type { Dispatcher, Invocation } from './dispatcher.ts';


export interface EventContext {
  api: API;
  dispatcher: Dispatcher;
  guildName(guildId: string): string | undefined;
  log: Logger;
  /** Button presses (message components) and modal submits: the modules' own. */
  onComponent?: ((interaction: APIMessageComponentInteraction | APIModalSubmitInteraction) => Promise<void>) | undefined;
}

/** `!name args` from a user (never a bot, a webhook or ourselves) runs a command; other text may set off an auto-response. */
export async function handleMessage(message: APIMessage & { guild_id?: string; member?: { nick?: string | null; roles?: string[] } }, ctx: EventContext): Promise<void> {
  if (message.author.bot || message.webhook_id) return;
  // Discord passes a NUL through; PostgreSQL cannot store one, and one row with it would fail every
  // command-log batch it is in. Text from Discord is made storable here, once.
  const content = toStorableText(message.content);
  const parsed = parsePrefixed(content, await ctx.dispatcher.prefixIn(message.guild_id ?? null));
  let replies = 0;
  // The name in place, not spread in afterwards: a spread copies the whole invocation per message.
  const invocation: Invocation = {
    source: 'prefix',
    eventId: message.id,
    user: userOf(message.author, message.member?.nick),
    guild: message.guild_id ? { id: message.guild_id, name: ctx.guildName(message.guild_id) ?? 'this server' } : null,
    channelId: message.channel_id,
    name: parsed?.name ?? '',
    rawArgs: parsed?.rawArgs ?? content,
    memberRoles: message.member?.roles ?? [],
    // Most messages mention nobody: no map for them.
    mentionedUsers: message.mentions.length > 0 ? new Map(message.mentions.map((u) => [u.id, userOf(u, (u as { member?: { nick?: string | null } }).member?.nick).displayName])) : undefined,
    async reply(reply: ReplyOptions) {
      replies++;
      const body = messageBody(reply);
      // The same event handled twice (redelivered to a worker, replayed on resume) answers once:
      // Discord returns the first message for a nonce it saw in the last few minutes.
      body.nonce = `${message.id}.${replies}`;
      body.enforce_nonce = true;
      // A reply keeps the thread readable; fail_if_not_exists: false survives a deleted trigger.
      body.message_reference = { message_id: message.id, fail_if_not_exists: false };
      await ctx.api.channels.createMessage(message.channel_id, body);
    },
  };
  if (parsed) return ctx.dispatcher.run(invocation);
  // Plain talk in a server may set off an auto-response; DMs never do.
  if (message.guild_id) await ctx.dispatcher.autoRespond(invocation);
}

/** A slash command runs the same pipeline; its reply is the interaction response. */
export function handleInteraction(interaction: APIInteraction, applicationId: string, ctx: EventContext): Promise<void> | undefined {
  if (interaction.type === InteractionType.MessageComponent) {
    const button = ctx.dispatcher.commandButton(interaction.data.custom_id);
    if (button) return runButton(interaction, button, applicationId, ctx);
    return ctx.onComponent?.(interaction);
  }
  if (interaction.type === InteractionType.ModalSubmit) return ctx.onComponent?.(interaction);
  if (interaction.type === InteractionType.ApplicationCommandAutocomplete) return answerAutocomplete(interaction, ctx);
  if (interaction.type !== InteractionType.ApplicationCommand) return;
  if (interaction.data.type === ApplicationCommandType.User || interaction.data.type === ApplicationCommandType.Message) {
    return runContextMenu(interaction as APIContextMenuInteraction, applicationId, ctx);
  }
  if (interaction.data.type !== ApplicationCommandType.ChatInput) return;
  const command = interaction as APIChatInputApplicationCommandInteraction;
  return runInteraction(command, applicationId, ctx, {
    source: 'slash',
    name: command.data.name,
    mentionedUsers: resolvedNames(command.data.resolved),
    slash: {
      options: storableOptions(command.data.options ?? []),
      memberPermissions: command.member ? BigInt(command.member.permissions) : null,
    },
  });
}

/** A context-menu custom command ("Apps → name" on a member or a message), logged with source `context`. */
function runContextMenu(interaction: APIContextMenuInteraction, applicationId: string, ctx: EventContext): Promise<void> | undefined {
  const { data } = interaction;
  let target: { id: string; name: string; content?: string };
  if (data.type === ApplicationCommandType.Message) {
    const message = data.resolved.messages[data.target_id];
    const author = message?.author;
    target = { id: data.target_id, name: author ? userOf(author, null).displayName : 'someone', content: toStorableText(message?.content ?? '') };
  } else {
    const targetUser = data.resolved.users[data.target_id];
    const member = data.resolved.members?.[data.target_id];
    target = { id: data.target_id, name: targetUser ? userOf(targetUser, member?.nick).displayName : 'someone' };
  }
  return runInteraction(interaction, applicationId, ctx, { source: 'context', name: data.name, target });
}

/** Display names of the users a slash use's options name, for `{1:user}`. */
function resolvedNames(resolved: APIChatInputApplicationCommandInteraction['data']['resolved']): Map<string, string> {
  return new Map(Object.entries(resolved?.users ?? {}).map(([id, u]) => [id, userOf(u, resolved?.members?.[id]?.nick).displayName]));
}

/**
 * A module's command button (a custom command's): runs the dynamic command it names, for the presser,
 * answered ephemerally (the channel already has the message with the button), logged with source `button`.
 */
function runButton(interaction: APIMessageComponentInteraction, button: { module: string; name: string }, applicationId: string, ctx: EventContext): Promise<void> | undefined {
  return runInteraction(interaction, applicationId, ctx, { source: 'button', name: button.name, buttonOf: button.module, ephemeral: true });
}

/**
 * The choices for the option being typed, from its command; a failure answers nothing (Discord shows none).
 * https://discord.com/developers/docs/interactions/receiving-and-responding#interaction-response-object-autocomplete
 */
async function answerAutocomplete(interaction: APIApplicationCommandAutocompleteInteraction, ctx: EventContext): Promise<void> {
  const user = interaction.member?.user ?? interaction.user;
  const focused = focusedOption(interaction.data.options);
  try {
    const choices =
      user && focused
        ? await ctx.dispatcher.choices({
            command: interaction.data.name,
            option: { name: focused.name, value: String(focused.value ?? '') },
            user: userOf(user, interaction.member?.nick),
            guild: interaction.guild_id ? { id: interaction.guild_id, name: ctx.guildName(interaction.guild_id) ?? 'this server' } : null,
            channelId: interaction.channel?.id ?? null,
          })
        : [];
    await ctx.api.interactions.createAutocompleteResponse(interaction.id, interaction.token, { choices: [...choices] });
  } catch (error) {
    ctx.log.warn({ err: error }, 'could not answer autocomplete');
  }
}

/** The option the user is typing, inside subcommands too. */
function focusedOption(options: readonly APIApplicationCommandInteractionDataOption[] = []): { name: string; value?: unknown } | undefined {
  for (const option of options) {
    if ('focused' in option && option.focused) return option;
    if (option.type === ApplicationCommandOptionType.Subcommand || option.type === ApplicationCommandOptionType.SubcommandGroup) {
      const inner = focusedOption(option.options ?? []);
      if (inner) return inner;
    }
  }
  return undefined;
}

/**
 * Runs an interaction's command through the dispatcher, as its invoker in its guild and channel,
 * answered (and deferred if slow) through the interaction; `ephemeral` answers only the invoker.
 */
function runInteraction(
  interaction: APIChatInputApplicationCommandInteraction | APIContextMenuInteraction | APIMessageComponentInteraction,
  applicationId: string,
  ctx: EventContext,
  { ephemeral = false, ...use }: Pick<Invocation, 'source' | 'name'> & Partial<Pick<Invocation, 'mentionedUsers' | 'slash' | 'target' | 'buttonOf'>> & { ephemeral?: boolean },
): Promise<void> | undefined {
  const user = interaction.member?.user ?? interaction.user;
  if (!user) return;
  const respond = createResponder(ctx.api, interaction, applicationId, ctx.log);
  return ctx.dispatcher
    .run({
      ...use,
      eventId: interaction.id,
      user: userOf(user, interaction.member?.nick),
      guild: interaction.guild_id ? { id: interaction.guild_id, name: ctx.guildName(interaction.guild_id) ?? 'this server' } : null,
      channelId: interaction.channel?.id ?? null,
      rawArgs: '',
      memberRoles: interaction.member?.roles ?? [],
      reply: ephemeral ? (reply) => respond.reply({ ...reply, ephemeral: true }) : respond.reply,
    })
    .finally(respond.done);
}

/** Parses `!name rest…`; names follow Discord's rules, so `!!!` or `! hi` are not commands. */
export function parsePrefixed(content: string, prefix: string): { name: string; rawArgs: string } | undefined {
  if (!content.startsWith(prefix)) return undefined;
  const match = /^([\p{Ll}\p{Lu}\p{N}_-]{1,32})(?:\s+([\s\S]*))?$/u.exec(content.slice(prefix.length));
  if (!match?.[1]) return undefined;
  return { name: match[1].toLowerCase(), rawArgs: (match[2] ?? '').trim() };
}

function userOf(user: APIUser, nick: string | null | undefined) {
  return { id: user.id, username: toStorableText(user.username), displayName: toStorableText(nick ?? user.global_name ?? user.username) };
}

/** Slash-command options with every string value made storable (see handleMessage). */
function storableOptions<T>(options: T): T {
  return JSON.parse(JSON.stringify(options), (_key, value: unknown) => (typeof value === 'string' ? toStorableText(value) : value)) as T;
}
