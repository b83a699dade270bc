// The monitoring files against a running Concord: every metric the alert rules and the Grafana
// dashboard query is one /metrics actually serves (so a renamed metric fails here, not silently in
// production), of a type its query can use; the alert rules pass promtool's check and unit tests.
import assert from 'node:assert/strict';
import { type SpawnSyncReturns, spawnSync } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { test } from 'node:test';
import { parse as parseYaml } from 'yaml';
import { request } from '../support/app.ts';
import { startBotApp } from '../support/bot.ts';
import { eventually } from '../support/eventually.ts';
import { createMovedClock } from '../support/moved-clock.ts';

const root = join(import.meta.dirname, '../..');
const rulesFile = join(root, 'deploy/prometheus/alerts.yml');
const rulesTestFile = join(root, 'deploy/prometheus/alerts.test.yml');
const dashboard = JSON.parse(readFileSync(join(root, 'deploy/grafana/concord.json'), 'utf8'));
const rules = parseYaml(readFileSync(rulesFile, 'utf8')) as { groups: { rules: { alert: string; expr: string; annotations: Record<string, string> }[] }[] };

/** Every PromQL expression, named by where it is. */
const queries: { where: string; expr: string }[] = [
  ...rules.groups.flatMap((group) => group.rules.map((rule) => ({ where: `alert ${rule.alert}`, expr: rule.expr }))),
  // biome-ignore lint/suspicious/noExplicitAny: the dashboard is Grafana's JSON, read field by field.
  ...(dashboard.panels as any[]).flatMap((panel) => (panel.targets ?? []).map((target: { expr: string }) => ({ where: `panel "${panel.title}"`, expr: target.expr }))),
  // biome-ignore lint/suspicious/noExplicitAny: as above.
  ...(dashboard.templating.list as any[]).filter((v) => v.type === 'query').map((v) => ({ where: `variable ${v.name}`, expr: v.query.query as string })),
];

/** Families from the # TYPE lines: name → counter, gauge, histogram… */
function families(exposition: string): Map<string, string> {
  const types = new Map<string, string>();
  for (const match of exposition.matchAll(/^# TYPE ([a-zA-Z_:][\w:]*) (\w+)$/gm)) types.set(match[1] ?? '', match[2] ?? '');
  return types;
}

/** The family a series name belongs to and that family's type, or undefined when /metrics has no such family. */
function familyOf(name: string, types: Map<string, string>): { family: string; type: string } | undefined {
  const type = types.get(name);
  if (type) return { family: name, type };
  const histogram = /^(.+)_(bucket|sum|count)$/.exec(name)?.[1];
  if (histogram && types.get(histogram) === 'histogram') return { family: histogram, type: 'histogram' };
  return undefined;
}

test('every metric the alerts and the dashboard query is served by a running Concord', async (t) => {
  const clock = createMovedClock();
  const world = await startBotApp(t, { clock, env: { REMINDER_POLL_INTERVAL_MS: '100' } });
  // Exercise what the labelled series come from: a command, an unknown one, an HTTP request, a late reminder.
  await world.say('!ping');
  await world.say('!nosuchthing');
  await world.say('!remind 10m water the plants');
  clock.advance(12 * 60_000);
  await world.fake.waitForMessage((m) => String(m.body.content).includes('water the plants'), { timeout: 5_000 });

  const scrape = async () => (await request(world.url, 'GET', '/metrics')).body as string;
  const exposition = await eventually(async () => {
    const text = await scrape();
    assert.match(text, /^concord_scheduler_lateness_seconds_count\{queue="reminders"\} [1-9]/m);
    return text;
  });
  const types = families(exposition);

  await t.test('each concord_* name in a query is a family /metrics declares', () => {
    assert.ok(queries.length > 20, `${queries.length} queries`);
    for (const { where, expr } of queries) {
      const names = expr.match(/\bconcord_[a-z0-9_]+\b/g) ?? [];
      assert.ok(names.length > 0 || /\bup\{/.test(expr), `${where} queries no Concord metric: ${expr}`);
      for (const name of names) assert.ok(familyOf(name, types), `${where} uses ${name}, which /metrics does not serve`);
    }
  });

  await t.test('rate() and increase() read counters or histogram series; deriv() and comparisons read gauges', () => {
    for (const { where, expr } of queries) {
      for (const match of expr.matchAll(/\b(rate|increase|deriv)\(\s*(concord_[a-z0-9_]+)/g)) {
        const [, fn, name] = match;
        const found = familyOf(name ?? '', types);
        const expected = fn === 'deriv' ? ['gauge'] : ['counter', 'histogram'];
        assert.ok(found && expected.includes(found.type), `${where}: ${fn}(${name}) on a ${found?.type}`);
      }
    }
  });

  await t.test('the metrics added for the alerts hold what they say', () => {
    assert.match(exposition, /^concord_gateway_shard_ready\{shard="0"\} 1$/m, 'the shard of the fake gateway is ready');
    assert.match(exposition, /^concord_database_up 1$/m, 'the database answers');
    // Sent two minutes after its due time.
    const sum = Number(/^concord_scheduler_lateness_seconds_sum\{queue="reminders"\} (\S+)$/m.exec(exposition)?.[1]);
    assert.ok(sum >= 115 && sum < 180, `lateness ${sum} s`);
    assert.match(exposition, /^concord_scheduler_lateness_seconds_bucket\{le="60",queue="reminders"\} 0$/m);
    assert.match(exposition, /^concord_scheduler_lateness_seconds_bucket\{le="300",queue="reminders"\} 1$/m);
  });
});

test('every alert has a summary and a runbook entry in the README', () => {
  const readme = readFileSync(join(root, 'README.md'), 'utf8');
  for (const rule of rules.groups.flatMap((group) => group.rules)) {
    assert.ok(rule.annotations.summary, `${rule.alert} has a summary`);
    const anchor = rule.annotations.runbook?.replace(/^README\.md#/, '');
    assert.equal(anchor, rule.alert.toLowerCase(), `${rule.alert}: runbook is README.md#${rule.alert.toLowerCase()}`);
    assert.match(readme, new RegExp(`^#### \`${rule.alert}\`$`, 'm'), `the README has a runbook heading for ${rule.alert}`);
  }
});

// promtool comes from Debian's prometheus package; .ci/run installs it when missing.
const promtool = ['/usr/bin/promtool', '/usr/local/bin/promtool'].find((path) => existsSync(path));
const noPromtool = promtool ? false : process.env.CI === 'true' ? false : 'promtool is not installed (apt-get install prometheus)';

test('promtool: the rules are valid and their unit tests pass', { skip: noPromtool }, () => {
  assert.ok(promtool, 'promtool is installed (CI=true requires it)');
  const runs: string[][] = [['check', 'rules', rulesFile], ['test', 'rules', rulesTestFile]];
  for (const args of runs) {
    const result: SpawnSyncReturns<string> = spawnSync(promtool ?? 'promtool', args, { encoding: 'utf8' });
    assert.equal(result.status, 0, `promtool ${args.join(' ')}:\n${result.stdout}${result.stderr}`);
  }
});
