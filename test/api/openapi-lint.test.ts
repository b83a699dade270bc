// The OpenAPI document passes Redocly's recommended rules (redocly.yaml) with no error and no warning.
import assert from 'node:assert/strict';
import { execFile } from 'node:child_process';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { test } from 'node:test';
import { promisify } from 'node:util';
import { startTestApp } from '../support/app.ts';

const root = join(import.meta.dirname, '..', '..');

test('Redocly lints /api/openapi.json clean under the recommended rules', async (t) => {
  const app = await startTestApp(t);
  const dir = await mkdtemp(join(tmpdir(), 'concord-openapi-'));
  t.after(() => rm(dir, { recursive: true, force: true }));
  const file = join(dir, 'openapi.json');
  await writeFile(file, JSON.stringify((await app.request('GET', '/api/openapi.json')).body));

  const { stdout } = await promisify(execFile)(join(root, 'node_modules', '.bin', 'redocly'), ['lint', file, '--config', join(root, 'redocly.yaml'), '--format', 'json'], {
    cwd: root,
    // Offline: no telemetry and no update check.
    env: { ...process.env, REDOCLY_TELEMETRY: 'off', REDOCLY_SUPPRESS_UPDATE_NOTICE: 'true' },
    timeout: 60_000,
  }).catch((error: { stdout?: string }) => ({ stdout: error.stdout ?? '' }));
  const report = JSON.parse(stdout) as { totals: { errors: number; warnings: number }; problems: { ruleId: string; message: string; location: { pointer: string }[] }[] };
  const problems = report.problems.map((p) => `${p.ruleId} at ${p.location[0]?.pointer}: ${p.message}`);
  assert.deepEqual(problems, []);
  assert.deepEqual(report.totals, { ...report.totals, errors: 0, warnings: 0 });
});
