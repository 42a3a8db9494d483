import {
  classifyError,
  IdempotentInstanceTerminatedError,
  IdempotentParameterMismatchError,
  InvalidClientTokenError,
  TokenStoreError,
  UnsupportedInputError,
  type ErrorClass,
} from '@retrysafe/core';
import {
  asSdkTimeoutError,
  closedPort,
  fetchError,
  httpRequestError,
  resettingServer,
  sdkAbortError,
  serviceError,
  silentServer,
  withAttemptMetadata,
  type LocalServer,
} from './support/retry-errors.js';

function nodeError(code: string, message: string): Error {
  return Object.assign(new Error(message), { code, errno: -104, syscall: 'read' });
}

const TOKEN = '6f0c1d2e-3a4b-4c5d-8e6f-7a8b9c0d1e2f';

const cases: ReadonlyArray<readonly [string, unknown, ErrorClass]> = [
  // Throttling: status, trait, and the SDK's codes, before any 5xx rule.
  ['EC2 RequestLimitExceeded (503, client fault)', serviceError({ name: 'RequestLimitExceeded', status: 503 }), 'throttling'],
  ['CloudFormation Throttling (400)', serviceError({ name: 'Throttling', status: 400, Code: 'Throttling' }), 'throttling'],
  ['RAM ThrottlingException (429)', serviceError({ name: 'ThrottlingException', status: 429 }), 'throttling'],
  ['any 429', serviceError({ name: 'SomethingNew', status: 429 }), 'throttling'],
  ['$retryable.throttling on a 400', serviceError({ name: 'CodedThrottlingError', status: 400, retryable: { throttling: true } }), 'throttling'],
  ['DynamoDB ProvisionedThroughputExceededException', serviceError({ name: 'ProvisionedThroughputExceededException', status: 400 }), 'throttling'],
  ['S3 SlowDown (503)', serviceError({ name: 'SlowDown', status: 503, fault: 'server' }), 'throttling'],
  ['throttling code as Code only', serviceError({ name: 'EC2ServiceException', status: 503, Code: 'RequestLimitExceeded' }), 'throttling'],
  // Transient: 5xx, trait, the SDK's transient codes with a response.
  ['500 InternalError', serviceError({ name: 'InternalError', status: 500, fault: 'server' }), 'transient'],
  ['502 from a proxy', serviceError({ name: 'UnknownError', status: 502 }), 'transient'],
  ['503 ServiceUnavailable', serviceError({ name: 'ServiceUnavailable', status: 503, fault: 'server' }), 'transient'],
  ['504 gateway timeout', serviceError({ name: 'UnknownError', status: 504 }), 'transient'],
  ['501, any 5xx', serviceError({ name: 'NotImplemented', status: 501, fault: 'server' }), 'transient'],
  ['599, any 5xx', serviceError({ name: 'UnknownError', status: 599 }), 'transient'],
  ['$retryable without throttling', serviceError({ name: 'ConcurrentModification', status: 400, retryable: {} }), 'transient'],
  ['S3 RequestTimeout (400 with a body)', serviceError({ name: 'RequestTimeout', status: 400 }), 'transient'],
  ['clock skew corrected by the SDK', serviceError({ name: 'RequestTimeTooSkewed', status: 403, clockSkewCorrected: true }), 'transient'],
  ['expired signature', serviceError({ name: 'InvalidSignatureException', status: 400, message: 'Signature expired: 20261101T120000Z is now earlier than 20261101T120500Z' }), 'transient'],
  // Not retryable: other 4xx and unknowns.
  ['400 ValidationError', serviceError({ name: 'ValidationError', status: 400 }), 'not-retryable'],
  ['400 InvalidParameterValue (EC2)', serviceError({ name: 'InvalidParameterValue', status: 400 }), 'not-retryable'],
  ['403 UnauthorizedOperation', serviceError({ name: 'UnauthorizedOperation', status: 403 }), 'not-retryable'],
  ['404 NoSuchEntity', serviceError({ name: 'NoSuchEntity', status: 404 }), 'not-retryable'],
  ['409 ConflictException (generic)', serviceError({ name: 'ConflictException', status: 409 }), 'not-retryable'],
  ['InvalidSignatureException without expiry', serviceError({ name: 'InvalidSignatureException', status: 400 }), 'not-retryable'],
  ['a network code on an error that has a response', Object.assign(serviceError({ name: 'BadRequest', status: 400 }), { code: 'ECONNRESET' }), 'not-retryable'],
  ['a 200 that failed to parse', serviceError({ name: 'SyntaxError', status: 200 }), 'not-retryable'],
  ['a plain TypeError (a bug)', new TypeError("Cannot read properties of undefined (reading 'x')"), 'not-retryable'],
  ['a thrown string', 'ECONNRESET', 'not-retryable'],
  ['undefined', undefined, 'not-retryable'],
  ['null', null, 'not-retryable'],
  ['an empty object', {}, 'not-retryable'],
  // Token conflicts, by name or Code, whatever the status.
  ['EC2 IdempotentParameterMismatch', serviceError({ name: 'IdempotentParameterMismatch', status: 400, Code: 'IdempotentParameterMismatch' }), 'mismatch'],
  ['EC2 IdempotentInstanceTerminated', serviceError({ name: 'IdempotentInstanceTerminated', status: 400 }), 'mismatch'],
  ['RAM IdempotentParameterMismatchException', serviceError({ name: 'IdempotentParameterMismatchException', status: 400 }), 'mismatch'],
  ['RAM query code only', serviceError({ name: 'RAMServiceException', status: 400, Code: 'IdempotentParameterMismatch' }), 'mismatch'],
  ['CloudFormation TokenAlreadyExistsException', serviceError({ name: 'TokenAlreadyExistsException', status: 400 }), 'mismatch'],
  ['CodeCommit IdempotencyParameterMismatchException', serviceError({ name: 'IdempotencyParameterMismatchException', status: 400 }), 'mismatch'],
  ['CloudControl ClientTokenConflictException', serviceError({ name: 'ClientTokenConflictException', status: 409 }), 'mismatch'],
  ['a conflict code on a 503 stays a conflict', serviceError({ name: 'IdempotentParameterMismatch', status: 503 }), 'mismatch'],
  // retrysafe's own errors.
  ['IdempotentParameterMismatchError (local)', new IdempotentParameterMismatchError({ token: TOKEN, service: 'EC2', operation: 'RunInstances', source: 'local', changedPaths: ['InstanceType'] }), 'mismatch'],
  ['IdempotentParameterMismatchError (service)', Object.assign(new IdempotentParameterMismatchError({ token: TOKEN, service: 'RAM', operation: 'CreateResourceShare', source: 'service', serviceCode: 'IdempotentParameterMismatchException' }), { $metadata: { httpStatusCode: 400 } }), 'mismatch'],
  ['IdempotentInstanceTerminatedError', new IdempotentInstanceTerminatedError({ token: TOKEN, service: 'EC2', operation: 'RunInstances', serviceCode: 'IdempotentInstanceTerminated' }), 'mismatch'],
  ['InvalidClientTokenError', new InvalidClientTokenError({ rule: 'maxLength', limit: '1..64', member: 'ClientToken' }), 'not-retryable'],
  ['TokenStoreError (unavailable)', new TokenStoreError({ store: 'redis', kind: 'unavailable', action: 'bind', cause: nodeError('ECONNREFUSED', 'connect ECONNREFUSED 127.0.0.1:6379') }), 'not-retryable'],
  ['UnsupportedInputError', new UnsupportedInputError('Tags.0', 'cycle'), 'not-retryable'],
  // Aborts, also through `cause`.
  ['AbortError', sdkAbortError(), 'aborted'],
  ['AbortError keeping the signal reason', sdkAbortError(new Error('shutting down')), 'aborted'],
  ['an error caused by an AbortError', new Error('send failed', { cause: sdkAbortError() }), 'aborted'],
  ['an AbortError with a 5xx status', Object.assign(sdkAbortError(), { $metadata: { httpStatusCode: 503 } }), 'aborted'],
  ['AbortSignal.timeout reason (DOMException TimeoutError)', new DOMException('The operation was aborted due to timeout', 'TimeoutError'), 'aborted'],
  // No response: network codes, the SDK's TimeoutError, socket hang up.
  ['ECONNRESET', nodeError('ECONNRESET', 'read ECONNRESET'), 'no-response'],
  ['ECONNREFUSED', nodeError('ECONNREFUSED', 'connect ECONNREFUSED 127.0.0.1:443'), 'no-response'],
  ['EPIPE', nodeError('EPIPE', 'write EPIPE'), 'no-response'],
  ['ETIMEDOUT', nodeError('ETIMEDOUT', 'connect ETIMEDOUT'), 'no-response'],
  ['ENOTFOUND (DNS: never reached the server)', nodeError('ENOTFOUND', 'getaddrinfo ENOTFOUND ec2.us-east-1.amazonaws.com'), 'no-response'],
  ['EAI_AGAIN', nodeError('EAI_AGAIN', 'getaddrinfo EAI_AGAIN ec2.us-east-1.amazonaws.com'), 'no-response'],
  ['socket hang up', nodeError('ECONNRESET', 'socket hang up'), 'no-response'],
  ['socket hang up without a code', new Error('socket hang up'), 'no-response'],
  ['the SDK renaming ECONNRESET to TimeoutError', asSdkTimeoutError(nodeError('ECONNRESET', 'read ECONNRESET')), 'no-response'],
  ['the SDK socket timeout', Object.assign(new Error('@smithy/node-http-handler - the request socket timed out after 30000 ms of inactivity'), { name: 'TimeoutError' }), 'no-response'],
  ['after the retry middleware added $metadata.attempts', withAttemptMetadata(nodeError('ECONNRESET', 'read ECONNRESET'), 2), 'no-response'],
  ['fetch failed with a network cause', new TypeError('fetch failed', { cause: nodeError('ECONNRESET', 'read ECONNRESET') }), 'no-response'],
  ['HTTP/2 refused stream', Object.assign(new Error('Stream closed with error code NGHTTP2_REFUSED_STREAM'), { code: 'ERR_HTTP2_STREAM_ERROR' }), 'no-response'],
  ['HTTP/2 other stream error', Object.assign(new Error('Stream closed with error code NGHTTP2_INTERNAL_ERROR'), { code: 'ERR_HTTP2_STREAM_ERROR' }), 'not-retryable'],
];

