// `pnpm bench`: runs the selected benchmarks, each in a fresh Node process
// (section-process.ts), prints a table for each and writes every number as
// JSON (default .bench-results/latest.json at the workspace root).
import { fork } from 'node:child_process';
import { dirname, join } from 'node:path';
import { parseBenchArgs, type BenchmarkName, type BenchSettings } from './bench-args.js';
import { machineInfo } from './machine.js';
import { writeResults } from './report/results-file.js';
import type { SectionOutcome } from './run-section.js';
import type { SectionMessage } from './section-process.js';

const SECTION_SCRIPT = 'section-process.js';

const out = (text: string): void => {
  process.stdout.write(`${text}\n\n`);
};
const progress = (text: string): void => {
  process.stderr.write(`  … ${text}\n`);
};

/** Runs one benchmark in a child process of its own (with --expose-gc) and waits for its outcome. */
function runSectionProcess(name: BenchmarkName, settings: BenchSettings): Promise<SectionOutcome> {
  return new Promise((resolve, reject) => {
    const child = fork(join(dirname(process.argv[1] ?? '.'), SECTION_SCRIPT), [name, JSON.stringify(settings)], {
      execArgv: ['--expose-gc'],
      stdio: ['ignore', 'inherit', 'inherit', 'ipc'],
    });
    let outcome: SectionMessage | undefined;
    child.on('message', (message: SectionMessage) => {
      outcome = message;
    });
    child.on('error', reject);
    child.on('exit', (code) => {
      if (outcome?.type === 'done') resolve(outcome.outcome);
      else reject(new Error(`benchmark ${name} failed (exit ${String(code)})${outcome?.type === 'failed' ? `:\n${outcome.message}` : ''}`));
    });
  });
}

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
    const outcome = await runSectionProcess(name, settings);
    sections[outcome.key] = outcome.result;
    out(outcome.table);
    progress(`${name} took ${((Date.now() - started) / 1000).toFixed(0)} s`);
  }
  const path = writeResults(
    { startedAt: startedAt.toISOString(), finishedAt: new Date().toISOString(), machine, machineAtEnd: machineInfo(), settings, ...sections },
    settings.out,
    process.env['INIT_CWD'] ?? process.cwd(),
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
main(settings).catch((error: unknown) => {
  process.stderr.write(`bench failed: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}\n`);
  process.exitCode = 1;
});
