import { processSqsBatch } from '@retrysafe/lambda';
import type { Context, SQSBatchResponse, SQSEvent, SQSRecord } from 'aws-lambda';
import { createClients, type ClientOptions } from './clients.js';
import { parseCustomerMessage } from './customer-message.js';
import { provisionEnvironment } from './provision.js';

export interface HandlerOptions extends ClientOptions {
  /** Told about each failed message. Default: one log line (the error's name and token, never the message body). */
  readonly onRecordFailure?: (error: unknown, record: SQSRecord) => void;
}

export type SqsHandler = (event: SQSEvent, context: Context) => Promise<SQSBatchResponse>;

/**
 * The Lambda handler: each message in its own idempotency scope (its message
 * ID), a partial batch response naming only the failed messages. Clients are
 * built once per execution environment, as Lambda handlers should.
 */
export function createHandler(options: HandlerOptions = {}): SqsHandler {
  const clients = createClients(options);
  const onRecordFailure = options.onRecordFailure ?? logFailure;
  return (event, context) =>
    processSqsBatch(event, context, (record) => provisionEnvironment(clients, parseCustomerMessage(record.body)), { onRecordFailure });
}

function logFailure(error: unknown, record: SQSRecord): void {
  const name = error instanceof Error ? error.name : typeof error;
  const token = (error as { idempotencyToken?: unknown } | null)?.idempotencyToken;
  console.error(JSON.stringify({ message: 'record failed', messageId: record.messageId, error: name, idempotencyToken: token }));
}
