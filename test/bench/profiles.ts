// Reading V8 CPU profiles (`--cpu-prof`): self time per function, or per package, with the bundle's
// names mapped back to src/ through its source map. profile-top.ts prints them; `npm run bench --
// profile <bench>` prints the top entries of each profile a bench left.
import { readFileSync } from 'node:fs';
import { SourceMap } from 'node:module';
import { BUNDLE } from './process.ts';

interface ProfileNode {
  id: number;
  callFrame: { functionName: string; url: string; lineNumber: number; columnNumber: number };
}

export interface ProfileOptions {
  /** Self time summed per package (and per src/ folder) instead of per function. */
  packages?: boolean;
  /** The span kept, in µs from the profile's start. */
  from?: number;
  to?: number;
}

let map: SourceMap | undefined;

/** Self time per function (or per package) in µs, and the time busy, within `from`/`to`. */
export function selfTimes(path: string, { packages = false, from = 0, to = Number.POSITIVE_INFINITY }: ProfileOptions = {}): { self: Map<string, number>; busy: number } {
  map ??= new SourceMap(JSON.parse(readFileSync(`${BUNDLE}.map`, 'utf8')));
  const bundleMap = map;
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
    const entry = (url.endsWith('app.mjs') ? bundleMap.findEntry(lineNumber, columnNumber) : {}) as { originalSource?: string; originalLine?: number };
    const source = entry.originalSource?.replace(/^.*?\/(src|node_modules)\//, '$1/');
    const where = source ? `${source}:${(entry.originalLine ?? 0) + 1}` : `${url.split('/').slice(-2).join('/')}:${lineNumber + 1}`;
    const key = packages ? packageOf(functionName, source ?? url) : `${functionName || '(anonymous)'} ${where}`;
    self.set(key, (self.get(key) ?? 0) + time);
  }
  return { self, busy };
}

/** The `count` entries with the most self time, a line each: a share of the time busy, or ms per package. */
export function topEntries(path: string, count: number, options: ProfileOptions = {}): string[] {
  const { self, busy } = selfTimes(path, options);
  const top = [...self].sort((a, b) => b[1] - a[1]).slice(0, count);
  const lines = top.map(([key, time]) => `${options.packages ? `${(time / 1_000).toFixed(0).padStart(6)} ms` : `${((100 * time) / busy).toFixed(1).padStart(5)}%`}  ${key}`);
  return options.packages ? [`busy ${(busy / 1_000).toFixed(0)} ms`, ...lines] : lines;
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
