import { CommanderError } from 'commander';
import { CommandFailure, ReportedExit, UsageError } from './cli-errors.js';
import { commandIo, type CliIo, type CommandIo } from './cli-io.js';
import { EXIT_FAILURE, EXIT_OK, EXIT_USAGE, type ExitCode } from './exit-codes.js';
import { buildProgram, PROGRAM_NAME } from './program.js';

const DEBUG_ENV = 'RETRYSAFE_DEBUG';

/**
 * Runs one command line (without the `node` and script arguments) and
 * resolves to the exit code: 0 ok, 1 failure, 2 usage. Never throws and never
 * exits the process: the caller sets the exit code.
 */
export async function runCli(args: readonly string[], io: CliIo): Promise<ExitCode> {
  const cio = commandIo(io);
  const program = buildProgram(cio);
  try {
    await program.parseAsync([...args], { from: 'user' });
    return EXIT_OK;
  } catch (error) {
    return reportError(error, cio);
  }
}

function reportError(error: unknown, io: CommandIo): ExitCode {
  // Commander has already written its own message (it names the flag), or
  // the help or version asked for (exit code 0; help shown for a missing
  // command carries 1).
  if (error instanceof CommanderError) return error.exitCode === EXIT_OK ? EXIT_OK : EXIT_USAGE;
  if (error instanceof ReportedExit) return error.exitCode === EXIT_USAGE ? EXIT_USAGE : EXIT_FAILURE;
  if (error instanceof UsageError) {
    io.stderr.write(`${io.err.red(`error: ${error.message}`)}\n${io.err.dim('(add --help for usage)')}\n`);
    return EXIT_USAGE;
  }
  io.stderr.write(`${io.err.red(`${PROGRAM_NAME}: ${describe(error)}`)}\n`);
  if (isDebug(io.env) && error instanceof Error && !(error instanceof CommandFailure)) io.stderr.write(`${error.stack ?? ''}\n`);
  return EXIT_FAILURE;
}

/** The message, and the causes' messages: a store error says why it failed (connection refused, no such table). */
function describe(error: unknown): string {
  const messages: string[] = [];
  let current: unknown = error;
  for (let depth = 0; depth < MAX_CAUSE_DEPTH && current !== undefined && current !== null; depth += 1) {
    const message = current instanceof Error ? current.message || current.name : String(current);
    // Store errors often repeat their cause's message: say each thing once.
    if (message !== '' && !messages.some((known) => known.includes(message))) messages.push(message);
    current = current instanceof Error ? current.cause : undefined;
  }
  return messages.join(': ');
}

/** Causes chain a few levels at most (store error -> SDK error -> socket error). */
const MAX_CAUSE_DEPTH = 4;

function isDebug(env: NodeJS.ProcessEnv): boolean {
  const value = env[DEBUG_ENV];
  return value !== undefined && value !== '' && value !== '0';
}
