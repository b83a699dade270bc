// The bot's speed against the fake Discord on loopback: MESSAGE_CREATE → reply REST call latency,
// and messages per second with Discord's rate limits out of the way, beside a bare @discordjs/core
// bot doing the same reply (baselines/core-bot.mjs) against a fake of its own, and beside the same bare
// bot doing the work of Concord's per-reply features too (its command log on the same database,
// metrics and user counts), bursts taken in turn. Each bot runs in its own process, so the fake's work
// is not counted against it; PostgreSQL's CPU in each burst is reported beside the bot's, since the two
// share the machine's cores. Without DATABASE_URL, one embedded server (on TCP, durable as deployed)
// serves Concord and that baseline.
// BENCH_BEFORE=<an older dist/app.mjs> runs that build too, in the same turns, for before/after figures.
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { type EmbeddedPostgres, startEmbeddedPostgres } from '../../src/platform/db/embedded.ts';
import { type BotWorld, startFakeWorld } from '../support/bot.ts';
import { freePort, median, medianRatio, percentile, postgresCpu, processUsage, profileArgs, ROOT, type Running, runBundle, runNode } from './process.ts';

const TOKEN = 'bench-token-0123456789abcdef';
const CORE_BOT = join(ROOT, 'test/bench/baselines/core-bot.mjs');

