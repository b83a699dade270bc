// A logger whose JSON lines a test reads, to check what was reported (and that nothing secret was).
import { Writable } from 'node:stream';
import { createLogger } from '../../src/platform/log.ts';

export function capturedLog() {
  const lines: Record<string, unknown>[] = [];
  const sink = new Writable({
    write(chunk, _encoding, done) {
      for (const line of String(chunk).split('\n').filter(Boolean)) lines.push(JSON.parse(line) as Record<string, unknown>);
      done();
    },
  });
  return { log: createLogger('info', sink), lines };
}
