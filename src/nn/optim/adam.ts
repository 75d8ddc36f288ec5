import type { Value } from '../../index.js';
import { checkNumber, rangeError } from '../errors.js';
import { ownOptions } from '../train/options.js';
import { ArrayOptimizer, ownUpdate, type FusedRule } from './optimizer.js';

/**
 * Options of {@link Adam}; defaults are Kingma & Ba's.
 * @category Neural nets
 */
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
 * corrections m̂ = m / (1 − β1^t), v̂ = v / (1 − β2^t). An {@link ArrayOptimizer}.
 * @category Neural nets
 * @example const opt = new Adam(net.parameters(), { lr: 1e-3 });
 * @throws TypeError / RangeError for bad params or options (an unknown key, a negative lr, β outside [0, 1), ε ≤ 0)
 */
export class Adam extends ArrayOptimizer {
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
  private readonly m: Float64Array;
  private readonly v: Float64Array;
  // This step's bias corrections 1 − β^t (set by beginStep).
  private c1 = 1;
  private c2 = 1;

  /**
   * An Adam optimizer over `params`.
   * @param params - the parameters to update (snapshotted, as in SGD)
   * @param options - lr, beta1, beta2, eps (Kingma & Ba's defaults)
   * @throws TypeError / RangeError naming a bad parameter list or option
   */
  constructor(params: readonly Value[], options?: AdamOptions) {
    super(params);
    const o = ownOptions('Adam', options, ['lr', 'beta1', 'beta2', 'eps']);
    this.lr = checkNumber('Adam', 'options.lr', o.lr ?? 0.001, 'nonnegative');
    this.beta1 = unit('options.beta1', o.beta1 ?? 0.9);
    this.beta2 = unit('options.beta2', o.beta2 ?? 0.999);
    this.eps = checkNumber('Adam', 'options.eps', o.eps ?? 1e-8, 'positive');
    this.m = new Float64Array(params.length);
    this.v = new Float64Array(params.length);
  }

  /** t ← t + 1 and the bias corrections 1 − β1^t, 1 − β2^t of this step (see {@link ArrayOptimizer.beginStep}). */
  override beginStep(): void {
    this.t++;
    this.c1 = 1 - Math.pow(this.beta1, this.t);
    this.c2 = 1 - Math.pow(this.beta2, this.t);
  }

  /** Parameter i's Adam step from its value w and gradient g (see {@link ArrayOptimizer.update}). */
  update(i: number, w: number, g: number): number {
    const { m, v, beta1, beta2 } = this;
    m[i] = beta1 * m[i] + (1 - beta1) * g;
    v[i] = beta2 * v[i] + (1 - beta2) * g * g;
    return w - (this.lr * (m[i] / this.c1)) / (Math.sqrt(v[i] / this.c2) + this.eps);
  }

  /** @internal Adam as the fused step's 'adam' rule (see {@link ArrayOptimizer.fusedRule}). */
  override fusedRule(): FusedRule | undefined {
    if (!isPlainAdam(this)) return undefined;
    return {
      rule: 'adam',
      // The numbers of step t + 1, as beginStep will set them (applied() then calls it).
      numbers: (out) => {
        const { beta1, beta2 } = this;
        out[0] = this.lr;
        out[1] = beta1;
        out[2] = 1 - beta1;
        out[3] = beta2;
        out[4] = 1 - beta2;
        out[5] = 1 - Math.pow(beta1, this.t + 1);
        out[6] = 1 - Math.pow(beta2, this.t + 1);
        out[7] = this.eps;
      },
      applied: () => this.beginStep(),
      state: [this.m, this.v],
    };
  }
}

// Outside the class body: a class that names itself inside its body is emitted as `class _Adam` by
// the bundler, and its instances would report that name.
function isPlainAdam(o: Adam): boolean {
  return ownUpdate(o, Adam.prototype.update, Adam.prototype.beginStep);
}

function unit(what: string, x: unknown): number {
  checkNumber('Adam', what, x, 'nonnegative');
  if ((x as number) >= 1) throw rangeError('Adam', what, 'a number in [0, 1)', x);
  return x as number;
}
