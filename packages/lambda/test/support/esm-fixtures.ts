import { readFixture } from './fixtures.js';

/**
 * Sample events of the sources that an event source mapping or EventBridge
 * Pipes polls (AWS's documented samples), one file per source. Kept apart
 * from FIXTURE_NAMES: S3 Batch Operations has no key, and the Pipes arrays
 * and multi-message samples are batches.
 */
export const ESM_FIXTURE_NAMES = [
  'msk-event',
  'self-managed-kafka-event',
  'activemq-event',
  'rabbitmq-event',
  'documentdb-event',
  's3-batch-event',
  'pipes-sqs-event',
  'pipes-kinesis-event',
  'pipes-dynamodb-event',
  'pipes-msk-event',
  'pipes-self-managed-kafka-event',
  'pipes-activemq-event',
  'pipes-rabbitmq-event',
] as const;
export type EsmFixtureName = (typeof ESM_FIXTURE_NAMES)[number];

/** A fresh copy of a fixture (tests may change it). */
export function loadEsmFixture<T = Record<string, unknown>>(name: EsmFixtureName): T {
  return readFixture<T>(name);
}

/**
 * One delivery with a batch size of 1: the first record of a Pipes array,
 * or the first ActiveMQ message (the sample holds two).
 */
export function singleDelivery(name: EsmFixtureName): unknown {
  const event = loadEsmFixture<unknown>(name);
  if (Array.isArray(event)) return event.slice(0, 1);
  const messages = (event as { messages?: unknown[] }).messages;
  return Array.isArray(messages) ? { ...(event as object), messages: messages.slice(0, 1) } : event;
}
