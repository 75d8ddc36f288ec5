import { typeError } from './errors.js';
import { Value } from './value.js';

/** A function of scalar Values returning one scalar Value. */
export type ScalarFunction = (...args: Value[]) => Value;

/**
 * ∂f/∂x_i at a point, as numbers: the functional form of backward (like JAX's grad).
 * @example grad((x, y) => x.mul(y))(3, 4) // [4, 3]
 * @throws TypeError if f does not return a Value; the Value constructor's errors for bad xs
 */
export function grad(f: ScalarFunction): (...xs: number[]) => number[] {
  const vg = valueAndGrad(f);
  return (...xs) => vg(...xs).grad;
}

/**
 * f and its gradient at a point in one sweep.
 * @example valueAndGrad((x) => x.exp())(0) // { value: 1, grad: [1] }
 * @throws TypeError if f does not return a Value; the Value constructor's errors for bad xs
 */
export function valueAndGrad(f: ScalarFunction): (...xs: number[]) => {
  /** f at the point. */
  value: number;
  /** ∂f/∂x_i at the point. */
  grad: number[];
} {
  if (typeof f !== 'function') throw typeError('valueAndGrad', 'f', 'a function of Values returning a Value', f);
  return (...xs) => {
    const leaves = xs.map((x) => new Value(x));
    const y = f(...leaves);
    if (!(y instanceof Value)) throw typeError('valueAndGrad', 'the result of f', 'a Value', y, 'Return a single scalar Value, e.g. reduce with sum().');
    y.backward();
    return { value: y.data, grad: leaves.map((l) => l.grad) };
  };
}
