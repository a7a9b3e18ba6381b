import { cpus, loadavg } from 'node:os';

/** The p-th percentile (nearest rank) of `samples`; NaN when empty. */
export function percentile(samples: readonly number[], p: number): number {
  const sorted = [...samples].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1)] ?? NaN;
}

/** Load averages and core count, to read a timing against how busy the machine was. */
export function machineLoad(): { load1: number; load5: number; cores: number } {
  const [load1 = 0, load5 = 0] = loadavg();
  return { load1: Number(load1.toFixed(2)), load5: Number(load5.toFixed(2)), cores: cpus().length };
}
