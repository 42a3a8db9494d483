// One process of the crash and race tests: a keyed RunInstances through the
// retrysafe plugin with the DynamoDB store, against fake-aws. Run by
// `raceProcesses` (core/testing) or the crash test's warm pool, over IPC:
//
//   child:  { type: 'ready' }                       modules loaded, clients made
//   parent: { type: 'go', key?, killAt? }           key defaults to the config's
//   child:  { type: 'stage', stage, ... }           'bound' (token known), when reached
//   child:  { type: 'result', value } | { type: 'error', message }
//
// With `killAt` (crash runs) the child reports each stage it reaches, flushed
// before going on, and SIGKILLs itself at that one ('none': at no stage):
//   before-bind      the store's bind is about to run
//   after-bind       the binding is written; nothing sent to EC2
//   in-flight        the RunInstances request is on its way, no response yet
//   after-response   EC2 answered; the plugin has not recorded the outcome
//   after-complete   the send returned; the outcome is recorded
// argv[2] is the JSON config: { dynamoDbEndpoint, tableName, awsEndpoint, secret, input, key? }.
'use strict';
/* eslint-disable @typescript-eslint/no-require-imports -- CommonJS on purpose: it loads the sources through a require hook. */
require('../../../../.config/register-sources.cjs');
const { EC2Client, RunInstancesCommand } = require('@aws-sdk/client-ec2');
const { idempotencyPlugin, withIdempotencyKey } = require('@retrysafe/aws');
const { DynamoDbTokenStore } = require('@retrysafe/store-dynamodb');
const { LOCAL_CREDENTIALS, LOCAL_REGION, localDynamoDbClient } = require('@retrysafe/store-dynamodb/testing');

/** Long enough for the request to leave on loopback; fake-aws holds RunInstances longer. */
const IN_FLIGHT_PAUSE_MS = 5;

const config = JSON.parse(process.argv[2]);
let killAt;

/** Sends a message and resolves once it is written to the channel (so a SIGKILL cannot lose it). */
const report = (message) => new Promise((resolve) => process.send(message, () => resolve()));

/** A crash point: reported in crash runs only (a race run speaks the bare protocol), then maybe the end. */
async function reach(stage, details = {}) {
  if (killAt === undefined) return;
  await report({ type: 'stage', stage, ...details });
  if (killAt === stage) process.kill(process.pid, 'SIGKILL');
}

const dynamoDbStore = new DynamoDbTokenStore({
  client: localDynamoDbClient(config.dynamoDbEndpoint),
  tableName: config.tableName,
});
/** The real store, with the crash points around its bind. */
const store = {
  name: dynamoDbStore.name,
  async bind(record) {
    await reach('before-bind');
    const result = await dynamoDbStore.bind(record);
    await reach('after-bind', { created: result.created, token: result.record.token });
    return result;
  },
  get: (bindingKey) => dynamoDbStore.get(bindingKey),
  complete: (bindingKey, token, status) => dynamoDbStore.complete(bindingKey, token, status),
  delete: (bindingKey) => dynamoDbStore.delete(bindingKey),
};

const events = [];
const ec2 = new EC2Client({ endpoint: config.awsEndpoint, region: LOCAL_REGION, credentials: LOCAL_CREDENTIALS });
ec2.middlewareStack.use(
  idempotencyPlugin({ store, secret: config.secret, onEvent: (event) => events.push({ type: event.type, source: event.source }) }),
);
// Per attempt, inside the SDK's retry loop: the wire, seen from the client.
ec2.middlewareStack.add(
  (next) => async (args) => {
    const response = next(args);
    if (killAt === 'in-flight') {
      await new Promise((resolve) => setTimeout(resolve, IN_FLIGHT_PAUSE_MS));
      await reach('in-flight');
    }
    const output = await response;
    await reach('after-response');
    return output;
  },
  { step: 'deserialize', name: 'crashPoints', priority: 'high' },
);

async function run(key) {
  const command = withIdempotencyKey(new RunInstancesCommand(config.input), key);
  const output = await ec2.send(command);
  const value = { token: output.Instances?.[0]?.ClientToken, instanceId: output.Instances?.[0]?.InstanceId, events };
  await reach('after-complete');
  return value;
}

process.on('message', (message) => {
  if (message?.type !== 'go') return;
  killAt = message.killAt;
  run(message.key ?? config.key).then(
    (value) => report({ type: 'result', value }),
    (error) => report({ type: 'error', message: `${error?.name}: ${error?.message}` }),
  );
});
void report({ type: 'ready' });
