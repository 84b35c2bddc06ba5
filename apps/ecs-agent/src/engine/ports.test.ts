import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { candidatePorts, PortAllocator, PortsExhaustedError } from './ports.js';

const pool = (start: number, end: number, reserved: number[] = [], inUse: number[] = []) => ({
  range: { start, end },
  reserved: new Set(reserved),
  inUse: new Set(inUse),
});

describe('candidatePorts', () => {
  it.each([
    ['scans upward from the cursor', pool(100, 105), 102, 3, [102, 103, 104]],
    ['wraps around the range', pool(100, 105), 104, 4, [104, 105, 100, 101]],
    ['skips reserved and in-use ports', pool(100, 105, [101], [102]), 100, 10, [100, 103, 104, 105]],
    ['treats a cursor outside the range as the start', pool(100, 102), 7, 2, [100, 101]],
    ['returns nothing when all are taken', pool(100, 101, [100], [101]), 100, 1, []],
    ['returns nothing for an empty range', pool(5, 4), 5, 1, []],
  ])('%s', (_name, p, cursor, limit, expected) => {
    expect(candidatePorts(p, cursor, limit)).toEqual(expected);
  });

  it('only ever returns distinct, in-range, non-reserved, unused ports', () => {
    fc.assert(
      fc.property(
        fc.integer({ min: 1, max: 500 }),
        fc.integer({ min: 0, max: 60 }),
        fc.array(fc.integer({ min: 1, max: 600 })),
        fc.array(fc.integer({ min: 1, max: 600 })),
        fc.integer({ min: 0, max: 600 }),
        fc.integer({ min: 0, max: 100 }),
        (start, width, reserved, inUse, cursor, limit) => {
          const p = pool(start, start + width, reserved, inUse);
          const out = candidatePorts(p, cursor, limit);
          expect(new Set(out).size).toBe(out.length);
          expect(out.length).toBeLessThanOrEqual(limit);
          for (const port of out) {
            expect(port).toBeGreaterThanOrEqual(start);
            expect(port).toBeLessThanOrEqual(start + width);
            expect(p.reserved.has(port) || p.inUse.has(port)).toBe(false);
          }
          const free = Array.from({ length: width + 1 }, (_, i) => start + i).filter((x) => !p.reserved.has(x) && !p.inUse.has(x));
          expect(out.length).toBe(Math.min(limit, free.length));
        },
      ),
    );
  });
});

describe('PortAllocator', () => {
  const signal = new AbortController().signal;

  it('skips ports the host already uses, and never hands out a held port', async () => {
    const taken = new Set([41001]);
    const ports = new PortAllocator({ start: 41000, end: 41004 }, [41002], async (p) => !taken.has(p));
    ports.hold([41000]);
    expect(await ports.allocate(['tcp', 'tcp'], signal)).toEqual([41003, 41004]);
    await expect(ports.allocate(['tcp'], signal)).rejects.toBeInstanceOf(PortsExhaustedError);
  });

  it('gives concurrent allocations distinct ports even while probes are pending', async () => {
    const ports = new PortAllocator({ start: 100, end: 199 }, [], () => new Promise((r) => setTimeout(() => r(true), 5)));
    const results = await Promise.all(Array.from({ length: 20 }, () => ports.allocate(['tcp', 'udp'], signal)));
    const all = results.flat();
    expect(new Set(all).size).toBe(40);
  });

  it('releases on failure and reuses released ports only after the rest of the range', async () => {
    const ports = new PortAllocator({ start: 10, end: 12 }, [], async () => true);
    await expect(ports.allocate(['tcp', 'tcp', 'tcp', 'tcp'], signal)).rejects.toThrow(/no free host port/);
    expect([10, 11, 12].some((p) => ports.isHeld(p))).toBe(false);
    const [a] = await ports.allocate(['tcp'], signal);
    ports.release([a!]);
    const [b] = await ports.allocate(['tcp'], signal);
    expect(b).not.toBe(a);
  });

  it('property: allocated ports are in range, unreserved, unheld before and distinct', async () => {
    await fc.assert(
      fc.asyncProperty(
        fc.array(fc.integer({ min: 0, max: 30 })),
        fc.array(fc.integer({ min: 0, max: 30 })),
        fc.integer({ min: 1, max: 10 }),
        async (reserved, busy, count) => {
          const ports = new PortAllocator({ start: 0, end: 30 }, reserved, async (p) => !busy.includes(p));
          const free = Array.from({ length: 31 }, (_, i) => i).filter((p) => !reserved.includes(p) && !busy.includes(p));
          const got = await ports.allocate(Array(count).fill('tcp'), signal).catch(() => undefined);
          if (count > free.length) return expect(got).toBeUndefined();
          expect(got).toHaveLength(count);
          expect(new Set(got).size).toBe(count);
          for (const p of got ?? []) expect(free).toContain(p);
        },
      ),
      { numRuns: 200 },
    );
  });
});

describe('PortAllocator holds', () => {
  it('counts holders, so one task releasing a shared static port does not free it for the other', () => {
    const ports = new PortAllocator({ start: 1, end: 2 }, [], async () => true);
    ports.hold([8080]);
    ports.hold([8080]);
    ports.release([8080]);
    expect(ports.isHeld(8080)).toBe(true);
    ports.release([8080]);
    expect(ports.isHeld(8080)).toBe(false);
  });

  it('keeps tcp and udp reservations apart (ECS_RESERVED_PORTS vs ECS_RESERVED_PORTS_UDP)', async () => {
    const ports = new PortAllocator({ start: 5000, end: 5002 }, [5000], async () => true, [5001]);
    const signal = new AbortController().signal;
    expect(await ports.allocate(['udp'], signal)).toEqual([5000]);
    expect(await ports.allocate(['tcp'], signal)).toEqual([5001]);
    expect(await ports.allocate(['udp'], signal)).toEqual([5002]);
  });
});
