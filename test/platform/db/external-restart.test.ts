// An external PostgreSQL (DATABASE_URL) restarted under load, as `pg_ctlcluster 15 main restart`
// does: Concord answers 503 with Retry-After while it is down, never a 500, and serves again after.
// The server restarted is a private one: the shared server other test files use is never touched.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import postgres from 'postgres';
import { startTraffic, unexpectedAnswers } from '../../support/api-traffic.ts';
import { startTestApp, TEST_TOKEN } from '../../support/app.ts';
import { eventually } from '../../support/eventually.ts';
import { startPrivatePostgres } from '../../support/private-postgres.ts';
import { onTeardown } from '../../support/teardown.ts';

test('an external PostgreSQL restarted three times under load: 503 with Retry-After meanwhile, served again after', { timeout: 180_000 }, async (t) => {
  const server = await startPrivatePostgres(t);
  const sql = postgres(server.url, { max: 1, onnotice: () => {} });
  onTeardown(t, () => sql.end({ timeout: 1 }));
  const { url } = await startTestApp(t, { db: { sql, url: server.url, schema: 'public' } });

  for (let round = 1; round <= 3; round++) {
    const traffic = startTraffic(url, TEST_TOKEN, { names: `r${round}` });
    const { answers } = traffic;
    await eventually(() => assert.ok(answers.filter((a) => a.status < 300).length >= 20, `round ${round}: ${JSON.stringify(answers.slice(-5))}`), 30_000);
    const countAtRestart = answers.length;
    await server.restart();
    // `pg_ctl restart -w` returns once the new server accepts connections: the outage is behind us.
    await eventually(() => assert.ok(answers.slice(countAtRestart).some((a) => a.status === 503), `round ${round}: no 503 during the restart`), 5_000);
    const countAtUp = answers.length;
    await eventually(() => assert.ok(answers.slice(countAtUp).some((a) => a.status < 300), `round ${round}: ${JSON.stringify(answers.slice(-5))}`), 15_000);
    await traffic.stop();
    assert.deepEqual(unexpectedAnswers(answers), [], `round ${round}: answers other than a success or a 503 with Retry-After`);
  }
});
