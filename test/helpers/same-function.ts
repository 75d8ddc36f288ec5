import { mulberry32 } from '../../src/nn/random.js';
import { nodeForward, nodeLocal } from '../../src/ops/layout.js';
import { topologicalOrder } from '../../src/engine/graph.js';
import type { Value } from '../../src/engine/value.js';

/**
 * simplify's accuracy contract, as a test can check it: a rewrite may not lose accuracy the input
 * had. The tolerance comes from the input alone, never from the candidate: the input's own
 * rounding error at the point, bounded to first order by its own evaluation,
 *
 *   E(y) = Σ over the nodes n of y of |∂y/∂n| · (the rounding of n's result),
 *
 * where a correctly rounded op (+ − · / √) rounds by at most 2^-53 |n|, a library function or
 * short formula (exp, log, σ, tanh, pow, …) by at most 4 · 2^-53 |n|, and a sum of k terms by
 * 2^-53 per partial sum as it is computed, in order. E is small exactly where y computes a
 * difference as written without cancellation error: for (x − 1) + y at x = 1, y = 1e-20 it is
 * 1e-36, while x + y − 1 is off by 1e-20. (A bound from the size of the largest term of a sum
 * would allow that 1e-20: it cannot see catastrophic cancellation.)
 *
 * With the exact value known (from mpmath, test/fixtures/simplify-accuracy.json), the contract is
 *
 *   |candidate − exact| ≤ |y − exact| + SLACK · E(y) + ULPS · 2^-53 |exact|,
 *
 * and without it, at any point, its consequence |candidate − y| ≤ (SLACK + 2) · E(y) + ULPS ·
 * 2^-53 |y| (as |y − exact| ≤ E(y) to first order).
 */

/** Unit roundoff of double precision. */
const UNIT = 2 ** -53;
/** How many times the input's own error bound a rewrite may add (a different order of the same roundings). */
export const SLACK = 4;
/** Units of 2^-53 |exact| a rewrite may add besides (its own final roundings). */
export const ULPS = 8;
/** The smallest subnormal: a subnormal result is rounded by up to this much, absolutely. */
const TINY = 2 ** -1074;
/** Ops whose result is exact (no rounding at all). */
const EXACT_OPS = new Set(['neg', 'abs', 'relu', 'step', 'sign', 'stopGradient', 'max', 'min']);
/** Ops rounded once, correctly (IEEE 754 basic operations). */
const CORRECTLY_ROUNDED = new Set(['add', 'sub', 'mul', 'div', 'sqrt', 'strongMul']);
/** Ops linear in each operand, or exact: an operand's error passes through them to first order, however large. */
const LINEAR_IN_OPERANDS = new Set(['add', 'sub', 'sum', 'dot', 'neg', 'mul', 'strongMul', 'relu', 'step', 'abs', 'max', 'min', 'stopGradient', 'sign']);
/** Ops whose 0 is exact, not an underflow (x − x, relu, step, sin 0, …). */
const EXACT_AT_ZERO = new Set(['add', 'sub', 'sum', 'neg', 'relu', 'step', 'sign', 'abs', 'max', 'min', 'stopGradient', 'logsumexp', 'sin', 'tan', 'atan', 'asin', 'sinh', 'asinh', 'tanh', 'atanh', 'erf', 'cbrt', 'log', 'log2', 'log10', 'log1p', 'expm1', 'logpos', 'atan2', 'acos', 'cos', 'sqrt', 'dot']);
/**
 * Ops that give ±Infinity or NaN on finite operands by overflow, or by dividing by an underflowed 0
 * (a regrouped product or sum can, where the original's grouping did not).
 */
const OVERFLOWS = new Set(['mul', 'div', 'pow', 'add', 'sub', 'sum', 'dot', 'strongMul', 'exp']);

/** A deterministic uniform source in [0, 1) (the nn package's mulberry32), so a failing point can be replayed. */
export const rng = (seed: number): (() => number) => mulberry32(seed);

/** What evaluating a graph at a point gives: its value, its own error bound, and what the known limits need. */
export interface Evaluation {
  readonly value: number;
  /** E: the first-order bound of the rounding error of evaluating the graph as written. */
  readonly bound: number;
  /** True when every node is finite. */
  readonly finite: boolean;
  /** True when some node's magnitude is beyond 2^±500. */
  readonly extreme: boolean;
  /** True when an arithmetic op overflowed, or underflowed (to 0 or a subnormal), on finite operands. */
  readonly overflow: boolean;
  /** True when atan2 saw a zero operand (the sign of a zero then matters). */
  readonly signedZero: boolean;
  /**
   * True when some op with a kink or pieces (relu, step, abs, max, …: its entry's domain says) has
   * operands within their own error bound of the kink: the input's value there is only known up
   * to a jump (relu of a rounded 0 is 0 or 1e-17; step of it 0 or 1).
   */
  readonly nearKink: boolean;
  /** True when an operand with no correct digit (error bound above its value) feeds an op not linear in it: past it the first-order bound does not hold. */
  readonly noDigit: boolean;
}

