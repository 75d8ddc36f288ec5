import { evaluateNode } from '../../src/evaluate-node.js';
import { topologicalOrder } from '../../src/graph.js';
import type { Value } from '../../src/value.js';

/** Relative rounding a node's result gets in each perturbed run: δ uniform in ±8·2^-53. */
const DELTA = 8 * 2 ** -53;
/** Perturbed runs per point. */
const RUNS = 8;
/** How far past the perturbed spread a value may lie (the spread samples the rounding; it is not a bound). */
const WIDEN = 4;
/** The smallest subnormal: a subnormal result is also rounded by up to a few of these, absolutely. */
const TINY = 2 ** -1074;

/** A deterministic uniform source in [0, 1) (mulberry32), so a failing point can be replayed. */
export function rng(seed: number): () => number {
  let s = seed >>> 0;
  return () => {
    s = (s + 0x6d2b79f5) >>> 0;
    let t = s;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/** The verdict at one point: skipped (some node of the original is not finite), or agrees / differs. */
export interface Verdict {
  /** True when some node of the original is NaN or ±Infinity there: the original is undefined. */
  readonly skipped: boolean;
  /** True when the candidate lies inside the widened spread (always true when skipped). */
  readonly ok: boolean;
  /** The original's value, the candidate's, and the spread's ends, for the failure message. */
  readonly original: number;
  readonly candidate: number;
  readonly lo: number;
  readonly hi: number;
}

/**
 * Evaluates every node of `root` in topological order through the op table's forward
 * (evaluateNode), leaves set from `at`; with `noise`, each op result is rounded once more at
 * random: multiplied by (1 + δ), and a subnormal result also moved by a few 2^-1074. Returns the
 * root's value and whether every node was finite. Borrows the nodes' data slots and restores them.
 */
function run(root: Value, at: ReadonlyMap<Value, number>, noise: (() => number) | null): { value: number; finite: boolean } {
  const order = topologicalOrder([root]);
  const saved = order.map((v) => v.data);
  let finite = true;
  try {
    for (const node of order) {
      if (node.spec === null) {
        const n = at.get(node);
        if (n !== undefined) node.data = n;
      } else {
        let v = evaluateNode(node.spec, node.inputs);
        if (noise !== null && v !== 0 && Number.isFinite(v)) {
          v *= 1 + (2 * noise() - 1) * DELTA;
          if (Math.abs(v) < 2 ** -1022) v += Math.round((2 * noise() - 1) * 4) * TINY;
        }
        node.data = v;
      }
      if (!Number.isFinite(node.data)) finite = false;
    }
    return { value: root.data, finite };
  } finally {
    order.forEach((v, i) => (v.data = saved[i]));
  }
}

/** The spacing of doubles at x (Math.ulp is missing in JavaScript). */
function ulp(x: number): number {
  const m = Math.abs(x);
  if (m < 2 ** -1022) return TINY;
  return 2 ** (Math.floor(Math.log2(m)) - 52);
}

/**
 * Decides whether `candidate` computes the same real function as `original` at the point `at`,
 * up to the rounding error the original's own evaluation carries, with no tolerance picked by
 * hand: the original is evaluated once plainly (the point is skipped if any node is not finite)
 * and RUNS more times with every op result perturbed by a random relative δ in ±8·2^-53
 * (stochastic rounding); the candidate must lie within that spread around the plain value,
 * widened WIDEN times, plus 4 ulps of the plain value.
 */
export function sameFunctionAt(original: Value, candidate: Value, at: ReadonlyMap<Value, number>, random: () => number): Verdict {
  const plain = run(original, at, null);
  const got = run(candidate, at, null).value;
  if (!plain.finite) return { skipped: true, ok: true, original: plain.value, candidate: got, lo: NaN, hi: NaN };
  let lo = plain.value;
  let hi = plain.value;
  for (let k = 0; k < RUNS; k++) {
    const v = run(original, at, random).value;
    if (v !== v) continue; // a perturbed run can leave a domain edge (sqrt of a rounded 0 − tiny)
    lo = Math.min(lo, v);
    hi = Math.max(hi, v);
  }
  const width = Math.max(plain.value - lo, hi - plain.value);
  const slack = WIDEN * width + 4 * ulp(plain.value);
  const ok = Math.abs(got - plain.value) <= slack;
  return { skipped: false, ok, original: plain.value, candidate: got, lo: plain.value - slack, hi: plain.value + slack };
}
