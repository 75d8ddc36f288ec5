import { Value } from '../../index.js';
import { typeError } from '../errors.js';

/**
 * What `train` needs of an optimizer: `zeroGrad()` before each batch's gradient and `step()` after
 * it, once per batch, on every engine. Any object with these two methods will do; the Values are
 * current whenever they run (data = the weights, grad = the batch-mean gradient).
 * @category Neural nets
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
 * An optimizer whose update is written once, per parameter: `update(i, w, g)` returns parameter
 * i's new value from its value w and gradient g, and `beginStep()` (optional) runs once per step
 * before it (Adam advances its step count there). The class applies that update
 *
 * - to the Values in `step()` (reading each `data` and `grad`, writing `data`), and
 * - to arrays in `stepArrays(values, grads)`, entry i being `params[i]`'s value and gradient:
 *   `train`'s fast path on the compiled engine, which keeps the parameters in Float64Arrays and
 *   touches no Value between callbacks, and the form for a compiled tape's arrays in your own loops.
 *
 * `train` takes the fast path when `params` are exactly the model's `parameters()`, in order,
 * and `step()` and `zeroGrad()` are this class's own (then they are, by construction, the same
 * update on the Values). A subclass that overrides `step()` or `zeroGrad()` (to count, log or
 * clip) gets them called every batch on current Values instead, on every engine. A subclass may
 * also override `stepArrays` for an update that needs the whole vector (e.g. clipping by the
 * global norm): `step()` then runs it on copies of the Values.
 *
 * {@link SGD} and {@link Adam} are ArrayOptimizers.
 * @category Neural nets
 * @example
 * class SignSGD extends ArrayOptimizer {
 *   constructor(params: readonly Value[], readonly lr: number) { super(params); }
 *   update(_i: number, w: number, g: number): number { return w - this.lr * Math.sign(g); }
 * }
 * train(net, data, { optimizer: new SignSGD(net.parameters(), 0.01) });
 */
export abstract class ArrayOptimizer implements Optimizer {
  /** The parameters it updates, in the order `update` and `stepArrays` index them (a snapshot of the list given). */
  readonly params: readonly Value[];
  // step()'s copies of the Values' data and grads for a subclass's own stepArrays, made on first use.
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

  /** Parameter i's new value from its current value w and gradient g: the update, written once. */
  abstract update(i: number, w: number, g: number): number;

  /** Runs once per step, before the parameters are updated (e.g. Adam's t ← t + 1). Does nothing by default. */
  beginStep(): void {}

  /** One step on arrays, in place: `values[i] = update(i, values[i], grads[i])` after `beginStep()`. */
  stepArrays(values: Float64Array, grads: Float64Array): void {
    this.beginStep();
    for (let i = 0; i < values.length; i++) values[i] = this.update(i, values[i], grads[i]);
  }

  /** One step on the Values: {@link stepArrays} applied to every `params[i].data` from its `grad`. */
  step(): void {
    const params = this.params;
    if (this.stepArrays === OWN_STEP_ARRAYS) {
      // The same update as stepArrays, in one pass over the Values.
      this.beginStep();
      for (let i = 0; i < params.length; i++) params[i].data = this.update(i, params[i].data, params[i].grad);
      return;
    }
    // A subclass's own stepArrays: run it on copies of the Values.
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

  /**
   * @internal The update as a rule train's fused step can apply inside its kernels (SGD, momentum,
   * Adam: written there with the same operations, so float64 results are bit for bit this class's),
   * or undefined: then the step runs `stepArrays` on its arrays. Only an optimizer whose update is
   * exactly its class's own qualifies (a subclass that overrides update, beginStep or stepArrays
   * gets its own code run).
   */
  fusedRule(): FusedRule | undefined {
    return undefined;
  }
}

/**
 * @internal An optimizer's update in the form of train's fused step (compile's dense/update.ts).
 * `numbers` writes the next step's numbers (lr, β, the bias corrections, …) in the rule's order
 * without changing the optimizer; `applied` runs after the step was applied (Adam advances t);
 * `state` are the optimizer's own arrays (velocity; m and v), copied to and from the step's at
 * callbacks, so the optimizer object stays current wherever user code can see it.
 */
export interface FusedRule {
  readonly rule: 'sgd' | 'momentum' | 'adam';
  numbers(out: { [i: number]: number }): void;
  applied(): void;
  readonly state: readonly Float64Array[];
}

/** @internal True when `o`'s update, beginStep and stepArrays are the ones `cls` defines (no subclass changed them). */
export function ownUpdate(o: ArrayOptimizer, update: ArrayOptimizer['update'], beginStep: ArrayOptimizer['beginStep'] = ArrayOptimizer.prototype.beginStep): boolean {
  return o.update === update && o.beginStep === beginStep && o.stepArrays === ArrayOptimizer.prototype.stepArrays;
}

const OWN_STEP = ArrayOptimizer.prototype.step;
const OWN_ZERO_GRAD = ArrayOptimizer.prototype.zeroGrad;
const OWN_STEP_ARRAYS = ArrayOptimizer.prototype.stepArrays;

/**
 * @internal `stepArrays` bound to `optimizer` when train may call it on arrays in place of
 * `zeroGrad()` + `step()`: an ArrayOptimizer whose step and zeroGrad are the class's own, whose
 * whole effect is that same update on the Values (see {@link ArrayOptimizer}). Else undefined:
 * the optimizer's own methods run on the Values.
 */
export function arrayUpdate(optimizer: Optimizer): ((values: Float64Array, grads: Float64Array) => void) | undefined {
  if (!(optimizer instanceof ArrayOptimizer)) return undefined;
  if (optimizer.step !== OWN_STEP || optimizer.zeroGrad !== OWN_ZERO_GRAD) return undefined;
  return (values, grads) => optimizer.stepArrays(values, grads);
}

/**
 * Throws unless params is an array of Values; a model passed by mistake gets a hint.
 * @category Neural nets
 */
export function checkParams(where: string, params: unknown): readonly Value[] {
  if (!Array.isArray(params)) {
    const model = typeof params === 'object' && params !== null && typeof (params as { parameters?: unknown }).parameters === 'function';
    throw typeError(where, 'params', 'an array of Value', params, model ? 'Pass its parameters: net.parameters().' : undefined);
  }
  for (let i = 0; i < params.length; i++) if (!(params[i] instanceof Value)) throw typeError(where, `params[${i}]`, 'a Value', params[i]);
  return params;
}
