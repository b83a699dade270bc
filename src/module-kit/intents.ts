// Gateway intents by name, and which ones a module's events imply: the gateway asks for the union
// of what the loaded modules need. https://discord.com/developers/docs/events/gateway#gateway-intents
import { GatewayIntentBits } from 'discord-api-types/v10';

export type IntentName = keyof typeof GatewayIntentBits;

/** Intents Discord grants only when turned on in the Developer Portal (else it closes with 4014). */
export const PRIVILEGED_INTENTS: readonly IntentName[] = ['GuildMembers', 'GuildPresences', 'MessageContent'];

/** What every Concord needs: guilds and their channels, messages in guilds and DMs, and their text. */
export const BASE_INTENTS: readonly IntentName[] = ['Guilds', 'GuildMessages', 'MessageContent', 'DirectMessages'];

// The events of each intent, as Discord lists them; an event not here needs none (READY, INTERACTION_CREATE).
const EVENTS_OF: Partial<Record<IntentName, readonly string[]>> = {
  Guilds: ['GUILD_CREATE', 'GUILD_UPDATE', 'GUILD_DELETE', 'GUILD_ROLE_CREATE', 'GUILD_ROLE_UPDATE', 'GUILD_ROLE_DELETE', 'CHANNEL_CREATE', 'CHANNEL_UPDATE', 'CHANNEL_DELETE', 'CHANNEL_PINS_UPDATE', 'THREAD_CREATE', 'THREAD_UPDATE', 'THREAD_DELETE', 'THREAD_LIST_SYNC', 'THREAD_MEMBER_UPDATE', 'THREAD_MEMBERS_UPDATE', 'STAGE_INSTANCE_CREATE', 'STAGE_INSTANCE_UPDATE', 'STAGE_INSTANCE_DELETE'],
  GuildMembers: ['GUILD_MEMBER_ADD', 'GUILD_MEMBER_UPDATE', 'GUILD_MEMBER_REMOVE'],
  GuildModeration: ['GUILD_AUDIT_LOG_ENTRY_CREATE', 'GUILD_BAN_ADD', 'GUILD_BAN_REMOVE'],
  GuildExpressions: ['GUILD_EMOJIS_UPDATE', 'GUILD_STICKERS_UPDATE', 'GUILD_SOUNDBOARD_SOUND_CREATE', 'GUILD_SOUNDBOARD_SOUND_UPDATE', 'GUILD_SOUNDBOARD_SOUND_DELETE', 'GUILD_SOUNDBOARD_SOUNDS_UPDATE'],
  GuildIntegrations: ['GUILD_INTEGRATIONS_UPDATE', 'INTEGRATION_CREATE', 'INTEGRATION_UPDATE', 'INTEGRATION_DELETE'],
  GuildWebhooks: ['WEBHOOKS_UPDATE'],
  GuildInvites: ['INVITE_CREATE', 'INVITE_DELETE'],
  GuildVoiceStates: ['VOICE_CHANNEL_EFFECT_SEND', 'VOICE_STATE_UPDATE'],
  GuildPresences: ['PRESENCE_UPDATE'],
  GuildMessages: ['MESSAGE_CREATE', 'MESSAGE_UPDATE', 'MESSAGE_DELETE', 'MESSAGE_DELETE_BULK'],
  GuildMessageReactions: ['MESSAGE_REACTION_ADD', 'MESSAGE_REACTION_REMOVE', 'MESSAGE_REACTION_REMOVE_ALL', 'MESSAGE_REACTION_REMOVE_EMOJI'],
  GuildMessageTyping: ['TYPING_START'],
  GuildScheduledEvents: ['GUILD_SCHEDULED_EVENT_CREATE', 'GUILD_SCHEDULED_EVENT_UPDATE', 'GUILD_SCHEDULED_EVENT_DELETE', 'GUILD_SCHEDULED_EVENT_USER_ADD', 'GUILD_SCHEDULED_EVENT_USER_REMOVE'],
  AutoModerationConfiguration: ['AUTO_MODERATION_RULE_CREATE', 'AUTO_MODERATION_RULE_UPDATE', 'AUTO_MODERATION_RULE_DELETE'],
  AutoModerationExecution: ['AUTO_MODERATION_ACTION_EXECUTION'],
  GuildMessagePolls: ['MESSAGE_POLL_VOTE_ADD', 'MESSAGE_POLL_VOTE_REMOVE'],
};

const INTENT_OF_EVENT = new Map<string, IntentName>(Object.entries(EVENTS_OF).flatMap(([intent, events]) => events.map((event) => [event, intent as IntentName] as const)));

/** The intents a module asks for and those its events imply, without repeats. */
export function intentsFor(declared: readonly IntentName[], events: readonly string[]): IntentName[] {
  const implied = events.map((event) => INTENT_OF_EVENT.get(event)).filter((intent): intent is IntentName => intent !== undefined);
  return [...new Set([...declared, ...implied])];
}

/** Whether Discord has an event by this name that an intent carries (an unknown name is likely a typo). */
export function isKnownEvent(event: string): boolean {
  return INTENT_OF_EVENT.has(event) || ['READY', 'RESUMED', 'INTERACTION_CREATE', 'USER_UPDATE', 'ENTITLEMENT_CREATE', 'ENTITLEMENT_UPDATE', 'ENTITLEMENT_DELETE', 'APPLICATION_COMMAND_PERMISSIONS_UPDATE'].includes(event);
}

/** The bits of `names`, for the gateway's identify. */
export function intentBits(names: readonly IntentName[]): number {
  return names.reduce((bits, name) => bits | GatewayIntentBits[name], 0);
}

export function isIntentName(name: string): name is IntentName {
  return Object.hasOwn(GatewayIntentBits, name) && Number.isNaN(Number(name));
}

/**
 * What the gateway asks for: Concord's own intents and the modules'. `optional`: the privileged
 * ones only modules need, which Discord may refuse while the rest runs on.
 */
export function gatewayIntents(moduleIntents: readonly IntentName[]): { wanted: IntentName[]; optional: IntentName[] } {
  const wanted = [...new Set([...BASE_INTENTS, ...moduleIntents])];
  return { wanted, optional: wanted.filter((intent) => PRIVILEGED_INTENTS.includes(intent) && !BASE_INTENTS.includes(intent)) };
}
