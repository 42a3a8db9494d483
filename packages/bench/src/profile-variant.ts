// `node --cpu-prof dist/esm/profile-variant.js <variant> [sends]`: one
// overhead variant alone in this process (a warm-up, then the sends), for a
// CPU profile of exactly that variant. Summarise the profile with
// `node dist/esm/profile-summary.js <file.cpuprofile> <sends>`.
process.env['AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED'] ??= 'true';

import { openVariant, variantSpec } from './overhead/variants.js';

const DEFAULT_SENDS = 5_000;
const WARMUP_SENDS = 1_000;
const NS_PER_US = 1_000;

async function profileVariant(id: string, sends: number): Promise<void> {
  const variant = await openVariant(variantSpec(id));
  try {
    await variant.send(WARMUP_SENDS);
    const cpuBefore = process.cpuUsage();
    const started = process.hrtime.bigint();
    await variant.send(sends);
    const wallUs = Number(process.hrtime.bigint() - started) / NS_PER_US / sends;
    const cpu = process.cpuUsage(cpuBefore);
    variant.checkSends();
    process.stdout.write(
      `${id}: ${sends} sends after ${WARMUP_SENDS} warm-up, ${wallUs.toFixed(1)} µs wall and ${((cpu.user + cpu.system) / sends).toFixed(1)} µs CPU per send\n`,
    );
  } finally {
    await variant.close();
  }
}

const [id = 'unkeyed', sendsText] = process.argv.slice(2);
profileVariant(id, sendsText === undefined ? DEFAULT_SENDS : Number(sendsText)).catch((error: unknown) => {
  process.stderr.write(`${error instanceof Error ? (error.stack ?? error.message) : String(error)}\n`);
  process.exitCode = 1;
});
