#!/usr/bin/env node
import { CLI_USAGE, CliUsageError, parseCliArgs } from './cli-args.js';
import { startFakeAws } from './server.js';

// `fake-aws`: starts the server, prints its endpoint URL (the first stdout
// line, for scripts to read), and stops cleanly on SIGINT or SIGTERM.

const EXIT_USAGE = 2;
const EXIT_FAILURE = 1;
const STOP_SIGNALS = ['SIGINT', 'SIGTERM'] as const;

async function main(): Promise<void> {
  let command;
  try {
    command = parseCliArgs(process.argv.slice(2));
  } catch (error) {
    if (!(error instanceof CliUsageError)) throw error;
    process.stderr.write(`fake-aws: ${error.message}\n${CLI_USAGE}\n`);
    process.exitCode = EXIT_USAGE;
    return;
  }
  if (command.kind === 'help') {
    process.stdout.write(`${CLI_USAGE}\n`);
    return;
  }
  const server = await startFakeAws(command.options);
  process.stdout.write(`${server.endpoint}\n`);
  process.stderr.write(`fake-aws: seed ${server.seed}, region ${server.region}; stop with Ctrl-C\n`);
  for (const signal of STOP_SIGNALS) {
    process.once(signal, () => {
      server.close().then(
        () => process.exit(0),
        () => process.exit(EXIT_FAILURE),
      );
    });
  }
}

main().catch((error: unknown) => {
  process.stderr.write(`fake-aws: ${error instanceof Error ? error.message : String(error)}\n`);
  process.exitCode = EXIT_FAILURE;
});