describe('classifyError', () => {
  it.each(cases)('%s', (_label, error, expected) => {
    expect(classifyError(error)).toBe(expected);
  });

  it('stops on a cyclic cause chain', () => {
    const first = new Error('first');
    const second = new Error('second', { cause: first });
    Object.assign(first, { cause: second });
    expect(classifyError(first)).toBe('not-retryable');
  });

  it('follows causes only so deep', () => {
    let error: Error = sdkAbortError();
    for (let depth = 0; depth < 50; depth += 1) error = new Error(`wrap ${depth}`, { cause: error });
    expect(classifyError(error)).toBe('not-retryable');
  });
});

describe('classifyError on real Node network failures (127.0.0.1)', () => {
  let resetting: LocalServer;
  let silent: LocalServer;

  beforeAll(async () => {
    resetting = await resettingServer();
    silent = await silentServer();
  });

  afterAll(async () => {
    await Promise.all([resetting?.close(), silent?.close()]);
  });

  it('a connection reset by the peer is no-response', async () => {
    const error = await httpRequestError(resetting.port);
    expect((error as Error & { code?: string }).code).toBe('ECONNRESET');
    expect(classifyError(error)).toBe('no-response');
    // As @smithy/node-http-handler rethrows it.
    expect(classifyError(asSdkTimeoutError(error))).toBe('no-response');
  });

  it('a refused connection is no-response', async () => {
    const error = await httpRequestError(await closedPort());
    expect((error as Error & { code?: string }).code).toBe('ECONNREFUSED');
    expect(classifyError(error)).toBe('no-response');
  });

  it("fetch's TypeError with the reset as cause is no-response", async () => {
    const error = await fetchError(resetting.port);
    // Jest's realm has its own TypeError: compare names, not constructors.
    expect((error as Error).name).toBe('TypeError');
    expect(((error as Error).cause as { code?: string }).code).toBe('ECONNRESET');
    expect(classifyError(error)).toBe('no-response');
  });

  it('a request aborted by its signal is aborted', async () => {
    const controller = new AbortController();
    controller.abort();
    const error = await httpRequestError(silent.port, { signal: controller.signal });
    expect(error.name).toBe('AbortError');
    expect(classifyError(error)).toBe('aborted');
  });

  it("AbortSignal.timeout's TimeoutError is aborted, not the SDK's network TimeoutError", async () => {
    const error = await fetchError(silent.port, { signal: AbortSignal.timeout(1) });
    expect((error as Error).name).toBe('TimeoutError');
    expect(classifyError(error)).toBe('aborted');
  });
});
