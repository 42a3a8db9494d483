import { request, createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { sampleTokenRecord } from '@retrysafe/core/testing';
import { createTokenTable, DynamoDbTokenStore } from '../src/index.js';
import {
  LOOPBACK_HOST,
  localDynamoDbClient,
  loopbackEndpoint,
  randomTableName,
  startLocalDynamoDb,
  type LocalDynamoDb,
} from '../src/testing/index.js';
import { expectStoreError } from './support/expect-store-error.js';
import { SERVER_START_TIMEOUT_MS } from './support/store-fixture.js';

// What DynamoDB answers decides the kind of a store failure: an answer that
// says the store is set up wrong is 'misconfigured' (no retry mends it, and
// onStoreError: 'proceed' must not run past it); an outage stays
// 'unavailable'. The answers come from a gateway on 127.0.0.1 in front of a
// real dynalite, so the SDK parses them as it would DynamoDB's own.

/** One try: throttling would otherwise be retried by the client before the store sees it. */
const ONE_ATTEMPT = { maxAttempts: 1 };
const JSON_CONTENT_TYPE = 'application/x-amz-json-1.0';
const DESCRIBE_TABLE = 'DynamoDB_20120810.DescribeTable';

/** What the gateway does with one request: answer it with a DynamoDB error, or pass it to the server. */
type GatewayAnswer = { readonly status: number; readonly errorType: string } | 'forward';

interface Gateway {
  readonly endpoint: string;
  /** The X-Amz-Target of every request, in order. */
  readonly targets: string[];
  close(): Promise<void>;
}

async function startGateway(upstream: LocalDynamoDb, answer: (target: string, seen: number) => GatewayAnswer): Promise<Gateway> {
  const targets: string[] = [];
  const server: Server = createServer((incoming: IncomingMessage, response: ServerResponse) => {
    const target = String(incoming.headers['x-amz-target'] ?? '');
    targets.push(target);
    const decision = answer(target, targets.filter((seen) => seen === target).length);
    if (decision === 'forward') {
      const forwarded = request(
        { host: LOOPBACK_HOST, port: upstream.port, method: incoming.method, path: incoming.url, headers: incoming.headers },
        (upstreamResponse) => {
          response.writeHead(upstreamResponse.statusCode ?? 502, upstreamResponse.headers);
          upstreamResponse.pipe(response);
        },
      );
      forwarded.on('error', () => response.destroy());
      incoming.pipe(forwarded);
      return;
    }
    incoming.resume();
    const body = JSON.stringify({ __type: `com.amazonaws.dynamodb.v20120810#${decision.errorType}`, message: 'from the gateway' });
    response.writeHead(decision.status, { 'content-type': JSON_CONTENT_TYPE, 'content-length': Buffer.byteLength(body) });
    response.end(body);
  });
  await new Promise<void>((resolve) => server.listen(0, LOOPBACK_HOST, resolve));
  return {
    endpoint: loopbackEndpoint((server.address() as AddressInfo).port),
    targets,
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}

describe('DynamoDB answers that say the store is set up wrong', () => {
  let server: LocalDynamoDb | undefined;
  const gateways: Gateway[] = [];

  beforeAll(async () => {
    server = await startLocalDynamoDb('dynalite');
  }, SERVER_START_TIMEOUT_MS);

  afterEach(async () => {
    await Promise.all(gateways.splice(0).map((gateway) => gateway.close()));
  });

  afterAll(async () => {
    await server?.stop();
  });

  const gateway = async (answer: (target: string, seen: number) => GatewayAnswer): Promise<Gateway> => {
    if (server === undefined) throw new Error('dynalite did not start');
    const started = await startGateway(server, answer);
    gateways.push(started);
    return started;
  };

  it.each([
    ['AccessDeniedException', 400, 'misconfigured', false],
    ['UnrecognizedClientException', 400, 'misconfigured', false],
    ['ThrottlingException', 400, 'unavailable', true],
    ['InternalServerError', 500, 'unavailable', true],
  ] as const)('%s (HTTP %i) is %s', async (errorType, status, kind, retryable) => {
    const { endpoint } = await gateway(() => ({ status, errorType }));
    const store = new DynamoDbTokenStore({
      client: localDynamoDbClient(endpoint, ONE_ATTEMPT),
      tableName: randomTableName(),
      destroyClientOnClose: true,
    });
    const error = await expectStoreError(store.bind(sampleTokenRecord()), kind);
    expect(error).toMatchObject({ kind, retryable, store: 'dynamodb', action: 'bind' });
    expect(error.cause).toMatchObject({ name: errorType });
    expect(error.message).toContain(errorType);
    await store.close();
  });

  it('createTokenTable waits through the not-found DescribeTable may answer just after CreateTable', async () => {
    const notYetVisible = 2;
    const { endpoint, targets } = await gateway((target, seen) =>
      target === DESCRIBE_TABLE && seen <= notYetVisible ? { status: 400, errorType: 'ResourceNotFoundException' } : 'forward',
    );
    const client = localDynamoDbClient(endpoint);
    const tableName = randomTableName();
    try {
      expect(await createTokenTable({ client, tableName })).toMatchObject({ tableName, created: true });
      expect(targets.filter((target) => target === DESCRIBE_TABLE).length).toBeGreaterThan(notYetVisible);
      const store = new DynamoDbTokenStore({ client, tableName });
      expect((await store.bind(sampleTokenRecord())).created).toBe(true);
    } finally {
      client.destroy();
    }
  });

  it('createTokenTable gives up on a table DescribeTable never sees once activeTimeoutMs passes, as a timeout, and says so', async () => {
    const activeTimeoutMs = 600;
    const { endpoint, targets } = await gateway((target) =>
      target === DESCRIBE_TABLE ? { status: 400, errorType: 'ResourceNotFoundException' } : 'forward',
    );
    const client = localDynamoDbClient(endpoint);
    try {
      const tableName = randomTableName();
      const error = await expectStoreError(createTokenTable({ client, tableName, activeTimeoutMs }), 'unavailable');
      expect(error).toMatchObject({ kind: 'unavailable', action: 'create-table' });
      expect(error.message).toBe(`table '${tableName}' did not become ACTIVE within ${activeTimeoutMs} ms (DescribeTable does not see it yet)`);
      // It polled (every 250 ms) until the deadline, not gave up on the first answer.
      expect(targets.filter((target) => target === DESCRIBE_TABLE).length).toBeGreaterThanOrEqual(2);
    } finally {
      client.destroy();
    }
  });

  it('createTokenTable with credentials that may not create tables is misconfigured', async () => {
    const { endpoint } = await gateway(() => ({ status: 400, errorType: 'AccessDeniedException' }));
    const client = localDynamoDbClient(endpoint);
    try {
      const error = await expectStoreError(createTokenTable({ client, tableName: randomTableName() }), 'misconfigured');
      expect(error).toMatchObject({ kind: 'misconfigured', retryable: false, action: 'create-table' });
    } finally {
      client.destroy();
    }
  });
});
