import type { Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { createRequire } from 'node:module';
import { LOOPBACK_HOST, loopbackEndpoint, type LocalDynamoDb, type StartLocalDynamoDbOptions } from './local-dynamodb.js';

/** The part of dynalite's (untyped) factory these helpers use. */
type DynaliteFactory = (options: { createTableMs?: number; deleteTableMs?: number; updateTableMs?: number }) => Server;

/** Tables are ACTIVE at once, so tests spend no time waiting (dynalite's default is 500 ms). */
const TABLE_STATE_DELAY_MS = 0;

/** dynalite is an optional peer: loaded only when a test starts it. */
function loadDynalite(): DynaliteFactory {
  const require = createRequire(import.meta.url);
  try {
    return require('dynalite') as DynaliteFactory;
  } catch (cause) {
    throw new Error("startDynalite needs the 'dynalite' package: add it to your devDependencies", { cause });
  }
}

/**
 * dynalite, an in-process DynamoDB on LevelDB (in memory here), listening on
 * 127.0.0.1. Starts in milliseconds. It does not return the standing item on
 * a failed conditional write and has no UpdateTimeToLive.
 */
export async function startDynalite(options: StartLocalDynamoDbOptions = {}): Promise<LocalDynamoDb> {
  const server = loadDynalite()({
    createTableMs: TABLE_STATE_DELAY_MS,
    deleteTableMs: TABLE_STATE_DELAY_MS,
    updateTableMs: TABLE_STATE_DELAY_MS,
  });
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(options.port ?? 0, LOOPBACK_HOST, () => {
      server.off('error', reject);
      resolve();
    });
  });
  const { port } = server.address() as AddressInfo;

  let stopped: Promise<void> | undefined;
  const stop = (): Promise<void> => {
    stopped ??= new Promise<void>((resolve, reject) => {
      server.close((error) => (error ? reject(error) : resolve()));
      // Keep-alive sockets from SDK clients would hold close() open.
      server.closeAllConnections();
    });
    return stopped;
  };

  return { kind: 'dynalite', endpoint: loopbackEndpoint(port), port, returnsItemOnConditionFailure: false, stop };
}
