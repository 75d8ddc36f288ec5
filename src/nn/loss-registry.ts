import { sum, type Operand, type Value } from '../index.js';
import { rangeError } from './errors.js';
import { SOFTMAX_TARGETS, binaryCrossEntropy, checkDistribution, checkProbability, mse, softmaxCrossEntropy } from './loss.js';

/**
 * The cost of one example from the network's outputs and the target. Targets arrive as numbers
 * (graph engine) or as Value placeholders (compiled engine, which calls the loss once to build
 * its tape), so a custom loss should combine them with Value ops, as the built-in losses do.
 * @category Neural nets
 */
export type ExampleLoss = (pred: Value[], target: readonly Operand[]) => Value;

/**
 * Built-in per-example costs: the notes' C0, softmax cross-entropy on a one-hot y, binary cross-entropy
 * summed over the outputs (one independent label per output).
 * @category Neural nets
 */
export type LossName = 'mse' | 'softmaxCrossEntropy' | 'binaryCrossEntropy';

/**
 * @internal The loss a training call uses. A built-in loss takes one target per model output;
 * a custom one takes as many as the data's first example has (every example must have as many).
 * `checkTargets` refuses one example's targets outside the loss's domain (both engines rely on
 * it, so they refuse the same data with the same message), and `domain` says what the loss needs
 * of the model's outputs (train's diagnosis when the very first batch is not finite).
 */
export interface LossChoice {
  readonly fn: ExampleLoss;
  readonly targets: 'one per output' | 'as data[0].y';
  readonly checkTargets: (where: string, what: string, y: readonly number[]) => void;
  readonly domain: string;
}

const FINITE_FORWARD = "is finite for finite outputs, so the model's forward is not finite at its initial weights: check its ops' domains (ln or √ of a negative, a division by 0) and the scale of the inputs.";

/** Every built-in loss: its per-example cost, its targets' domain and what it needs of the outputs. */
const LOSSES: { readonly [K in LossName]: LossChoice } = {
  mse: { fn: (pred, y) => mse(pred, y), targets: 'one per output', checkTargets: () => {}, domain: `mse ${FINITE_FORWARD}` },
  softmaxCrossEntropy: {
    fn: (pred, y) => softmaxCrossEntropy(pred, y),
    targets: 'one per output',
    checkTargets: (where, what, y) => checkDistribution(where, what, y, SOFTMAX_TARGETS),
    domain: `softmaxCrossEntropy ${FINITE_FORWARD}`,
  },
  binaryCrossEntropy: {
    // Independent labels: one term per output, summed as C0 sums its squares (it read output 0 only).
    fn: (pred, y) => (pred.length === 1 ? binaryCrossEntropy(pred[0], y[0]) : sum(pred.map((p, j) => binaryCrossEntropy(p, y[j])))),
    targets: 'one per output',
    checkTargets: (where, what, y) => y.forEach((t, j) => checkProbability(where, `${what}[${j}]`, t, 'binaryCrossEntropy takes a probability as its target.')),
    domain: "binaryCrossEntropy takes probabilities p in [0, 1]: give the model a sigmoid output (outputActivation: 'sigmoid'), or pass its logits to binaryCrossEntropyWithLogits in a custom loss.",
  },
};

const CUSTOM_DOMAIN = "check the loss function's domain at the model's initial outputs (ln of 0 or of a negative, √ of a negative) and the model's forward.";

/** @internal The per-example loss named by `options.loss` (default the notes' C0). */
export function lossChoice(where: string, loss: unknown): LossChoice {
  if (loss === undefined) return LOSSES.mse;
  if (typeof loss === 'function') return { fn: loss as ExampleLoss, targets: 'as data[0].y', checkTargets: () => {}, domain: CUSTOM_DOMAIN };
  if (typeof loss === 'string' && Object.prototype.hasOwnProperty.call(LOSSES, loss)) return LOSSES[loss as LossName];
  const names = Object.keys(LOSSES).map((k) => `"${k}"`);
  throw rangeError(where, 'options.loss', `one of ${names.slice(0, -1).join(', ')} or ${names[names.length - 1]}, or a function (pred, y) => Value`, loss);
}
