// A guild's AutoMod rules: listed, read, made, changed and deleted with Manage Server (403 50013
// otherwise), within Discord's limits (auto-moderation.ts), each change dispatched to the sessions
// with the Auto Moderation Configuration intent. https://discord.com/developers/docs/resources/auto-moderation
import { GatewayDispatchEvents, GatewayIntentBits, PermissionFlagsBits } from 'discord-api-types/v10';
import { changeRule, createRule } from '../auto-moderation-rules.ts';
import { jsonError, missingPermissions, unknownGuild } from '../errors.ts';
import { memberPermissions } from '../permissions.ts';
import { noContent, objectBody, ok, type Route, type RouteContext } from '../router.ts';
import { generateSnowflake } from '../snowflake.ts';
import type { FakeGuild } from '../state.ts';

// Discord's table of JSON codes lists none for a missing rule: a 404 is what a client can rely on.
const unknownRule = () => jsonError(404, 0, 'Unknown Auto Moderation Rule');

export const autoModerationRoutes: Route[] = [
  {
    method: 'GET',
    path: '/guilds/{guild.id}/auto-moderation/rules',
    auth: 'bot',
    handle: (context) => ok([...managedGuild(context).autoModerationRules.values()]),
  },
  {
    method: 'GET',
    path: '/guilds/{guild.id}/auto-moderation/rules/{auto_moderation_rule.id}',
    auth: 'bot',
    handle: (context) => ok(findRule(context, managedGuild(context))),
  },
  {
    method: 'POST',
    path: '/guilds/{guild.id}/auto-moderation/rules',
    auth: 'bot',
    handle: (context) => {
      const guild = managedGuild(context);
      const rule = createRule(context.state, guild, generateSnowflake(), objectBody(context.body));
      guild.autoModerationRules.set(rule.id, rule);
      context.gateway.dispatch(guild.id, GatewayDispatchEvents.AutoModerationRuleCreate, rule, GatewayIntentBits.AutoModerationConfiguration);
      return ok(rule);
    },
  },
  {
    method: 'PATCH',
    path: '/guilds/{guild.id}/auto-moderation/rules/{auto_moderation_rule.id}',
    auth: 'bot',
    handle: (context) => {
      const guild = managedGuild(context);
      const rule = changeRule(context.state, guild, findRule(context, guild), objectBody(context.body));
      guild.autoModerationRules.set(rule.id, rule);
      context.gateway.dispatch(guild.id, GatewayDispatchEvents.AutoModerationRuleUpdate, rule, GatewayIntentBits.AutoModerationConfiguration);
      return ok(rule);
    },
  },
  {
    method: 'DELETE',
    path: '/guilds/{guild.id}/auto-moderation/rules/{auto_moderation_rule.id}',
    auth: 'bot',
    handle: (context) => {
      const guild = managedGuild(context);
      const rule = findRule(context, guild);
      guild.autoModerationRules.delete(rule.id);
      context.gateway.dispatch(guild.id, GatewayDispatchEvents.AutoModerationRuleDelete, rule, GatewayIntentBits.AutoModerationConfiguration);
      return noContent();
    },
  },
];

/** The guild, when the bot may manage it: every AutoMod route needs Manage Server. */
function managedGuild({ state, params }: RouteContext): FakeGuild {
  const guild = state.guilds.get(params['guild.id'] ?? '');
  if (!guild) throw unknownGuild();
  if (!(BigInt(memberPermissions(guild, state.botUser.id)) & PermissionFlagsBits.ManageGuild)) throw missingPermissions();
  return guild;
}

function findRule({ params }: RouteContext, guild: FakeGuild) {
  const rule = guild.autoModerationRules.get(params['auto_moderation_rule.id'] ?? '');
  if (!rule) throw unknownRule();
  return rule;
}
