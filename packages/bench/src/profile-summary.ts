// `node dist/esm/profile-summary.js <file.cpuprofile> [sends] [--top=N]`:
// where the time of a profiled overhead variant went, by area and by
// function, in % and (given the send count) µs per send.
import { readFileSync } from 'node:fs';
import { PROFILE_AREAS, summariseProfile, type CpuProfile } from './cpu-profile.js';
import { fixed, formatTable } from './report/table.js';

const DEFAULT_TOP = 25;
const PERCENT = 100;

function main(argv: readonly string[]): void {
  const [file, sendsText] = argv.filter((arg) => !arg.startsWith('--'));
  if (file === undefined) throw new Error('usage: profile-summary <file.cpuprofile> [sends] [--top=N]');
  const top = Number(argv.find((arg) => arg.startsWith('--top='))?.slice('--top='.length) ?? DEFAULT_TOP);
  const sends = sendsText === undefined ? undefined : Number(sendsText);
  const summary = summariseProfile(JSON.parse(readFileSync(file, 'utf8')) as CpuProfile);
  const row = (name: string, us: number): string[] => [
    name,
    `${fixed((us / summary.totalUs) * PERCENT, 1)}%`,
    sends === undefined ? '-' : `${fixed(us / sends, 1)} µs`,
  ];
  const sorted = (map: ReadonlyMap<string, number>, filter: (name: string) => boolean = () => true): [string, number][] =>
    [...map].filter(([name]) => filter(name)).sort((a, b) => b[1] - a[1]).slice(0, top);

  process.stdout.write(`${file}: ${fixed(summary.totalUs / 1_000, 0)} ms sampled\n\nSelf time by area\n`);
  process.stdout.write(`${formatTable(['area', 'share', 'per send'], PROFILE_AREAS.map((area) => row(area, summary.selfByArea.get(area) ?? 0)))}\n\n`);
  process.stdout.write(`Top ${top} functions by self time\n`);
  process.stdout.write(`${formatTable(['function', 'share', 'per send'], sorted(summary.selfByFunction).map(([name, us]) => row(name, us)))}\n\n`);
  process.stdout.write(`retrysafe functions by inclusive time (synchronous callees)\n`);
  process.stdout.write(
    `${formatTable(['function', 'share', 'per send'], sorted(summary.inclusiveByFunction, (name) => /packages\/(aws|core|store-[a-z]+)\//.test(name)).map(([name, us]) => row(name, us)))}\n`,
  );
}

main(process.argv.slice(2));