export async function benchBot(databaseUrl: string | undefined, { latencyRuns = 1_000, burst = 10_000, inFlight = 500, rounds = Number(process.env.BENCH_ROUNDS ?? 6) } = {}) {
  // Each part started is stopped by closeAll, whichever part fails to start.
  const worlds: BotWorld[] = [];
  const running: Running[] = [];
  const dirs: string[] = [];
  let embedded: EmbeddedPostgres | undefined;
  const closeAll = async () => {
    await Promise.all(running.map((it) => it.stop()));
    await Promise.all(worlds.map((w) => w.fake.close()));
    await embedded?.stop();
    await Promise.all(dirs.map((dir) => rm(dir, { recursive: true, force: true })));
  };
  const tempDir = async (prefix: string) => {
    const dir = await mkdtemp(join(tmpdir(), prefix));
    dirs.push(dir);
    return dir;
  };
  const newWorld = async () => {
    const w = await startFakeWorld();
    worlds.push(w);
    return w;
  };
  const started = async (it: Promise<Running>) => {
    const bot = await it;
    running.push(bot);
    return bot;
  };
  let url: string;
  let world: BotWorld;
  let baseWorld: BotWorld;
  let featuresWorld: BotWorld;
  let beforeWorld: BotWorld | undefined;
  let baseline: Running;
  let app: Running;
  let before: Running | undefined;
  let featuredBot: Running;
  try {
    // The baseline with features writes to Concord's database.
    embedded = databaseUrl ? undefined : await startEmbeddedPostgres({ dataDir: await tempDir('concord-bench-pg-'), tcpPort: await freePort() });
    url = databaseUrl ?? embedded?.url ?? '';
    world = await newWorld();
    baseWorld = await newWorld();
    featuresWorld = await newWorld();
    // With BENCH_PROFILE, the bare bot leaves a profile too (core-bot.*.cpuprofile), to set Concord's beside.
    baseline = await started(runNode([...profileArgs('core-bot'), CORE_BOT], baseWorld.env, /"msg":"bot connected to Discord"/));
    // Its one guild's flood is the load measured here, with Discord's 50 requests a second and the
    // guild's command budget out of the way; the log written once a second as deployed (the test
    // world's 50 ms is for tests that wait for rows).
    const startConcord = async (args: string[] | undefined, w: BotWorld) => {
      const env = {
        ...w.env,
        API_TOKEN: TOKEN,
        DATA_DIR: await tempDir('concord-bench-'),
        DISCORD_GLOBAL_RATE_LIMIT: '1000000',
        GUILD_COMMAND_RATE: '1000000',
        GUILD_COMMAND_BURST: '1000000',
        LOG_FLUSH_INTERVAL_MS: '1000',
        DATABASE_URL: url,
      };
      return started(args ? runNode(args, env, /"msg":"bot connected to Discord"/) : runBundle('all', env, /"msg":"bot connected to Discord"/));
    };
    app = await startConcord(undefined, world);
    // BENCH_BEFORE=<an older dist/app.mjs>: that build runs beside this one against a fake of its own
    // (same database, its own guild), for before/after figures in one run.
    if (process.env.BENCH_BEFORE) {
      beforeWorld = await newWorld();
      before = await startConcord([process.env.BENCH_BEFORE, 'all'], beforeWorld);
    }
    // Its log rows move the use count of a command of its own guild, as Concord's do.
    const hello = await createHello(app, featuresWorld);
    featuredBot = await started(runNode([CORE_BOT], { ...featuresWorld.env, DATABASE_URL: url, LOG_FLUSH_INTERVAL_MS: '1000', CUSTOM_COMMAND_ID: hello.id }, /"msg":"bot connected to Discord"/));
  } catch (error) {
    await closeAll();
    throw error;
  }
  try {
    const warmUp = async (w: BotWorld) => {
      for (let i = 0; i < 200; i++) await w.say(`!hello warm-up ${i}`);
    };
    const contenders = [{ world, it: app }, ...(before && beforeWorld ? [{ world: beforeWorld, it: before }] : [])];
    for (const { world: w, it } of contenders) {
      await createHello(it, w);
      await warmUp(w);
    }

    // Every bot answers the same messages before the bursts: the fake looks each reply's nonce up among
    // the messages sent so far, so a fake with a longer history would answer its bot more slowly.
    const latencyOf = async (w: BotWorld) => {
      const latencies: number[] = [];
      for (let i = 0; i < latencyRuns; i++) {
        const started = performance.now();
        await w.say(`!hello ${i}`);
        latencies.push(performance.now() - started);
      }
      return latencies.sort((a, b) => a - b);
    };
    const latencies = await latencyOf(world);
    if (beforeWorld) await latencyOf(beforeWorld);
    await warmUp(baseWorld);
    const bareLatencies = await latencyOf(baseWorld);
    await warmUp(featuresWorld);
    await latencyOf(featuresWorld);
    const best = () => ({ perSecond: 0, cpuMs: Number.POSITIVE_INFINITY, cpuByRound: [] as number[], postgresByRound: [] as number[], withDatabaseByRound: [] as number[] });
    let postgresSeen = false;
    const concord = best();
    const earlier = best();
    const bare = best();
    const featured = best();
    const turns = [[concord, world, app], ...(before && beforeWorld ? [[earlier, beforeWorld, before] as const] : []), [bare, baseWorld, baseline], [featured, featuresWorld, featuredBot]] as const;
    for (let round = 0; round < rounds; round++) {
      // Each round starts with the next contender, so none is always the one measured after another.
      for (const [figures, w, it] of turns.map((_, i) => turns[(i + round) % turns.length] ?? turns[0])) {
        const postgresBefore = postgresCpu();
        const botBefore = processUsage(it.child.pid ?? 0).cpuSeconds;
        const result = await timeBurst(w, it, burst, inFlight);
        figures.perSecond = Math.max(figures.perSecond, result.perSecond);
        figures.cpuMs = Math.min(figures.cpuMs, result.cpuMs);
        figures.cpuByRound[round] = result.cpuMs;
        // Concord's log rows of a burst reach PostgreSQL up to LOG_FLUSH_INTERVAL_MS after it: the next
        // contender's burst starts once they are written, so it does not share the machine with them,
        // and the whole cost (the bot's and the database's) is counted to the end of that write.
        await sleep(1_500);
        const postgresAfter = postgresCpu();
        postgresSeen ||= postgresAfter.processes > 0;
        const postgresMs = ((postgresAfter.seconds - postgresBefore.seconds) / burst) * 1_000;
        figures.postgresByRound[round] = postgresMs;
        figures.withDatabaseByRound[round] = ((processUsage(it.child.pid ?? 0).cpuSeconds - botBefore) / burst) * 1_000 + postgresMs;
      }
    }
    const usage = processUsage(app.child.pid ?? 0);
    await sleep(1_500);
    const usesIn = async (w: BotWorld) => {
      const data = await fetch(`${app.url}/api/data?guild_id=${w.guild.id}`, { headers: { authorization: `Bearer ${TOKEN}` } });
      return ((await data.json()) as { uses: number }).uses;
    };
    const uses = await usesIn(world);
    const featuredUses = await usesIn(featuresWorld);
    return {
      database: databaseUrl ? 'PostgreSQL' : 'embedded (one server, on TCP, for Concord and the bare bot with the features)',
      'latency median (MESSAGE_CREATE → reply POST)': `${percentile(latencies, 50).toFixed(2)} ms`,
      'latency p99': `${percentile(latencies, 99).toFixed(2)} ms`,
      'latency median, p99: bare @discordjs/core bot': `${percentile(bareLatencies, 50).toFixed(2)} ms, ${percentile(bareLatencies, 99).toFixed(2)} ms`,
      burst: `${burst} × !hello, ${inFlight} in flight, ${rounds} rounds`,
      'replies/s: Concord': `${concord.perSecond.toFixed(0)} messages/s`,
      'replies/s: bare @discordjs/core bot': `${bare.perSecond.toFixed(0)} messages/s`,
      'replies/s: Concord ÷ bare core': `${(concord.perSecond / bare.perSecond).toFixed(2)}×`,
      'CPU per reply: Concord': `${concord.cpuMs.toFixed(3)} ms`,
      'CPU per reply: bare @discordjs/core bot': `${bare.cpuMs.toFixed(3)} ms`,
      'CPU per reply: Concord ÷ bare core, best of each': `${(concord.cpuMs / bare.cpuMs).toFixed(2)}×`,
      'CPU per reply: Concord ÷ bare core, median round (target ≤ 1.15)': `${medianRatio(concord.cpuByRound, bare.cpuByRound).toFixed(2)}×`,
      // What the features cost a bot that adds them plainly, and Concord's own cost beside that.
      'replies/s: bare core bot with the same features': `${featured.perSecond.toFixed(0)} messages/s`,
      'CPU per reply: bare core bot with the same features': `${featured.cpuMs.toFixed(3)} ms`,
      'CPU per reply: with features ÷ bare core, median round': `${medianRatio(featured.cpuByRound, bare.cpuByRound).toFixed(2)}×`,
      'CPU per reply: Concord ÷ bare core with the same features, median round': `${medianRatio(concord.cpuByRound, featured.cpuByRound).toFixed(2)}×`,
      // The whole cost of a reply on a machine the bot shares with its database: the bare bot keeps
      // nothing, so its figure is the idle work of the databases on the machine (Concord's among them).
      ...(postgresSeen
        ? {
            'PostgreSQL CPU per reply, median round: Concord, bare core': `${median(concord.postgresByRound).toFixed(3)} ms, ${median(bare.postgresByRound).toFixed(3)} ms`,
            'CPU per reply with PostgreSQL\'s: Concord ÷ bare core, median round': `${medianRatio(concord.withDatabaseByRound, bare.withDatabaseByRound).toFixed(2)}×`,
            'PostgreSQL CPU per reply, median round: bare core with the same features': `${median(featured.postgresByRound).toFixed(3)} ms`,
            'CPU per reply with PostgreSQL\'s: Concord ÷ bare core with the same features, median round': `${medianRatio(concord.withDatabaseByRound, featured.withDatabaseByRound).toFixed(2)}×`,
          }
        : { 'PostgreSQL CPU per reply': 'n/a: no postgres process on this machine' }),
      'Concord RSS after the burst': `${usage.rssMiB.toFixed(0)} MiB`,
      'log rows written': `${uses} of ${200 + latencyRuns + rounds * burst}`,
      'log rows written: bare core bot with the same features': `${featuredUses} of ${200 + latencyRuns + rounds * burst}`,
      ...(before
        ? {
            'replies/s: before (BENCH_BEFORE)': `${earlier.perSecond.toFixed(0)} messages/s`,
            'CPU per reply: before (BENCH_BEFORE)': `${earlier.cpuMs.toFixed(3)} ms`,
            'CPU per reply: before ÷ bare core': `${(earlier.cpuMs / bare.cpuMs).toFixed(2)}×`,
            ...(postgresSeen ? { 'PostgreSQL CPU per reply, median round: before': `${median(earlier.postgresByRound).toFixed(3)} ms` } : {}),
            'CPU per reply: now ÷ before, best of each': `${(concord.cpuMs / earlier.cpuMs).toFixed(2)}×`,
            'CPU per reply: now ÷ before, median round': `${medianRatio(concord.cpuByRound, earlier.cpuByRound).toFixed(2)}×`,
          }
        : {}),
    };
  } finally {
    await closeAll();
  }
}

