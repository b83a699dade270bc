// A backup of an older schema is restored as it was, then migrated to this build, whether the database
// is new or already migrated (and empty).
import assert from 'node:assert/strict';
import { cp, mkdir, mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { test } from 'node:test';
import { writeBackup } from '../../../../src/platform/db/backup/write.ts';
import { listMigrations, migrateUp } from '../../../../src/platform/db/migrate.ts';
import { MIGRATIONS_DIR } from '../../../../src/platform/paths.ts';
import { restoreFile } from '../../../support/backups.ts';
import { runCli } from '../../../support/cli.ts';
import { createTestDatabase } from '../../../support/db.ts';
import { createOwnDatabase } from '../../../support/own-database.ts';
import { onTeardown } from '../../../support/teardown.ts';

test('a backup of an older schema is restored, then migrated to this build, into a new or an empty migrated database', async (t) => {
  const dir = await mkdtemp(join(tmpdir(), 'concord-backup-'));
  onTeardown(t, () => rm(dir, { recursive: true, force: true }));
  // The schema as it was two migrations ago, with a command of that time.
  const migrations = join(dir, 'older-migrations');
  await mkdir(migrations);
  const all = await listMigrations();
  for (const name of all.slice(0, -2)) await cp(join(MIGRATIONS_DIR, name), join(migrations, name));
  const source = await createTestDatabase(t, { migrate: false });
  await migrateUp(source.sql, migrations);
  await source.sql`insert into custom_commands (guild_id, name, response, aliases) values ('1', 'old', 'From before', '{aged}')`;
  const file = join(dir, 'older.backup');
  await writeBackup(source.sql, file);
  const later = all.slice(-2);

  // Into a new database, through the CLI, which says what it applied.
  const fresh = await createOwnDatabase(t, { migrate: false });
  const result = await runCli(['restore', file], { DATABASE_URL: fresh.url });
  assert.equal(result.code, 0, result.stderr);
  assert.match(result.stdout, new RegExp(`restored \\d+ tables \\(\\d+ rows\\) from \\S+, then applied ${later.join(', ').replaceAll('.', '\\.')}\\n`));
  // Into one already migrated (and empty): taken back to the backup's schema first.
  const migrated = await createOwnDatabase(t);
  assert.deepEqual((await restoreFile(migrated.sql, file)).upgraded, later);

  for (const target of [fresh, migrated]) {
    assert.deepEqual((await target.sql`select name from migrations order by id`).map((row) => row.name), all);
    const [command] = await target.sql`select name, response, aliases, embeds from custom_commands`;
    assert.deepEqual({ ...command }, { name: 'old', response: 'From before', aliases: ['aged'], embeds: [] });
    assert.deepEqual((await target.sql`select name from command_names order by name`).map((row) => row.name), ['aged', 'old']);
  }
});
