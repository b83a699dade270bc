// The CLI: picks the mode, builds the parts, starts them, and stops them on SIGTERM, SIGINT or SIGHUP.
import { defineCommand, runMain } from 'citty';
import { type App, startApp } from './app.ts';
import { type Config, ConfigError, loadConfig } from './config.ts';
import { startGateway } from './gateway-stream/gateway.ts';
import { migrateModules } from './module-kit/start.ts';
import { BUILT_IN_MODULES } from './modules/index.ts';
import { BackupError } from './platform/db/backup/file.ts';
import { openRestorable, restoreBackup } from './platform/db/backup/restore.ts';
import { writeBackup } from './platform/db/backup/write.ts';
import { DatabaseUnreachableError, openDatabase } from './platform/db/connect.ts';
import { EmbeddedPostgresError } from './platform/db/embedded-process.ts';
import { migrateDown, migrateUp, migrationStatus, newMigration } from './platform/db/migrate.ts';
import { createLogger, type Logger } from './platform/log.ts';
import { VERSION } from './platform/version.ts';
import { startRestProxy } from './proxy/rest-proxy.ts';

/** The longest a graceful stop may take before the process exits anyway. */
const STOP_DEADLINE_MS = 10_000;

function serve(name: string, description: string, parts: { api: boolean; bot: boolean; worker?: boolean }) {
  return defineCommand({
    meta: { name, description },
    async run() {
      const { config, log } = setup();
      let app: App | undefined;
      const stop = once(async (reason: string, code: number) => {
        log.info({ reason }, 'stopping');
        const deadline = setTimeout(() => {
          log.error('did not stop within 10 s; exiting anyway');
          process.exit(1);
        }, STOP_DEADLINE_MS);
        deadline.unref();
        await app?.stop();
        log.info('stopped');
        process.exit(code);
      });
      onStopSignal((signal) => void stop(signal, 0));
      app = await startApp({
        config,
        log,
        ...parts,
        onGeneratedToken: showToken,
        // The console is for a person trying Concord out, so only when there is one at the keyboard.
        ...(parts.api && parts.bot && process.stdin.isTTY ? { console: { input: process.stdin, output: process.stdout } } : {}),
        onFatal(error) {
          log.fatal({ err: error }, 'the bot cannot continue');
          void stop(error.message, 1);
        },
      }).catch(fail);
      // Where to go next, for a person at a terminal (the log line says it for collectors).
      if (parts.api && app.url && process.stdout.isTTY) console.log(`\n  Dashboard: ${app.url}/ (sign in with the API token)\n`);
    },
  });
}

const gateway = defineCommand({
  meta: { name: 'gateway', description: 'Hold Discord gateway shards and hand their events to workers through Redis' },
  async run() {
    const { config, log } = setup();
    let running: { stop(): Promise<void> } | undefined;
    const stop = once(async (reason: string, code: number) => {
      log.info({ reason }, 'stopping');
      const deadline = setTimeout(() => process.exit(1), STOP_DEADLINE_MS);
      deadline.unref();
      await running?.stop();
      process.exit(code);
    });
    onStopSignal((signal) => void stop(signal, 0));
    running = await startGateway(config, log, (error) => {
      log.fatal({ err: error }, 'the gateway cannot continue');
      void stop(error.message, 1);
    }).catch(fail);
  },
});

const restProxy = defineCommand({
  meta: { name: 'rest-proxy', description: 'Forward every process\'s Discord REST calls, within one shared rate limit' },
  async run() {
    const { config, log } = setup();
    const proxy = await startRestProxy(config, log).catch(fail);
    const stop = once(async (reason: string) => {
      log.info({ reason }, 'stopping');
      await proxy.stop();
      process.exit(0);
    });
    onStopSignal((signal) => void stop(signal));
  },
});

const migrate = defineCommand({
  meta: { name: 'migrate', description: 'Apply database migrations (up by default)' },
  subCommands: {
    up: migration('up', 'Apply every pending migration, Concord\'s and its modules\'', migrateAll),
    status: migration('status', 'List the migrations not yet applied', async (sql) => {
      const pending = await migrationStatus(sql);
      return pending.length ? `pending: ${pending.join(', ')}` : 'up to date';
    }),
    down: defineCommand({
      meta: { name: 'down', description: 'Revert the last migration (or --all)' },
      args: { all: { type: 'boolean', description: 'revert every migration', default: false } },
      async run({ args }) {
        await withDatabase(async (sql) => {
          const reverted = await migrateDown(sql, args.all);
          return reverted.length ? `reverted: ${reverted.join(', ')}` : 'nothing to revert';
        });
      },
    }),
    new: defineCommand({
      meta: { name: 'new', description: 'Create an empty migration file' },
      args: { name: { type: 'positional', description: 'what the migration does, e.g. add-reminders', required: true } },
      async run({ args }) {
        console.log(`created ${await newMigration(args.name)}`);
      },
    }),
  },
  async run({ rawArgs }) {
    // citty runs the parent too; with no subcommand, `migrate` means `migrate up`.
    if (rawArgs.some((arg) => ['up', 'status', 'down', 'new'].includes(arg))) return;
    await withDatabase(migrateAll);
  },
});

