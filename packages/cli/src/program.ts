import { Command } from 'commander';
import type { CommandIo } from './cli-io.js';
import { registerDemoCommand } from './commands/demo.js';
import { registerFakeAwsCommand } from './commands/fake-aws.js';
import { registerMembersCommand } from './commands/members.js';
import { registerStoreCommand } from './commands/store.js';
import { registerTokenCommand } from './commands/token.js';
import { EXIT_CODES_HELP } from './exit-codes.js';
import { packageVersion } from './package-version.js';

export const PROGRAM_NAME = 'retrysafe';

const FOOTER = `
${EXIT_CODES_HELP}
Errors go to stderr, data to stdout; --json gives output for scripts. Colour only
on a terminal (NO_COLOR turns it off). RETRYSAFE_DEBUG=1 adds stack traces.`;

/**
 * The whole command tree. Output settings and exitOverride are set before the
 * subcommands are made, so every subcommand inherits them: commander throws
 * instead of exiting, and writes through `io`.
 */
export function buildProgram(io: CommandIo): Command {
  const program = new Command(PROGRAM_NAME)
    .description('Safe retries for the AWS SDK v3: idempotency tokens for shell scripts, token member lookup, token stores.')
    .version(packageVersion(), '-V, --version', 'print the version')
    .helpOption('-h, --help', 'show help for a command')
    .helpCommand('help [command]', 'show help for a command')
    .exitOverride()
    .showHelpAfterError(io.err.dim('(add --help for usage)'))
    .configureOutput({
      writeOut: (text) => void io.stdout.write(text),
      writeErr: (text) => void io.stderr.write(text),
      getOutHasColors: () => io.out.enabled,
      getErrHasColors: () => io.err.enabled,
      outputError: (text, write) => write(io.err.red(text)),
    })
    .addHelpText('afterAll', FOOTER);

  registerTokenCommand(program, io);
  registerMembersCommand(program, io);
  registerStoreCommand(program, io);
  registerDemoCommand(program, io);
  registerFakeAwsCommand(program, io);
  return program;
}
