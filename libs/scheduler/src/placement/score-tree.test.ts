import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { ScoreTree } from './score-tree.js';

// The tree against plain arrays: after any sequence of leaf replacements and range adds, the best
// score's tie set (in position order) is the same.

type Op = { kind: 'set'; position: number; vector?: number[] } | { kind: 'add'; from: number; to: number; component: number; delta: number };

const WIDTH = 2;
const arbVector = fc.array(fc.integer({ min: 0, max: 3 }), { minLength: WIDTH, maxLength: WIDTH });
const arbCase = fc.integer({ min: 1, max: 40 }).chain((size) =>
  fc.record({
    leaves: fc.array(fc.option(arbVector, { nil: undefined, freq: 4 }), { minLength: size, maxLength: size }),
    ops: fc.array(
      fc.oneof(
        fc.record({ kind: fc.constant('set' as const), position: fc.integer({ min: 0, max: size - 1 }), vector: fc.option(arbVector, { nil: undefined, freq: 4 }) }),
        fc.record({
          kind: fc.constant('add' as const),
          from: fc.integer({ min: 0, max: size }),
          to: fc.integer({ min: 0, max: size }),
          component: fc.integer({ min: 0, max: WIDTH - 1 }),
          delta: fc.integer({ min: -2, max: 2 }),
        }),
      ),
      { maxLength: 30 },
    ),
  }),
);

const compare = (a: readonly number[], b: readonly number[]) => {
  for (let i = 0; i < a.length; i++) if (a[i] !== b[i]) return a[i]! < b[i]! ? -1 : 1;
  return 0;
};

function bestPositions(leaves: (number[] | undefined)[]): number[] {
  const feasible = leaves.flatMap((v, i) => (v ? [{ v, i }] : []));
  if (feasible.length === 0) return [];
  const best = feasible.reduce((a, b) => (compare(b.v, a.v) < 0 ? b : a)).v;
  return feasible.filter((x) => compare(x.v, best) === 0).map((x) => x.i);
}

describe('ScoreTree', () => {
  it('keeps the best tie set of plain arrays through sets and lazy range adds', () => {
    fc.assert(
      fc.property(arbCase, ({ leaves, ops }) => {
        const plain = leaves.map((v) => (v ? [...v] : undefined));
        const flat = new Float64Array(plain.length * WIDTH);
        plain.forEach((v, i) => (v ? flat.set(v, i * WIDTH) : flat.fill(Infinity, i * WIDTH, (i + 1) * WIDTH)));
        const tree = new ScoreTree(plain.length, WIDTH, flat);
        const check = () => {
          const expected = bestPositions(plain);
          expect(tree.feasible).toBe(expected.length > 0);
          expect(tree.ties).toBe(expected.length);
          expect(expected.map((_, k) => tree.nthBest(k))).toEqual(expected);
        };
        check();
        for (const op of ops as Op[]) {
          if (op.kind === 'set') {
            plain[op.position] = op.vector ? [...op.vector] : undefined;
            tree.set(op.position, op.vector ? Float64Array.from(op.vector) : undefined);
          } else {
            for (let i = op.from; i < op.to; i++) if (plain[i]) plain[i]![op.component]! += op.delta;
            tree.add(op.from, op.to, op.component, op.delta);
          }
          check();
        }
      }),
      { numRuns: 500 },
    );
  });

  it('an empty tree has nothing feasible', () => {
    const tree = new ScoreTree(0, 1, new Float64Array(0));
    expect(tree.feasible).toBe(false);
    expect(tree.ties).toBe(0);
  });
});
