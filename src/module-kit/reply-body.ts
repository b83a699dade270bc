// How a reply becomes a Discord message body: text, embeds, buttons, and who it may ping — nobody
// but the users a command names; never roles, @everyone or @here.
import type { APIActionRowComponent, APIAllowedMentions, APIComponentInMessageActionRow, APIEmbed } from 'discord-api-types/v10';
import type { ReplyOptions } from './command-types.ts';

/** Pings nobody except users a command names explicitly; never roles, @everyone or @here. */
function allowedMentions(reply: ReplyOptions): APIAllowedMentions {
  return { parse: [], users: reply.mentionUserIds ?? [], replied_user: false };
}

/** The message body of a reply: text, embeds, buttons, and who it may ping. */
export function messageBody(reply: ReplyOptions) {
  return {
    content: reply.content,
    allowed_mentions: allowedMentions(reply),
    ...(reply.embeds?.length ? { embeds: reply.embeds as unknown as APIEmbed[] } : {}),
    ...(reply.components?.length ? { components: reply.components as unknown as APIActionRowComponent<APIComponentInMessageActionRow>[] } : {}),
  };
}

