import { Value } from '../index.js';
import { checkNumber, rangeError, typeError } from './errors.js';
import { ownOptions } from './train/options.js';

/**
 * One interface for every optimizer: apply a step from the current grads, then clear them.
 *
 * The array step is an optional, explicit fast path for `train` on the compiled engine: given
 * `params` and `stepArrays`, train keeps the parameters in a Float64Array between callbacks and
 * calls `stepArrays(values, grads)` instead of `step()`. train takes that path only when
 * - `params` holds exactly the network's parameters, in `net.parameters()` order, and
 * - `stepArrays` is defined at the same class (or a subclass of the one) that defines `step`:
 *   a subclass that overrides `step()` alone gets `step()` called every batch, as on the graph
 *   engine. Otherwise train calls `step()` on the Values.
 * SGD and Adam provide both; `stepArrays` must make the same update as `step()`.
 * @example
 * const opt: Optimizer = { step: () => sgd(net.parameters(), 0.1), zeroGrad: () => net.zeroGrad() };
 */
export interface Optimizer {
  /** Updates every parameter in place from its grad. */
  step(): void;
  /** Sets every parameter's grad to 0. */
  zeroGrad(): void;
  /** The parameters, in the order `stepArrays` indexes them. */
  readonly params?: readonly Value[];
  /**
   * The same update as `step()`, on parameter values `values` with gradients `grads` (entry i
   * belongs to `params[i]`), in place; the Values themselves are not touched.
   */
  stepArrays?(values: Float64Array, grads: Float64Array): void;
}

/**
 * One plain gradient-descent step in place, exactly the notes' w ← w − α ∂C/∂w.
 * @example sgd(net.parameters(), 0.1)
 * @throws TypeError / RangeError if params is not an array of Values or lr is not a nonnegative finite number
 */
export function sgd(params: readonly Value[], lr: number): void {
  checkParams('sgd', params);
  checkNumber('sgd', 'lr', lr, 'nonnegative');
  for (const p of params) p.data -= lr * p.grad;
}

/** Options of {@link SGD}. */
export interface SGDOptions {
  /** Learning rate α ≥ 0 (may be changed between steps through `optimizer.lr`). */
  lr: number;
  /** Momentum μ in [0, 1): v ← μ v + g, w ← w − α v. @defaultValue 0 (plain SGD) */
  momentum?: number;
}

/**
 * Stochastic gradient descent, optionally with (PyTorch-style) momentum.
 * @example
 * const opt = new SGD(net.parameters(), { lr: 0.1, momentum: 0.9 });
 * opt.zeroGrad(); loss.backward(); opt.step();
 * @throws TypeError / RangeError for bad params or options (an unknown key, a negative lr, momentum outside [0, 1))
 */
export class SGD implements Optimizer {
  /** The learning rate α (may be changed between steps, e.g. by a schedule). */
  lr: number;
  /** The momentum μ (0: plain SGD). */
  readonly momentum: number;
  /** The parameters it updates. */
  readonly params: readonly Value[];
  private readonly velocity: Float64Array;

  /**
   * An SGD optimizer over `params`.
   * @param params - the parameters to update (snapshotted: later pushes to the array do not count)
   * @param options - lr, and momentum μ (default 0)
   * @throws TypeError / RangeError naming a bad parameter list or option
   */
  constructor(params: readonly Value[], options: SGDOptions) {
    this.params = checkParams('SGD', params).slice(); // a snapshot: later pushes to the caller's array do not count
    if (typeof options !== 'object' || options === null) throw typeError('SGD', 'options', 'an object with lr', options);
    const o = ownOptions('SGD', options, ['lr', 'momentum']);
    this.lr = checkNumber('SGD', 'options.lr', o.lr, 'nonnegative');
    this.momentum = checkNumber('SGD', 'options.momentum', o.momentum ?? 0, 'nonnegative');
    if (this.momentum >= 1) throw rangeError('SGD', 'options.momentum', 'a number in [0, 1)', this.momentum);
    this.velocity = new Float64Array(params.length);
  }

  step(): void {
    const params = this.params;
    for (let i = 0; i < params.length; i++) params[i].data = this.next(i, params[i].data, params[i].grad);
  }

  /** The same update as `step()` on arrays (see {@link Optimizer.stepArrays}). */
  stepArrays(values: Float64Array, grads: Float64Array): void {
    for (let i = 0; i < values.length; i++) values[i] = this.next(i, values[i], grads[i]);
  }

  zeroGrad(): void {
    for (const p of this.params) p.grad = 0;
  }

