// /api/guilds/:guild_id/channels, /roles and /members: names for the ids the dashboard shows and
// asks for, read from Discord (cached briefly), for anyone who may manage that guild.

import { PermissionFlagsBits } from 'discord-api-types/v10';
import * as v from 'valibot';
import type { GuildDirectory } from '../features/guilds/directory.ts';
import { DirectoryChannelSchema, DirectoryMemberSchema, DirectoryRoleSchema } from '../features/guilds/schema.ts';
import { type ApiRoute, route } from '../module-kit/api-route.ts';
import { GuildParams, wholeNumber } from '../platform/http/pagination.ts';
import { HttpError } from '../platform/http/problem.ts';
import { Snowflake } from '../platform/http/schemas.ts';

const MembersQuery = v.pipe(
  v.object({
    query: v.optional(v.pipe(v.string(), v.trim(), v.minLength(1, 'must not be empty'), v.maxLength(100, 'must be at most 100 characters'))),
    ids: v.optional(
      v.pipe(
        v.string(),
        v.transform((list) => list.split(',').map((id) => id.trim()).filter(Boolean)),
        v.minLength(1, 'must list at least one id'),
        v.maxLength(100, 'at most 100 ids at once'),
        v.array(Snowflake),
      ),
    ),
    limit: wholeNumber({ min: 1, max: 100, fallback: 25 }),
  }),
);

export const ManagedGuild = v.object({
  id: v.string(),
  name: v.string(),
  icon_url: v.nullable(v.string()),
  has_bot: v.nullable(v.boolean()),
  invite_url: v.nullable(v.string()),
});

const ManagedGuildList = v.object({ items: v.array(ManagedGuild) });

/** What the bot asks for when invited: see channels, send, embed links, read history. */
const BOT_PERMISSIONS = String(PermissionFlagsBits.ViewChannel | PermissionFlagsBits.SendMessages | PermissionFlagsBits.EmbedLinks | PermissionFlagsBits.ReadMessageHistory);

export interface InviteOptions {
  /** The application's id (DISCORD_CLIENT_ID); without it there are no invite links. */
  clientId: string | undefined;
  /** Discord's OAuth2 authorize page. */
  authorizeUrl: string;
}

/** The OAuth2 bot invite for one guild: https://discord.com/developers/docs/topics/oauth2#bot-authorization-flow */
export function inviteUrl(options: InviteOptions, guildId: string): string | null {
  if (!options.clientId) return null;
  const url = new URL(options.authorizeUrl);
  url.search = new URLSearchParams({
    client_id: options.clientId,
    scope: 'bot applications.commands',
    permissions: BOT_PERMISSIONS,
    guild_id: guildId,
    disable_guild_select: 'true',
  }).toString();
  return url.toString();
}

export function guildDirectoryRoutes(directory: GuildDirectory, invite: InviteOptions): ApiRoute[] {
  return [
    route({
      method: 'GET',
      path: '/api/guilds',
      operationId: 'listGuilds',
      summary: 'The guilds the caller manages, each saying whether the bot is in it (null: unknown, no bot token) and, if not, its invite link',
      tag: 'guilds',
      responses: { 200: { description: 'the guilds', schema: ManagedGuildList } },
      async handler(_ctx, { principal }) {
        const guilds = principal.kind === 'session' ? principal.guilds : [];
        const present = await directory.botGuildIds().catch(() => null);
        const items = guilds.map((g) => {
          const hasBot = present ? present.has(g.id) : null;
          return {
            id: g.id,
            name: g.name,
            icon_url: g.icon ? `https://cdn.discordapp.com/icons/${g.id}/${g.icon}.png?size=64` : null,
            has_bot: hasBot,
            invite_url: hasBot === false ? inviteUrl(invite, g.id) : null,
          };
        });
        return { headers: { 'cache-control': 'no-store' }, body: { items } satisfies v.InferOutput<typeof ManagedGuildList> };
      },
    }),
    route({
      method: 'GET',
      path: '/api/guilds/:guild_id/channels',
      operationId: 'listGuildChannels',
      summary: "A guild's channels, in Discord's order (cached for a minute)",
      tag: 'guilds',
      params: GuildParams,
      responses: {
        200: { description: 'the channels', schema: v.object({ items: v.array(DirectoryChannelSchema) }) },
        404: { description: 'Concord is not in that guild' },
        503: { description: 'DISCORD_TOKEN is not set' },
      },
      scope: ({ params }) => params.guild_id,
      async handler(_ctx, { params }) {
        return { body: { items: await directory.channels(params.guild_id) } };
      },
    }),
    route({
      method: 'GET',
      path: '/api/guilds/:guild_id/roles',
      operationId: 'listGuildRoles',
      summary: "A guild's roles, highest first, with their colours (cached for a minute)",
      tag: 'guilds',
      params: GuildParams,
      responses: {
        200: { description: 'the roles', schema: v.object({ items: v.array(DirectoryRoleSchema) }) },
        404: { description: 'Concord is not in that guild' },
        503: { description: 'DISCORD_TOKEN is not set' },
      },
      scope: ({ params }) => params.guild_id,
      async handler(_ctx, { params }) {
        return { body: { items: await directory.roles(params.guild_id) } };
      },
    }),
    route({
      method: 'GET',
      path: '/api/guilds/:guild_id/members',
      operationId: 'listGuildMembers',
      summary: 'Members whose name starts with `query`, or the members among `ids` (comma separated); those who left are left out',
      tag: 'guilds',
      params: GuildParams,
      query: MembersQuery,
      responses: {
        200: { description: 'the members', schema: v.object({ items: v.array(DirectoryMemberSchema) }) },
        400: { description: 'neither or both of query and ids, or a bad one' },
        404: { description: 'Concord is not in that guild' },
        503: { description: 'DISCORD_TOKEN is not set' },
      },
      scope: ({ params }) => params.guild_id,
      async handler(_ctx, { params: { guild_id: guildId }, query }) {
        if ((query.query === undefined) === (query.ids === undefined)) {
          throw new HttpError(400, 'INVALID_QUERY', 'give either query (a name to search) or ids (members to look up)', {
            errors: [{ field: 'query.query', message: 'give either query or ids' }],
          });
        }
        const items = query.ids ? await directory.members(guildId, query.ids) : await directory.searchMembers(guildId, query.query ?? '', query.limit);
        return { body: { items } };
      },
    }),
  ];
}
