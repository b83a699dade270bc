// `npm run bench [startup|bot]`: prints each benchmark's figures. Uses DATABASE_URL when set,
// the embedded database otherwise. Run `npm run build` first (the bundle is what is measured).
import { benchBot } from './bot.bench.ts';
import { benchStartup } from './startup.bench.ts';

const wanted = new Set(process.argv.slice(2));
const run = (name: string) => wanted.size === 0 || wanted.has(name);
const databaseUrl = process.env.DATABASE_URL;

if (run('startup')) print('start-up and memory', await benchStartup(databaseUrl));
if (run('bot')) print('bot latency and throughput', await benchBot(databaseUrl));

function print(title: string, figures: Record<string, string>) {
  console.log(`\n## ${title}`);
  for (const [name, value] of Object.entries(figures)) console.log(`${name.padEnd(52)} ${value}`);
}
