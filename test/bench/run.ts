// `npm run bench [startup|http|bot|guilds|fairness|scale|reminders|stats|lookup|triggers|event-log|automod]`: prints each benchmark's figures. Uses DATABASE_URL when set (in a
// schema of its own, dropped afterwards), the embedded database otherwise. Run `npm run build`
// first: the bundle is what is measured. `npm run bench -- profile <bench…>` runs those benches with
// each Concord process (and the bare bot) under V8's profiler, then prints each profile's top entries.
import { randomUUID } from 'node:crypto';
import { mkdirSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import postgres from 'postgres';
import { benchAutomod } from './automod.bench.ts';
import { benchBot } from './bot.bench.ts';
import { benchEventLog } from './event-log.bench.ts';
import { benchFairness } from './fairness.bench.ts';
import { benchGuilds } from './guilds.bench.ts';
import { benchHttp } from './http.bench.ts';
import { benchCommandLookup } from './lookup.bench.ts';
import { ROOT } from './process.ts';
import { topEntries } from './profiles.ts';
import { benchReminders } from './reminders.bench.ts';
import { benchScale } from './scale.bench.ts';
import { benchStartup } from './startup.bench.ts';
import { benchStatsIngest } from './stats.bench.ts';
import { benchTriggers } from './triggers.bench.ts';

const wanted = new Set(process.argv.slice(2));
const profiling = wanted.delete('profile');
if (profiling && wanted.size === 0) throw new Error('profile needs the benches to profile: npm run bench -- profile http|bot|guilds');
// The profiles go to BENCH_PROFILE when set, else to a folder of the run's own; those already there are not this run's.
const profileDir = profiling ? (process.env.BENCH_PROFILE ?? join(ROOT, '.profiles', `bench-${new Date().toISOString().replaceAll(':', '-')}`)) : undefined;
const earlierProfiles = new Set<string>();
if (profileDir) {
  mkdirSync(profileDir, { recursive: true });
  for (const name of readdirSync(profileDir)) earlierProfiles.add(name);
  process.env.BENCH_PROFILE = profileDir;
}
const run = (name: string) => wanted.size === 0 || wanted.has(name);

const schema = `bench_${randomUUID().replaceAll('-', '').slice(0, 12)}`;
const admin = process.env.DATABASE_URL ? postgres(process.env.DATABASE_URL, { max: 1, onnotice: () => {} }) : undefined;
let databaseUrl: string | undefined;
if (admin && process.env.DATABASE_URL) {
  await admin.unsafe(`create schema ${schema}`);
  const url = new URL(process.env.DATABASE_URL);
  url.searchParams.set('search_path', schema);
  databaseUrl = url.toString();
}

try {
  if (run('startup')) print('start-up and memory', await benchStartup(databaseUrl));
  if (run('http')) print('HTTP API against node:http and Fastify', await benchHttp(databaseUrl));
  if (run('bot')) print('bot latency and throughput', await benchBot(databaseUrl));
  if (run('guilds')) print('2,500 guilds on one shard, beside a bare core bot', await benchGuilds(databaseUrl));
  if (run('fairness')) print('one guild floods, another waits', await benchFairness(databaseUrl));
  if (run('scale')) print('gateway → Redis → workers, beside all', await benchScale(databaseUrl));
  if (run('stats')) print('user stats ingest', await benchStatsIngest(databaseUrl));
  if (run('lookup')) print('custom command lookup', await benchCommandLookup(databaseUrl));
  if (run('reminders')) print('reminder scheduler', await benchReminders(databaseUrl));
  if (run('triggers')) print('auto-response triggers', await benchTriggers());
  if (run('event-log')) print('event log', await benchEventLog());
  if (run('automod')) print('automod, per guild message', await benchAutomod());
} finally {
  await admin?.unsafe(`drop schema ${schema} cascade`);
  await admin?.end();
}
if (profileDir) printProfiles(profileDir);

/** Each profile's top functions by self time, and its time per package; the files stay for profile-top.ts. */
function printProfiles(dir: string) {
  console.log('\n(the figures above were measured under the profiler, which slows each process by its own share)');
  for (const file of readdirSync(dir).filter((name) => name.endsWith('.cpuprofile') && !earlierProfiles.has(name)).sort()) {
    const path = join(dir, file);
    console.log(`\n## profile ${path}`);
    for (const line of topEntries(path, 15)) console.log(line);
    console.log('by package:');
    for (const line of topEntries(path, 10, { packages: true })) console.log(line);
  }
}

function print(title: string, figures: Record<string, string>) {
  console.log(`\n## ${title}`);
  for (const [name, value] of Object.entries(figures)) console.log(`${name.padEnd(56)} ${value}`);
}
