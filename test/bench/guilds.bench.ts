// Many guilds on one shard: the memory each guild costs at rest and the first reply once their
// GUILD_CREATEs have come, for Concord (`all`) beside the bare @discordjs/core bot (which keeps no
// guild data), each against a fake of its own holding the same guilds: mid-size ones of 50 channels,
// 30 roles and 25 members. Memory per guild is the RSS with N guilds less the RSS with one, over N-1,
// read after both have idled: what the GUILD_CREATE burst leaves in RSS counts, not only the heap.
// It is read twice: 10 s after the first reply, when the burst's garbage is still in the old
// generation, and once V8's memory reducer has run (it waits for a quiet heap, about a minute here),
// which is the process at rest.
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { startEmbeddedPostgres } from '../../src/platform/db/embedded.ts';
import { type BotWorld, startFakeWorld } from '../support/bot.ts';
import { freePort, processUsage, profileArgs, ROOT, type Running, runBundle, runNode } from './process.ts';

const TOKEN = 'bench-token-0123456789abcdef';
const CHANNELS = 50;
const ROLES = 30;
const MEMBERS = 25;
/** How often the bot is asked for its first reply, and in how many guilds by turns (each at most once a second). */
const PROBE_MS = 20;
const PROBED_GUILDS = 50;
/** How long a bot idles after its first reply before its RSS is read, and read again at rest. */
const IDLE_MS = Number(process.env.BENCH_IDLE_MS ?? 10_000);
const REST_MS = Number(process.env.BENCH_REST_MS ?? 75_000);

export async function benchGuilds(databaseUrl: string | undefined, { guilds = Number(process.env.BENCH_GUILDS ?? 2_500) } = {}) {
  // The bare bot has no database to start: Concord gets a running one too, so that start-up compares bots.
  const pgDir = databaseUrl ? undefined : await mkdtemp(join(tmpdir(), 'concord-bench-pg-'));
  const embedded = pgDir ? await startEmbeddedPostgres({ dataDir: pgDir, tcpPort: await freePort(), throwaway: true }) : undefined;
  const url = databaseUrl ?? embedded?.url ?? '';
  const dataDir = await mkdtemp(join(tmpdir(), 'concord-bench-'));
  const concord = (world: BotWorld) =>
    runBundle(
      'all',
      { ...world.env, API_TOKEN: TOKEN, DATA_DIR: dataDir, DATABASE_URL: url, SEED_EXAMPLES: 'false' },
      /"msg":"bot connected to Discord"/,
    );
  const bare = (world: BotWorld) => runNode([...profileArgs('core-bot'), join(ROOT, 'test/bench/baselines/core-bot.mjs')], world.env, /"msg":"bot connected to Discord"/);
  try {
    // One guild first: it migrates the database and makes the command both bots answer.
    const concordOne = await measure(concord, 1, async (bot) => {
      const res = await fetch(`${bot.url}/api/commands`, {
        method: 'POST',
        headers: { authorization: `Bearer ${TOKEN}`, 'content-type': 'application/json' },
        body: JSON.stringify({ name: 'hello', response: 'Hello {user}, you said {args}' }),
      });
      // 409: an earlier bench of this run, in the same schema, made it already; it answers the same way.
      if (!res.ok && res.status !== 409) throw new Error(`could not make the command: ${res.status} ${await res.text()}`);
    });
    const concordMany = await measure(concord, guilds);
    const bareOne = await measure(bare, 1);
    const bareMany = await measure(bare, guilds);
    const perGuild = (one: number, many: number) => ((many - one) * 1_024) / (guilds - 1);
    const concordPerGuild = perGuild(concordOne.restMiB, concordMany.restMiB);
    const barePerGuild = perGuild(bareOne.restMiB, bareMany.restMiB);
    const idle = `${(IDLE_MS / 1_000).toFixed(0)} s`;
    const rest = `${(REST_MS / 1_000).toFixed(0)} s`;
    return {
      guilds: `${guilds} on one shard, each ${CHANNELS} channels, ${ROLES} roles, ${MEMBERS} members`,
      [`RSS ${idle} after the first reply: Concord, 1 guild → all`]: `${concordOne.rssMiB.toFixed(0)} → ${concordMany.rssMiB.toFixed(0)} MiB`,
      [`RSS ${idle} after the first reply: bare core bot, 1 guild → all`]: `${bareOne.rssMiB.toFixed(0)} → ${bareMany.rssMiB.toFixed(0)} MiB`,
      [`memory per guild ${idle} after: Concord ÷ bare core`]: `${(perGuild(concordOne.rssMiB, concordMany.rssMiB) / perGuild(bareOne.rssMiB, bareMany.rssMiB)).toFixed(2)}× (${perGuild(concordOne.rssMiB, concordMany.rssMiB).toFixed(1)} ÷ ${perGuild(bareOne.rssMiB, bareMany.rssMiB).toFixed(1)} KiB)`,
      [`RSS at rest (${rest} after): Concord, 1 guild → all`]: `${concordOne.restMiB.toFixed(0)} → ${concordMany.restMiB.toFixed(0)} MiB`,
      [`RSS at rest (${rest} after): bare core bot, 1 guild → all`]: `${bareOne.restMiB.toFixed(0)} → ${bareMany.restMiB.toFixed(0)} MiB`,
      'memory per guild at rest: Concord': `${concordPerGuild.toFixed(1)} KiB`,
      'memory per guild at rest: bare core bot': `${barePerGuild.toFixed(1)} KiB`,
      'memory per guild at rest: Concord ÷ bare core (target ≤ 1.0)': `${(concordPerGuild / barePerGuild).toFixed(2)}×`,
      'first reply after the GUILD_CREATEs: Concord': `${(concordMany.firstReplyMs / 1_000).toFixed(2)} s (connected at ${(concordMany.connectedMs / 1_000).toFixed(2)} s)`,
      'first reply after the GUILD_CREATEs: bare core bot': `${(bareMany.firstReplyMs / 1_000).toFixed(2)} s (connected at ${(bareMany.connectedMs / 1_000).toFixed(2)} s)`,
      'first reply: Concord ÷ bare core (target ≤ 1.0)': `${(concordMany.firstReplyMs / bareMany.firstReplyMs).toFixed(2)}×`,
    };
  } finally {
    await rm(dataDir, { recursive: true, force: true });
    await embedded?.stop();
    if (pgDir) await rm(pgDir, { recursive: true, force: true });
  }
}