  /** Parameter i's new value from its value w and gradient g. */
  private next(i: number, w: number, g: number): number {
    if (this.momentum === 0) return w - this.lr * g;
    this.velocity[i] = this.momentum * this.velocity[i] + g;
    return w - this.lr * this.velocity[i];
  }
}

/** Options of {@link Adam}; defaults are Kingma & Ba's. */
export interface AdamOptions {
  /** Step size α. @defaultValue 0.001 */
  lr?: number;
  /** Decay of the first-moment average. @defaultValue 0.9 */
  beta1?: number;
  /** Decay of the second-moment average. @defaultValue 0.999 */
  beta2?: number;
  /** Added to √v̂ to avoid division by 0. @defaultValue 1e-8 */
  eps?: number;
}

/**
 * Adam: m ← β1 m + (1−β1) g, v ← β2 v + (1−β2) g², w ← w − α m̂ / (√v̂ + ε) with the bias
 * corrections m̂ = m / (1 − β1^t), v̂ = v / (1 − β2^t).
 * @example const opt = new Adam(net.parameters(), { lr: 1e-3 });
 * @throws TypeError / RangeError for bad params or options (an unknown key, a negative lr, β outside [0, 1), ε ≤ 0)
 */
export class Adam implements Optimizer {
  /** The learning rate α (may be changed between steps, e.g. by a schedule). */
  lr: number;
  /** Decay of the first-moment average. */
  readonly beta1: number;
  /** Decay of the second-moment average. */
  readonly beta2: number;
  /** Added to √v̂ so the step is finite. */
  readonly eps: number;
  /** Steps taken so far (t in the bias corrections). */
  t = 0;
  /** The parameters it updates. */
  readonly params: readonly Value[];
  private readonly m: Float64Array;
  private readonly v: Float64Array;

  /**
   * An Adam optimizer over `params`.
   * @param params - the parameters to update (snapshotted, as in SGD)
   * @param options - lr, beta1, beta2, eps (Kingma & Ba's defaults)
   * @throws TypeError / RangeError naming a bad parameter list or option
   */
  constructor(params: readonly Value[], options?: AdamOptions) {
    this.params = checkParams('Adam', params).slice(); // a snapshot, as in SGD
    const o = ownOptions('Adam', options, ['lr', 'beta1', 'beta2', 'eps']);
    this.lr = checkNumber('Adam', 'options.lr', o.lr ?? 0.001, 'nonnegative');
    this.beta1 = unit('options.beta1', o.beta1 ?? 0.9);
    this.beta2 = unit('options.beta2', o.beta2 ?? 0.999);
    this.eps = checkNumber('Adam', 'options.eps', o.eps ?? 1e-8, 'positive');
    this.m = new Float64Array(params.length);
    this.v = new Float64Array(params.length);
  }

  step(): void {
    const params = this.params;
    const [c1, c2] = this.advance();
    for (let i = 0; i < params.length; i++) params[i].data = this.next(i, params[i].data, params[i].grad, c1, c2);
  }

  /** The same update as `step()` on arrays (see {@link Optimizer.stepArrays}). */
  stepArrays(values: Float64Array, grads: Float64Array): void {
    const [c1, c2] = this.advance();
    for (let i = 0; i < values.length; i++) values[i] = this.next(i, values[i], grads[i], c1, c2);
  }

  /** t ← t + 1; the bias corrections 1 − β1^t and 1 − β2^t. */
  private advance(): [number, number] {
    this.t++;
    return [1 - Math.pow(this.beta1, this.t), 1 - Math.pow(this.beta2, this.t)];
  }

  /** Parameter i's new value from its value w and gradient g. */
  private next(i: number, w: number, g: number, c1: number, c2: number): number {
    const { m, v, beta1, beta2 } = this;
    m[i] = beta1 * m[i] + (1 - beta1) * g;
    v[i] = beta2 * v[i] + (1 - beta2) * g * g;
    return w - (this.lr * (m[i] / c1)) / (Math.sqrt(v[i] / c2) + this.eps);
  }

  zeroGrad(): void {
    for (const p of this.params) p.grad = 0;
  }
}

function unit(what: string, x: unknown): number {
  checkNumber('Adam', what, x, 'nonnegative');
  if ((x as number) >= 1) throw rangeError('Adam', what, 'a number in [0, 1)', x);
  return x as number;
}

function checkParams(where: string, params: unknown): readonly Value[] {
  if (!Array.isArray(params)) throw typeError(where, 'params', 'an array of Value', params);
  for (let i = 0; i < params.length; i++) if (!(params[i] instanceof Value)) throw typeError(where, `params[${i}]`, 'a Value', params[i]);
  return params;
}
