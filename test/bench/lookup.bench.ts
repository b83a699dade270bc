// A custom-command lookup that misses the process's own cache: from the database, and from Redis.
import { randomUUID } from 'node:crypto';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import postgres from 'postgres';
import { redisCommandSource } from '../../src/modules/custom-commands/store/cache.ts';
import { sqlCommandSource } from '../../src/modules/custom-commands/store/sql-source.ts';
import { createCommandStore } from '../../src/modules/custom-commands/store/store.ts';
import { startEmbeddedPostgres } from '../../src/platform/db/embedded.ts';
import { migrateUp } from '../../src/platform/db/migrate.ts';
import { createLogger } from '../../src/platform/log.ts';
import { connectRedis } from '../../src/platform/redis/client.ts';
import { percentile } from './process.ts';

const GUILD = '100000000000000001';

export async function benchCommandLookup(databaseUrl: string | undefined, { runs = 2_000, commands = 50 } = {}) {
  const dataDir = databaseUrl ? undefined : await mkdtemp(join(tmpdir(), 'concord-bench-pg-'));
  const embedded = dataDir ? await startEmbeddedPostgres({ dataDir }) : undefined;
  const options = { max: 4, onnotice: () => {} };
  const sql = embedded ? postgres({ ...options, ...embedded.connection, user: 'postgres', database: 'postgres' }) : postgres(databaseUrl ?? '', options);
  const redis = connectRedis({ url: process.env.REDIS_URL ?? 'redis://127.0.0.1:6379', prefix: `concord-bench:${randomUUID().slice(0, 8)}:`, timeoutMs: 1_000, log: createLogger('silent') });
  try {
    await migrateUp(sql);
    const database = sqlCommandSource(sql);
    // Plain rows with the columns' defaults: the lookup reads them like any others.
    for (let i = 0; i < commands; i++) await sql`insert into custom_commands (guild_id, name, response) values (${GUILD}, ${`cmd${i}`}, ${`response ${i}`})`;
    if (!(await redis.ready(2_000))) throw new Error('Redis is not reachable for the lookup bench');
    const cached = redisCommandSource(database, redis);
    const time = async (lookup: () => Promise<unknown>) => {
      for (let i = 0; i < 100; i++) await lookup();
      const samples: number[] = [];
      for (let i = 0; i < runs; i++) {
        const started = performance.now();
        await lookup();
        samples.push(performance.now() - started);
      }
      return samples.sort((a, b) => a - b);
    };
    const inProcess = createCommandStore(database, { ttlMs: 60_000 });
    const figures: Record<string, string> = { database: databaseUrl ? 'PostgreSQL' : 'embedded' };
    for (const [name, samples] of [
      [`without Redis: database (${commands} commands)`, await time(() => database.listForGuild(GUILD))],
      ['with Redis: Redis hit', await time(() => cached.listForGuild(GUILD))],
      ['either way: in-process cache hit (store.find)', await time(() => inProcess.find(GUILD, 'cmd7'))],
    ] as const) {
      figures[`${name} median / p99`] = `${percentile(samples, 50).toFixed(3)} / ${percentile(samples, 99).toFixed(3)} ms`;
    }
    return figures;
  } finally {
    await redis.client.del(`${redis.prefix}commands:${GUILD}`, `${redis.prefix}commands:global`);
    await redis.close();
    await sql.end();
    await embedded?.stop();
    if (dataDir) await rm(dataDir, { recursive: true, force: true });
  }
}
