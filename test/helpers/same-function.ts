import { mulberry32 } from '../../src/nn/random.js';
import { nodeForward } from '../../src/ops/layout.js';
import { topologicalOrder } from '../../src/engine/graph.js';
import type { Value } from '../../src/engine/value.js';

/** Relative rounding a node's result gets in each perturbed run: δ uniform in ±8·2^-53. */
const DELTA = 8 * 2 ** -53;
/** Ops whose result can cancel: their largest operand bounds what the cancellation left. */
const SUMS = new Set(['add', 'sub', 'sum', 'dot']);
/** Relative rounding of the largest term of a sum that a cancelled result may carry (a few ulps). */
const CANCELLATION = 4 * 2 ** -52;
/** Perturbed runs per point. */
const RUNS = 8;
/** How far past the perturbed spread a value may lie (the spread samples the rounding; it is not a bound). */
const WIDEN = 4;
/** The smallest subnormal: a subnormal result is also rounded by up to a few of these, absolutely. */
const TINY = 2 ** -1074;
/** Ops whose 0 is exact, not an underflow (x − x, relu, step, …). */
const EXACT_AT_ZERO = new Set(['add', 'sub', 'sum', 'neg', 'relu', 'step', 'sign', 'abs', 'max', 'min', 'stopGradient', 'logsumexp', 'sin', 'tan', 'atan', 'asin', 'sinh', 'asinh', 'tanh', 'atanh', 'erf', 'cbrt', 'log', 'log2', 'log10', 'log1p', 'expm1', 'logpos', 'atan2', 'acos', 'cos', 'sqrt']);
/**
 * Ops that give ±Infinity or NaN on finite operands by overflow, or by dividing by an underflowed 0
 * (a regrouped product or sum can, where the original's grouping did not).
 */
const OVERFLOWS = new Set(['mul', 'div', 'pow', 'add', 'sub', 'sum', 'dot', 'strongMul']);

/** A deterministic uniform source in [0, 1) (the nn package's mulberry32), so a failing point can be replayed. */
export const rng = (seed: number): (() => number) => mulberry32(seed);

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
 * (nodeForward), leaves set from `at`; with `noise`, each op result is rounded once more at
 * random: multiplied by (1 + δ), and a subnormal result (or a 0 from underflow) also moved by a few
 * 2^-1074. Returns the root's value, whether every node was finite, whether some value was extreme
 * (beyond 2^±500), whether a product or sum overflowed or underflowed on finite operands, and
 * whether atan2 saw a zero operand. Borrows the nodes' data slots and restores them.
 */
function run(
  root: Value,
  at: ReadonlyMap<Value, number>,
  noise: (() => number) | null,
): { value: number; finite: boolean; extreme: boolean; overflow: boolean; signedZero: boolean; largest: number } {
  const order = topologicalOrder([root]);
  const saved = order.map((v) => v.data);
  let finite = true;
  let extreme = false;
  let overflow = false;
  let signedZero = false;
  let largest = 0;
  try {
    for (const node of order) {
      if (node.spec === null) {
        const n = at.get(node);
        if (n !== undefined) node.data = n;
      } else {
        let v = nodeForward(node.spec, node.inputs);
        // A 0 from nonzero operands is an underflow: rounded by up to 2^-1074, like a subnormal.
        const underflow = v === 0 && !EXACT_AT_ZERO.has(node.spec.name) && node.inputs.every((u) => u.data !== 0);
        if ((!Number.isFinite(v) || underflow) && OVERFLOWS.has(node.spec.name) && node.inputs.every((u) => Number.isFinite(u.data))) overflow = true;
        if (node.spec.name === 'atan2' && node.inputs.some((u) => u.data === 0)) signedZero = true;
        if (noise !== null && (v !== 0 || underflow) && Number.isFinite(v)) {
          v *= 1 + (2 * noise() - 1) * DELTA;
          if (Math.abs(v) < 2 ** -1022) v += Math.round((2 * noise() - 1) * 4) * TINY;
        }
        node.data = v;
      }
      const m = Math.abs(node.data);
      if (node.spec !== null && SUMS.has(node.spec.name)) for (const u of node.inputs) if (Math.abs(u.data) > largest && Number.isFinite(u.data)) largest = Math.abs(u.data);
      if (m !== 0 && (m > 2 ** 500 || m < 2 ** -500)) extreme = true;
      if (!Number.isFinite(node.data)) finite = false;
    }
    return { value: root.data, finite, extreme, overflow, signedZero, largest };
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
 * hand: the original is evaluated once plainly (the point is skipped if any node is not finite,
 * if the candidate overflows or underflows in a product or sum where the original holds values
 * beyond 2^±500, or if the original's atan2 sees a signed zero: the two known limits)
 * and RUNS more times with every op result perturbed by a random relative δ in ±8·2^-53
 * (stochastic rounding); the candidate must lie within that spread around the plain value,
 * widened WIDEN times, plus 4 ulps of the plain value.
 */
export function sameFunctionAt(original: Value, candidate: Value, at: ReadonlyMap<Value, number>, random: () => number): Verdict {
  const plain = run(original, at, null);
  const cand = run(candidate, at, null);
  const got = cand.value;
  if (!plain.finite) return { skipped: true, ok: true, original: plain.value, candidate: got, lo: NaN, hi: NaN };
  // Known limit of any reassociation: where the original's values are extreme (beyond 2^±500), a
  // regrouped product or sum can overflow where the original's grouping did not ((x·y)^2 with
  // x = 1e300, y = 0 is 0; x^2·y^2 is ∞·0), or underflow where the original did not. Such points
  // are skipped; anywhere else a candidate off the spread, non-finite included, is a failure.
  if (cand.overflow && plain.extreme) return { skipped: true, ok: true, original: plain.value, candidate: got, lo: NaN, hi: NaN };
  // The other known limit: ±0 are one number to simplify (−2x + x is −0 at x = 0, x − x is +0),
  // and only atan2 turns the sign of a zero into a different finite value (atan2(0, −0) = π).
  if (plain.signedZero) return { skipped: true, ok: true, original: plain.value, candidate: got, lo: NaN, hi: NaN };
  let lo = plain.value;
  let hi = plain.value;
  for (let k = 0; k < RUNS; k++) {
    const v = run(original, at, random).value;
    if (v !== v) continue; // a perturbed run can leave a domain edge (sqrt of a rounded 0 − tiny)
    lo = Math.min(lo, v);
    hi = Math.max(hi, v);
  }
  const width = Math.max(plain.value - lo, hi - plain.value);
  // A result of cancellation is only known to within the rounding of the terms that cancelled
  // (t − t + s is 0 or s): the perturbed runs can miss that when the terms cancel exactly in each
  // of them, so the rounding of the largest term of any sum bounds the slack from below.
  const slack = Math.max(WIDEN * width + 4 * ulp(plain.value), CANCELLATION * plain.largest);
  const ok = Math.abs(got - plain.value) <= slack;
  return { skipped: false, ok, original: plain.value, candidate: got, lo: plain.value - slack, hi: plain.value + slack };
}
