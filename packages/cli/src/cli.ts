#!/usr/bin/env node
import { runCli } from './run-cli.js';

// The `retrysafe` executable: the process's streams and signals around runCli.

const STOP_SIGNALS = ['SIGINT', 'SIGTERM'] as const;

// The SDK warns once per process on Node 20 that its 2027 releases need Node
// 22. The clients here are the CLI's own (demo, DynamoDB store), not the
// user's code, so the warning would only clutter the output; set the variable
// to 'false' to see it.
process.env['AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED'] ??= 'true';

function untilStopped(): Promise<string> {
  return new Promise((resolve) => {
    const stop = (signal: string): void => {
      for (const name of STOP_SIGNALS) process.off(name, stop);
      resolve(signal);
    };
    for (const name of STOP_SIGNALS) process.on(name, stop);
  });
}

// `retrysafe members | head` closes stdout early: stop quietly, as other
// Unix tools do, instead of dying on an unhandled EPIPE.
process.stdout.on('error', (error: NodeJS.ErrnoException) => {
  if (error.code !== 'EPIPE') throw error;
  process.exit(process.exitCode ?? 0);
});

runCli(process.argv.slice(2), { stdout: process.stdout, stderr: process.stderr, env: process.env, untilStopped }).then(
  (code) => {
    process.exitCode = code;
  },
  (error: unknown) => {
    // runCli reports every error itself; this is a bug in the CLI.
    process.stderr.write(`retrysafe: internal error: ${error instanceof Error ? error.message : String(error)}\n`);
    process.exitCode = 1;
  },
);
