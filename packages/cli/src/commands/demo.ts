import type * as Chaos from '@retrysafe/chaos';
import type { Command } from 'commander';
import { CommandFailure, ReportedExit } from '../cli-errors.js';
import type { CommandIo } from '../cli-io.js';
import { EXIT_OK } from '../exit-codes.js';

const CHAOS_PACKAGE = '@retrysafe/chaos';

const NOTES = `
The demo takes its own options (--operations, --fault-rate, --seed, --concurrency,
--json): 'retrysafe demo --help' lists them. Exit code 1 means retrysafe let a
duplicate through.`;

export function registerDemoCommand(program: Command, io: CommandIo): void {
  program
    .command('demo')
    .summary("run the chaos demo: bare SDK vs retrysafe through a storm of faults (same as 'pnpm demo')")
    .description('Runs the chaos demo against an in-process fake-aws and prints the duplicates each mode created.')
    .argument('[options...]', "the demo's own options")
    // The demo parses (and explains) its own options, --help included.
    .helpOption(false)
    .allowUnknownOption()
    .allowExcessArguments()
    .addHelpText('after', NOTES)
    .action(async (_options: string[], _flags: object, command: Command) => {
      const { runDemo } = await loadChaos();
      const code = await runDemo(command.args, { stdout: io.stdout, stderr: io.stderr });
      if (code !== EXIT_OK) throw new ReportedExit(code);
    });
}

/**
 * The demo lives in @retrysafe/chaos, an optional peer: it ships with the
 * repository (and pulls in three SDK clients no other command needs), so it
 * is loaded only here, and its absence is explained rather than thrown.
 */
async function loadChaos(): Promise<typeof Chaos> {
  try {
    return (await import(CHAOS_PACKAGE)) as typeof Chaos;
  } catch (error) {
    const { code, message } = (error ?? {}) as { code?: unknown; message?: unknown };
    const missing = (code === 'ERR_MODULE_NOT_FOUND' || code === 'MODULE_NOT_FOUND') && String(message).includes(`'${CHAOS_PACKAGE}'`);
    if (!missing) throw error;
    throw new CommandFailure("the demo needs the @retrysafe/chaos package, which ships with the retrysafe repository: run 'pnpm demo' in a checkout");
  }
}
