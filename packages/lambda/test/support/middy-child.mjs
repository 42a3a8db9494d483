// Runs real Middy handlers with idempotencyExecutionMode against fake-aws and
// prints what happened as one JSON line. A separate process because
// @middy/core is ESM-only and Jest here runs CommonJS; the workspace sources
// load through .config/register-sources.cjs, as in the other child tests.
import middy from '@middy/core';
import { executionModeStandard } from '@middy/core/executionModeStandard';
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';

const require = createRequire(import.meta.url);
require('../../../../.config/register-sources.cjs');
const { EC2Client, RunInstancesCommand } = require('@aws-sdk/client-ec2');
const { idempotencyPlugin } = require('@retrysafe/aws');
const { startFakeAws } = require('@retrysafe/fake-aws');
const { idempotencyExecutionMode, withIdempotency } = require('@retrysafe/lambda');

const fixture = (name) => JSON.parse(readFileSync(new URL(`../fixtures/${name}.json`, import.meta.url), 'utf8'));
const context = (remainingMs) => ({
  functionName: 'orders-middy',
  awsRequestId: 'd1e2f3a4-b5c6-4d7e-8f90-a1b2c3d4e5f6',
  getRemainingTimeInMillis: () => remainingMs,
});

const fake = await startFakeAws({ seed: 7 });
try {
  const ec2 = new EC2Client({ endpoint: fake.endpoint, region: 'us-east-1', credentials: { accessKeyId: 'test', secretAccessKey: 'test' } });
  ec2.middlewareStack.use(idempotencyPlugin({ random: () => 0, maxAttempts: 5 }));
  const launch = async () => {
    const output = await ec2.send(new RunInstancesCommand({ ImageId: 'ami-0abcdef1234567890', InstanceType: 't3.micro', MinCount: 1, MaxCount: 1 }));
    return output.Instances[0].InstanceId;
  };

  // A before hook, the handler and an after hook each launch one instance.
  const handler = middy({ executionMode: idempotencyExecutionMode(executionModeStandard) })
    .before(async (request) => {
      request.internal.before = await launch();
    })
    .after(async (request) => {
      request.response = { before: request.internal.before, handler: request.response, after: await launch() };
    })
    .handler(async () => launch());

  const eventbridge = fixture('eventbridge-event');
  const first = await handler(eventbridge, context(30_000));
  const again = await handler(fixture('eventbridge-event'), context(30_000));
  const other = await handler({ ...fixture('eventbridge-event'), id: '0a1b2c3d-4e5f-4a6b-8c7d-9e0f1a2b3c4d' }, context(30_000));
  // Any Middy version: wrap the whole Middy handler instead.
  const wrapped = withIdempotency(
    middy(async () => launch()).before(async (request) => {
      request.internal.before = await launch();
    }),
  );
  const sns = fixture('sns-event');
  const wrappedRuns = [await wrapped(sns, context(30_000)), await wrapped(fixture('sns-event'), context(30_000))];

  // After the invocations, code outside them is in no scope: two unkeyed sends, two instances.
  const outside = [await launch(), await launch()];

  // A missing Idempotency-Key header answers through onMissingKey, before any middleware.
  let middlewareRan = false;
  const api = middy(async () => ({ statusCode: 201 }), {
    executionMode: idempotencyExecutionMode(executionModeStandard, { onMissingKey: (error) => ({ statusCode: 400, body: error.reason }) }),
  }).before(() => {
    middlewareRan = true;
  });
  const noKey = fixture('api-gateway-http-event');
  delete noKey.headers['idempotency-key'];
  const missing = await api(noKey, context(30_000));

  // The deadline: with 300 ms left, a throttled call is not retried.
  fake.injectNext('throttle', 1, { service: 'ec2', operation: 'RunInstances' });
  const sqs = fixture('sqs-event');
  sqs.Records = sqs.Records.slice(0, 1);
  const hurried = middy(async () => launch(), { executionMode: idempotencyExecutionMode(executionModeStandard) });
  const deadline = await hurried(sqs, context(300)).then(
    () => ({ failed: false }),
    (error) => ({ failed: true, name: error.name, attempts: error.$metadata?.attempts, token: error.idempotencyToken }),
  );

  console.log(JSON.stringify({ first, again, other, wrappedRuns, outside, missing, middlewareRan, deadline, instances: fake.resources('ec2').length }));
} finally {
  await fake.close();
}
