import { CloudFormationClient } from '@aws-sdk/client-cloudformation';
import { RAMClient } from '@aws-sdk/client-ram';
import { idempotencyPlugin, type IdempotencyPluginOptions } from '@retrysafe/aws';

/** Where the clients send: real AWS by default, or an endpoint such as fake-aws. */
export interface ClientOptions {
  /** e.g. http://127.0.0.1:4566. Default: the environment variable RETRYSAFE_AWS_ENDPOINT, else AWS itself. */
  readonly endpoint?: string;
  readonly region?: string;
  readonly credentials?: { readonly accessKeyId: string; readonly secretAccessKey: string };
  /** The plugin's options (a durable store, a secret, onEvent, ...), shared by both clients. */
  readonly retrysafe?: IdempotencyPluginOptions;
}

export interface Clients {
  readonly cloudformation: CloudFormationClient;
  readonly ram: RAMClient;
}

/** The environment variable that points the example at fake-aws (or LocalStack, ...). */
export const ENDPOINT_VARIABLE = 'RETRYSAFE_AWS_ENDPOINT';

export function createClients(options: ClientOptions = {}): Clients {
  const config = {
    endpoint: options.endpoint ?? (process.env[ENDPOINT_VARIABLE] || undefined),
    region: options.region,
    credentials: options.credentials,
  };
  const cloudformation = new CloudFormationClient(config);
  const ram = new RAMClient(config);
  // One plugin per client (each gets its own retry budget); the store in the options is shared.
  cloudformation.middlewareStack.use(idempotencyPlugin(options.retrysafe));
  ram.middlewareStack.use(idempotencyPlugin(options.retrysafe));
  return { cloudformation, ram };
}
