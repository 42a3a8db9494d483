import { cpus, loadavg, totalmem } from 'node:os';

const BYTES_PER_GB = 1024 ** 3;

/** What the numbers were measured on: they mean little without it. */
export interface MachineInfo {
  readonly node: string;
  readonly v8: string;
  readonly platform: string;
  readonly cpuModel: string;
  readonly cpuCount: number;
  readonly memoryGb: number;
  /** 1-minute load average: above the CPU count, other work shared the machine. */
  readonly loadAverage1m: number;
}

export function machineInfo(): MachineInfo {
  const cores = cpus();
  return {
    node: process.version,
    v8: process.versions.v8,
    platform: `${process.platform}-${process.arch}`,
    cpuModel: cores[0]?.model ?? 'unknown',
    cpuCount: cores.length,
    memoryGb: Math.round((totalmem() / BYTES_PER_GB) * 10) / 10,
    loadAverage1m: loadavg()[0] ?? 0,
  };
}
