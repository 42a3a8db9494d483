import { retryAfterMs } from '@retrysafe/core';
import { serviceError } from './support/retry-errors.js';

const NOW = Date.UTC(2026, 10, 2, 9, 30, 0);
const throttled = (headers: Record<string, string>) => serviceError({ name: 'ThrottlingException', status: 429, headers });

describe('retryAfterMs', () => {
  it('reads retry-after in seconds', () => {
    expect(retryAfterMs(throttled({ 'retry-after': '3' }), NOW)).toBe(3_000);
    expect(retryAfterMs(throttled({ 'retry-after': '0' }), NOW)).toBe(0);
    expect(retryAfterMs(throttled({ 'retry-after': '1.5' }), NOW)).toBe(1_500);
    expect(retryAfterMs(throttled({ 'retry-after': ' 120 ' }), NOW)).toBe(120_000);
  });

  it('reads retry-after as an HTTP-date, relative to now', () => {
    expect(retryAfterMs(throttled({ 'retry-after': new Date(NOW + 7_000).toUTCString() }), NOW)).toBe(7_000);
    expect(retryAfterMs(throttled({ 'retry-after': 'Mon, 02 Nov 2026 09:31:00 GMT' }), NOW)).toBe(60_000);
    // RFC 850, the obsolete form servers may still send.
    expect(retryAfterMs(throttled({ 'retry-after': 'Monday, 02-Nov-26 09:30:10 GMT' }), NOW)).toBe(10_000);
  });

  it('reads a date in the past as no wait', () => {
    expect(retryAfterMs(throttled({ 'retry-after': new Date(NOW - 60_000).toUTCString() }), NOW)).toBe(0);
  });

  it('reads x-amz-retry-after in milliseconds', () => {
    expect(retryAfterMs(throttled({ 'x-amz-retry-after': '250' }), NOW)).toBe(250);
  });

  it('prefers x-amz-retry-after over retry-after', () => {
    expect(retryAfterMs(throttled({ 'retry-after': '5', 'x-amz-retry-after': '1200' }), NOW)).toBe(1_200);
  });

  it('falls back to retry-after when x-amz-retry-after is unusable', () => {
    expect(retryAfterMs(throttled({ 'x-amz-retry-after': 'soon', 'retry-after': '2' }), NOW)).toBe(2_000);
  });

  it('matches header names in any case', () => {
    expect(retryAfterMs(throttled({ 'Retry-After': '4' }), NOW)).toBe(4_000);
    expect(retryAfterMs(throttled({ 'X-Amz-Retry-After': '40' }), NOW)).toBe(40);
  });

  it.each(['soon', '-5', '1e3', '', 'Mon, 02 Nov 2026 09:31:00', 'Xyz, 99 Nov 2026 09:31:00 GMT'])(
    'ignores retry-after %p',
    (value) => {
      expect(retryAfterMs(throttled({ 'retry-after': value }), NOW)).toBeUndefined();
    },
  );

  it.each(['-1', '2.5', 'NaN'])('ignores x-amz-retry-after %p', (value) => {
    expect(retryAfterMs(throttled({ 'x-amz-retry-after': value }), NOW)).toBeUndefined();
  });

  it('gives nothing without a response or without the headers', () => {
    expect(retryAfterMs(serviceError({ name: 'ThrottlingException', status: 429 }), NOW)).toBeUndefined();
    expect(retryAfterMs(Object.assign(new Error('read ECONNRESET'), { code: 'ECONNRESET' }), NOW)).toBeUndefined();
    expect(retryAfterMs(undefined, NOW)).toBeUndefined();
    expect(retryAfterMs('retry-after: 3', NOW)).toBeUndefined();
  });
});
