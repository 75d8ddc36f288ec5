import { Value } from '../../index.js';
import { typeError } from '../errors.js';

/**
 * What `train` needs of an optimizer: `zeroGrad()` before each batch's gradient and `step()` after
 * it, once per batch, on every engine. Any object with these two methods will do; the Values are
 * current whenever they run (data = the weights, grad = the batch-mean gradient).
 * @example
 * const opt: Optimizer = { step: () => sgd(net.parameters(), 0.1), zeroGrad: () => net.zeroGrad() };
 * train(net, data, { optimizer: opt });
 */
export interface Optimizer {
  /** Updates every parameter in place from its grad. */
  step(): void;
  /** Sets every parameter's grad to 0. */
  zeroGrad(): void;
}

/**
 * An optimizer whose update is written once, on arrays: `stepArrays(values, grads)` changes
 * `values` in place, entry i being the value of `params[i]` and `grads[i]` its gradient.
 *
 * - `step()` runs that update on the Values (it reads each `data` and `grad`, writes `data`), and
 *   `zeroGrad()` sets every `params[i].grad` to 0, so it is a complete {@link Optimizer}.
 * - `train` on the compiled engine keeps the parameters in Float64Arrays and calls
 *   `stepArrays` on them directly (the fast path: no Value is touched between callbacks) when
 *   `params` are exactly the model's `parameters()`, in order, and `step()` and `zeroGrad()` are
 *   this class's own: then skipping them changes nothing, since their whole effect is the same
 *   `stepArrays` on the Values. A subclass that overrides `step()` or `zeroGrad()` (to count, log or
 *   clip) gets them called every batch on current Values instead, on every engine.
 *
 * {@link SGD} and {@link Adam} are ArrayOptimizers; to write your own, extend this class and
 * implement `stepArrays`. The same update then serves `train`, `step()` in your own loops, and a
 * compiled tape's arrays (`tape.readParams()` with the `params` / `grads` run options).
 * @example
 * class SignSGD extends ArrayOptimizer {
 *   constructor(params: readonly Value[], readonly lr: number) { super(params); }
 *   stepArrays(values: Float64Array, grads: Float64Array): void {
 *     for (let i = 0; i < values.length; i++) values[i] -= this.lr * Math.sign(grads[i]);
 *   }
 * }
 * train(net, data, { optimizer: new SignSGD(net.parameters(), 0.01) });
 */
export abstract class ArrayOptimizer implements Optimizer {
  /** The parameters it updates, in the order `stepArrays` indexes them (a snapshot of the list given). */
  readonly params: readonly Value[];
  // step()'s copies of the Values' data and grads, made on first use.
  #values: Float64Array | undefined;
  #grads: Float64Array | undefined;

  /**
   * An optimizer over `params`.
   * @param params - the parameters to update (snapshotted: later pushes to the array do not count)
   * @throws TypeError if params is not an array of Values (the message names the subclass)
   */
  constructor(params: readonly Value[]) {
    this.params = checkParams(new.target.name || 'ArrayOptimizer', params).slice();
  }

  /**
   * The update: new parameter values in `values`, in place, from `grads` (entry i belongs to
   * `params[i]`). It must not touch the Values themselves: train calls it on its own arrays.
   */
  abstract stepArrays(values: Float64Array, grads: Float64Array): void;

  /** {@link stepArrays} on the Values: reads every `data` and `grad`, writes the new `data`. */
  step(): void {
    const params = this.params;
    const values = (this.#values ??= new Float64Array(params.length));
    const grads = (this.#grads ??= new Float64Array(params.length));
    for (let i = 0; i < params.length; i++) {
      values[i] = params[i].data;
      grads[i] = params[i].grad;
    }
    this.stepArrays(values, grads);
    for (let i = 0; i < params.length; i++) params[i].data = values[i];
  }

  /** Sets every `params[i].grad` to 0. */
  zeroGrad(): void {
    for (const p of this.params) p.grad = 0;
  }
}

const OWN_STEP = ArrayOptimizer.prototype.step;
const OWN_ZERO_GRAD = ArrayOptimizer.prototype.zeroGrad;

/**
 * @internal `stepArrays` bound to `optimizer` when train may call it on arrays in place of
 * `zeroGrad()` + `step()`: an ArrayOptimizer whose step and zeroGrad are the class's own, whose
 * whole effect is that same update on the Values (see {@link ArrayOptimizer}). Else undefined:
 * the optimizer's own methods run on the Values.
 */
export function arrayUpdate(optimizer: Optimizer): ((values: Float64Array, grads: Float64Array) => void) | undefined {
  if (!(optimizer instanceof ArrayOptimizer) || typeof optimizer.stepArrays !== 'function') return undefined;
  if (optimizer.step !== OWN_STEP || optimizer.zeroGrad !== OWN_ZERO_GRAD) return undefined;
  return (values, grads) => optimizer.stepArrays(values, grads);
}

/** Throws unless params is an array of Values; a model passed by mistake gets a hint. */
export function checkParams(where: string, params: unknown): readonly Value[] {
  if (!Array.isArray(params)) {
    const model = typeof params === 'object' && params !== null && typeof (params as { parameters?: unknown }).parameters === 'function';
    throw typeError(where, 'params', 'an array of Value', params, model ? 'Pass its parameters: net.parameters().' : undefined);
  }
  for (let i = 0; i < params.length; i++) if (!(params[i] instanceof Value)) throw typeError(where, `params[${i}]`, 'a Value', params[i]);
  return params;
}
