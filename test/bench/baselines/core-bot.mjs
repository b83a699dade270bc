// Baseline: a bare @discordjs/core bot doing the work of Concord's custom-command reply: skip bots,
// parse `!name args`, look the command up in memory, fill in {user} and {args}, reply without pings,
// with the nonce Concord sends so that a redelivered message is answered once (the same request body
// for the fake Discord to check, which looks the nonce up among the messages sent).
//
// Given DATABASE_URL (a database Concord has migrated), it also does the work of the features Concord
// keeps on every reply, done the plain way: a command-log row per use, written in batches by Concord's
// own INSERT (src/features/logs/logs.sql: LOG_BATCH_SIZE rows a statement, as soon as a batch is full
// and each LOG_FLUSH_INTERVAL_MS, with CUSTOM_COMMAND_ID's use count moved); prom-client metrics of
// each gateway event, command and REST response; and in-memory counts of each user's messages and
// commands (Concord also adds these to its database every 5 s: a row a user and day, one in the bench).
import { Client, GatewayDispatchEvents, GatewayIntentBits } from '@discordjs/core';
import { DefaultRestOptions, REST } from '@discordjs/rest';
import { WebSocketManager, WebSocketShardEvents } from '@discordjs/ws';
import postgres from 'postgres';
import { Counter, Histogram } from 'prom-client';
import { namedQuery } from './named-query.mjs';

const token = process.env.DISCORD_TOKEN;
const features = process.env.DATABASE_URL ? startFeatures(process.env.DATABASE_URL) : undefined;
const rest = new REST({
  api: process.env.DISCORD_API_URL,
  version: '10',
  globalRequestsPerSecond: 1_000_000,
  ...(features ? { makeRequest: features.makeRequest } : {}),
}).setToken(token);
const gateway = new WebSocketManager({
  token,
  rest,
  intents: GatewayIntentBits.Guilds | GatewayIntentBits.GuildMessages | GatewayIntentBits.MessageContent | GatewayIntentBits.DirectMessages,
});
if (features) gateway.on(WebSocketShardEvents.Dispatch, (payload) => features.countEvent(payload.t));
const client = new Client({ rest, gateway });
const commands = new Map([['hello', 'Hello {user}, you said {args}']]);

client.on(GatewayDispatchEvents.MessageCreate, async ({ data: message, api }) => {
  if (message.author.bot) return;
  if (features && message.guild_id) features.countMessage(message.guild_id, message.author.id);
  if (!message.content.startsWith('!')) return;
  const started = performance.now();
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
  features?.used(message, name, args, performance.now() - started);
});

await gateway.connect();
// The line the bench waits for (see test/bench/process.ts).
console.log(JSON.stringify({ url: 'http://127.0.0.1:0', msg: 'bot health endpoint listening' }));
console.log(JSON.stringify({ msg: 'bot connected to Discord' }));
process.on('SIGTERM', async () => {
  await gateway.destroy();
  await features?.close();
  process.exit(0);
});

/** Starts the features' work (see the top) on the database at `url`. */
function startFeatures(url) {
  const insertLogs = namedQuery('features/logs/logs.sql', 'insertLogs');
  const sql = postgres(url, { max: 10, onnotice: () => {} });
  const batchSize = Number(process.env.LOG_BATCH_SIZE ?? 250);
  const commandId = process.env.CUSTOM_COMMAND_ID;
  const events = new Counter({ name: 'gateway_events_total', help: 'Gateway events', labelNames: ['type'] });
  const commands = new Counter({ name: 'commands_total', help: 'Command uses', labelNames: ['command', 'status'] });
  const commandSeconds = new Histogram({ name: 'command_duration_seconds', help: 'Command time', labelNames: ['status'] });
  const restResponses = new Counter({ name: 'rest_requests_total', help: 'REST responses', labelNames: ['method', 'status'] });
  const counts = new Map();
  const count = (guildId, userId, field) => {
    const key = `${guildId}:${userId}`;
    const entry = counts.get(key) ?? { messages: 0, commands: 0 };
    entry[field]++;
    counts.set(key, entry);
  };
  let queue = [];
  let writing;
  // As Concord's writer: what is queued, then only full batches (rows that come during a write wait
  // for the next), and everything when closing.
  const write = async (everything) => {
    for (let first = true; queue.length > 0 && (everything || first || queue.length >= batchSize); first = false) {
      const batch = queue.slice(0, batchSize);
      queue = queue.slice(batch.length);
      await sql.unsafe(insertLogs, [batch], { prepare: true });
    }
  };
  // A failed write is reported and its rows dropped: the bench counts the rows written.
  const flush = (everything = false) => {
    writing ??= write(everything)
      .catch((error) => console.error(`command log write failed: ${error.message}`))
      .finally(() => {
        writing = undefined;
      });
    return writing;
  };
  const timer = setInterval(() => flush(), Number(process.env.LOG_FLUSH_INTERVAL_MS ?? 1_000));
  return {
    async makeRequest(url, init) {
      const response = await DefaultRestOptions.makeRequest(url, init);
      restResponses.inc({ method: init.method ?? 'GET', status: response.status });
      return response;
    },
    countEvent: (type) => events.inc({ type }),
    countMessage: (guildId, userId) => count(guildId, userId, 'messages'),
    used(message, name, args, ms) {
      queue.push({
        occurred_at: new Date().toISOString(),
        guild_id: message.guild_id ?? null,
        channel_id: message.channel_id,
        user_id: message.author.id,
        user_name: message.author.username,
        command: name,
        args,
        source: 'prefix',
        status: 'ok',
        latency_ms: Math.round(ms),
        error: null,
        event_id: message.id,
        metadata: commandId ? { custom_command_id: commandId } : {},
      });
      commands.inc({ command: '(custom)', status: 'ok' });
      commandSeconds.observe({ status: 'ok' }, ms / 1_000);
      if (message.guild_id) count(message.guild_id, message.author.id, 'commands');
      if (queue.length >= batchSize && !writing) setImmediate(() => flush());
    },
    async close() {
      clearInterval(timer);
      await writing;
      await flush(true);
      await sql.end();
    },
  };
}
