import type { Context } from 'aws-lambda';

export interface ContextOptions {
  /** What getRemainingTimeInMillis() answers. Default 30 s. */
  readonly remainingMs?: number;
  readonly functionName?: string;
  readonly awsRequestId?: string;
  readonly tenantId?: string;
}

const DEFAULT_REMAINING_MS = 30_000;

/** A Lambda context as the Node.js runtime builds it. */
export function lambdaContext(options: ContextOptions = {}): Context {
  const functionName = options.functionName ?? 'orders-worker';
  const unsupported = (): never => {
    throw new Error('deprecated context callbacks are not used');
  };
  return {
    callbackWaitsForEmptyEventLoop: true,
    functionName,
    functionVersion: '$LATEST',
    invokedFunctionArn: `arn:aws:lambda:us-east-1:123456789012:function:${functionName}`,
    memoryLimitInMB: '512',
    awsRequestId: options.awsRequestId ?? 'c6af9ac6-7b61-11e6-9a41-93e812345678',
    logGroupName: `/aws/lambda/${functionName}`,
    logStreamName: '2026/11/22/[$LATEST]2e3f4a5b6c7d8e9f0a1b2c3d4e5f6a7b',
    ...(options.tenantId === undefined ? {} : { tenantId: options.tenantId }),
    getRemainingTimeInMillis: () => options.remainingMs ?? DEFAULT_REMAINING_MS,
    done: unsupported,
    fail: unsupported,
    succeed: unsupported,
  };
}
