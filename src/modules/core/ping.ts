import { defineCommand } from '../../module-kit/define.ts';

export const ping = defineCommand({
  name: 'ping',
  description: 'Check that the bot answers, with its gateway latency',
  run(ctx) {
    const latency = ctx.bot.latencyMs();
    return ctx.reply(latency === null ? 'Pong! (latency not measured yet)' : `Pong! Gateway latency: ${Math.round(latency)} ms.`);
  },
});
