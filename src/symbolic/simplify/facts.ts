import type { Value } from '../../engine/value.js';

/**
 * What simplify can prove about a node's value from its structure alone (no evaluation): the
 * facts the rules' conditions ask for. Each holds at every point where the node's inputs are
 * finite; a fact that cannot be proven is false. The op table's `domain.sign` says which ops are
 * always positive (exp, sigmoid, softplus, cosh) and which keep positivity (add, mul, …); the
 * tables here add what it does not say. Proofs look at most DEPTH levels down, so each costs O(1).
 */

/** How deep a proof may look (a bound, so a fact costs O(1) on a 1,000,000-node chain). */
const DEPTH = 6;

/** Ops whose output is ≥ 0 (or NaN) for every input, beyond the table's 'positive' ones. */
const NONNEGATIVE_OPS = new Set(['abs', 'sqrt', 'relu', 'step', 'acos']);

/** Ops whose output is finite wherever their inputs are (bounded, or growing no faster than the input). */
const FINITE_OPS = new Set(['sigmoid', 'tanh', 'sin', 'cos', 'atan', 'erf', 'step', 'sign', 'neg', 'abs', 'relu', 'cbrt', 'asinh', 'atan2', 'max', 'min', 'stopGradient']);

/** Ops whose output is ≥ 1 for every (non-NaN) input: never 0, not even by underflow. */
const AT_LEAST_ONE_OPS = new Set(['cosh']);

/** The number held by a literal constant (an unlabelled leaf that needs no gradient), or null. */
export function numberOf(v: Value): number | null {
  return v.spec === null && !v.requiresGrad && v.label === '' ? v.data : null;
}

/** v ≥ 0 (or NaN) wherever its inputs are finite: x^2k, abs, sqrt, exp, sigmoid, sums and products of such. */
export function isNonnegative(v: Value, depth = DEPTH): boolean {
  const n = numberOf(v);
  if (n !== null) return n >= 0;
  const spec = v.spec;
  if (spec === null || depth === 0) return false;
  if (spec.domain.sign === 'positive' || NONNEGATIVE_OPS.has(spec.name)) return true;
  if (spec.name === 'pow') {
    const e = numberOf(v.inputs[1]);
    if (e !== null && Number.isInteger(e) && e % 2 === 0) return true; // an even power
    return isNonnegative(v.inputs[0], depth - 1);
  }
  if (spec.name === 'mul' && v.inputs[0] === v.inputs[1]) return true;
  if (spec.domain.sign === 'keeps-positive' && spec.name !== 'pow') return v.inputs.every((u) => isNonnegative(u, depth - 1));
  return false;
}

/**
 * v > 0 in floating point wherever its inputs are finite: never 0, not even by underflow (so not
 * exp or sigmoid, which round to 0 far out). Positive constants, cosh, sqrt of such, and a sum
 * of such and nonnegative terms (rounding is monotone: a + b ≥ a when b ≥ 0).
 */
export function isStrictlyPositive(v: Value, depth = DEPTH): boolean {
  const n = numberOf(v);
  if (n !== null) return n > 0;
  const spec = v.spec;
  if (spec === null || depth === 0) return false;
  if (AT_LEAST_ONE_OPS.has(spec.name)) return true;
  if (spec.name === 'sqrt' || spec.name === 'abs') return isStrictlyPositive(v.inputs[0], depth - 1);
  if (spec.name === 'add' || spec.name === 'sum') {
    return v.inputs.some((u) => isStrictlyPositive(u, depth - 1)) && v.inputs.every((u) => isNonnegative(u, depth - 1));
  }
  return false;
}

/** v ≠ 0 wherever its inputs are finite: a nonzero constant, or strictly positive. */
export function isNonzero(v: Value, depth = DEPTH): boolean {
  const n = numberOf(v);
  if (n !== null) return n !== 0;
  if (v.spec !== null && v.spec.name === 'neg') return isNonzero(v.inputs[0], depth - 1);
  return isStrictlyPositive(v, depth);
}

/**
 * v is finite wherever its inputs are: a leaf (a leaf at ±Infinity makes the point undefined
 * anyway), a finite constant, or an op that cannot overflow or leave its domain on finite
 * operands (sigmoid, tanh, sin, step, …) over such.
 */
export function isFinite(v: Value, depth = DEPTH): boolean {
  const n = numberOf(v);
  if (n !== null) return Number.isFinite(n);
  const spec = v.spec;
  if (spec === null) return true;
  if (depth === 0 || !FINITE_OPS.has(spec.name)) return false;
  return v.inputs.every((u) => isFinite(u, depth - 1));
}

/** v is an integer: an integral constant (the exponent test of (x^a)^b → x^(a·b)). */
export function isInteger(n: number): boolean {
  return Number.isInteger(n);
}