/** The verdict at one point: skipped (the input is not defined there, or a known limit), or agrees / differs. */
export interface Verdict {
  readonly skipped: boolean;
  readonly ok: boolean;
  readonly original: number;
  readonly candidate: number;
  /** The largest |candidate − reference| allowed (reference: exact if known, else the original). */
  readonly allowed: number;
  /** The original's own error bound E there. */
  readonly bound: number;
}

/**
 * Evaluates every node of `root` through the op table's forward, leaves from `at`, then sweeps the
 * numeric partials back to bound the rounding error (see the file comment). Borrows the nodes'
 * data slots and restores them.
 */
export function evaluateWithBound(root: Value, at: ReadonlyMap<Value, number>): Evaluation {
  const order = topologicalOrder([root]);
  const saved = order.map((v) => v.data);
  let finite = true;
  let extreme = false;
  let overflow = false;
  let signedZero = false;
  let nearKink = false;
  let noDigit = false;
  try {
    const rounding = new Map<Value, number>();
    // Each node's own first-order error bound, forward (for the kink test).
    const error = new Map<Value, number>();
    for (const node of order) {
      if (node.spec === null) {
        const n = at.get(node);
        if (n !== undefined) node.data = n;
        error.set(node, 0);
      } else {
        const v = nodeForward(node.spec, node.inputs);
        const name = node.spec.name;
        const underflow = v === 0 && !EXACT_AT_ZERO.has(name) && node.inputs.every((u) => u.data !== 0);
        // Overflow, or underflow to 0 or into the subnormals (which round absolutely, by 2^-1074).
        const lost = !Number.isFinite(v) || underflow || (v !== 0 && Math.abs(v) < 2 ** -1022);
        if (lost && OVERFLOWS.has(name) && node.inputs.every((u) => Number.isFinite(u.data))) overflow = true;
        if (name === 'atan2' && node.inputs.some((u) => u.data === 0)) signedZero = true;
        node.data = v;
        const r = localRounding(node) + (underflow || (v !== 0 && Math.abs(v) < 2 ** -1022) ? TINY : 0);
        rounding.set(node, r);
        let e = r;
        node.inputs.forEach((u, j) => (e += Math.abs(nodeLocal(node, j)) * error.get(u)!));
        error.set(node, e === e ? e : Infinity);
        if (nearsKink(node, error)) nearKink = true;
        // An operand with no correct digit (its error bound above its value) fed to an op that is
        // not linear in it (a divisor, a log's argument, a power's base): past it the first-order
        // bound does not hold.
        node.inputs.forEach((u, j) => {
          const eu = error.get(u)!;
          const linear = LINEAR_IN_OPERANDS.has(name) || (name === 'div' && j === 0);
          if (!linear && eu > Math.abs(u.data) && eu > 4 * TINY) noDigit = true;
        });
      }
      const m = Math.abs(node.data);
      if (m !== 0 && (m > 2 ** 500 || m < 2 ** -500)) extreme = true;
      if (!Number.isFinite(node.data)) finite = false;
    }
    let bound = 0;
    if (finite) {
      const adjoint = new Map<Value, number>([[root, 1]]);
      for (let i = order.length - 1; i >= 0; i--) {
        const node = order[i];
        const g = adjoint.get(node) ?? 0;
        if (node.spec === null || g === 0) continue;
        bound += Math.abs(g) * rounding.get(node)!;
        node.inputs.forEach((u, j) => adjoint.set(u, (adjoint.get(u) ?? 0) + g * nodeLocal(node, j)));
      }
      if (bound !== bound) bound = Infinity; // an infinite or undefined partial: no first-order bound
    }
    return { value: root.data, bound, finite, extreme, overflow, signedZero, nearKink, noDigit };
  } finally {
    order.forEach((v, i) => (v.data = saved[i]));
  }
}

/** True when the node's operands are within their error bounds of a kink or a change of piece of its op. */
function nearsKink(node: Value, error: ReadonlyMap<Value, number>): boolean {
  const { kinkAtZero, piece } = node.spec!.domain;
  const inputs = node.inputs;
  if (kinkAtZero && inputs.some((u) => Math.abs(u.data) <= error.get(u)! && error.get(u)! > 0)) return true;
  if (piece === undefined || inputs.length > 2) return false;
  const [a, b] = [inputs[0], inputs[1] ?? inputs[0]];
  const [ea, eb] = [error.get(a)!, error.get(b)!];
  if (ea === 0 && eb === 0) return false;
  const here = piece(a.data, b.data);
  for (const da of [-ea, ea]) for (const db of [-eb, eb]) if (piece(a.data + da, b.data + db) !== here) return true;
  return false;
}

