/**
 * `gradcheck` alone: a function's backward gradient against central finite differences, for
 * projects without fast-check. Needs nothing but the core.
 *
 * @module chainrule/gradcheck
 */
import { checkOptionKeys, rangeError, typeError } from '../errors/messages.js';
import { Value, valueAndGrad, type ScalarFunction } from '../index.js';

/**
 * Tolerances and step for {@link gradcheck}.
 * @category Testing
 */
export interface GradcheckOptions {
  /** Relative step: h = eps · max(1, |x_i|). @defaultValue 1e-3 */
  eps?: number;
  /** Relative tolerance on each partial. @defaultValue 1e-5 */
  rtol?: number;
  /** Absolute tolerance on each partial. @defaultValue 1e-7 */
  atol?: number;
}

/**
 * What {@link gradcheck} found.
 * @category Testing
 */
export interface GradcheckResult {
  /**
   * True when every partial satisfies |analytic − numeric| ≤ atol + rtol · max(|analytic|, |numeric|)
   * + numericError: a steep function widens the tolerance by exactly what differencing cannot resolve.
   */
  ok: boolean;
  /** The largest |analytic − numeric| / max(|analytic|, |numeric|, atol / rtol) over the partials. */
  maxRelError: number;
  /** ∂f/∂x_i from backward. */
  analytic: number[];
  /** ∂f/∂x_i from central differences (Richardson-extrapolated, error O(h⁴)). */
  numeric: number[];
  /** Per partial, an estimate of the finite-difference error (two extrapolations' disagreement plus rounding). */
  numericError: number[];
}

/**
 * Checks f's backward gradient at xs against central finite differences. Values f captures keep
 * their grads (the analytic gradient comes from {@link valueAndGrad}).
 * The difference quotient is Richardson-extrapolated from steps h, h/2 and h/4 (truncation error
 * O(h⁴)), with an estimate of its own error that is added to the tolerance: the defaults pass for
 * smooth float64 functions, steep ones included, and fail for a wrong derivative rule.
 * Import it from `chainrule/gradcheck` where fast-check is not installed (`chainrule/testing` needs it).
 *
 * Formula: D(h) = (f(x + h·e_i) − f(x − h·e_i)) / 2h, numeric_i = (4·D(h/4) − D(h/2)) / 3, and
 * partial i passes when |analytic_i − numeric_i| ≤ atol + rtol · max(|analytic_i|, |numeric_i|) + numericError_i.
 *
 * @example
 * gradcheck((x, y) => x.mul(y).sigmoid(), [0.3, -1.2]).ok // true
 * @throws TypeError if f is not a function or does not return a Value, xs is not an array of
 *   numbers or options has an unknown key; RangeError if an x is not finite, f declares a different
 *   number of parameters than xs has, or a tolerance is not positive
 * @category Testing
 */
export function gradcheck(f: ScalarFunction, xs: readonly number[], options: GradcheckOptions = {}): GradcheckResult {
  if (typeof f !== 'function') throw typeError('gradcheck', 'f', 'a function of Values returning a Value', f);
  if (!Array.isArray(xs)) throw typeError('gradcheck', 'xs', 'an array of numbers', xs);
  for (let i = 0; i < xs.length; i++) {
    if (typeof xs[i] !== 'number') throw typeError('gradcheck', `xs[${i}]`, 'a number', xs[i]);
    if (!Number.isFinite(xs[i])) throw rangeError('gradcheck', `xs[${i}]`, 'a finite number', xs[i]);
  }
  if (f.length > 0 && xs.length !== f.length) {
    throw rangeError('gradcheck', 'xs.length', `${f.length} (f declares ${f.length} parameter${f.length === 1 ? '' : 's'})`, xs.length);
  }
  checkOptionKeys('gradcheck', options, ['eps', 'rtol', 'atol']);
  const { eps = 1e-3, rtol = 1e-5, atol = 1e-7 } = options;
  for (const [name, v] of [['eps', eps], ['rtol', rtol], ['atol', atol]] as const) {
    if (!(typeof v === 'number' && v > 0 && Number.isFinite(v))) {
      throw rangeError('gradcheck', `options.${name}`, 'a positive finite number', v);
    }
  }
  const checked = (...vars: Value[]): Value => {
    const y = f(...vars);
    if (!(y instanceof Value)) throw typeError('gradcheck', 'the result of f', 'a Value', y);
    return y;
  };
  const evaluate = (point: readonly number[]): Value => checked(...point.map((x) => new Value(x)));
  const { value, grad: analytic } = valueAndGrad(checked)(...xs);
  const numeric: number[] = [];
  const numericError: number[] = [];
  xs.forEach((x, i) => {
    const h = eps * Math.max(1, Math.abs(x));
    let largest = Math.abs(value);
    const difference = (step: number): number => {
      const plus = xs.slice();
      const minus = xs.slice();
      plus[i] = x + step;
      minus[i] = x - step;
      const fPlus = evaluate(plus).data;
      const fMinus = evaluate(minus).data;
      largest = Math.max(largest, Math.abs(fPlus), Math.abs(fMinus));
      return (fPlus - fMinus) / (2 * step);
    };
    // Richardson: (4·D(h/2) − D(h))/3 cancels the h² term. Two such estimates at h and h/2 bound
    // the remaining truncation error; the last term bounds rounding in f's evaluation.
    const [d1, d2, d4] = [difference(h), difference(h / 2), difference(h / 4)];
    const coarse = (4 * d2 - d1) / 3;
    const fine = (4 * d4 - d2) / 3;
    numeric.push(fine);
    numericError.push(Math.abs(fine - coarse) + (64 * Number.EPSILON * largest) / h);
  });
  let maxRelError = 0;
  let ok = true;
  for (let i = 0; i < xs.length; i++) {
    const a = analytic[i];
    const n = numeric[i];
    const diff = Math.abs(a - n);
    const scale = Math.max(Math.abs(a), Math.abs(n));
    if (!(diff <= atol + rtol * scale + numericError[i])) ok = false;
    const rel = diff / Math.max(scale, atol / rtol);
    maxRelError = Math.max(maxRelError, Number.isNaN(rel) ? Infinity : rel);
  }
  return { ok, maxRelError, analytic, numeric, numericError };
}
