// https://discord.com/developers/docs/events/gateway#get-gateway-bot
import type { APIGatewayBotInfo } from 'discord-api-types/v10';
import { ok, type Route } from '../router.ts';

export const gatewayRoutes: Route[] = [
  {
    method: 'GET',
    path: '/gateway',
    auth: 'none',
    handle: ({ gateway }) => ok({ url: gateway.url }),
  },
  {
    method: 'GET',
    path: '/gateway/bot',
    auth: 'bot',
    handle: ({ gateway }) =>
      ok({
        url: gateway.url,
        shards: gateway.recommendedShards,
        session_start_limit: { total: 1_000, remaining: 999, reset_after: 14_400_000, max_concurrency: gateway.maxConcurrency },
      } satisfies APIGatewayBotInfo),
  },
];
