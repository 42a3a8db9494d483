import { EC2Client } from '@aws-sdk/client-ec2';
import { idempotencyPlugin } from '@retrysafe/aws';
import { startFakeAws, type FakeAwsServer } from '@retrysafe/fake-aws';
import { SqliteTokenStore } from '@retrysafe/store-sqlite';
import { createOrderServer, type OrderServer } from './order-server.js';

/** Where the server sends EC2 calls; unset, it starts fake-aws in its own process. */
export const ENDPOINT_VARIABLE = 'RETRYSAFE_AWS_ENDPOINT';
const DEMO_CREDENTIALS = { accessKeyId: 'example', secretAccessKey: 'example' };

export interface StartOptions {
  /** Default: the environment variable, else an in-process fake-aws. */
  readonly endpoint?: string;
  /** The SQLite file holding the token bindings; it survives restarts. */
  readonly storePath: string;
  /** Default 0 (a free port) on 127.0.0.1. */
  readonly port?: number;
}

export interface RunningServer {
  readonly url: string;
  readonly awsEndpoint: string;
  /** The in-process fake-aws, when one was started. */
  readonly fake: FakeAwsServer | undefined;
  readonly app: OrderServer;
  stop(): Promise<void>;
}

/** The example's wiring: one EC2 client with the plugin and the SQLite store, and the HTTP server. */
export async function startOrderService(options: StartOptions): Promise<RunningServer> {
  const configured = options.endpoint ?? (process.env[ENDPOINT_VARIABLE] || undefined);
  const fake = configured === undefined ? await startFakeAws() : undefined;
  const awsEndpoint = configured ?? (fake as FakeAwsServer).endpoint;
  const store = new SqliteTokenStore({ path: options.storePath });
  const ec2 = new EC2Client({ endpoint: awsEndpoint, region: 'us-east-1', credentials: DEMO_CREDENTIALS });
  ec2.middlewareStack.use(idempotencyPlugin({ store }));
  const app = createOrderServer({ ec2 });
  try {
    const url = await app.listen(options.port ?? 0);
    return {
      url,
      awsEndpoint,
      fake,
      app,
      async stop() {
        await app.close();
        ec2.destroy();
        await store.close();
        await fake?.close();
      },
    };
  } catch (error) {
    ec2.destroy();
    await store.close();
    await fake?.close();
    throw error;
  }
}
