import { typeError } from '../errors.js';
import type { ScalarFunction } from '../grad.js';
import { Value } from '../value.js';
import { gradients } from './derivative.js';

/**
 * The matrix of second partials ∂²f/∂x_i∂x_j at a point, as numbers, for small functions: one
 * symbolic gradient sweep, then one sweep per gradient entry (derivatives of the derivative
 * graphs, which share nodes). Symmetric up to rounding.
 *
 * @example
 * hessian((x, y) => x.mul(x).mul(y))(3, 2) // [[4, 6], [6, 0]]
 * @throws TypeError if f is not a function or does not return a Value; the Value constructor's
 *   errors for bad xs
 */
export function hessian(f: ScalarFunction): (...xs: number[]) => number[][] {
  if (typeof f !== 'function') throw typeError('hessian', 'f', 'a function of Values returning a Value', f);
  return (...xs) => {
    const leaves = xs.map((x) => new Value(x));
    const y = f(...leaves);
    if (!(y instanceof Value)) throw typeError('hessian', 'the result of f', 'a Value', y, 'Return a single scalar Value, e.g. reduce with sum().');
    // Derivative graphs are built at the point, so their data already holds the values.
    return gradients(y, leaves).map((g) => gradients(g, leaves).map((h) => h.data));
  };
}
