import { createHash } from 'node:crypto';
import { MAX_IDEMPOTENCY_KEY_LENGTH } from '@retrysafe/aws';
import type { Context } from 'aws-lambda';

/** Marks a key replaced by its digest because it was longer than the plugin accepts. */
const DIGEST_PREFIX = 'sha256:';

/**
 * The key retrysafe runs the handler under. By default it is scoped to the
 * function (and to the tenant, for a tenant-isolated function): one SNS
 * message or EventBridge event delivered to two functions is two logical
 * operations, never one. A key longer than the plugin accepts (an S3 object
 * key can be 1,024 bytes) is replaced by its SHA-256 digest.
 */
export function scopeKey(key: string, context: Pick<Context, 'functionName' | 'tenantId'>, scopeToFunction: boolean): string {
  const scoped = scopeToFunction ? `${functionScope(context)}/${key}` : key;
  return scoped.length <= MAX_IDEMPOTENCY_KEY_LENGTH ? scoped : DIGEST_PREFIX + createHash('sha256').update(scoped).digest('hex');
}

function functionScope(context: Pick<Context, 'functionName' | 'tenantId'>): string {
  const name = context.functionName;
  if (typeof name !== 'string' || name.length === 0) {
    throw new TypeError('retrysafe: the Lambda context has no functionName to scope keys to (set scopeKeysToFunction: false to use keys as they are)');
  }
  // Function names are [A-Za-z0-9_-]; a tenant ID is free text, so it is encoded.
  const tenant = context.tenantId;
  return typeof tenant === 'string' && tenant.length > 0 ? `${name}/tenant=${encodeURIComponent(tenant)}` : name;
}
