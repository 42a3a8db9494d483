import { DEFAULT_MAX_ATTEMPTS, MAXIMUM_RETRY_DELAY, Retry } from '@smithy/core/retry';

// What bare clients retry with: the SDK's own standard-mode defaults, read
// from the installed @smithy/core, so the demo's note cannot go stale.

export interface SdkRetryDefaults {
  readonly maxAttempts: number;
  readonly baseDelayMs: number;
  readonly throttlingBaseDelayMs: number;
  readonly maxDelayMs: number;
}

export function sdkRetryDefaults(): SdkRetryDefaults {
  return {
    maxAttempts: DEFAULT_MAX_ATTEMPTS,
    baseDelayMs: Retry.delay(),
    throttlingBaseDelayMs: Retry.throttlingDelay(),
    maxDelayMs: MAXIMUM_RETRY_DELAY,
  };
}
