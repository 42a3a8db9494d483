import { randomInt } from 'node:crypto';
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo, Socket } from 'node:net';

import { HTTP_INTERNAL_ERROR } from './endpoint.js';
import { FaultPlan, type FaultConfig, type FaultDecision, type FaultKind, type ScriptedFaultOptions } from './faults.js';
import { IdGenerator } from './ids.js';
import { isValidSeed } from './prng.js';
import { garbageResponse } from './protocols/garbage.js';
import type { WireResponse } from './protocols/wire-response.js';
import { resolveRegion, type RequestContext } from './request-context.js';
import {
  instanceResource,
  resourceShareResource,
  stackResource,
  type ResourcesByService,
} from './resources.js';
import { Router, type RoutedRequest } from './router.js';
import type { ServiceError } from './service-error.js';
import { CloudFormationService } from './services/cloudformation.js';
import { cloudFormationEndpoint } from './services/cloudformation-wire.js';
import { Ec2Service } from './services/ec2.js';
import { ec2Endpoint } from './services/ec2-wire.js';
import { RamService } from './services/ram.js';
import { ramEndpoint } from './services/ram-wire.js';
import { isServiceName, type ServiceName } from './services/service-name.js';
import { StatsRecorder, type FakeAwsStats, type RequestRecord } from './stats.js';

// The fake-aws HTTP server: binds 127.0.0.1 only, routes each request to a
// fake service, and applies the fault the seeded plan picks for it.

/** Options of `startFakeAws`; every one is optional. */
export interface FakeAwsOptions {
  /** TCP port on 127.0.0.1; 0 (default) picks a free one. */
  readonly port?: number;
  /**
   * Seed of the fault generator and of resource ids, a whole number from 0 to
   * 2^32 - 1: the same seed and request sequence give the same faults and ids
   * (default: a random one, see `server.seed`).
   */
  readonly seed?: number;
  /** Random faults from the start (default: none). */
  readonly faults?: FaultConfig;
  /** Region used when a request's signature and host name do not tell (default us-east-1). */
  readonly region?: string;
  /** The account that owns everything (default 123456789012). */
  readonly accountId?: string;
}

/** A running fake-aws, from `startFakeAws`: its address, fault controls, counters and resources. */
export interface FakeAwsServer {
  /** `http://127.0.0.1:PORT`: pass it as `endpoint` to an SDK client. */
  readonly endpoint: string;
  /** The port it listens on (the one the OS picked when `port` was 0). */
  readonly port: number;
  /** The seed in use, given or drawn: pass it back as `seed` to repeat a run. */
  readonly seed: number;
  /** The default Region (see `FakeAwsOptions.region`). */
  readonly region: string;
  /** The 12-digit account that owns every resource. */
  readonly accountId: string;
  /** Stops listening and destroys open connections (idle keep-alive ones too). */
  close(): Promise<void>;
  /** Replaces the random fault configuration; throws RangeError on a bad one. */
  setFaults(config: FaultConfig): void;
  /** Gives the next `count` (default 1) matching requests the fault `kind`, before any random fault. */
  injectNext(kind: FaultKind, count?: number, options?: ScriptedFaultOptions): void;
  /** A snapshot of the counters since start or the last `reset`. */
  stats(): FakeAwsStats;
  /** Routed requests in arrival order (the latest REQUEST_LOG_LIMIT). */
  requests(): readonly RequestRecord[];
  /** Copies of every resource the service holds, deleted and terminated ones included. */
  resources<S extends ServiceName>(service: S): ResourcesByService[S][];
  /** Forgets resources, tokens, counters and scripted faults, and restarts the generator from the seed. */
  reset(): void;
}

/** The only address the server listens on: nothing outside the machine can reach it. */
export const LOOPBACK_HOST = '127.0.0.1';
/** The Region of a request whose signature and host name do not name one, unless `region` is set. */
export const DEFAULT_REGION = 'us-east-1';
/** The account that owns every resource unless `accountId` is set. */
export const DEFAULT_ACCOUNT_ID = '123456789012';
const MAX_BODY_BYTES = 2 * 1024 * 1024;
const MAX_PORT = 65_535;
const HTTP_PAYLOAD_TOO_LARGE = 413;
const SEED_LIMIT = 2 ** 32;
/** Request ids come from their own generator, so retries do not shift resource ids. */
const REQUEST_ID_SEED_SALT = 0x5eed;
const ACCOUNT_ID_PATTERN = /^[0-9]{12}$/;

