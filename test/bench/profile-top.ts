// `node test/bench/profile-top.ts <file.cpuprofile> [n] [--packages] [--from=s] [--to=s]`: the functions a
// V8 CPU profile spent its samples in, by self time, with the bundle's names mapped back to src/ through
// its source map. With --packages, the self time summed per package (and per src/ folder), in ms: two
// profiles of the same work (Concord's and a baseline's) then compare line by line. --from and --to keep
// the samples of that span, in seconds from the profile's start (a start-up, a burst of GUILD_CREATEs).
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
const secondsOf = (flag: string, otherwise: number) => Number(args.find((arg) => arg.startsWith(`${flag}=`))?.slice(flag.length + 1) ?? otherwise) * 1e6;
const [from, to] = [secondsOf('--from', 0), secondsOf('--to', Number.POSITIVE_INFINITY)];
if (!file) throw new Error('usage: profile-top.ts <file.cpuprofile> [n] [--packages] [--from=s] [--to=s]');
const profile = JSON.parse(readFileSync(file, 'utf8')) as { nodes: ProfileNode[]; samples: number[]; timeDeltas: number[] };
const map = new SourceMap(JSON.parse(readFileSync(`${BUNDLE}.map`, 'utf8')));
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
const top = [...self].sort((a, b) => b[1] - a[1]).slice(0, Number(count));
if (mode === '--packages') console.log(`busy ${(busy / 1_000).toFixed(0)} ms`);
for (const [key, time] of top) console.log(`${mode === '--packages' ? `${(time / 1_000).toFixed(0).padStart(6)} ms` : `${((100 * time) / busy).toFixed(1).padStart(5)}%`}  ${key}`);

/** `undici`, `@discordjs/rest`, `src/bot`, `node` (Node's own JS), or the profiler's own entries (GC, native calls). */
function packageOf(functionName: string, where: string): string {
  if (where.startsWith('file://') || where.startsWith('/')) where = where.replace(/^.*?\/(node_modules\/)/, '$1');
  const pkg = /node_modules\/((?:@[^/]+\/)?[^/]+)/.exec(where)?.[1];
  if (pkg) return pkg;
  if (where.startsWith('src/')) return where.split('/').slice(0, 2).join('/');
  if (where.startsWith('node:')) return 'node';
  return functionName.startsWith('(') ? functionName : `native ${functionName || '(anonymous)'}`;
}
