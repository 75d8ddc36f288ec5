import type { Value } from '../index.js';
import { checkNumbers, rangeError, typeError } from './errors.js';
import { binaryCrossEntropy, mse, softmaxCrossEntropy } from './loss.js';
import { MLP } from './mlp.js';

/** One training example: input x and target y (for softmaxCrossEntropy, y is one-hot). */
export interface Example {
  readonly x: readonly number[];
  readonly y: readonly number[];
}

/** The cost of one example from the network's outputs and the target. */
export type ExampleLoss = (pred: Value[], target: readonly number[]) => Value;

/** Built-in per-example costs: the notes' C0, softmax cross-entropy on a one-hot y, binary cross-entropy on one output. */
export type LossName = 'mse' | 'softmaxCrossEntropy' | 'binaryCrossEntropy';

/** How a batch's loss and gradients are computed: 'graph' builds and sweeps a Value graph per example. */
export type TrainEngine = 'graph';

/** Options of {@link lossAndGradient}. */
export interface BatchOptions {
  /** @defaultValue 'mse' */
  loss?: LossName | ExampleLoss;
  /** @defaultValue 'graph' */
  engine?: TrainEngine;
}

/** An engine's batch step: adds (1/n) Σ_k ∂C_k/∂p to each param's grad, returns (1/n) Σ_k C_k. */
export type BatchStep = (net: MLP, batch: readonly Example[], loss: ExampleLoss, params: readonly Value[]) => number;

const LOSSES: { readonly [K in LossName]: ExampleLoss } = {
  mse: (pred, y) => mse(pred, y),
  softmaxCrossEntropy: (pred, y) => softmaxCrossEntropy(pred, argmax(y)),
  binaryCrossEntropy: (pred, y) => binaryCrossEntropy(pred[0], y[0]),
};

/**
 * The batch cost C = (1/n) Σ_k C_k and its gradient: adds (1/n) Σ_k ∂C_k/∂p to every parameter's
 * grad (zero them first) and returns C, with the engine `train` uses.
 * @example
 * net.zeroGrad();
 * const loss = lossAndGradient(net, batch, { loss: 'mse' });
 * sgd(net.parameters(), 3.0);
 */
export function lossAndGradient(net: MLP, batch: readonly Example[], options: BatchOptions = {}): number {
  if (!(net instanceof MLP)) throw typeError('lossAndGradient', 'net', 'an MLP', net);
  const loss = lossFunction('lossAndGradient', options.loss);
  checkExamples('lossAndGradient', net, batch, options.loss);
  return engine('lossAndGradient', options.engine)(net, batch, loss, net.parameters());
}

// The graph engine: one Value graph per example, swept backward into the shared leaves; the
// per-example sums become the batch mean by one division at the end.
function graphBatch(net: MLP, batch: readonly Example[], loss: ExampleLoss, params: readonly Value[]): number {
  let total = 0;
  const saved = new Float64Array(params.length);
  for (let i = 0; i < params.length; i++) saved[i] = params[i].grad;
  for (let i = 0; i < params.length; i++) params[i].grad = 0;
  for (const example of batch) {
    const c = loss(net.forward(example.x), example.y);
    c.backward();
    total += c.data;
  }
  const n = batch.length;
  for (let i = 0; i < params.length; i++) params[i].grad = saved[i] + params[i].grad / n;
  return total / n;
}

/** The batch step of each engine: the one place training computes losses and gradients (add engines here). */
const ENGINES: { readonly [K in TrainEngine]: BatchStep } = { graph: graphBatch };

/** @internal The per-example loss named by `options.loss` (default the notes' C0). */
export function lossFunction(where: string, loss: unknown): ExampleLoss {
  if (loss === undefined) return LOSSES.mse;
  if (typeof loss === 'function') return loss as ExampleLoss;
  if (typeof loss === 'string' && Object.prototype.hasOwnProperty.call(LOSSES, loss)) return LOSSES[loss as LossName];
  throw rangeError(where, 'options.loss', `one of "mse", "softmaxCrossEntropy", "binaryCrossEntropy" or a function (pred, y) => Value`, loss);
}

/** @internal The batch step of the engine named by `options.engine` (default 'graph'). */
export function engine(where: string, name: unknown): BatchStep {
  if (name === undefined) return ENGINES.graph;
  if (typeof name === 'string' && Object.prototype.hasOwnProperty.call(ENGINES, name)) return ENGINES[name as TrainEngine];
  throw rangeError(where, 'options.engine', `one of ${Object.keys(ENGINES).map((e) => `"${e}"`).join(', ')}`, name);
}

/** @internal Checks every example up front, so training never stops half-way on bad data. */
export function checkExamples(where: string, net: MLP, data: unknown, loss: unknown): void {
  // A built-in loss needs one target per output; a custom one checks its own targets.
  const ny = typeof loss === 'function' ? undefined : net.layers[net.layers.length - 1].nout;
  if (!Array.isArray(data)) throw typeError(where, 'data', 'an array of { x, y } examples', data);
  if (data.length === 0) throw rangeError(where, 'data', 'a non-empty array of { x, y } examples', data);
  for (let i = 0; i < data.length; i++) {
    const e = data[i] as Example;
    if (typeof e !== 'object' || e === null) throw typeError(where, `data[${i}]`, 'an { x, y } example', e);
    checkNumbers(where, `data[${i}].x`, e.x, net.nin);
    checkNumbers(where, `data[${i}].y`, e.y, ny);
  }
}

function argmax(y: readonly number[]): number {
  let best = 0;
  for (let j = 1; j < y.length; j++) if (y[j] > y[best]) best = j;
  return best;
}