const backup = defineCommand({
  meta: { name: 'backup', description: 'Write every table Concord owns to FILE, as one consistent snapshot' },
  args: { file: { type: 'positional', description: 'the file to write (replaced if it exists), e.g. concord.backup', required: true } },
  async run({ args }) {
    await withDatabase(async (sql) => {
      const { tables, rows, migration } = await writeBackup(sql, args.file);
      return `backed up ${tables} tables (${rows} rows, schema at ${migration}) to ${args.file}`;
    });
  },
});

const restore = defineCommand({
  meta: { name: 'restore', description: 'Load a backup into an empty database, migrating it as needed, in one transaction' },
  args: { file: { type: 'positional', description: 'a file written by `backup`', required: true } },
  async run({ args }) {
    // Checked before the database is opened (or the embedded one started): a wrong file is refused at once.
    const restorable = await openRestorable(args.file).catch(fail);
    await withDatabase(async (sql) => {
      const { log, config } = setup();
      const { tables, rows, upgraded } = await restoreBackup(sql, restorable, async (tx) => {
        const { refused } = await migrateModules(tx, BUILT_IN_MODULES, config.PLUGINS_DIR, log);
        // A module whose tables cannot be made has nowhere to restore its rows: nothing is restored.
        if (refused.length > 0) throw new BackupError(`module ${refused[0]?.name} cannot be migrated: ${refused[0]?.reason}`);
      });
      const then = upgraded.length > 0 ? `, then applied ${upgraded.join(', ')}` : '';
      return `restored ${tables} tables (${rows} rows) from ${args.file}${then}`;
    });
  },
});

const main = defineCommand({
  meta: { name: 'app', version: VERSION, description: 'Concord: a Discord bot with an admin API and dashboard' },
  subCommands: {
    all: serve('all', 'Run the API (and dashboard) and the bot in one process', { api: true, bot: true }),
    api: serve('api', 'Run the HTTP API (and dashboard) only', { api: true, bot: false }),
    bot: serve('bot', 'Run the Discord bot only', { api: false, bot: true }),
    gateway,
    worker: serve('worker', 'Run commands on gateway events read from Redis (any number of workers)', { api: false, bot: true, worker: true }),
    'rest-proxy': restProxy,
    migrate,
    backup,
    restore,
  },
});

type Sql = Awaited<ReturnType<typeof openDatabase>>['sql'];

/** Concord's migrations, then each module's in its own schema (a module whose step fails is named and the rest go on). */
async function migrateAll(sql: Sql): Promise<string> {
  const applied = await migrateUp(sql);
  const { config, log } = setup();
  const { refused } = await migrateModules(sql, BUILT_IN_MODULES, config.PLUGINS_DIR, log);
  const modules = refused.length ? `; modules refused: ${refused.map((r) => `${r.name} (${r.reason})`).join(', ')}` : '';
  return `${applied.length ? `applied: ${applied.join(', ')}` : 'nothing to apply'}${modules}`;
}

function migration(name: string, description: string, action: (sql: Sql) => Promise<string>) {
  return defineCommand({ meta: { name, description }, run: () => withDatabase(action) });
}

async function withDatabase(action: (sql: Sql) => Promise<string>): Promise<void> {
  const { config, log } = setup();
  const db = await openDatabase(config, log).catch(fail);
  let outcome: { ok: string } | { failed: unknown };
  try {
    outcome = { ok: await action(db.sql) };
  } catch (error) {
    outcome = { failed: error };
  }
  // Closed before any exit: fail() ends the process at once, and the embedded server must stop first.
  await db.close();
  if ('failed' in outcome) fail(outcome.failed);
  console.log(outcome.ok);
}

function setup(): { config: Config; log: Logger } {
  let config: Config;
  try {
    config = loadConfig();
  } catch (error) {
    fail(error);
  }
  return { config, log: createLogger(config.LOG_LEVEL) };
}

/** Ends start-up with one readable line (no stack) for the failures an operator can fix. */
function fail(error: unknown): never {
  if (error instanceof ConfigError) console.error(`config error: ${error.message}`);
  else if (error instanceof DatabaseUnreachableError || error instanceof EmbeddedPostgresError || error instanceof BackupError) console.error(error.message);
  else console.error(error);
  process.exit(1);
}

function showToken(token: string, file: string) {
  // Shown like Jupyter's token, but only to a person at a terminal: never into collected logs.
  if (process.stdout.isTTY) console.log(`\n  API token (kept in ${file}):\n    ${token}\n`);
  else console.log(`API token: generated and kept in ${file}`);
}

function once<A extends unknown[]>(fn: (...args: A) => Promise<void>) {
  let called = false;
  return async (...args: A) => {
    if (called) return;
    called = true;
    await fn(...args);
  };
}

void runMain(main);

/**
 * Calls `stop` on the first of SIGTERM (a supervisor), SIGINT (Ctrl-C) or SIGHUP (the terminal went
 * away): Node's default for SIGHUP would end the process without writing the last log rows.
 */
function onStopSignal(stop: (signal: NodeJS.Signals) => void) {
  for (const signal of ['SIGTERM', 'SIGINT', 'SIGHUP'] as const) process.once(signal, () => stop(signal));
}
