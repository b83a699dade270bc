// Regex triggers are matched in a worker thread, so one guild's message can never block the event
// loop that answers every other guild and the HTTP API. The guilds take turns (one message each in
// turn), a message has a deadline, and a guild whose regexes overrun it is set aside for a while:
// the worker is replaced, so no match runs on past its deadline.
import { Worker } from 'node:worker_threads';
import type { Logger } from '../log.ts';
import type { RegexPattern } from './set.ts';

/** A guild's regex triggers, as sent to the worker; a new id whenever they change. */
export interface RegexSetSource {
  id: number;
  patterns: RegexPattern[];
}

export interface RegexRunnerOptions {
  /** Most time one message may take in the worker (compiling its set included). */
  deadlineMs?: number;
  /** How long a guild whose regexes overran the deadline is not matched. */
  setAsideMs?: number;
  /** Messages of one guild waiting for the worker; beyond, a message is not matched. */
  maxQueuedPerGuild?: number;
  log?: Pick<Logger, 'warn'>;
}

export interface RegexRunner {
  /** The index of the first pattern of `set` that `content` matches; -1 for none, or when the guild's turn did not come or its time ran out. */
  firstMatch(guildId: string, set: RegexSetSource, content: string): Promise<number>;
  /** What happened so far, for tests and the bench. */
  counts(): { matched: number; overran: number; dropped: number; setAside: number; workersStarted: number };
  close(): Promise<void>;
}

export type WorkerRequest = { id: number; set: number; patterns?: RegexPattern[]; content: string };
export type WorkerReply = { ready: true } | { id: number; index: number } | { id: number; missing: true } | { id: number; error: string };

interface Job {
  guildId: string;
  set: RegexSetSource;
  content: string;
  resolve(index: number): void;
}

export const DEFAULT_DEADLINE_MS = 250;

export function startRegexRunner({ deadlineMs = DEFAULT_DEADLINE_MS, setAsideMs = 300_000, maxQueuedPerGuild = 20, log }: RegexRunnerOptions = {}): RegexRunner {
  const queues = new Map<string, Job[]>();
  // Guilds with waiting messages, in the order their turns come.
  const turns: string[] = [];
  const setAside = new Map<string, number>();
  const counts = { matched: 0, overran: 0, dropped: 0, setAside: 0, workersStarted: 0 };
  let worker: { thread: Worker; ready: boolean; known: Set<number> } | undefined;
  let inFlight: { id: number; job: Job; timer: NodeJS.Timeout } | undefined;
  let lastId = 0;
  let closed = false;

  const isSetAside = (guildId: string) => {
    const until = setAside.get(guildId);
    if (until === undefined) return false;
    if (until > Date.now()) return true;
    setAside.delete(guildId);
    return false;
  };

  const startWorker = () => {
    const thread = spawnWorker();
    counts.workersStarted++;
    const current = { thread, ready: false, known: new Set<number>() };
    worker = current;
    thread.unref();
    thread.on('message', (reply: WorkerReply) => {
      if (worker !== current) return;
      if ('ready' in reply) {
        current.ready = true;
        return pump();
      }
      if (!inFlight || reply.id !== inFlight.id) return;
      if ('missing' in reply) {
        current.known.delete(inFlight.job.set.id);
        return send(current, inFlight.id, inFlight.job);
      }
      const { job, timer } = inFlight;
      clearTimeout(timer);
      inFlight = undefined;
      if ('error' in reply) {
        log?.warn({ guild: job.guildId }, 'regex triggers could not be compiled in the worker; guild set aside');
        putAside(job.guildId);
        job.resolve(-1);
      } else {
        counts.matched++;
        job.resolve(reply.index);
      }
      pump();
    });
    const lost = (error?: Error) => {
      if (worker !== current) return;
      worker = undefined;
      if (error) log?.warn({ err: error }, 'the regex worker failed; starting another');
      // Out of memory, say: the guild whose message it was is set aside, so it cannot do it again at once.
      if (inFlight) {
        const { guildId } = inFlight.job;
        finish(inFlight, -1);
        if (!closed) putAside(guildId);
      }
      pump();
    };
    thread.on('error', lost);
    thread.on('exit', () => lost());
  };

  const finish = (flight: NonNullable<typeof inFlight>, index: number) => {
    clearTimeout(flight.timer);
    if (inFlight === flight) inFlight = undefined;
    flight.job.resolve(index);
  };

  const putAside = (guildId: string) => {
    counts.setAside++;
    setAside.set(guildId, Date.now() + setAsideMs);
    for (const job of queues.get(guildId) ?? []) job.resolve(-1);
    queues.delete(guildId);
  };

  const send = (current: NonNullable<typeof worker>, id: number, job: Job) => {
    const known = current.known.has(job.set.id);
    current.known.add(job.set.id);
    current.thread.postMessage({ id, set: job.set.id, content: job.content, ...(known ? {} : { patterns: job.set.patterns }) } satisfies WorkerRequest);
  };

  const pump = () => {
    if (closed || inFlight || turns.length === 0) return;
    if (!worker) startWorker();
    const current = worker;
    if (!current?.ready) return;
    const guildId = turns.shift() as string;
    const queue = queues.get(guildId);
    const job = queue?.shift();
    if (!queue || !job) return pump();
    if (queue.length > 0) turns.push(guildId);
    else queues.delete(guildId);
    const id = ++lastId;
    const timer = setTimeout(() => {
      // Too slow: the worker cannot be interrupted, so it is replaced, and the guild set aside.
      counts.overran++;
      log?.warn({ guild: guildId, patterns: job.set.patterns.length, deadline_ms: deadlineMs }, 'regex triggers overran their time; guild set aside');
      if (worker === current) worker = undefined;
      void current.thread.terminate();
      finish(flight, -1);
      putAside(guildId);
      pump();
    }, deadlineMs);
    const flight = { id, job, timer };
    inFlight = flight;
    send(current, id, job);
  };

  return {
    firstMatch(guildId, set, content) {
      if (closed || set.patterns.length === 0 || isSetAside(guildId)) return Promise.resolve(-1);
      const queue = queues.get(guildId) ?? [];
      if (queue.length >= maxQueuedPerGuild) {
        counts.dropped++;
        return Promise.resolve(-1);
      }
      return new Promise<number>((resolve) => {
        if (queue.length === 0) {
          queues.set(guildId, queue);
          turns.push(guildId);
        }
        queue.push({ guildId, set, content, resolve });
        pump();
      });
    },
    counts: () => ({ ...counts }),
    async close() {
      closed = true;
      if (inFlight) finish(inFlight, -1);
      for (const queue of queues.values()) for (const job of queue) job.resolve(-1);
      queues.clear();
      turns.length = 0;
      const current = worker;
      worker = undefined;
      await current?.thread.terminate();
    },
  };
}

/** The worker: the bundle's dist/regex-worker.mjs, or from source (tests, `npm run dev`) through tsx. */
function spawnWorker(): Worker {
  // Room for the worker's cached sets (worker.ts); past it the worker dies alone, and is replaced.
  const options = { resourceLimits: { maxOldGenerationSizeMb: 512 } };
  if (!import.meta.url.endsWith('.ts')) return new Worker(new URL('./regex-worker.mjs', import.meta.url), options);
  const source = new URL('./worker.ts', import.meta.url).href;
  const tsx = import.meta.resolve('tsx/esm/api');
  return new Worker(`import(${JSON.stringify(tsx)}).then((tsx) => tsx.tsImport(${JSON.stringify(source)}, ${JSON.stringify(source)}));`, { ...options, eval: true });
}
