// Baseline: a bare @discordjs/core bot doing the work of Concord's custom-command reply: skip bots,
// parse `!name args`, look the command up in memory, fill in {user} and {args}, reply without pings,
// with the nonce Concord sends so that a redelivered message is answered once (the same request body
// for the fake Discord to check, which looks the nonce up among the messages sent).
import { Client, GatewayDispatchEvents, GatewayIntentBits } from '@discordjs/core';
import { REST } from '@discordjs/rest';
import { WebSocketManager } from '@discordjs/ws';

const token = process.env.DISCORD_TOKEN;
const rest = new REST({ api: process.env.DISCORD_API_URL, version: '10', globalRequestsPerSecond: 1_000_000 }).setToken(token);
const gateway = new WebSocketManager({
  token,
  rest,
  intents: GatewayIntentBits.Guilds | GatewayIntentBits.GuildMessages | GatewayIntentBits.MessageContent | GatewayIntentBits.DirectMessages,
});
const client = new Client({ rest, gateway });
const commands = new Map([['hello', 'Hello {user}, you said {args}']]);

client.on(GatewayDispatchEvents.MessageCreate, async ({ data: message, api }) => {
  if (message.author.bot || !message.content.startsWith('!')) return;
  const [, name = '', args = ''] = /^!(\S+)\s*([\s\S]*)$/.exec(message.content) ?? [];
  const template = commands.get(name.toLowerCase());
  if (!template) return;
  const user = message.member?.nick ?? message.author.global_name ?? message.author.username;
  const content = template.replaceAll('{user}', user).replaceAll('{args}', args.trim());
  await api.channels.createMessage(message.channel_id, {
    content,
    allowed_mentions: { parse: [], users: [], replied_user: false },
    nonce: `${message.id}.1`,
    enforce_nonce: true,
    message_reference: { message_id: message.id, fail_if_not_exists: false },
  });
});

await gateway.connect();
// The line the bench waits for (see test/bench/process.ts).
console.log(JSON.stringify({ url: 'http://127.0.0.1:0', msg: 'bot health endpoint listening' }));
console.log(JSON.stringify({ msg: 'bot connected to Discord' }));
process.on('SIGTERM', async () => {
  await gateway.destroy();
  process.exit(0);
});
