// @retrysafe/cli: the `retrysafe` command line. The executable is dist/esm/cli.js;
// this is the whole programmatic face, for embedding the CLI or testing it.
export { runCli } from './run-cli.js';
export type { CliIo } from './cli-io.js';
export type { OutputStream } from './colour.js';
export { EXIT_FAILURE, EXIT_OK, EXIT_USAGE, type ExitCode } from './exit-codes.js';
export { STORE_ENV_VARS } from './store-connection.js';
export { REGION_ENV_VARS } from './aws-region.js';
