// `pnpm bench`: runs the selected benchmarks, prints a table for each and
// writes every number as JSON (default .bench-results/latest.json).
//
// The SDK warns once per client that its 2027 releases need Node 22; the
// bench runs on Node 20 on purpose, so that line would only clutter the output.
process.env['AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED'] ??= 'true';

import { dirname, join } from 'node:path';
import { parseBenchArgs, type BenchSettings } from './bench-args.js';
import { runChaosThroughput } from './benchmarks/chaos-throughput.js';
import { runFingerprintMicro } from './benchmarks/fingerprint-micro.js';
import { runMemoryBench } from './benchmarks/memory.js';
import { runOverhead } from './benchmarks/overhead.js';
import { runStoreRoundTrips } from './benchmarks/store-round-trips.js';
import { gcAvailable } from './heap.js';
import { machineInfo } from './machine.js';
import { writeResults } from './report/results-file.js';
import { chaosSection, fingerprintSection, memorySection, overheadSection, roundTripsSection } from './report/sections.js';

/** Progress lines per long phase. */
const PROGRESS_STEPS = 10;
/** The variant process's script, built beside this one. */
const OVERHEAD_CHILD_SCRIPT = 'overhead-child.js';

const out = (text: string): void => {
  process.stdout.write(`${text}\n\n`);
};
const progress = (text: string): void => {
  process.stderr.write(`  … ${text}\n`);
};

async function main(settings: BenchSettings): Promise<void> {
  const startedAt = new Date();
  const machine = machineInfo();
  out(
    `retrysafe bench${settings.quick ? ' (--quick)' : ''}: Node ${machine.node} on ${machine.cpuCount}× ${machine.cpuModel}, ` +
      `load average ${machine.loadAverage1m.toFixed(1)}`,
  );
  const sections: Record<string, unknown> = {};

  for (const name of settings.only) {
    const started = Date.now();
    progress(`${name}…`);
    switch (name) {
      case 'overhead': {
        const result = await runOverhead({
          sends: settings.overheadSends,
          rounds: settings.overheadRounds,
          warmup: settings.overheadWarmup,
          variants: settings.overheadVariants,
          isolate: settings.overheadIsolated ? { path: join(dirname(process.argv[1] ?? '.'), OVERHEAD_CHILD_SCRIPT), execArgv: ['--expose-gc'] } : undefined,
          onRound: (round, rounds) => {
            if (round % Math.ceil(rounds / PROGRESS_STEPS) === 0 || round === rounds) progress(`overhead round ${round}/${rounds}`);
          },
        });
        sections['overhead'] = result;
        out(overheadSection(result));
        break;
      }
      case 'chaos': {
        const result = await runChaosThroughput({
          operations: settings.chaosOperations,
          faultRate: settings.chaosFaultRate,
          onProgress: (mode, done, total) => {
            if (done === total) progress(`chaos ${mode}: ${done}/${total}`);
          },
        });
        sections['chaos'] = result;
        out(chaosSection(result));
        break;
      }
      case 'memory': {
        const result = await runMemoryBench({
          unkeyedSends: settings.memoryUnkeyedSends,
          keyedSends: settings.memoryKeyedSends,
          samples: settings.memorySamples,
          onProgress: (kind, done, total) => progress(`memory ${kind}: ${done.toLocaleString('en-US')}/${total.toLocaleString('en-US')}`),
        });
        sections['memory'] = result;
        out(memorySection(result));
        break;
      }
      case 'round-trips': {
        const result = await runStoreRoundTrips({ operations: settings.roundTripOperations });
        sections['roundTrips'] = result;
        out(roundTripsSection(result));
        break;
      }
      case 'fingerprint': {
        const result = await runFingerprintMicro({ calls: settings.fingerprintCalls, rounds: settings.fingerprintRounds });
        sections['fingerprint'] = result;
        out(fingerprintSection(result));
        break;
      }
    }
    progress(`${name} took ${((Date.now() - started) / 1000).toFixed(0)} s`);
  }

  const path = writeResults(
    { startedAt: startedAt.toISOString(), finishedAt: new Date().toISOString(), machine, machineAtEnd: machineInfo(), settings, ...sections },
    settings.out,
    process.cwd(),
  );
  out(`results written to ${path}`);
}

let settings: BenchSettings;
try {
  settings = parseBenchArgs(process.argv.slice(2));
} catch (error) {
  process.stderr.write(`${error instanceof Error ? error.message : String(error)}\n`);
  process.exit(2);
}
if (!gcAvailable() && settings.only.includes('memory')) {
  process.stderr.write('the memory benchmark needs `node --expose-gc` (pnpm bench passes it)\n');
  process.exit(2);
}
main(settings).catch((error: unknown) => {
  process.stderr.write(`bench failed: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}\n`);
  process.exitCode = 1;
});
