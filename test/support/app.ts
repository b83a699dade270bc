// Starts the real app in-process on a random port against a test schema, stopped at teardown.
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { TestContext } from 'node:test';
import { type App, startApp } from '../../src/app.ts';
import { loadConfig } from '../../src/config.ts';
import { createLogger, type Logger } from '../../src/platform/log.ts';
import type { Clock } from '../../src/platform/time/clock.ts';
import { createTestDatabase, type TestDatabase } from './db.ts';
import { onTeardown } from './teardown.ts';

export const TEST_TOKEN = 'test-token-0123456789abcdef';

export interface TestApp {
  app: App;
  url: string;
  db: TestDatabase;
  dataDir: string;
  /** Calls the API with the test token; `body` is sent as JSON. */
  request(method: string, path: string, body?: unknown, headers?: Record<string, string>): Promise<TestResponse>;
}

export interface TestResponse {
  status: number;
  headers: Headers;
  // biome-ignore lint/suspicious/noExplicitAny: tests read JSON bodies field by field.
  body: any;
}

export interface TestAppOptions {
  env?: Record<string, string>;
  api?: boolean;
  bot?: boolean;
  db?: TestDatabase;
  onFatal?: (error: Error) => void;
  console?: { input: NodeJS.ReadableStream; output: NodeJS.WritableStream };
  /** Now for reminders and schedules (a moved clock). */
  clock?: Clock;
  /** The app's logger (a test that reads the log lines); default one at TEST_LOG_LEVEL or silent. */
  log?: Logger;
}

export async function startTestApp(t: Pick<TestContext, 'after'>, options: TestAppOptions = {}): Promise<TestApp> {
  const db = options.db ?? (await createTestDatabase(t));
  const dataDir = await mkdtemp(join(tmpdir(), 'concord-test-'));
  onTeardown(t, () => rm(dataDir, { recursive: true, force: true }));
  const config = loadConfig(
    {
      DATABASE_URL: db.url,
      PORT: '0',
      HOST: '127.0.0.1',
      API_TOKEN: TEST_TOKEN,
      DATA_DIR: dataDir,
      LOG_LEVEL: process.env.TEST_LOG_LEVEL ?? 'silent',
      // Tests count the commands they make; the first-start example has its own test.
      SEED_EXAMPLES: 'false',
      ...options.env,
    },
    dataDir,
  );
  const app = await startApp({
    config,
    log: options.log ?? createLogger(config.LOG_LEVEL),
    api: options.api ?? true,
    bot: options.bot ?? false,
    ...(options.onFatal ? { onFatal: options.onFatal } : {}),
    ...(options.console ? { console: options.console } : {}),
    ...(options.clock ? { clock: options.clock } : {}),
  });
  onTeardown(t, () => app.stop());
  const url = app.url ?? '';
  return {
    app,
    url,
    db,
    dataDir,
    request: (method, path, body, headers) => request(url, method, path, body, { authorization: `Bearer ${TEST_TOKEN}`, ...headers }),
  };
}

/** A plain HTTP call that parses JSON replies. */
export async function request(
  base: string,
  method: string,
  path: string,
  body?: unknown,
  headers: Record<string, string> = {},
): Promise<TestResponse> {
  const init: RequestInit = { method, headers: { ...headers } };
  if (body !== undefined) {
    init.body = typeof body === 'string' ? body : JSON.stringify(body);
    (init.headers as Record<string, string>)['content-type'] ??= 'application/json';
  }
  const res = await fetch(`${base}${path}`, init);
  const text = await res.text();
  const type = res.headers.get('content-type') ?? '';
  return { status: res.status, headers: res.headers, body: type.includes('json') && text ? JSON.parse(text) : text };
}
