/**
 * A segment tree over the eligible candidates of one plan, each leaf holding the candidate's score
 * vector (one component per scorer, compared lexicographically; lower wins) or "infeasible".
 * Every node keeps the smallest vector below it and how many leaves share it, so the best score
 * and the size of its tie set are read at the root, and the k-th tied leaf is found by one descent.
 *
 * Adding the same amount to one component of every leaf in a range keeps their lexicographic
 * order, so a range add is lazy: that is how a spread bucket's count, shared by all its members,
 * changes in O(log n) instead of touching each member. Leaves are positions, not instance indexes:
 * the caller orders candidates so each bucket is one run (or a few).
 */
export class ScoreTree {
  private readonly mins: Float64Array;
  private readonly lazy: Float64Array;
  private readonly pending: Uint8Array;
  private readonly counts: Int32Array;

  /** `leaves` holds `size × width` numbers (width ≥ 1); a leaf whose first number is Infinity is infeasible. */
  constructor(
    private readonly size: number,
    private readonly width: number,
    leaves: Float64Array,
  ) {
    let leafNodes = 1;
    while (leafNodes < size) leafNodes *= 2;
    const nodes = 2 * leafNodes;
    this.mins = new Float64Array(nodes * width);
    this.lazy = new Float64Array(nodes * width);
    this.pending = new Uint8Array(nodes);
    this.counts = new Int32Array(nodes);
    if (size > 0) this.build(1, 0, size, leaves);
  }

  /** Whether any leaf is feasible. */
  get feasible(): boolean {
    return this.size > 0 && this.mins[this.width] !== Infinity;
  }

  /** How many feasible leaves share the best score. */
  get ties(): number {
    return this.feasible ? this.counts[1]! : 0;
  }

  /** The position of the k-th (from 0, in position order) leaf with the best score. */
  nthBest(k: number): number {
    let node = 1;
    let lo = 0;
    let hi = this.size;
    while (hi - lo > 1) {
      this.pushDown(node);
      const mid = (lo + hi) >>> 1;
      const left = 2 * node;
      const leftTies = this.compare(left, node) === 0 ? this.counts[left]! : 0;
      if (k < leftTies) {
        node = left;
        hi = mid;
      } else {
        k -= leftTies;
        node = left + 1;
        lo = mid;
      }
    }
    return lo;
  }

  /** Replaces one leaf (`vector` undefined: infeasible). */
  set(position: number, vector: Float64Array | undefined): void {
    this.setIn(1, 0, this.size, position, vector);
  }

  /** Adds `delta` to component `component` of every leaf in [from, to). */
  add(from: number, to: number, component: number, delta: number): void {
    if (from < to && delta !== 0) this.addIn(1, 0, this.size, from, to, component, delta);
  }

  private build(node: number, lo: number, hi: number, leaves: Float64Array): void {
    if (hi - lo === 1) {
      this.mins.set(leaves.subarray(lo * this.width, (lo + 1) * this.width), node * this.width);
      this.counts[node] = 1;
      return;
    }
    const mid = (lo + hi) >>> 1;
    this.build(2 * node, lo, mid, leaves);
    this.build(2 * node + 1, mid, hi, leaves);
    this.pull(node);
  }

  private setIn(node: number, lo: number, hi: number, position: number, vector: Float64Array | undefined): void {
    if (hi - lo === 1) {
      const at = node * this.width;
      if (vector) this.mins.set(vector, at);
      else this.mins.fill(Infinity, at, at + this.width);
      return;
    }
    this.pushDown(node);
    const mid = (lo + hi) >>> 1;
    if (position < mid) this.setIn(2 * node, lo, mid, position, vector);
    else this.setIn(2 * node + 1, mid, hi, position, vector);
    this.pull(node);
  }

  private addIn(node: number, lo: number, hi: number, from: number, to: number, component: number, delta: number): void {
    if (to <= lo || hi <= from) return;
    if (from <= lo && hi <= to) {
      this.apply(node, component, delta);
      return;
    }
    this.pushDown(node);
    const mid = (lo + hi) >>> 1;
    this.addIn(2 * node, lo, mid, from, to, component, delta);
    this.addIn(2 * node + 1, mid, hi, from, to, component, delta);
    this.pull(node);
  }

  private apply(node: number, component: number, delta: number): void {
    this.mins[node * this.width + component]! += delta;
    this.lazy[node * this.width + component]! += delta;
    this.pending[node] = 1;
  }

  private pushDown(node: number): void {
    if (!this.pending[node]) return;
    const at = node * this.width;
    for (let j = 0; j < this.width; j++) {
      const delta = this.lazy[at + j]!;
      if (delta === 0) continue;
      this.apply(2 * node, j, delta);
      this.apply(2 * node + 1, j, delta);
      this.lazy[at + j] = 0;
    }
    this.pending[node] = 0;
  }

  private pull(node: number): void {
    const left = 2 * node;
    const right = left + 1;
    const order = this.compare(left, right);
    const from = order <= 0 ? left : right;
    this.mins.copyWithin(node * this.width, from * this.width, (from + 1) * this.width);
    this.counts[node] = order === 0 ? this.counts[left]! + this.counts[right]! : this.counts[from]!;
  }

  /** Lexicographic order of two nodes' smallest vectors. */
  private compare(a: number, b: number): number {
    const at = a * this.width;
    const bt = b * this.width;
    for (let j = 0; j < this.width; j++) {
      const x = this.mins[at + j]!;
      const y = this.mins[bt + j]!;
      if (x !== y) return x < y ? -1 : 1;
    }
    return 0;
  }
}
