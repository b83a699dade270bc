// `node test/bench/profile-top.ts <file.cpuprofile> [n] [--packages] [--from=s] [--to=s]`: the functions a
// V8 CPU profile spent its samples in, by self time, with the bundle's names mapped back to src/ through
// its source map. With --packages, the self time summed per package (and per src/ folder), in ms: two
// profiles of the same work (Concord's and a baseline's) then compare line by line. --from and --to keep
// the samples of that span, in seconds from the profile's start (a start-up, a burst of GUILD_CREATEs).
// --against=<other.cpuprofile> sets another profile beside this one and lists the entries whose self
// time differs most (in ms, or in µs per item with --per=<items here>,<items there>: replies, requests).
import { selfTimes, topEntries } from './profiles.ts';

const args = process.argv.slice(2);
const [file, count = '30'] = args.filter((arg) => !arg.startsWith('--'));
const packages = args.includes('--packages');
const flag = (name: string) => args.find((arg) => arg.startsWith(`${name}=`))?.slice(name.length + 1);
const secondsOf = (name: string, otherwise: number) => Number(flag(name) ?? otherwise) * 1e6;
const [from, to] = [secondsOf('--from', 0), secondsOf('--to', Number.POSITIVE_INFINITY)];
const against = flag('--against');
if (!file) throw new Error('usage: profile-top.ts <file.cpuprofile> [n] [--packages] [--from=s] [--to=s] [--against=<other.cpuprofile> [--per=<items in file>,<items in other>]]');
const options = { packages, from, to };

if (!against) {
  for (const line of topEntries(file, Number(count), options)) console.log(line);
} else {
  // Two profiles of the same work (Concord's and a baseline's): the entries whose self time differs
  // most, in ms, or in µs per item (a reply, a request) when each profile's count of items is given.
  const first = selfTimes(file, options);
  const other = selfTimes(against, options);
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
