import { FAULT_KINDS, type FaultKind } from './faults.js';
import { SERVICE_NAMES, type ServiceName } from './services/service-name.js';

// Counters a chaos run reads to prove what happened: requests, attempts per
// token (how often a token came back), resources created and faults injected.

/** The server's counters, as `server.stats()` returns them: a snapshot, not live. */
export interface FakeAwsStats {
  /** Every HTTP request received, routable or not. */
  readonly requests: number;
  /** Routed requests by `Service:Operation`, e.g. `ec2:RunInstances`. */
  readonly requestsByOperation: Readonly<Record<string, number>>;
  /** Requests that carried each idempotency token (tokens are unique enough to share one map). */
  readonly attemptsByToken: Readonly<Record<string, number>>;
  /** Resources created per service (instances, stacks, shares); replays create none. */
  readonly created: Readonly<Record<ServiceName, number>>;
  /** Faults injected per kind. */
  readonly faults: Readonly<Record<FaultKind, number>>;
}

/** One routed request as the server handled it, in arrival order. */
export interface RequestRecord {
  /** The request's number among all HTTP requests received since start or `reset`, from 1. */
  readonly sequence: number;
  readonly service: ServiceName;
  /** The operation, as the service names it ('RunInstances', 'CreateStack', ...). */
  readonly operation: string;
  /** The idempotency token the request carried, if any. */
  readonly token: string | undefined;
  /** The fault it got, random or scripted, if any. */
  readonly fault: FaultKind | undefined;
  /** The HTTP status sent, or undefined when the connection was reset instead. */
  readonly status: number | undefined;
}

/** The request log keeps this many latest records, so a long run stays bounded. */
export const REQUEST_LOG_LIMIT = 10_000;

export class StatsRecorder {
  private requests = 0;
  private readonly byOperation = new Map<string, number>();
  private readonly byToken = new Map<string, number>();
  private readonly faults = new Map<FaultKind, number>();
  private log: RequestRecord[] = [];

  nextRequest(): number {
    this.requests += 1;
    return this.requests;
  }

  recordCall(service: ServiceName, operation: string, token: string | undefined): void {
    increment(this.byOperation, `${service}:${operation}`);
    if (token !== undefined) increment(this.byToken, token);
  }

  recordFault(kind: FaultKind): void {
    increment(this.faults, kind);
  }

  recordOutcome(record: RequestRecord): void {
    this.log.push(record);
    if (this.log.length > REQUEST_LOG_LIMIT) this.log = this.log.slice(-REQUEST_LOG_LIMIT);
  }

  snapshot(created: Readonly<Record<ServiceName, number>>): FakeAwsStats {
    return {
      requests: this.requests,
      requestsByOperation: Object.fromEntries(this.byOperation),
      attemptsByToken: Object.fromEntries(this.byToken),
      created: Object.fromEntries(SERVICE_NAMES.map((s) => [s, created[s]])) as Record<ServiceName, number>,
      faults: Object.fromEntries(FAULT_KINDS.map((k) => [k, this.faults.get(k) ?? 0])) as Record<FaultKind, number>,
    };
  }

  records(): readonly RequestRecord[] {
    return [...this.log];
  }

  reset(): void {
    this.requests = 0;
    this.byOperation.clear();
    this.byToken.clear();
    this.faults.clear();
    this.log = [];
  }
}

function increment<K>(map: Map<K, number>, key: K): void {
  map.set(key, (map.get(key) ?? 0) + 1);
}
