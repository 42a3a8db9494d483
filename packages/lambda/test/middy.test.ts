import { execFile } from 'node:child_process';
import { join } from 'node:path';
import { promisify } from 'node:util';

// Middy 7 is ESM-only: it runs in a child process (support/middy-child.mjs)
// with real Middy, the real plugin and fake-aws; this test reads its report.

const CHILD = join(__dirname, 'support', 'middy-child.mjs');
const CHILD_TIMEOUT_MS = 60_000;

interface Launches {
  readonly before: string;
  readonly handler: string;
  readonly after: string;
}
interface ChildReport {
  readonly first: Launches;
  readonly again: Launches;
  readonly other: Launches;
  readonly wrappedRuns: readonly string[];
  readonly outside: readonly string[];
  readonly missing: { statusCode: number; body: string };
  readonly middlewareRan: boolean;
  readonly deadline: { failed: boolean; name?: string; attempts?: number; token?: string };
  readonly instances: number;
}

let report: ChildReport;
beforeAll(async () => {
  const { stdout } = await promisify(execFile)(process.execPath, [CHILD], {
    timeout: CHILD_TIMEOUT_MS,
    env: { ...process.env, AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED: 'true' },
  });
  report = JSON.parse(stdout.trim().split('\n').at(-1) ?? '') as ChildReport;
}, CHILD_TIMEOUT_MS);

describe('idempotencyExecutionMode with real Middy', () => {
  it('keys before-middlewares, the handler and after-middlewares alike: a redelivery launches nothing new', () => {
    expect(report.again).toEqual(report.first);
    expect(new Set(Object.values(report.first)).size).toBe(3);
  });

  it('gives another event its own instances', () => {
    for (const id of Object.values(report.other)) expect(Object.values(report.first)).not.toContain(id);
  });

  it('works on any Middy version by wrapping the whole Middy handler in withIdempotency', () => {
    expect(report.wrappedRuns[1]).toBe(report.wrappedRuns[0]);
  });

  it('leaves the code that called the handler outside any scope', () => {
    expect(new Set(report.outside).size).toBe(2);
    for (const id of report.outside) expect([...Object.values(report.first), ...Object.values(report.other)]).not.toContain(id);
    // 3 + 3 in the execution mode, 2 wrapped (before hook and handler), 2 unkeyed,
    // 0 for the missing key, 0 for the throttled call.
    expect(report.instances).toBe(10);
  });

  it('answers a missing key through onMissingKey before any middleware runs', () => {
    expect(report.missing).toEqual({ statusCode: 400, body: 'missing' });
    expect(report.middlewareRan).toBe(false);
  });

  it('takes the deadline from the context: with 300 ms left a throttled call fails at once, with its token', () => {
    expect(report.deadline).toMatchObject({ failed: true, name: 'RequestLimitExceeded', attempts: 1 });
    expect(report.deadline.token).toMatch(/^[0-9a-f-]{36}$/);
  });
});
