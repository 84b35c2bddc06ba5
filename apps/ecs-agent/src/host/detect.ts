import { cpus, hostname, totalmem } from 'node:os';
import type { HostFacts } from '../registration/resources.js';

/** The host as the agent registers it. */
export function detectHost(): HostFacts {
  return { cpuCount: Math.max(1, cpus().length), totalMemoryBytes: totalmem(), arch: process.arch, hostname: hostname() };
}
