import { normalizeServiceName } from '../tokens/service-name.js';

/** What a service's token-conflict error means. */
export type TokenConflict = 'mismatch' | 'instance-terminated';

interface TokenConflictRow {
  /** The SDK's service name (client class without 'Client'). */
  readonly service: string;
  readonly code: string;
  readonly conflict: TokenConflict;
}

/**
 * The services' token-conflict codes, read row by row from
 * ../shared/reference/aws-token-errors.json (facts from the public AWS
 * models). Only a code that means "this token is bound to another request"
 * maps. Left out, each for its reason:
 * - Connect and Device Farm `IdempotencyException`: documented as "an entity
 *   with the same name already exists", a name clash, not a token reuse.
 * - S3 Control `IdempotencyException` (CreateJob): the model leaves it
 *   undocumented; a guess would hide the service's own error.
 * - App Mesh, EBS and ECS `ConflictException`: those services document it as
 *   a token reused with other parameters, but `ConflictException` is a
 *   generic name that services use for resource-state conflicts too; a wrong
 *   mapping would replace an error callers check by name.
 * - Directory Service Data `ConflictException`: object exists, member already
 *   in group, or token reuse; mixed meanings.
 * - Application Discovery `ResourceInUseException`: generic name (also "in
 *   use"), same reason as ConflictException.
 * - DynamoDB `ImportConflictException`: an import conflicting with another,
 *   only sometimes through the token.
 * - CloudFront `*AlreadyExists` and Route 53 `HostedZoneAlreadyExists`,
 *   `HealthCheckAlreadyExists`, `DelegationSetAlreadyCreated`,
 *   `CidrCollectionAlreadyExistsException`: the caller reference was used
 *   before, which can mean the first request succeeded (Route 53 answers so
 *   even for identical parameters) or the resource was deleted; not a
 *   parameter mismatch.
 * - SFN `ExecutionAlreadyExists`: same name with other input, or a closed
 *   execution of that name; mixed meanings.
 * - GreengrassV2 `RequestAlreadyInProgressException`: the first request with
 *   this token is still running; not a conflict.
 * - IoT `TaskAlreadyExistsException`: same task ID with a different token.
 * - CodeCommit `ClientRequestTokenRequiredException` and
 *   `InvalidClientRequestTokenException`, CodePipeline and RAM
 *   `InvalidClientTokenException`: the token is missing or malformed.
 */
const TOKEN_CONFLICT_ROWS: readonly TokenConflictRow[] = [
  { service: 'CloudControl', code: 'ClientTokenConflictException', conflict: 'mismatch' },
  // The token is already bound to another request.
  { service: 'CloudFormation', code: 'TokenAlreadyExistsException', conflict: 'mismatch' },
  { service: 'CodeCommit', code: 'IdempotencyParameterMismatchException', conflict: 'mismatch' },
  { service: 'ConfigService', code: 'IdempotentParameterMismatch', conflict: 'mismatch' },
  { service: 'DynamoDB', code: 'IdempotentParameterMismatchException', conflict: 'mismatch' },
  // EC2 models no errors: the code arrives as the error's name.
  { service: 'EC2', code: 'IdempotentParameterMismatch', conflict: 'mismatch' },
  { service: 'EC2', code: 'IdempotentInstanceTerminated', conflict: 'instance-terminated' },
  // FSx documents this as "the same client request token but different parameters".
  { service: 'FSx', code: 'IncompatibleParameterError', conflict: 'mismatch' },
  { service: 'GameLift', code: 'IdempotentParameterMismatchException', conflict: 'mismatch' },
  { service: 'Glue', code: 'IdempotentParameterMismatchException', conflict: 'mismatch' },
  { service: 'Imagebuilder', code: 'IdempotentParameterMismatchException', conflict: 'mismatch' },
  { service: 'MachineLearning', code: 'IdempotentParameterMismatchException', conflict: 'mismatch' },
  { service: 'RAM', code: 'IdempotentParameterMismatchException', conflict: 'mismatch' },
  // RAM's query-compatible code (the error's `Code`).
  { service: 'RAM', code: 'IdempotentParameterMismatch', conflict: 'mismatch' },
  { service: 'Rekognition', code: 'IdempotentParameterMismatchException', conflict: 'mismatch' },
  { service: 'RoboMaker', code: 'IdempotentParameterMismatchException', conflict: 'mismatch' },
  { service: 'SSM', code: 'IdempotentParameterMismatch', conflict: 'mismatch' },
  { service: 'Textract', code: 'IdempotentParameterMismatchException', conflict: 'mismatch' },
];

/**
 * Codes whose name alone says "token conflict", whatever the service: safe
 * to recognise for services the table does not list yet.
 */
const SERVICE_AGNOSTIC_CONFLICTS: ReadonlyMap<string, TokenConflict> = new Map<string, TokenConflict>([
  ['IdempotentParameterMismatch', 'mismatch'],
  ['IdempotentParameterMismatchException', 'mismatch'],
  ['IdempotencyParameterMismatchException', 'mismatch'],
  ['TokenAlreadyExistsException', 'mismatch'],
  ['ClientTokenConflictException', 'mismatch'],
  ['IdempotentInstanceTerminated', 'instance-terminated'],
]);

const CONFLICTS_BY_SERVICE: ReadonlyMap<string, ReadonlyMap<string, TokenConflict>> = (() => {
  const byService = new Map<string, Map<string, TokenConflict>>();
  for (const row of TOKEN_CONFLICT_ROWS) {
    const key = normalizeServiceName(row.service);
    const codes = byService.get(key) ?? new Map<string, TokenConflict>();
    codes.set(row.code, row.conflict);
    byService.set(key, codes);
  }
  return byService;
})();

/**
 * What `code` means for `service` ('EC2', 'EC2Client', 'ec2' are one
 * service): 'mismatch' (token reused with other parameters),
 * 'instance-terminated' (EC2: the token's instance is gone), or undefined
 * (not a token conflict). A service the table does not know still gets the
 * service-agnostic names.
 */
export function tokenConflictFor(service: string, code: string): TokenConflict | undefined {
  return CONFLICTS_BY_SERVICE.get(normalizeServiceName(service))?.get(code) ?? SERVICE_AGNOSTIC_CONFLICTS.get(code);
}

/** True for a code that is a token conflict in any service (see tokenConflictFor). */
export function isTokenConflictCode(code: string): boolean {
  return SERVICE_AGNOSTIC_CONFLICTS.has(code);
}
