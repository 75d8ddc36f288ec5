import { engineNamed, type TrainEngine } from './engines.js';
import { checkExamples, type Example } from './examples.js';
import { lossChoice, type ExampleLoss, type LossName } from '../loss-registry.js';
import { checkModel, type Model } from '../model/model.js';
import { ownOptions } from './options.js';

/**
 * Options of {@link lossAndGradient}.
 * @category Neural nets
 */
export interface BatchOptions {
  /**
   * A built-in loss, or a per-example loss function. On the compiled engine a function is
   * compiled once per model and reused while it stays the same function object: hoist it
   * (`const loss = (p, y) => …` outside the loop) — an inline arrow is a new function on every
   * call and recompiles every time (only the last compiled loss of each model is kept).
   * @defaultValue 'mse'
   */
  loss?: LossName | ExampleLoss;
  /** @defaultValue 'compiled' */
  engine?: TrainEngine;
}

/** @internal The keys of {@link BatchOptions}. */
export const BATCH_OPTIONS = ['loss', 'engine'] as const;

/**
 * The batch cost C = (1/n) Σ_k C_k and its gradient: adds (1/n) Σ_k ∂C_k/∂p to every parameter's
 * grad (zero them first) and returns C, with the engine `train` uses. `model` is an {@link MLP}
 * or any other {@link Model}.
 * @category Neural nets
 * @example
 * net.zeroGrad();
 * const loss = lossAndGradient(net, batch, { loss: 'mse' });
 * sgd(net.parameters(), 3.0);
 * @throws TypeError / RangeError naming a bad model member, example or option (an unknown key too), before any grad changes
 */
export function lossAndGradient(model: Model, batch: readonly Example[], options?: BatchOptions): number {
  const checked = checkModel('lossAndGradient', model);
  const o = ownOptions('lossAndGradient', options, BATCH_OPTIONS);
  const loss = lossChoice('lossAndGradient', o.loss);
  const engine = engineNamed('lossAndGradient', o.engine);
  const targets = checkExamples('lossAndGradient', checked, batch, loss);
  return engine.batch({ checked, loss: loss.fn, targets }, batch);
}
