/** A latency as the simulator draws it: log-normal, given by its median and 99th percentile. */
export interface Latency {
  readonly p50Ms: number;
  readonly p99Ms: number;
}

/** The 99th percentile of the standard normal distribution. */
const Z99 = 2.326347874;

/** `"P50,P99"` or `"MS"` (a fixed latency) in milliseconds; the error names the flag. */
export function parseLatency(flag: string, text: string): Latency {
  const parts = text.split(',').map((p) => p.trim());
  const numbers = parts.map(Number);
  if (parts.length > 2 || parts.some((p) => p === '') || numbers.some((n) => !Number.isFinite(n) || n < 0 || n > 600_000)) {
    throw new Error(`${flag} must be P50,P99 or one number, in milliseconds from 0 to 600000 (got ${JSON.stringify(text.slice(0, 40))})`);
  }
  const [p50Ms, p99Ms = p50Ms] = numbers as [number, number?];
  if (p99Ms < p50Ms) throw new Error(`${flag}: the 99th percentile (${p99Ms}) is below the median (${p50Ms})`);
  return { p50Ms, p99Ms };
}

/**
 * One draw, from two uniform numbers in [0, 1) (Box–Muller): the median times e^(σz), where σ puts
 * the 99th percentile where it was measured. A fixed latency (p99 = p50) always returns the median.
 */
export function drawLatency(latency: Latency, u1: number, u2: number): number {
  if (latency.p50Ms === 0 || latency.p99Ms === latency.p50Ms) return latency.p50Ms;
  const sigma = Math.log(latency.p99Ms / latency.p50Ms) / Z99;
  const z = Math.sqrt(-2 * Math.log(1 - u1)) * Math.cos(2 * Math.PI * u2);
  return latency.p50Ms * Math.exp(sigma * z);
}

/**
 * Docker's own timings of each step on this project's 2-core test machine (dockerode against the
 * local daemon, busybox with an init forwarding SIGTERM, 20 runs; BENCHMARKS.md, "Agent simulator").
 * Pulls default to none: images are taken as present, as the scale benchmark measures without pulls.
 */
export const MEASURED_DOCKER: Readonly<Record<'create' | 'start' | 'stop' | 'remove' | 'pull', Latency>> = {
  create: { p50Ms: 12, p99Ms: 39 },
  start: { p50Ms: 238, p99Ms: 347 },
  stop: { p50Ms: 95, p99Ms: 114 },
  remove: { p50Ms: 11, p99Ms: 16 },
  pull: { p50Ms: 0, p99Ms: 0 },
};