/** Sends `burst` messages with at most `inFlight` unanswered, and times the replies and the bot's CPU. */
async function timeBurst(world: BotWorld, bot: Running, burst: number, inFlight: number) {
  const first = world.fake.sentMessages.length;
  const target = first + burst;
  const cpuBefore = processUsage(bot.child.pid ?? 0).cpuSeconds;
  const started = performance.now();
  for (let sent = 0; sent < burst; ) {
    // Keep a bounded number in flight, as a busy gateway would deliver them.
    while (sent < burst && sent - (world.fake.sentMessages.length - first) < inFlight) {
      world.fake.sendMessage({ channel_id: world.channelId, author: world.member, content: `!hello burst ${sent}` });
      sent++;
    }
    await sleep(1);
  }
  while (world.fake.sentMessages.length < target) {
    if (bot.child.exitCode !== null) throw new Error(`a bot exited (code ${bot.child.exitCode}) during a burst`);
    await sleep(5);
  }
  const seconds = (performance.now() - started) / 1_000;
  const cpuSeconds = processUsage(bot.child.pid ?? 0).cpuSeconds - cpuBefore;
  return { perSecond: burst / seconds, cpuMs: (cpuSeconds / burst) * 1_000 };
}

/** Makes the bench's custom command in `w`'s guild through `bot`'s API; its id. */
async function createHello(bot: Running, w: BotWorld): Promise<{ id: string }> {
  const res = await fetch(`${bot.url}/api/commands`, {
    method: 'POST',
    headers: { authorization: `Bearer ${TOKEN}`, 'content-type': 'application/json' },
    body: JSON.stringify({ guild_id: w.guild.id, name: 'hello', response: 'Hello {user}, you said {args}' }),
  });
  if (!res.ok) throw new Error(`could not make the command: ${res.status} ${await res.text()}`);
  return (await res.json()) as { id: string };
}
