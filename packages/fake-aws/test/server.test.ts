import { request as httpRequest } from 'node:http';
import { connect, type Socket } from 'node:net';

import { DescribeInstancesCommand } from '@aws-sdk/client-ec2';

import { startFakeAws, type FakeAwsServer } from '@retrysafe/fake-aws';

import { clientsFor } from './support/clients.js';

// The server itself: where it listens, how it stops, what it answers to
// requests no service serves, and its counters.

interface RawResponse {
  readonly status: number;
  readonly headers: Record<string, string | string[] | undefined>;
  readonly body: string;
}

function raw(server: FakeAwsServer, init: { method?: string; path?: string; headers?: Record<string, string>; body?: string }): Promise<RawResponse> {
  return new Promise((resolve, reject) => {
    const req = httpRequest(
      { host: '127.0.0.1', port: server.port, method: init.method ?? 'POST', path: init.path ?? '/', headers: init.headers, agent: false },
      (res) => {
        const chunks: Buffer[] = [];
        res.on('data', (c: Buffer) => chunks.push(c));
        res.on('end', () => resolve({ status: res.statusCode ?? 0, headers: res.headers, body: Buffer.concat(chunks).toString() }));
      },
    );
    req.on('error', reject);
    req.end(init.body);
  });
}

const FORM = { 'content-type': 'application/x-www-form-urlencoded' };

describe('lifecycle', () => {
  it('listens on 127.0.0.1 on a free port and reports its endpoint', async () => {
    const server = await startFakeAws();
    try {
      expect(server.port).toBeGreaterThan(0);
      expect(server.endpoint).toBe(`http://127.0.0.1:${server.port}`);
      expect(Number.isInteger(server.seed)).toBe(true);
      expect(server.region).toBe('us-east-1');
      expect(server.accountId).toBe('123456789012');
    } finally {
      await server.close();
    }
  });

  it('refuses a port that is taken, with the listen error', async () => {
    const first = await startFakeAws();
    try {
      await expect(startFakeAws({ port: first.port })).rejects.toMatchObject({ code: 'EADDRINUSE' });
    } finally {
      await first.close();
    }
  });

  it('rejects bad options with RangeError', async () => {
    await expect(startFakeAws({ port: -1 })).rejects.toThrow(RangeError);
    await expect(startFakeAws({ seed: 1.5 })).rejects.toThrow(RangeError);
    await expect(startFakeAws({ seed: 2 ** 32 })).rejects.toThrow(RangeError);
    await expect(startFakeAws({ accountId: '42' })).rejects.toThrow(RangeError);
    await expect(startFakeAws({ faults: { rates: { throttle: 2 } } })).rejects.toThrow(RangeError);
  });

  it('close() ends idle keep-alive connections, may be called twice, and frees the port', async () => {
    const server = await startFakeAws();
    const socket: Socket = connect(server.port, '127.0.0.1');
    await new Promise<void>((resolve, reject) => socket.once('connect', resolve).once('error', reject));
    const socketClosed = new Promise<void>((resolve) => socket.once('close', () => resolve()));
    await Promise.all([server.close(), server.close()]);
    await socketClosed;
    expect(socket.destroyed).toBe(true);
    const again = await startFakeAws({ port: server.port });
    await again.close();
  });

  it('close() also ends a request held by a latency fault', async () => {
    const server = await startFakeAws({ faults: { rates: { latency: 1 }, latencyMs: 60_000 } });
    const pending = raw(server, { headers: FORM, body: 'Action=DescribeInstances&Version=2016-11-15' });
    while (server.stats().faults.latency === 0) await new Promise((resolve) => setTimeout(resolve, 5));
    await server.close();
    await expect(pending).rejects.toThrow(/socket hang up|ECONNRESET/);
  });
});

describe('requests no service serves', () => {
  let server: FakeAwsServer;
  beforeAll(async () => {
    server = await startFakeAws({ seed: 5 });
  });
  afterAll(() => server.close());

  it('an unknown path: 404 UnknownOperationException', async () => {
    const response = await raw(server, { method: 'GET', path: '/nothing-here' });
    expect(response.status).toBe(404);
    expect(response.headers['x-amzn-errortype']).toBe('UnknownOperationException');
  });

  it('a query without Action, or with an unknown one, gets the query error', async () => {
    const missing = await raw(server, { headers: FORM, body: 'Version=2016-11-15' });
    expect(missing.status).toBe(400);
    expect(missing.body).toContain('<Code>MissingAction</Code>');
    const unknown = await raw(server, { headers: FORM, body: 'Action=LaunchRockets&Version=2010-05-15' });
    expect(unknown.body).toContain('<ErrorResponse');
    expect(unknown.body).toContain('<Code>InvalidAction</Code>');
    const conflicting = await raw(server, { headers: FORM, body: 'Action=DescribeInstances&Version=2016-11-15&A=1&A.1=2' });
    expect(conflicting.body).toContain('<Code>MalformedQueryString</Code>');
  });

  it('RAM with a body that is not a JSON object: SerializationException', async () => {
    const response = await raw(server, { path: '/createresourceshare', headers: { 'content-type': 'application/json' }, body: '[1' });
    expect(response.status).toBe(400);
    expect(response.headers['x-amzn-errortype']).toBe('SerializationException');
    const wrongMethod = await raw(server, { method: 'GET', path: '/getresourceshares' });
    expect(wrongMethod.status).toBe(405);
  });

  it('a body over the limit: 413', async () => {
    const response = await raw(server, { headers: FORM, body: `Action=DescribeInstances&X=${'a'.repeat(3 * 1024 * 1024)}` });
    expect(response.status).toBe(413);
  });

  it('takes the Region from the host name when the request is not signed', async () => {
    server.reset();
    const response = await raw(server, {
      headers: { ...FORM, host: 'ec2.eu-central-1.amazonaws.com' },
      body: 'Action=RunInstances&Version=2016-11-15&ImageId=ami-12345678&MinCount=1&MaxCount=1',
    });
    expect(response.status).toBe(200);
    expect(response.headers['x-amzn-requestid']).toMatch(/^[0-9a-f-]{36}$/);
    expect(response.body).toContain('xmlns="http://ec2.amazonaws.com/doc/2016-11-15/"');
    expect(server.resources('ec2')[0]?.availabilityZone).toBe('eu-central-1a');
  });
});

describe('counters and reset', () => {
  it('counts requests, operations and created resources; reset() forgets them and the resources', async () => {
    const server = await startFakeAws({ seed: 6 });
    const clients = clientsFor(server.endpoint);
    try {
      await clients.ec2.send(new DescribeInstancesCommand({}));
      await clients.ec2.send(new DescribeInstancesCommand({}));
      await raw(server, { method: 'GET', path: '/unknown' });
      const stats = server.stats();
      expect(stats.requests).toBe(3);
      expect(stats.requestsByOperation).toEqual({ 'ec2:DescribeInstances': 2 });
      expect(stats.created).toEqual({ ec2: 0, cloudformation: 0, ram: 0 });
      expect(Object.values(stats.faults).every((n) => n === 0)).toBe(true);
      expect(server.requests().map((r) => r.sequence)).toEqual([1, 2]);
      server.reset();
      expect(server.stats().requests).toBe(0);
      expect(server.requests()).toEqual([]);
      expect(() => server.resources('s3' as 'ec2')).toThrow(RangeError);
    } finally {
      clients.destroy();
      await server.close();
    }
  });
});