interface Measured {
  /** From spawn to the first reply in the guilds whose GUILD_CREATEs came last. */
  firstReplyMs: number;
  /** From spawn to the bot's "connected" line (Concord: its API, modules and registrar are up). */
  connectedMs: number;
  /** RSS IDLE_MS after the first reply. */
  rssMiB: number;
  /** RSS REST_MS after the first reply. */
  restMiB: number;
}

/** Starts `start` against a fake with `count` guilds, times its first reply in the last ones, idles, reads its RSS. */
async function measure(start: (world: BotWorld) => Promise<Running>, count: number, prepare?: (bot: Running) => Promise<void>): Promise<Measured> {
  // Discord's own heartbeat interval: the tests' 1 s would call a bot busy with the burst a zombie.
  const world = await startFakeWorld({ heartbeatInterval: 41_250 });
  const { fake } = world;
  const users = Array.from({ length: MEMBERS - 1 }, (_, i) => fake.createUser({ username: `member${i}` }));
  // The channels of the guilds whose GUILD_CREATEs come last, where the bot is asked.
  const lastChannels = [world.channelId];
  for (let i = 1; i < count; i++) {
    const guild = fake.addGuild({
      name: `Guild ${i}`,
      owner_id: world.member.id,
      channels: Array.from({ length: CHANNELS }, (_, c) => ({ name: `channel-${c}` })),
      roles: Array.from({ length: ROLES }, (_, r) => ({ name: `role-${r}` })),
      members: [{ user: world.member }, ...users.map((user) => ({ user }))],
    });
    lastChannels.push(guild.channels[0]?.id ?? '');
  }
  lastChannels.splice(0, lastChannels.length - PROBED_GUILDS);
  const started = performance.now();
  const bot = await start(world);
  try {
    await prepare?.(bot);
    // Asked every PROBE_MS, in each of the last guilds by turns (each guild within its command
    // budget), until one of the questions is answered: the fake sends a message after the
    // GUILD_CREATEs it has begun, so the answer comes once the bot has read them all.
    const asked = new Set<string>();
    const isAnswer = (m: { body: Record<string, unknown> }) => asked.has((m.body.message_reference as { message_id?: string } | undefined)?.message_id ?? '');
    let firstReplyMs = 0;
    const answered = fake.waitForMessage(isAnswer, { timeout: 60_000 }).then(() => {
      firstReplyMs = performance.now() - started;
    });
    for (let attempt = 0; firstReplyMs === 0; attempt++) {
      const channel_id = lastChannels[attempt % lastChannels.length] ?? '';
      asked.add(fake.sendMessage({ channel_id, author: world.member, content: `!hello ${attempt}` }).id);
      await Promise.race([answered, sleep(PROBE_MS)]);
    }
    await sleep(IDLE_MS);
    const rssMiB = processUsage(bot.child.pid ?? 0).rssMiB;
    await sleep(Math.max(0, REST_MS - IDLE_MS));
    return { firstReplyMs, connectedMs: bot.startupMs, rssMiB, restMiB: processUsage(bot.child.pid ?? 0).rssMiB };
  } finally {
    await bot.stop();
    await fake.close();
  }
}
