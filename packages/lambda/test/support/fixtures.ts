import { readFileSync } from 'node:fs';
import { join } from 'node:path';

/** Sample events shaped like the AWS documentation's, one file per source. */
export const FIXTURE_NAMES = [
  'sqs-event',
  'sqs-fifo-event',
  'sns-event',
  'eventbridge-event',
  'dynamodb-stream-event',
  'kinesis-event',
  's3-event',
  'api-gateway-rest-event',
  'api-gateway-http-event',
  'function-url-event',
  'alb-event',
  'async-invocation-event',
] as const;
export type FixtureName = (typeof FIXTURE_NAMES)[number];

/** A fresh copy of a fixture (tests may change it). */
export function loadFixture<T = Record<string, unknown>>(name: FixtureName): T {
  return readFixture<T>(name);
}

/** A fresh copy of any file in test/fixtures, by name without `.json`. */
export function readFixture<T>(name: string): T {
  return JSON.parse(readFileSync(join(__dirname, '..', 'fixtures', `${name}.json`), 'utf8')) as T;
}

/** The fixture's first record alone, as Lambda delivers it with a batch size of 1. */
export function singleRecordEvent<T extends { Records: unknown[] }>(name: FixtureName): T {
  const event = loadFixture<T>(name);
  event.Records = event.Records.slice(0, 1);
  return event;
}