/**
 * Starts a fake EC2, CloudFormation and RAM endpoint on 127.0.0.1 and
 * resolves once it listens. Throws `RangeError` for a port outside 0 to
 * 65,535, a seed outside 0 to 2^32 - 1, an account id that is not 12 digits
 * or a bad fault configuration. Always `close()` it.
 */
export async function startFakeAws(options: FakeAwsOptions = {}): Promise<FakeAwsServer> {
  const port = options.port ?? 0;
  if (!Number.isInteger(port) || port < 0 || port > MAX_PORT) {
    throw new RangeError(`port must be a whole number from 0 to ${MAX_PORT}, got ${port}`);
  }
  const seed = options.seed ?? randomInt(SEED_LIMIT);
  if (!isValidSeed(seed)) throw new RangeError(`seed must be a whole number from 0 to 2^32 - 1, got ${seed}`);
  const accountId = options.accountId ?? DEFAULT_ACCOUNT_ID;
  if (!ACCOUNT_ID_PATTERN.test(accountId)) throw new RangeError(`accountId must be 12 digits, got ${accountId}`);
  const fake = new FakeAws(seed, options.region ?? DEFAULT_REGION, accountId, options.faults ?? {});
  await fake.listen(port);
  return fake;
}

class FakeAws implements FakeAwsServer {
  readonly endpoint: string = '';
  readonly port: number = 0;
  private readonly server: Server;
  private readonly sockets = new Set<Socket>();
  private readonly timers = new Set<NodeJS.Timeout>();
  private readonly ec2: Ec2Service;
  private readonly cloudFormation: CloudFormationService;
  private readonly ram: RamService;
  private readonly router: Router;
  private readonly faultPlan: FaultPlan;
  private readonly recorder = new StatsRecorder();
  private requestIds: IdGenerator;
  private closing: Promise<void> | undefined;

  constructor(
    readonly seed: number,
    readonly region: string,
    readonly accountId: string,
    faults: FaultConfig,
  ) {
    this.faultPlan = new FaultPlan(seed, faults);
    const ids = new IdGenerator(seed);
    this.requestIds = new IdGenerator(seed ^ REQUEST_ID_SEED_SALT);
    this.ec2 = new Ec2Service(ids);
    this.cloudFormation = new CloudFormationService(ids);
    this.ram = new RamService(ids);
    this.router = new Router({
      ec2: ec2Endpoint(this.ec2),
      cloudformation: cloudFormationEndpoint(this.cloudFormation),
      ram: ramEndpoint(this.ram),
    });
    this.server = createServer((req, res) => this.onRequest(req, res));
    this.server.on('connection', (socket) => {
      this.sockets.add(socket);
      socket.on('close', () => this.sockets.delete(socket));
    });
  }

  listen(port: number): Promise<void> {
    return new Promise((resolve, reject) => {
      this.server.once('error', reject);
      this.server.listen({ port, host: LOOPBACK_HOST }, () => {
        this.server.off('error', reject);
        const { port: bound } = this.server.address() as AddressInfo;
        Object.assign(this, { port: bound, endpoint: `http://${LOOPBACK_HOST}:${bound}` });
        resolve();
      });
    });
  }

  close(): Promise<void> {
    this.closing ??= new Promise<void>((resolve, reject) => {
      for (const timer of this.timers) clearTimeout(timer);
      this.timers.clear();
      this.server.close((error) => (error === undefined ? resolve() : reject(error)));
      for (const socket of this.sockets) socket.destroy();
      this.sockets.clear();
    });
    return this.closing;
  }

  setFaults(config: FaultConfig): void {
    this.faultPlan.configure(config);
  }

  injectNext(kind: FaultKind, count = 1, options: ScriptedFaultOptions = {}): void {
    this.faultPlan.injectNext(kind, count, options);
  }

  stats(): FakeAwsStats {
    return this.recorder.snapshot({
      ec2: this.ec2.createdCount,
      cloudformation: this.cloudFormation.createdCount,
      ram: this.ram.createdCount,
    });
  }

  requests(): readonly RequestRecord[] {
    return this.recorder.records();
  }

  resources<S extends ServiceName>(service: S): ResourcesByService[S][] {
    if (!isServiceName(service)) throw new RangeError(`unknown service ${JSON.stringify(service)}`);
    const all: { readonly [K in ServiceName]: () => ResourcesByService[K][] } = {
      ec2: () => this.ec2.instances().map(instanceResource),
      cloudformation: () => this.cloudFormation.allStacks().map(stackResource),
      ram: () => this.ram.allShares().map(resourceShareResource),
    };
    return all[service]();
  }

