import type { Command } from 'commander';
import { ReportedExit } from '../cli-errors.js';
import type { CommandIo } from '../cli-io.js';
import { EXIT_OK } from '../exit-codes.js';

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
      // Loaded on demand: the demo pulls in three SDK clients, which no other command needs.
      const { runDemo } = await import('@retrysafe/chaos');
      const code = await runDemo(command.args, { stdout: io.stdout, stderr: io.stderr, commandName: 'retrysafe demo' });
      if (code !== EXIT_OK) throw new ReportedExit(code);
    });
}

