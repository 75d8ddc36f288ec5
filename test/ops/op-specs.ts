import { erfDerivativeExact, erfExact } from '../helpers/exact.js';
import '../helpers/softsign.js'; // registers the user op whose row is below

/**
 * The op test table: one row per op of allOps() (every built-in, and the sample user op
 * softsign), modelled on JAX's GradTestSpec. test/ops/op-table.test.ts runs every row through the
 * same checks and fails when an op has no row or a row has no op, so adding an op is one entry in
 * src/ plus one object literal here.
 *
 * Operands are drawn from the entry's own domain (kept off kinks, ties, poles and branch cuts);
 * n-ary ops get 3 terms.
 */
export interface OpTestSpec {
  /** An independent forward on numbers (Math, closed forms, a BigInt series), never read from the table. */
  readonly reference: (xs: number[]) => number;
  /** Tolerances that differ from {@link DEFAULT_TOLERANCE}, with the reason beside the row. */
  readonly tolerance?: Partial<Tolerance>;
  /** Highest derivative order checked against finite differences (default 3: order 3 vs differences of order 2). */
  readonly order?: 1 | 2 | 3;
  /** Exact values: operands and the result, which the op must give within an ulp. */
  readonly known?: readonly (readonly [xs: readonly number[], want: number])[];
  /** Documented partials at edge points (kinks, ties, domain ends), checked on every engine exactly. */
  readonly edges?: readonly (readonly [xs: readonly number[], input: number, partial: number])[];
}

/** [rtol, atol] per comparison, as in helpers/runs.ts close(). */
export interface Tolerance {
  /** The forward against the reference. */
  readonly forward: readonly [number, number];
  /** The numeric local derivative against central differences of the forward. */
  readonly local: readonly [number, number];
  /** The symbolic local derivative's value against the numeric one. */
  readonly symbolic: readonly [number, number];
  /** Order 2: backward through the symbolic partial against differences of the numeric partial. */
  readonly order2: readonly [number, number];
  /** Order 3: derivative() three times against differences of derivative() twice. */
  readonly order3: readonly [number, number];
}

export const DEFAULT_TOLERANCE: Tolerance = {
  forward: [1e-13, 1e-15],
  local: [1e-7, 1e-9],
  symbolic: [1e-14, 1e-15],
  order2: [1e-6, 1e-8],
  order3: [1e-5, 1e-6],
};

const sumOf = (xs: readonly number[]) => xs.reduce((s, x) => s + x, 0);