  reset(): void {
    this.ec2.reset();
    this.cloudFormation.reset();
    this.ram.reset();
    this.recorder.reset();
    this.faultPlan.reset();
    this.requestIds = new IdGenerator(this.seed ^ REQUEST_ID_SEED_SALT);
  }

  private onRequest(req: IncomingMessage, res: ServerResponse): void {
    const sequence = this.recorder.nextRequest();
    // Drawn on arrival, before the body is read, so the fault sequence follows arrival order.
    const draw = this.faultPlan.draw();
    this.serve(req, res, sequence, draw).catch(() => {
      // A failure inside the fake itself: answer like an AWS internal error.
      if (!res.headersSent) res.writeHead(HTTP_INTERNAL_ERROR).end();
    });
  }

  private async serve(req: IncomingMessage, res: ServerResponse, sequence: number, draw: number): Promise<void> {
    let body: string | undefined;
    try {
      body = await readBody(req, MAX_BODY_BYTES);
    } catch {
      req.socket.destroy(); // the client went away mid-request
      return;
    }
    if (body === undefined) {
      res.writeHead(HTTP_PAYLOAD_TOO_LARGE, { connection: 'close' }).end();
      return;
    }
    await this.dispatch(req, res, body, sequence, draw);
  }

  private async dispatch(req: IncomingMessage, res: ServerResponse, body: string, sequence: number, draw: number): Promise<void> {
    const requestId = this.requestIds.uuid();
    const routed = this.router.route({
      method: req.method ?? 'GET',
      path: new URL(req.url ?? '/', this.endpoint).pathname,
      headers: req.headers,
      body,
      requestId,
    });
    if (routed.kind === 'rejected') {
      send(res, routed.response);
      return;
    }
    const { endpoint, operation, params } = routed;
    const token = endpoint.tokenOf(operation, params);
    this.recorder.recordCall(endpoint.service, operation, token);
    const fault = this.faultPlan.decide(draw, endpoint.service, operation);
    if (fault !== undefined) this.recorder.recordFault(fault.kind);
    if (fault?.kind === 'latency') {
      await this.delay(this.faultPlan.latencyMs);
      if (this.closing !== undefined) return;
    }
    const context: RequestContext = {
      region: resolveRegion(req.headers, this.region),
      accountId: this.accountId,
      requestId,
      now: new Date(),
    };
    const response = this.respond(routed, context, fault);
    if (response === undefined) req.socket.destroy();
    else send(res, response);
    this.recorder.recordOutcome({
      sequence,
      service: endpoint.service,
      operation,
      token,
      fault: fault?.kind,
      status: response?.status,
    });
  }

  /** The response for a request under its fault; undefined means the connection is reset. */
  private respond(routed: RoutedRequest, context: RequestContext, fault: FaultDecision | undefined): WireResponse | undefined {
    const { endpoint, operation, params } = routed;
    const fail = (error: ServiceError) => endpoint.renderError(error, context.requestId);
    switch (fault?.kind) {
      case 'error-before':
        return fail(endpoint.internalError(fault.status));
      case 'throttle':
        return fail(endpoint.throttlingError());
      default:
        break;
    }
    const outcome = endpoint.invoke(operation, params, context);
    switch (fault?.kind) {
      case 'error-after':
        return fail(endpoint.internalError(HTTP_INTERNAL_ERROR));
      case 'reset-after':
        return undefined;
      case 'garbage':
        return garbageResponse(endpoint.responseFormat, context.requestId);
      default:
        return outcome;
    }
  }

  private delay(ms: number): Promise<void> {
    return new Promise((resolve) => {
      const timer = setTimeout(() => {
        this.timers.delete(timer);
        resolve();
      }, ms);
      this.timers.add(timer);
    });
  }
}

function send(res: ServerResponse, response: WireResponse): void {
  if (res.destroyed) return;
  res.writeHead(response.status, { ...response.headers, 'content-length': String(Buffer.byteLength(response.body)) });
  res.end(response.body);
}

/** The body as text, or undefined when it is larger than `limit` bytes. */
function readBody(req: IncomingMessage, limit: number): Promise<string | undefined> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    let size = 0;
    let tooLarge = false;
    req.on('data', (chunk: Buffer) => {
      size += chunk.length;
      if (size > limit) tooLarge = true;
      else chunks.push(chunk);
    });
    req.on('end', () => resolve(tooLarge ? undefined : Buffer.concat(chunks).toString('utf8')));
    req.on('error', reject);
  });
}
