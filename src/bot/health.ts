// GET /health of a bot-only process: ready when every shard of this process is connected.
import { Router } from '../http/router.ts';
import type { Bot } from './index.ts';

export function botHealthRouter(bot: Bot): Router {
  return new Router().get('/health', async () => {
    const shards = bot.discord ? await bot.discord.shardStatus() : {};
    const ok = Object.values(shards).length > 0 && Object.values(shards).every((status) => status === 'ready');
    return {
      status: ok ? 200 : 503,
      headers: { 'cache-control': 'no-store' },
      body: { status: ok ? 'ok' : 'failing', checks: { gateway: { status: ok ? 'ok' : 'failing', shards } } },
    };
  });
}
