import { checkFunction, checkPoint, checkResult, type ScalarFunction } from '../engine/grad.js';
import { Value } from '../engine/value.js';
import { gradients } from './derivative.js';

/**
 * The matrix of second partials ∂²f/∂x_i∂x_j at a point, as numbers, for small functions: one
 * symbolic gradient sweep, then one sweep per gradient entry (derivatives of the derivative
 * graphs, which share nodes). Symmetric up to rounding.
 *
 * @example
 * hessian((x, y) => x.mul(x).mul(y))(3, 2) // [[4, 6], [6, 0]]
 * @throws TypeError if f is not a function, an x is not a number or f does not return a Value;
 *   RangeError if an x is NaN or f declares a different number of parameters than xs has
 * @category Functional transforms
 */
export function hessian(f: ScalarFunction): (...xs: number[]) => number[][] {
  checkFunction('hessian', f);
  return (...xs) => {
    checkPoint('hessian', f, xs);
    const leaves = xs.map((x) => new Value(x));
    const y = f(...leaves);
    checkResult('hessian', y);
    // Derivative graphs are built at the point, so their data already holds the values.
    return gradients(y, leaves).map((g) => gradients(g, leaves).map((h) => h.data));
  };
}
