import { engineNamed, type TrainEngine } from './engines.js';
import { typeError } from '../errors.js';
import { checkExamples, type Example } from './examples.js';
import { lossChoice, type ExampleLoss, type LossName } from '../loss-registry.js';
import { MLP } from '../model/mlp.js';
import { ownOptions } from './options.js';

/** Options of {@link lossAndGradient}. */
export interface BatchOptions {
  /**
   * A built-in loss, or a per-example loss function. On the compiled engine a function is
   * compiled once per network and reused while it stays the same function object: hoist it
   * (`const loss = (p, y) => …` outside the loop) — an inline arrow is a new function on every
   * call and recompiles every time (only the last compiled loss of each network is kept).
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
 * grad (zero them first) and returns C, with the engine `train` uses.
 * @example
 * net.zeroGrad();
 * const loss = lossAndGradient(net, batch, { loss: 'mse' });
 * sgd(net.parameters(), 3.0);
 * @throws TypeError / RangeError naming a bad example or option (an unknown key too), before any grad changes
 */
export function lossAndGradient(net: MLP, batch: readonly Example[], options?: BatchOptions): number {
  if (!(net instanceof MLP)) throw typeError('lossAndGradient', 'net', 'an MLP', net);
  const o = ownOptions('lossAndGradient', options, BATCH_OPTIONS);
  const loss = lossChoice('lossAndGradient', o.loss);
  const engine = engineNamed('lossAndGradient', o.engine);
  const targets = checkExamples('lossAndGradient', net, batch, loss);
  return engine.batch(net, batch, loss.fn, targets, net.parameters());
}
