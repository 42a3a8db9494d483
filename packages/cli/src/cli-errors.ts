/**
 * A command line the CLI cannot act on (exit 2). `flag` names what was
 * wrong ('--region', 'SERVICE'), so the message can start with it.
 */
export class UsageError extends Error {
  override readonly name = 'UsageError';
  constructor(
    readonly flag: string,
    message: string,
  ) {
    super(`${flag}: ${message}`);
  }
}

/** A command that ran and could not do its work (exit 1); the message is for the user, no stack. */
export class CommandFailure extends Error {
  override readonly name = 'CommandFailure';
}

/** A command that has already reported its outcome and only sets the exit code (the demo's). */
export class ReportedExit extends Error {
  override readonly name = 'ReportedExit';
  constructor(readonly exitCode: number) {
    super(`exit ${exitCode}`);
  }
}
