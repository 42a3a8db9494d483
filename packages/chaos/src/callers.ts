import { idempotencyPlugin, withIdempotencyKey } from '@retrysafe/aws';
import { CHANGED_REVISION, FIRST_REVISION, type LogicalOperation } from './logical-operation.js';
import type { ChaosBackoff, ChaosMode } from './options.js';
import { sendWithResends, type SendResult } from './resend-loop.js';
import type { RetrysafePlugin, ServiceWorkload, WorkloadClient } from './services/service-workload.js';

// The callers of each mode. All of them resend on failure, as applications
// do today; they differ in the client they send with and in what they resend.

export interface OperationOutcome {
  /** The intent, sent until it settled. */
  readonly primary: SendResult;
  /** The caller's mistaken resend with changed parameters, when the operation has one and the intent succeeded. */
  readonly mistake: SendResult | undefined;
}

export interface OperationCaller {
  run(operation: LogicalOperation): Promise<OperationOutcome>;
  /** Destroys the shared client. */
  close(): void;
}

export interface CallerSettings {
  readonly endpoint: string;
  readonly region: string;
  readonly backoff: ChaosBackoff;
  readonly maxResends: number;
}

export function createCaller(mode: ChaosMode, service: ServiceWorkload, settings: CallerSettings): OperationCaller {
  const newPlugin = (): RetrysafePlugin => idempotencyPlugin({ ...settings.backoff });
  const client = (plugin: RetrysafePlugin | undefined): WorkloadClient =>
    service.createClient({ endpoint: settings.endpoint, region: settings.region, plugin });
  switch (mode) {
    case 'bare':
      return sameCommandCaller(service, client(undefined), settings.maxResends);
    case 'retrysafe':
      return sameCommandCaller(service, client(newPlugin()), settings.maxResends);
    case 'retrysafe-keyed-fresh':
      return keyedFreshCaller(service, client(newPlugin()), () => client(newPlugin()), settings.maxResends);
  }
}

/** One long-lived client; every resend sends the very same command object. */
function sameCommandCaller(service: ServiceWorkload, client: WorkloadClient, maxResends: number): OperationCaller {
  return {
    async run(operation) {
      const command = service.createCommand(operation, FIRST_REVISION);
      const primary = await sendWithResends(() => client.send(command), maxResends);
      if (!primary.ok || !operation.callerMistake) return { primary, mistake: undefined };
      // The bug: the same command, its parameters changed in place, sent again.
      service.reviseCommand(command, operation, CHANGED_REVISION);
      const mistake = await sendWithResends(() => client.send(command), maxResends);
      return { primary, mistake };
    },
    close: () => client.destroy(),
  };
}

/**
 * The first send goes through the long-lived client; after every failure the
 * caller starts over as a restarted process would: a fresh client with a
 * fresh plugin and empty store, and a new command carrying the same key.
 */
function keyedFreshCaller(
  service: ServiceWorkload,
  shared: WorkloadClient,
  freshClient: () => WorkloadClient,
  maxResends: number,
): OperationCaller {
  return {
    async run(operation) {
      let fresh: WorkloadClient | undefined;
      const restart = (): WorkloadClient => {
        fresh?.destroy();
        fresh = freshClient();
        return fresh;
      };
      const keyedCommand = (revision: number) => withIdempotencyKey(service.createCommand(operation, revision), operation.key);
      try {
        const primary = await sendWithResends(
          (resend) => (resend === 0 ? shared : restart()).send(keyedCommand(FIRST_REVISION)),
          maxResends,
        );
        if (!primary.ok || !operation.callerMistake) return { primary, mistake: undefined };
        // The bug: a redelivery, on another process, that recomputed a parameter under the same key.
        const mistake = await sendWithResends(() => restart().send(keyedCommand(CHANGED_REVISION)), maxResends);
        return { primary, mistake };
      } finally {
        fresh?.destroy();
      }
    },
    close: () => shared.destroy(),
  };
}
