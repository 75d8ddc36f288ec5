import { checkArity, checkNumberList } from '../errors/check-arguments.js';
import { typeError } from '../errors/messages.js';
import { countConsumers } from './graph.js';
import { Value } from './value.js';

/**
 * A function of scalar Values returning one scalar Value.
 * @category Functional transforms
 */
export type ScalarFunction = (...args: Value[]) => Value;

/**
 * ∂f/∂x_i at a point, as numbers: the functional form of backward (like JAX's grad). Values f
 * captures from outside keep their grads (like torch.autograd.grad): only the fresh leaves made
 * for xs receive the sweep.
 * @example grad((x, y) => x.mul(y))(3, 4) // [4, 3]
 * @throws TypeError if f is not a function, an x is not a number or f does not return a Value;
 *   RangeError if an x is NaN or f declares a different number of parameters than xs has
 * @category Functional transforms
 */
export function grad(f: ScalarFunction): (...xs: number[]) => number[] {
  const vg = valueAndGradOf('grad', f);
  return (...xs) => vg(xs).grad;
}

/**
 * f and its gradient at a point in one sweep; captured Values keep their grads, as in {@link grad}.
 * @example valueAndGrad((x) => x.exp())(0) // { value: 1, grad: [1] }
 * @throws TypeError if f is not a function, an x is not a number or f does not return a Value;
 *   RangeError if an x is NaN or f declares a different number of parameters than xs has
 * @category Functional transforms
 */
export function valueAndGrad(f: ScalarFunction): (...xs: number[]) => {
  /** f at the point. */
  value: number;
  /** ∂f/∂x_i at the point, one per argument. */
  grad: number[];
} {
  const vg = valueAndGradOf('valueAndGrad', f);
  return (...xs) => vg(xs);
}

/**
 * @internal Throws unless `xs` is a valid point for f: one number (not NaN) per declared parameter
 * (any count when f declares none, e.g. a rest parameter).
 */
export function checkPoint(where: string, f: ScalarFunction, xs: readonly unknown[]): void {
  checkArity(where, 'the number of arguments', f, xs.length);
  checkNumberList(where, 'xs', xs);
}

/** @internal Throws unless f is a function. */
export function checkFunction(where: string, f: unknown): void {
  if (typeof f !== 'function') throw typeError(where, 'f', 'a function of Values returning a Value', f);
}

/** @internal Throws unless f's result is a Value. */
export function checkResult(where: string, y: unknown): void {
  if (!(y instanceof Value)) throw typeError(where, 'the result of f', 'a Value', y, 'Return a single scalar Value, e.g. reduce with sum().');
}

function valueAndGradOf(where: string, f: ScalarFunction): (xs: readonly number[]) => { value: number; grad: number[] } {
  checkFunction(where, f);
  return (xs) => {
    checkPoint(where, f, xs);
    const leaves = xs.map((x) => new Value(x));
    const y = f(...leaves);
    checkResult(where, y);
    // backward writes the grad of every node it reaches, captured ones included: save them all
    // (one breadth-first pass) and put them back once the fresh leaves' grads are read.
    const nodes: Value[] = [];
    const reached = countConsumers([y], nodes);
    const saved = new Float64Array(reached);
    for (let i = 0; i < reached; i++) saved[i] = nodes[i].grad;
    try {
      y.backward();
      return { value: y.data, grad: leaves.map((l) => l.grad) };
    } finally {
      for (let i = 0; i < reached; i++) nodes[i].grad = saved[i];
    }
  };
}