/** The absolute rounding one node's result carries, from its inputs' current data. */
function localRounding(node: Value): number {
  const spec = node.spec!;
  const v = node.data;
  if (EXACT_OPS.has(spec.name)) return 0;
  // A product or quotient by ±2^k only moves the exponent (barring underflow): exact.
  const [a, b] = node.inputs.map((u) => u.data);
  if ((spec.name === 'mul' || spec.name === 'strongMul') && (powerOfTwo(a) || powerOfTwo(b))) return 0;
  if (spec.name === 'div' && powerOfTwo(b) && Math.abs(v) >= 2 ** -1022) return 0;
  if (CORRECTLY_ROUNDED.has(spec.name)) return UNIT * Math.abs(v);
  if (spec.name === 'sum' || spec.name === 'dot') {
    // Each term's product, then each partial sum as the node adds them in order onto 0.
    const inputs = node.inputs;
    const n = spec.name === 'dot' ? inputs.length / 2 : inputs.length;
    let s = 0;
    let r = 0;
    for (let k = 0; k < n; k++) {
      const t = spec.name === 'dot' ? inputs[k].data * inputs[k + n].data : inputs[k].data;
      if (spec.name === 'dot') r += UNIT * Math.abs(t);
      s += t;
      if (k > 0) r += UNIT * Math.abs(s);
    }
    return r;
  }
  return 4 * UNIT * Math.abs(v);
}

/** True for 0 and ±2^k. */
function powerOfTwo(n: number): boolean {
  const m = Math.abs(n);
  return m === 0 || (Number.isFinite(m) && 2 ** Math.round(Math.log2(m)) === m);
}

/** True when a point is skipped: the original is undefined there, or at a known limit of any regrouping. */
function skips(plain: Evaluation, cand: Evaluation): boolean {
  if (!plain.finite) return true;
  // Where an operand of a nonlinear op (a divisor, a log's argument) has no correct digit, the
  // first-order bound no longer holds past it: such an operand can come out as 0.
  if (plain.noDigit) return true;
  if (plain.nearKink) return true;
  // Known limit of regrouping: where the original's values are extreme (beyond 2^±500), a
  // regrouped product or sum can overflow or underflow where the original's grouping did not
  // ((x·y)^2 with x = 1e300, y = 0 is 0; x^2·y^2 is ∞·0).
  if (cand.overflow && plain.extreme) return true;
  // The other: ±0 are one number to simplify (−2x + x is −0 at x = 0, x − x is +0), and only
  // atan2 turns the sign of a zero into a different finite value (atan2(0, −0) = π).
  return plain.signedZero;
}

/**
 * simplify's contract at one point with the exact value known: the candidate is no further from
 * `exact` than the original is, plus SLACK times the original's own error bound and ULPS units of
 * 2^-53 |exact|. Skipped where some node of the original is not finite (it is undefined there), or
 * at a known limit (see skips).
 */
export function accurateAt(original: Value, candidate: Value, at: ReadonlyMap<Value, number>, exact: number): Verdict {
  const plain = evaluateWithBound(original, at);
  const cand = evaluateWithBound(candidate, at);
  const got = cand.value;
  const allowed = Math.abs(plain.value - exact) + SLACK * plain.bound + ULPS * UNIT * Math.abs(exact) + 4 * TINY;
  if (skips(plain, cand)) return { skipped: true, ok: true, original: plain.value, candidate: got, allowed, bound: plain.bound };
  return { skipped: false, ok: Math.abs(got - exact) <= allowed, original: plain.value, candidate: got, allowed, bound: plain.bound };
}

/**
 * The contract's consequence where the exact value is not known: the candidate is within
 * (SLACK + 2) times the original's own error bound of the original, plus ULPS units of 2^-53 |y|.
 * Skipped as {@link accurateAt} is.
 */
export function sameFunctionAt(original: Value, candidate: Value, at: ReadonlyMap<Value, number>): Verdict {
  const plain = evaluateWithBound(original, at);
  const cand = evaluateWithBound(candidate, at);
  const got = cand.value;
  const allowed = (SLACK + 2) * plain.bound + ULPS * UNIT * Math.abs(plain.value) + 4 * TINY;
  if (skips(plain, cand)) return { skipped: true, ok: true, original: plain.value, candidate: got, allowed, bound: plain.bound };
  return { skipped: false, ok: Math.abs(got - plain.value) <= allowed, original: plain.value, candidate: got, allowed, bound: plain.bound };
}
