import { SERVICE_NAMES, startFakeAws } from '@retrysafe/fake-aws';
import { demoUsage, DemoUsageError, parseDemoArgs, type DemoSettings } from './demo-args.js';
import { startPhase, type ProgressOutput } from './demo-progress.js';
import { formatComparisonTable, formatNotes, formatRunHeader, modeLabel, retrysafeDuplicates } from './demo-report.js';
import { CHAOS_MODES, resolveChaosOptions, type ChaosMode } from './options.js';
import type { ChaosRunResult } from './results.js';
import { runChaosWorkload } from './workload.js';

// `pnpm demo`: one fake-aws in this process, the same chaos workload run
// with bare clients, with retrysafe, and with keyed callers that restart
// after every fault; then the numbers side by side.

/** Where `runDemo` writes. */
export interface DemoIo {
  /** The report, or with `--json` only the JSON. On a terminal (`isTTY`) progress is drawn as bars in place. */
  readonly stdout: ProgressOutput & { readonly isTTY?: boolean };
  /** Usage errors, and progress under `--json`. */
  readonly stderr: ProgressOutput;
  /** How the demo was started, for its usage text. Default 'pnpm demo'. */
  readonly commandName?: string;
}

export const EXIT_OK = 0;
export const EXIT_DUPLICATES = 1;
export const EXIT_USAGE = 2;
const MS_PER_SECOND = 1000;

/** Runs the demo; resolves to the process exit code. */
export async function runDemo(args: readonly string[], io: DemoIo): Promise<number> {
  let settings: DemoSettings;
  try {
    const command = parseDemoArgs(args);
    if (command.kind === 'help') {
      io.stdout.write(`${demoUsage(io.commandName)}\n`);
      return EXIT_OK;
    }
    settings = command.settings;
    // Every mode's options are checked before anything starts.
    for (const mode of CHAOS_MODES) resolveChaosOptions(workloadOptions(mode, settings), SERVICE_NAMES);
  } catch (error) {
    if (!(error instanceof DemoUsageError || error instanceof RangeError)) throw error;
    io.stderr.write(`demo: ${error.message}\n${demoUsage(io.commandName)}\n`);
    return EXIT_USAGE;
  }

  // With --json, stdout carries only the JSON; progress goes to stderr.
  const progressOut = settings.json ? io.stderr : io.stdout;
  const interactive = !settings.json && io.stdout.isTTY === true;
  const server = await startFakeAws({ seed: settings.seed });
  const results: ChaosRunResult[] = [];
  try {
    for (const [index, mode] of CHAOS_MODES.entries()) {
      const phase = startPhase(progressOut, interactive, modeLabel(mode), index + 1, CHAOS_MODES.length);
      const result = await runChaosWorkload({
        ...workloadOptions(mode, settings),
        server,
        onProgress: ({ done, total }) => phase.update(done, total),
      });
      phase.finish(`done in ${(result.wallTimeMs / MS_PER_SECOND).toFixed(1)} s, ${result.total.duplicates} duplicates`);
      results.push(result);
    }
  } finally {
    await server.close();
  }

  const duplicates = retrysafeDuplicates(results);
  const exitCode = duplicates === 0 ? EXIT_OK : EXIT_DUPLICATES;
  if (settings.json) {
    io.stdout.write(`${JSON.stringify({ settings, runs: results, retrysafeDuplicates: duplicates, exitCode }, null, 2)}\n`);
    return exitCode;
  }
  const first = results[0] as ChaosRunResult;
  io.stdout.write(
    [
      '',
      formatRunHeader(first),
      '',
      formatComparisonTable(results),
      '',
      formatNotes(results),
      '',
      verdict(results, duplicates),
      '',
    ].join('\n'),
  );
  return exitCode;
}

function workloadOptions(mode: ChaosMode, settings: DemoSettings) {
  return {
    mode,
    operations: settings.operations,
    faultRate: settings.faultRate,
    seed: settings.seed,
    concurrency: settings.concurrency,
  };
}

function verdict(results: readonly ChaosRunResult[], duplicates: number): string {
  const bare = results.find((r) => r.mode === 'bare')?.total.duplicates ?? 0;
  if (duplicates === 0) {
    return `retrysafe: 0 duplicates, exactly one resource per operation (bare SDK: ${bare}).`;
  }
  return `FAILED: retrysafe created ${duplicates} duplicates (bare SDK: ${bare}).`;
}
