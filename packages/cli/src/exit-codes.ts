/** The command ran and succeeded (`--help` and `--version` too). */
export const EXIT_OK = 0;
/** The command ran and failed: a store down, a binding missing, duplicates in the demo. */
export const EXIT_FAILURE = 1;
/** The command line was wrong: an unknown or bad flag, a missing argument. Nothing ran. */
export const EXIT_USAGE = 2;

/**
 * The process exit codes of `retrysafe`, documented in every --help and the
 * README: 0 ok, 1 failure, 2 usage error. What `runCli` resolves to.
 */
export type ExitCode = typeof EXIT_OK | typeof EXIT_FAILURE | typeof EXIT_USAGE;

/** The help epilogue every command shows. */
export const EXIT_CODES_HELP = `Exit codes: ${EXIT_OK} ok, ${EXIT_FAILURE} failure, ${EXIT_USAGE} usage error (bad flag or argument).`;
