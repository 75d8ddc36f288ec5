import type { Operand, Value } from '../index.js';
import { rangeError } from './errors.js';
import { binaryCrossEntropy, mse, softmaxCrossEntropy } from './loss.js';

/**
 * The cost of one example from the network's outputs and the target. Targets arrive as numbers
 * (graph engine) or as Value placeholders (compiled engine, which calls the loss once to build
 * its tape), so a custom loss should combine them with Value ops, as the built-in losses do.
 */
export type ExampleLoss = (pred: Value[], target: readonly Operand[]) => Value;

/** Built-in per-example costs: the notes' C0, softmax cross-entropy on a one-hot y, binary cross-entropy on one output. */
export type LossName = 'mse' | 'softmaxCrossEntropy' | 'binaryCrossEntropy';

/**
 * @internal The loss a training call uses. A built-in loss takes one target per network output;
 * a custom one takes as many as the data's first example has (every example must have as many).
 */
export interface LossChoice {
  readonly fn: ExampleLoss;
  readonly targets: 'one per output' | 'as data[0].y';
}

const LOSSES: { readonly [K in LossName]: ExampleLoss } = {
  mse: (pred, y) => mse(pred, y),
  softmaxCrossEntropy: (pred, y) => softmaxCrossEntropy(pred, y),
  binaryCrossEntropy: (pred, y) => binaryCrossEntropy(pred[0], y[0]),
};

/** @internal The per-example loss named by `options.loss` (default the notes' C0). */
export function lossChoice(where: string, loss: unknown): LossChoice {
  if (loss === undefined) return { fn: LOSSES.mse, targets: 'one per output' };
  if (typeof loss === 'function') return { fn: loss as ExampleLoss, targets: 'as data[0].y' };
  if (typeof loss === 'string' && Object.prototype.hasOwnProperty.call(LOSSES, loss)) return { fn: LOSSES[loss as LossName], targets: 'one per output' };
  const names = Object.keys(LOSSES).map((k) => `"${k}"`);
  throw rangeError(where, 'options.loss', `one of ${names.slice(0, -1).join(', ')} or ${names[names.length - 1]}, or a function (pred, y) => Value`, loss);
}
