import type { PortRange } from '../config/types.js';
import type { Protocol } from './runtime.js';

/**
 * Dynamic host ports. ECS users complain about clashes between reserved, ephemeral and dynamic
 * ports, so the agent picks them itself: from ECS_DYNAMIC_HOST_PORT_RANGE, never a reserved port,
 * never one its own tasks hold, and never one the host already uses (an injected probe, so this
 * file stays free of I/O and is property-tested).
 */

export interface PortPool {
  readonly range: PortRange;
  readonly reserved: ReadonlySet<number>;
  readonly inUse: { has(port: number): boolean };
}

/** Pure: up to `limit` usable ports, scanning upward from `cursor` and wrapping around the range once. */
export function candidatePorts(pool: PortPool, cursor: number, limit: number): number[] {
  const { start, end } = pool.range;
  const size = end - start + 1;
  if (size <= 0 || limit <= 0) return [];
  const first = cursor < start || cursor > end ? start : cursor;
  const out: number[] = [];
  for (let i = 0; i < size && out.length < limit; i++) {
    const port = start + ((first - start + i) % size);
    if (!pool.reserved.has(port) && !pool.inUse.has(port)) out.push(port);
  }
  return out;
}

/** Asks the host whether a port is free to bind (real implementation: `port-probe.ts`). */
export type PortProbe = (port: number, protocol: Protocol) => Promise<boolean>;

export class PortsExhaustedError extends Error {
  constructor(readonly range: PortRange) {
    super(`CannotStartContainerError: no free host port left in ECS_DYNAMIC_HOST_PORT_RANGE ${range.start}-${range.end}`);
    this.name = 'PortsExhaustedError';
  }
}

/**
 * Holds the ports this agent's tasks use. A candidate is marked used before the (async) probe, so
 * managers allocating at the same time never get the same port; the cursor moves on round-robin
 * so a port just released is not handed out again at once.
 */
export class PortAllocator {
  /** Port → how many holders (two tasks may name the same static port; only one will get it). */
  private readonly holders = new Map<number, number>();
  private readonly reserved: Readonly<Record<Protocol, ReadonlySet<number>>>;
  private cursor: number;

  /** `reserved` are ECS_RESERVED_PORTS (tcp), `reservedUdp` ECS_RESERVED_PORTS_UDP. */
  constructor(
    private readonly range: PortRange,
    reserved: readonly number[],
    private readonly isFree: PortProbe,
    reservedUdp: readonly number[] = [],
  ) {
    this.reserved = { tcp: new Set(reserved), udp: new Set(reservedUdp) };
    this.cursor = range.start;
  }

  /** One host port per requested protocol, in order. Rolls back on failure. */
  async allocate(protocols: readonly Protocol[], signal: AbortSignal): Promise<number[]> {
    const taken: number[] = [];
    try {
      for (const protocol of protocols) taken.push(await this.allocateOne(protocol, signal));
      return taken;
    } catch (error) {
      this.release(taken);
      throw error;
    }
  }

  /** Marks ports (static ones, or ones of re-adopted containers) as held by this agent. */
  hold(ports: readonly number[]): void {
    for (const p of ports) this.holders.set(p, (this.holders.get(p) ?? 0) + 1);
  }

  release(ports: readonly number[]): void {
    for (const p of ports) {
      const left = (this.holders.get(p) ?? 0) - 1;
      if (left > 0) this.holders.set(p, left);
      else this.holders.delete(p);
    }
  }

  isHeld(port: number): boolean {
    return this.holders.has(port);
  }

  private async allocateOne(protocol: Protocol, signal: AbortSignal): Promise<number> {
    const size = this.range.end - this.range.start + 1;
    for (let probed = 0; probed < size; probed++) {
      signal.throwIfAborted();
      const [port] = candidatePorts({ range: this.range, reserved: this.reserved[protocol], inUse: this.holders }, this.cursor, 1);
      if (port === undefined) break;
      this.cursor = port === this.range.end ? this.range.start : port + 1;
      this.hold([port]);
      if (await this.isFree(port, protocol)) return port;
      this.release([port]);
    }
    throw new PortsExhaustedError(this.range);
  }
}
