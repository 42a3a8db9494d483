// How the workload's callers read an error, the way application code does
// today: by `name`. A mismatch or an "already exists" will not go away by
// sending again, so the caller stops; anything else is worth another send.

/**
 * Token conflicts: retrysafe's typed error, and the services' own codes a
 * bare client surfaces (EC2, RAM, and CloudFormation's "token already used
 * for another request").
 */
const MISMATCH_ERROR_NAMES: ReadonlySet<string> = new Set([
  'IdempotentParameterMismatchError',
  'IdempotentParameterMismatch',
  'IdempotentParameterMismatchException',
  'TokenAlreadyExistsException',
]);

/** CloudFormation's answer to a second CreateStack of a live stack name. */
const ALREADY_EXISTS_ERROR_NAMES: ReadonlySet<string> = new Set(['AlreadyExistsException']);

export function errorName(error: unknown): string {
  if (error instanceof Error) return error.name;
  return typeof error;
}

export function isMismatchError(error: unknown): boolean {
  return MISMATCH_ERROR_NAMES.has(errorName(error));
}

/** Errors after which a caller stops resending: sending again cannot change the answer. */
export function isFinalError(error: unknown): boolean {
  const name = errorName(error);
  return MISMATCH_ERROR_NAMES.has(name) || ALREADY_EXISTS_ERROR_NAMES.has(name);
}
