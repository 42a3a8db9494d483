import { join } from 'node:path';
import { runClientDemo } from './demo-client.js';
import { startOrderService } from './start-server.js';

// `pnpm --filter @retrysafe/example-server start`: the order API on
// 127.0.0.1:3000 (PORT to change it) against fake-aws in this process (or
// RETRYSAFE_AWS_ENDPOINT), tokens bound in ./tokens.sqlite. It first runs a
// short client demo, then serves until Ctrl-C. `--once` stops after the demo.

const DEFAULT_PORT = 3000;

async function main(): Promise<void> {
  const port = Number(process.env['PORT'] ?? DEFAULT_PORT);
  const service = await startOrderService({ port, storePath: join(process.cwd(), 'tokens.sqlite') });
  const log = (line: string) => console.log(line);
  log(`order API on ${service.url}, EC2 at ${service.awsEndpoint}${service.fake === undefined ? '' : ' (fake-aws)'}`);

  await runClientDemo(service.url, log);
  if (service.fake !== undefined) log(`fake-aws launched ${service.fake.resources('ec2').length} instances for 2 orders.`);

  if (process.argv.includes('--once')) {
    await service.stop();
    return;
  }
  log(`\nTry it (Ctrl-C to stop):\n  curl -i -X POST ${service.url}/orders -H 'Idempotency-Key: my-order-1' \\\n    -H 'content-type: application/json' -d '{"imageId":"ami-0abcdef1234567890","instanceType":"t3.micro","customer":"me"}'`);
  const stop = () => {
    service.stop().then(
      () => process.exit(0),
      () => process.exit(1),
    );
  };
  process.once('SIGINT', stop);
  process.once('SIGTERM', stop);
}

main().catch((error: unknown) => {
  console.error(error);
  process.exitCode = 1;
});
