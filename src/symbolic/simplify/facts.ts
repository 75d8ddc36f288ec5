import type { Value } from '../../engine/value.js';
import { isLiteral } from '../../engine/literal.js';

/**
 * What simplify can prove about a node's value from its structure alone (no evaluation): the
 * facts the rules' conditions ask for. Each holds at every point where the node's inputs are
 * finite; a fact that cannot be proven is false. What an op guarantees is read off its entry
 * (built-in or defined): `domain.sign` (always positive, keeps positivity), `atLeast` (a lower
 * bound) and `keepsFinite`; what follows from arithmetic (an even power, x·x, a sum of positive
 * terms) is proven here. Proofs look at most DEPTH levels down, so each costs O(1).
 */

/** How deep a proof may look (a bound, so a fact costs O(1) on a 1,000,000-node chain). */
const DEPTH = 6;

/** The number held by a literal constant (engine/literal.ts: a named constant is not one), or null. */
export function numberOf(v: Value): number | null {
  return isLiteral(v) ? v.data : null;
}

/** v ≥ 0 (or NaN) wherever its inputs are finite: x^2k, abs, sqrt, exp, sigmoid, sums and products of such. */
export function isNonnegative(v: Value, depth = DEPTH): boolean {
  const n = numberOf(v);
  if (n !== null) return n >= 0;
  const spec = v.spec;
  if (spec === null || depth === 0) return false;
  if (spec.domain.sign === 'positive' || (spec.atLeast !== undefined && spec.atLeast >= 0)) return true;
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
 * exp or sigmoid, which round to 0 far out). Positive constants, an op whose `atLeast` is above 0
 * (cosh), sqrt of such, and a sum of such and nonnegative terms (rounding is monotone: a + b ≥ a
 * when b ≥ 0).
 */
export function isStrictlyPositive(v: Value, depth = DEPTH): boolean {
  const n = numberOf(v);
  if (n !== null) return n > 0;
  const spec = v.spec;
  if (spec === null || depth === 0) return false;
  if (spec.atLeast !== undefined && spec.atLeast > 0) return true; // ≥ 1 for cosh: never 0, not even by underflow
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
 * anyway), a finite constant, or an op whose entry says it `keepsFinite` (sigmoid, tanh, sin,
 * step, …) over such.
 */
export function isFinite(v: Value, depth = DEPTH): boolean {
  const n = numberOf(v);
  if (n !== null) return Number.isFinite(n);
  const spec = v.spec;
  if (spec === null) return true;
  if (depth === 0 || spec.keepsFinite !== true) return false;
  return v.inputs.every((u) => isFinite(u, depth - 1));
}

/** v is an integer: an integral constant (the exponent test of (x^a)^b → x^(a·b)). */
export function isInteger(n: number): boolean {
  return Number.isInteger(n);
}
