// `node test/bench/profile-top.ts <file.cpuprofile> [n]`: the functions a V8 CPU profile spent its
// samples in, by self time, with the bundle's names mapped back to src/ through its source map.
import { readFileSync } from 'node:fs';
import { SourceMap } from 'node:module';
import { BUNDLE } from './process.ts';

interface ProfileNode {
  id: number;
  callFrame: { functionName: string; url: string; lineNumber: number; columnNumber: number };
}

const [file, count = '30'] = process.argv.slice(2);
if (!file) throw new Error('usage: profile-top.ts <file.cpuprofile> [n]');
const profile = JSON.parse(readFileSync(file, 'utf8')) as { nodes: ProfileNode[]; samples: number[]; timeDeltas: number[] };
const map = new SourceMap(JSON.parse(readFileSync(`${BUNDLE}.map`, 'utf8')));
const timeOf = new Map<number, number>();
for (const [i, id] of profile.samples.entries()) timeOf.set(id, (timeOf.get(id) ?? 0) + (profile.timeDeltas[i] ?? 0));
const self = new Map<string, number>();
let busy = 0;
for (const node of profile.nodes) {
  const time = timeOf.get(node.id) ?? 0;
  const { functionName, url, lineNumber, columnNumber } = node.callFrame;
  if (functionName === '(idle)') continue;
  busy += time;
  const entry = (url.endsWith('app.mjs') ? map.findEntry(lineNumber, columnNumber) : {}) as { originalSource?: string; originalLine?: number };
  const where = entry.originalSource ? `${entry.originalSource.replace(/^.*?\/(src|node_modules)\//, '$1/')}:${(entry.originalLine ?? 0) + 1}` : `${url.split('/').slice(-2).join('/')}:${lineNumber + 1}`;
  const key = `${functionName || '(anonymous)'} ${where}`;
  self.set(key, (self.get(key) ?? 0) + time);
}
for (const [key, time] of [...self].sort((a, b) => b[1] - a[1]).slice(0, Number(count))) console.log(`${((100 * time) / busy).toFixed(1).padStart(5)}%  ${key}`);