export const OP_TEST_SPECS: Readonly<Record<string, OpTestSpec>> = {
  add: { reference: ([a, b]) => a + b },
  sub: { reference: ([a, b]) => a - b },
  mul: { reference: ([a, b]) => a * b },
  div: { reference: ([a, b]) => a / b },
  neg: { reference: ([a]) => -a },
  pow: {
    reference: ([a, b]) => a ** b,
    // ∂/∂exponent is 0 where base^exponent is 0, even at base ∞ (the limit of a^b ln a); ∂/∂base 0 where a^(b−1) is.
    edges: [[[Infinity, -1], 1, 0], [[Infinity, -1], 0, 0], [[Infinity, -Infinity], 0, 0], [[Infinity, -Infinity], 1, 0], [[0, -1], 1, 0], [[-2, 3], 1, 0]],
  },
  exp: { reference: ([a]) => Math.exp(a) },
  log: { reference: ([a]) => Math.log(a) },
  sigmoid: { reference: ([a]) => 1 / (1 + Math.exp(-a)) },
  tanh: { reference: ([a]) => (Math.exp(a) - Math.exp(-a)) / (Math.exp(a) + Math.exp(-a)) },
  relu: { reference: ([a]) => Math.max(a, 0) },
  step: { reference: ([a]) => (a > 0 ? 1 : 0) },
  logpos: { reference: ([a]) => (a > 0 ? Math.log(a) : 0) },
  sum: { reference: (xs) => sumOf(xs) },
  dot: { reference: (xs) => sumOf(xs.slice(0, xs.length / 2).map((x, k) => x * xs[k + xs.length / 2])) },
  softplus: { reference: ([a]) => Math.log(1 + Math.exp(a)) },
  stopGradient: { reference: ([a]) => a },
  logsumexp: {
    reference: (xs) => Math.log(sumOf(xs.map(Math.exp))),
    // softmax from the shifted exponentials: ½ each at equal huge operands; where an operand is +∞, its own partial is NaN, the others 0.
    edges: [[[1e300, 1e300], 0, 0.5], [[-1e17, -1e17], 1, 0.5], [[Infinity, 1], 1, 0], [[Infinity, 1], 0, NaN]],
  },
  strongMul: { reference: ([a, b]) => (a === 0 || b === 0 ? 0 : a * b) },
  sin: { reference: ([a]) => Math.sin(a), known: [[[Math.PI / 6], 0.49999999999999994]] },
  cos: { reference: ([a]) => Math.cos(a), known: [[[0], 1]] },
  tan: { reference: ([a]) => Math.sin(a) / Math.cos(a), known: [[[Math.PI / 4], 0.9999999999999999]] },
  asin: {
    reference: ([a]) => Math.atan(a / Math.sqrt(1 - a * a)),
    known: [[[1], Math.PI / 2]],
    edges: [[[1], 0, Infinity]],
  },
  acos: {
    reference: ([a]) => Math.PI / 2 - Math.asin(a),
    known: [[[-1], Math.PI]],
    edges: [[[-1], 0, -Infinity]],
  },
  atan: { reference: ([a]) => Math.atan(a), known: [[[1], Math.PI / 4]] },
  sinh: { reference: ([a]) => (Math.exp(a) - Math.exp(-a)) / 2 },
  cosh: { reference: ([a]) => (Math.exp(a) + Math.exp(-a)) / 2, known: [[[0], 1]] },
  asinh: { reference: ([a]) => Math.sign(a) * Math.log(Math.abs(a) + Math.sqrt(a * a + 1)) },
  acosh: {
    reference: ([a]) => Math.log(a + Math.sqrt(a * a - 1)),
    known: [[[1], 0]],
    edges: [[[1], 0, Infinity]],
  },
  atanh: {
    reference: ([a]) => 0.5 * Math.log((1 + a) / (1 - a)),
    known: [[[0.5], 0.5493061443340548]],
    edges: [[[-1], 0, Infinity]],
  },
  sqrt: { reference: ([a]) => a ** 0.5, known: [[[2], Math.SQRT2]], edges: [[[0], 0, Infinity]] },
  cbrt: { reference: ([a]) => Math.sign(a) * Math.abs(a) ** (1 / 3), known: [[[-8], -2]], edges: [[[0], 0, Infinity]] },
  abs: {
    reference: ([a]) => (a < 0 ? -a : a),
    known: [[[-3], 3]],
    edges: [[[0], 0, 0], [[-0], 0, 0]],
  },
  sign: {
    reference: ([a]) => (a > 0 ? 1 : a < 0 ? -1 : 0),
    known: [[[-3], -1]],
    edges: [[[0], 0, 0], [[2.5], 0, 0]],
  },
  log2: { reference: ([a]) => Math.log(a) / Math.LN2, known: [[[8], 3]] },
  log10: { reference: ([a]) => Math.log(a) / Math.LN10, known: [[[1000], 3]] },
  log1p: { reference: ([a]) => Math.log(1 + a), known: [[[1e-20], 1e-20]] },
  expm1: { reference: ([a]) => Math.exp(a) - 1, known: [[[1e-20], 1e-20]], edges: [[[-40], 0, Math.exp(-40)]] },
  erf: {
    reference: ([a]) => erfExact(a),
    known: [[[1], 0.8427007929497149], [[-0.5], -0.5204998778130465], [[Infinity], 1], [[-30], -1]],
    edges: [[[30], 0, 0]],
  },
  expNegSquare: {
    reference: ([a]) => erfDerivativeExact(a) / (2 / Math.sqrt(Math.PI)),
    known: [[[0], 1], [[25.5], 3.9811921806329143e-283], [[30], 0]],
    edges: [[[0], 0, -0], [[30], 0, -0]],
  },
  max: {
    reference: ([a, b]) => (a >= b ? a : b),
    known: [[[2, -3], 2]],
    edges: [
      [[2, 2], 0, 0.5], [[2, 2], 1, 0.5], [[Infinity, Infinity], 0, 0.5], [[-0, 0], 0, 0.5], [[1e308, -1e308], 0, 1],
    ],
  },
  min: {
    reference: ([a, b]) => (a <= b ? a : b),
    known: [[[2, -3], -3]],
    edges: [[[2, 2], 0, 0.5], [[2, 2], 1, 0.5], [[-Infinity, -Infinity], 1, 0.5], [[1e308, -1e308], 1, 1]],
  },
  atan2: {
    reference: ([y, x]) => Math.atan2(y, x),
    known: [[[1, -1], (3 * Math.PI) / 4], [[-0, -1], -Math.PI]],
    edges: [[[0, 0], 0, NaN], [[0, 0], 1, NaN]],
  },
  hypot: {
    // Scaled by the larger magnitude, so the reference itself neither overflows nor underflows.
    reference: ([x, y]) => {
      const m = Math.max(Math.abs(x), Math.abs(y));
      return m === 0 || m === Infinity ? m : m * Math.sqrt((x / m) ** 2 + (y / m) ** 2);
    },
    known: [[[3, -4], 5], [[1e300, 1e300], 1.4142135623730952e300], [[1e308, -1e308], 1.4142135623730951e308], [[1e-300, 1e-300], 1.414213562373095e-300], [[3e-310, 4e-310], 5e-310], [[1e300, 1e-300], 1e300]],
    edges: [[[0, 0], 0, NaN], [[0, 0], 1, NaN], [[0, 2], 0, 0], [[1e300, 1e300], 0, 0.7071067811865475]],
  },
  softsign: { reference: ([a]) => a / (1 + Math.abs(a)) },
};
