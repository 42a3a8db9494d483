#!/usr/bin/env node
import { runDemo } from './run-demo.js';

// Entry of `pnpm demo` (runs the build: dist/esm/demo.js).

/**
 * AWS SDK releases warn once on Node 20 that later releases will need Node 22.
 * True, and said in the README; in the middle of the demo's table it is noise.
 */
const SDK_NODE_VERSION_WARNING = 'NodeVersionSupportWarning:';

const printWarnings = process.listeners('warning');
process.removeAllListeners('warning');
process.on('warning', (warning) => {
  if (warning.message.startsWith(SDK_NODE_VERSION_WARNING)) return;
  for (const print of printWarnings) print(warning);
});

runDemo(process.argv.slice(2), { stdout: process.stdout, stderr: process.stderr }).then(
  (code) => {
    process.exitCode = code;
  },
  (error: unknown) => {
    process.stderr.write(`demo failed: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}\n`);
    process.exitCode = 1;
  },
);
