// The regex worker: compiles guilds' regex trigger sets and matches messages against them, one at a
// time, off the bot's event loop. runner.ts starts it, feeds it and replaces it when it is late.
import { parentPort } from 'node:worker_threads';
import type { WorkerReply, WorkerRequest } from './runner.ts';
import { type CompiledRegexSet, compileRegexSet } from './set.ts';

/** Compiled sets kept (each up to DFA_MEMORY_BYTES per case group); the least recently used goes first (the runner sends its patterns again). */
const MAX_SETS = 100;
const sets = new Map<number, CompiledRegexSet>();
const port = parentPort;

port?.on('message', (request: WorkerRequest) => {
  const reply = (message: WorkerReply) => port.postMessage(message);
  let set = sets.get(request.set);
  if (set) {
    sets.delete(request.set);
  } else if (request.patterns) {
    try {
      set = compileRegexSet(request.patterns);
    } catch (error) {
      return reply({ id: request.id, error: (error as Error).message });
    }
  } else {
    return reply({ id: request.id, missing: true });
  }
  sets.set(request.set, set);
  if (sets.size > MAX_SETS) sets.delete(sets.keys().next().value as number);
  reply({ id: request.id, index: set.firstMatch(request.content) });
});
port?.postMessage({ ready: true } satisfies WorkerReply);
