// Reads and writes through the API in a loop, noting every answer, for tests that take the
// database away underneath and check what clients saw.
import { setTimeout as sleep } from 'node:timers/promises';

export interface Answer {
  status: number;
  code: string | undefined;
  contentType: string | null;
  retryAfter: string | null;
}

export interface Traffic {
  answers: Answer[];
  /** Ends the loops; resolves once each has finished its request. */
  stop(): Promise<void>;
}

/** `workers` loops, each alternating GET /api/overview and POST /api/commands (a new name each time). */
export function startTraffic(url: string, token: string, { workers = 4, names = 'c' } = {}): Traffic {
  const answers: Answer[] = [];
  const stopping = new AbortController();
  const loop = async (worker: number) => {
    for (let n = 0; !stopping.signal.aborted; n++) {
      const write = n % 2 === 1;
      const res = await fetch(`${url}/api/${write ? 'commands' : 'overview'}`, {
        method: write ? 'POST' : 'GET',
        headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json' },
        ...(write ? { body: JSON.stringify({ name: `${names}-${worker}-${n}`, response: 'hi' }) } : {}),
      }).catch((error: Error) => error);
      if (res instanceof Error) {
        // The process is gone (it crashed): no answer at all.
        answers.push({ status: 0, code: res.message, contentType: null, retryAfter: null });
        return;
      }
      const body = (await res.json()) as { code?: string };
      answers.push({ status: res.status, code: body.code, contentType: res.headers.get('content-type'), retryAfter: res.headers.get('retry-after') });
      // A refused request comes back at once; pace the loop so an outage is not a busy spin.
      if (res.status === 503) await sleep(20);
    }
  };
  const loops = Array.from({ length: workers }, (_, worker) => loop(worker));
  return {
    answers,
    async stop() {
      stopping.abort();
      await Promise.all(loops);
    },
  };
}

/** The answers that are neither a success nor the outage's 503 problem with Retry-After. */
export function unexpectedAnswers(answers: readonly Answer[]): Answer[] {
  return answers.filter(
    (a) =>
      !(a.status === 200 || a.status === 201) &&
      !(a.status === 503 && a.code === 'DATABASE_UNAVAILABLE' && a.contentType === 'application/problem+json' && a.retryAfter === '5'),
  );
}
