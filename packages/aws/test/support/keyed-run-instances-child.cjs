// A process that sends one keyed RunInstances through the retrysafe plugin
// with a durable store, for the race and crash tests (see forkContender in
// @retrysafe/core/testing). argv[2] is JSON:
//
//   { store: 'sqlite' | 'redis', target: <file path | redis url>, endpoint,
//     key, instanceType, killAt, redisClient?: 'node-redis' | 'resp' }
//
// killAt names where the process SIGKILLs itself, to land exactly on each
// point of the crash list: 'before-bind', 'after-bind' (bound,
// nothing sent), 'before-response' (fake-aws has answered, the SDK has not
// seen it), 'before-complete' (the response is in, the outcome not stored),
// 'after-complete'; 'none' runs to the end (the parent may still SIGKILL it
// at a random moment). The store and the HTTP handler are the real ones,
// wrapped only to die at those points. Reports { outcome: 'sent', token,
// instanceId, bindCreated } or { outcome: 'mismatch', token } (a local
// mismatch error).
'use strict';
/* eslint-disable @typescript-eslint/no-require-imports -- CommonJS on purpose: it loads the sources through a require hook. */
const { saveCodeCache } = require('../../../../.config/register-sources.cjs');
const { EC2Client, RunInstancesCommand } = require('@aws-sdk/client-ec2');
const { getIdempotencyToken, idempotencyPlugin, IdempotentParameterMismatchError, withIdempotencyKey } = require('@retrysafe/aws');

const config = JSON.parse(process.argv[2]);
const die = (point) => {
  if (config.killAt === point) process.kill(process.pid, 'SIGKILL');
};

/** The store, opened and connected before the process reports ready. */
async function openStore() {
  if (config.store === 'sqlite') {
    const { SqliteTokenStore } = require('@retrysafe/store-sqlite');
    const store = new SqliteTokenStore({ path: config.target });
    await store.open();
    return store;
  }
  const { RedisTokenStore } = require('@retrysafe/store-redis');
  if (config.redisClient === 'resp') {
    // The crash test's hundreds of processes skip node-redis's start-up cost.
    const { connectRespClient } = require('@retrysafe/store-redis/testing');
    return new RedisTokenStore({ client: await connectRespClient(config.target) });
  }
  const store = new RedisTokenStore({ url: config.target });
  await store.get('0'.repeat(64)); // connects
  return store;
}

let store;
/** Whether this process's bind wrote the binding (false: it found one standing). */
let bindCreated;
const crashable = {
  name: config.store,
  bind: async (record) => {
    die('before-bind');
    const result = await store.bind(record);
    bindCreated = result.created;
    die('after-bind');
    return result;
  },
  get: (bindingKey) => store.get(bindingKey),
  complete: async (bindingKey, token, status) => {
    die('before-complete');
    await store.complete(bindingKey, token, status);
    die('after-complete');
  },
  delete: (bindingKey) => store.delete(bindingKey),
};

const client = new EC2Client({
  endpoint: config.endpoint,
  region: 'us-east-1',
  credentials: { accessKeyId: 'AKIDRETRYSAFETEST', secretAccessKey: 'retrysafe-test-secret' },
});
const handler = client.config.requestHandler;
const handle = handler.handle.bind(handler);
handler.handle = async (...args) => {
  const response = await handle(...args);
  die('before-response');
  return response;
};
client.middlewareStack.use(idempotencyPlugin({ store: crashable, secret: 'retrysafe-crash-test' }));

async function run() {
  const command = withIdempotencyKey(
    new RunInstancesCommand({ ImageId: 'ami-12345678', MinCount: 1, MaxCount: 1, InstanceType: config.instanceType }),
    config.key,
  );
  try {
    const output = await client.send(command);
    return { outcome: 'sent', token: getIdempotencyToken(command), instanceId: output.Instances?.[0]?.InstanceId, bindCreated };
  } catch (error) {
    if (error instanceof IdempotentParameterMismatchError && error.source === 'local') {
      return { outcome: 'mismatch', token: error.token };
    }
    throw error;
  }
}

async function main() {
  store = await openStore();
  saveCodeCache();
  process.once('message', () => {
    run().then(
      (value) => process.send({ type: 'result', value }),
      (error) => process.send({ type: 'error', message: `${error?.name}: ${error?.message}` }),
    );
  });
  process.send({ type: 'ready' });
}
main().catch((error) => process.send({ type: 'error', message: String(error) }));
