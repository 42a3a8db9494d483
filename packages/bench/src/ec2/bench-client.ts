import { EC2Client } from '@aws-sdk/client-ec2';
import { idempotencyPlugin, type IdempotencyPluginOptions } from '@retrysafe/aws';
import type { InProcessHandler } from './in-process-handler.js';

export const BENCH_REGION = 'us-east-1';
/** Not a secret: nothing checks these; they make the client sign like a real one. */
export const BENCH_CREDENTIALS = { accessKeyId: 'AKIABENCHMARK0000000', secretAccessKey: 'bench-secret-not-a-real-key' } as const;

/** A real EC2 client on the in-process handler; with the plugin when `plugin` is given. */
export function benchEc2Client(handler: InProcessHandler, plugin?: IdempotencyPluginOptions): EC2Client {
  const client = new EC2Client({ region: BENCH_REGION, credentials: BENCH_CREDENTIALS, requestHandler: handler });
  if (plugin !== undefined) client.middlewareStack.use(idempotencyPlugin(plugin));
  return client;
}
