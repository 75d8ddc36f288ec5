import type { Value } from '../../index.js';
import { checkNumber, rangeError, typeError } from '../errors.js';
import { ownOptions } from '../train/options.js';
import { ArrayOptimizer, checkParams, ownUpdate, type FusedRule } from './optimizer.js';

/**
 * One plain gradient-descent step in place, exactly the notes' w ← w − α ∂C/∂w.
 * @category Neural nets
 * @example sgd(net.parameters(), 0.1)
 * @throws TypeError / RangeError if params is not an array of Values or lr is not a nonnegative finite number
 */
export function sgd(params: readonly Value[], lr: number): void {
  checkParams('sgd', params);
  checkNumber('sgd', 'lr', lr, 'nonnegative');
  for (const p of params) p.data -= lr * p.grad;
}

/**
 * Options of {@link SGD}.
 * @category Neural nets
 */
export interface SGDOptions {
  /** Learning rate α ≥ 0 (may be changed between steps through `optimizer.lr`). */
  lr: number;
  /** Momentum μ in [0, 1): v ← μ v + g, w ← w − α v. @defaultValue 0 (plain SGD) */
  momentum?: number;
}

/**
 * Stochastic gradient descent, optionally with (PyTorch-style) momentum: an {@link ArrayOptimizer},
 * so `train` runs it on arrays on the compiled engine.
 * @category Neural nets
 * @example
 * const opt = new SGD(net.parameters(), { lr: 0.1, momentum: 0.9 });
 * opt.zeroGrad(); loss.backward(); opt.step();
 * @throws TypeError / RangeError for bad params or options (an unknown key, a negative lr, momentum outside [0, 1))
 */
export class SGD extends ArrayOptimizer {
  /** The learning rate α (may be changed between steps, e.g. by a schedule). */
  lr: number;
  /** The momentum μ (0: plain SGD). */
  readonly momentum: number;
  private readonly velocity: Float64Array;

  /**
   * An SGD optimizer over `params`.
   * @param params - the parameters to update (snapshotted: later pushes to the array do not count)
   * @param options - lr, and momentum μ (default 0)
   * @throws TypeError / RangeError naming a bad parameter list or option
   */
  constructor(params: readonly Value[], options: SGDOptions) {
    super(params);
    if (typeof options !== 'object' || options === null) throw typeError('SGD', 'options', 'an object with lr', options);
    const o = ownOptions('SGD', options, ['lr', 'momentum']);
    this.lr = checkNumber('SGD', 'options.lr', o.lr, 'nonnegative');
    this.momentum = checkNumber('SGD', 'options.momentum', o.momentum ?? 0, 'nonnegative');
    if (this.momentum >= 1) throw rangeError('SGD', 'options.momentum', 'a number in [0, 1)', this.momentum);
    this.velocity = new Float64Array(params.length);
  }

  /** w − α g, or with momentum v_i ← μ v_i + g, w − α v_i (see {@link ArrayOptimizer.update}). */
  update(i: number, w: number, g: number): number {
    if (this.momentum === 0) return w - this.lr * g;
    this.velocity[i] = this.momentum * this.velocity[i] + g;
    return w - this.lr * this.velocity[i];
  }

  /** @internal SGD as the fused step's 'sgd' or 'momentum' rule (see {@link ArrayOptimizer.fusedRule}). */
  override fusedRule(): FusedRule | undefined {
    if (!isPlainSGD(this)) return undefined;
    if (this.momentum === 0) {
      return { rule: 'sgd', numbers: (out) => void (out[0] = this.lr), applied: () => {}, state: [] };
    }
    return {
      rule: 'momentum',
      numbers: (out) => {
        out[0] = this.lr;
        out[1] = this.momentum;
      },
      applied: () => {},
      state: [this.velocity],
    };
  }
}

// Outside the class body: a class that names itself inside its body is emitted as `class _SGD` by
// the bundler, and its instances would report that name.
function isPlainSGD(o: SGD): boolean {
  return ownUpdate(o, SGD.prototype.update);
}
