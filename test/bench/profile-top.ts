// `node test/bench/profile-top.ts <file.cpuprofile> [n] [--packages] [--from=s] [--to=s]`: the functions a
// V8 CPU profile spent its samples in, by self time, with the bundle's names mapped back to src/ through
// its source map. With --packages, the self time summed per package (and per src/ folder), in ms: two
// profiles of the same work (Concord's and a baseline's) then compare line by line. --from and --to keep
// the samples of that span, in seconds from the profile's start (a start-up, a burst of GUILD_CREATEs).
// --against=<other.cpuprofile> sets another profile beside this one and lists the entries whose self
// time differs most (in ms, or in µs per item with --per=<items here>,<items there>: replies, requests).
import { readFileSync } from 'node:fs';
import { SourceMap } from 'node:module';
import { BUNDLE } from './process.ts';

interface ProfileNode {
  id: number;
  callFrame: { functionName: string; url: string; lineNumber: number; columnNumber: number };
}

const args = process.argv.slice(2);
const [file, count = '30'] = args.filter((arg) => !arg.startsWith('--'));
const mode = args.includes('--packages') ? '--packages' : undefined;
const flag = (name: string) => args.find((arg) => arg.startsWith(`${name}=`))?.slice(name.length + 1);
const secondsOf = (name: string, otherwise: number) => Number(flag(name) ?? otherwise) * 1e6;
const [from, to] = [secondsOf('--from', 0), secondsOf('--to', Number.POSITIVE_INFINITY)];
const against = flag('--against');
if (!file) throw new Error('usage: profile-top.ts <file.cpuprofile> [n] [--packages] [--from=s] [--to=s] [--against=<other.cpuprofile> [--per=<items in file>,<items in other>]]');
const map = new SourceMap(JSON.parse(readFileSync(`${BUNDLE}.map`, 'utf8')));
const first = selfTimes(file);

if (!against) {
  const top = [...first.self].sort((a, b) => b[1] - a[1]).slice(0, Number(count));
  if (mode === '--packages') console.log(`busy ${(first.busy / 1_000).toFixed(0)} ms`);
  for (const [key, time] of top) console.log(`${mode === '--packages' ? `${(time / 1_000).toFixed(0).padStart(6)} ms` : `${((100 * time) / first.busy).toFixed(1).padStart(5)}%`}  ${key}`);
} else {
  // Two profiles of the same work (Concord's and a baseline's): the entries whose self time differs
  // most, in ms, or in µs per item (a reply, a request) when each profile's count of items is given.
  const other = selfTimes(against);
  const [perFirst, perOther] = (flag('--per') ?? '').split(',').map(Number);
  const unit = perFirst && perOther ? 'µs per item' : 'ms';
  const scaled = (time: number, items: number | undefined) => (items ? time / items : time / 1_000);
  const rows = [...new Set([...first.self.keys(), ...other.self.keys()])].map((key) => {
    const [a, b] = [scaled(first.self.get(key) ?? 0, perFirst), scaled(other.self.get(key) ?? 0, perOther)];
    return { key, a, b };
  });
  console.log(`busy (${unit}): ${scaled(first.busy, perFirst).toFixed(1)} here, ${scaled(other.busy, perOther).toFixed(1)} in ${against.split('/').at(-1)}`);
  for (const { key, a, b } of rows.sort((x, y) => Math.abs(y.a - y.b) - Math.abs(x.a - x.b)).slice(0, Number(count))) {
    console.log(`${a.toFixed(2).padStart(9)} ${b.toFixed(2).padStart(9)} ${(a - b).toFixed(2).padStart(9)}  ${key}`);
  }
}

/** Self time per function (or per package with --packages) in µs, and the time busy, within --from/--to. */
function selfTimes(path: string): { self: Map<string, number>; busy: number } {
  const profile = JSON.parse(readFileSync(path, 'utf8')) as { nodes: ProfileNode[]; samples: number[]; timeDeltas: number[] };
  const timeOf = new Map<number, number>();
  let at = 0;
  for (const [i, id] of profile.samples.entries()) {
    at += profile.timeDeltas[i] ?? 0;
    if (at >= from && at < to) timeOf.set(id, (timeOf.get(id) ?? 0) + (profile.timeDeltas[i] ?? 0));
  }
  const self = new Map<string, number>();
  let busy = 0;
  for (const node of profile.nodes) {
    const time = timeOf.get(node.id) ?? 0;
    const { functionName, url, lineNumber, columnNumber } = node.callFrame;
    if (functionName === '(idle)') continue;
    busy += time;
    const entry = (url.endsWith('app.mjs') ? map.findEntry(lineNumber, columnNumber) : {}) as { originalSource?: string; originalLine?: number };
    const where = entry.originalSource ? `${entry.originalSource.replace(/^.*?\/(src|node_modules)\//, '$1/')}:${(entry.originalLine ?? 0) + 1}` : `${url.split('/').slice(-2).join('/')}:${lineNumber + 1}`;
    const key = mode === '--packages' ? packageOf(functionName, entry.originalSource?.replace(/^.*?\/(src|node_modules)\//, '$1/') ?? url) : `${functionName || '(anonymous)'} ${where}`;
    self.set(key, (self.get(key) ?? 0) + time);
  }
  return { self, busy };
}

/** `undici`, `@discordjs/rest`, `src/bot`, `node` (Node's own JS), or the profiler's own entries (GC, native calls). */
function packageOf(functionName: string, where: string): string {
  if (where.startsWith('file://') || where.startsWith('/')) where = where.replace(/^.*?\/(node_modules\/)/, '$1');
  const pkg = /node_modules\/((?:@[^/]+\/)?[^/]+)/.exec(where)?.[1];
  if (pkg) return pkg;
  if (where.startsWith('src/')) return where.split('/').slice(0, 2).join('/');
  if (where.startsWith('node:')) return 'node';
  return functionName.startsWith('(') ? functionName : `native ${functionName || '(anonymous)'}`;
}
