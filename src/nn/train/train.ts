import type { Value } from '../../index.js';
import { engineNamed } from './engines.js';
import { checkInteger, checkNumber, checkOptionalBoolean, checkOptionalFunction, nonFiniteTrainingError, rangeError, typeError } from '../errors.js';
import { describe } from '../../errors/messages.js';
import { checkExamples, type Example } from './examples.js';
import { BATCH_OPTIONS, type BatchOptions } from './loss-and-gradient.js';
import { lossChoice } from '../loss-registry.js';
import { MLP } from '../model/mlp.js';
import { checkModel, type Model } from '../model/model.js';
import { ownOptions } from './options.js';
import type { Optimizer } from '../optim/optimizer.js';
import { SGD } from '../optim/sgd.js';
import { mulberry32, shuffleInPlace } from '../random.js';
import type { TrainingSession } from './session.js';

/**
 * Options of {@link train}.
 * @category Neural nets
 */
export interface TrainOptions extends BatchOptions {
  /** Passes over the data. @defaultValue 1 */
  epochs?: number;
  /** Examples per gradient step. @defaultValue 10 */
  batchSize?: number;
  /**
   * The optimizer: its zeroGrad() and step() run once per batch (an {@link ArrayOptimizer} such as
   * SGD or Adam runs its update on arrays on the compiled engine); when absent, plain SGD with `lr`.
   */
  optimizer?: Optimizer;
  /** Learning rate (≥ 0) of the default SGD; not allowed beside `optimizer`. @defaultValue 0.1 */
  lr?: number;
  /** Seed of the per-epoch shuffles: the same seed gives the same run, bit for bit. @defaultValue 1 */
  seed?: number;
  /** Shuffle the examples at the start of each epoch. @defaultValue true */
  shuffle?: boolean;
  /**
   * Called after every `progressEvery`-th batch and after each epoch's last batch. The network's
   * Values are brought up to date before every callback and read back after it (weights set here
   * are used by the next step), which costs two passes over the parameters on the compiled
   * engine's arrays path: call less often for speed.
   */
  onProgress?: (progress: TrainProgress) => void;
  /** Batches between onProgress calls. @defaultValue 1 */
  progressEvery?: number;
  /** Called after every epoch; like onProgress, it sees the current weights and may change them. */
  onEpochEnd?: (report: EpochReport) => void;
  /**
   * The compiled engine's float type: 'float32' computes the batch in single precision (about twice
   * as fast on the dense layers; losses and accuracy differ slightly from float64's, see the
   * Compile and performance guide). The parameters stay float64 Values: they are rounded to
   * float32 while training and written back at callbacks and the end. The graph engine is float64 only.
   * @defaultValue 'float64'
   */
  dtype?: 'float64' | 'float32';
}

/**
 * What {@link TrainOptions.onProgress} receives.
 * @category Neural nets
 */
export interface TrainProgress {
  /** 1-based epoch. */
  epoch: number;
  /** Epochs in the run. */
  epochs: number;
  /** 1-based batch within the epoch. */
  batch: number;
  /** Batches per epoch. */
  batches: number;
  /** Mean per-example loss over the epoch so far. */
  loss: number;
  /** Examples processed per second in this epoch so far. */
  examplesPerSecond: number;
}

/**
 * What {@link TrainOptions.onEpochEnd} receives.
 * @category Neural nets
 */
export interface EpochReport {
  /** 1-based epoch. */
  epoch: number;
  /** Mean per-example loss over the epoch (measured before each batch's step). */
  loss: number;
  /** Wall time of the epoch, in seconds. */
  seconds: number;
}

/**
 * What {@link train} returns.
 * @category Neural nets
 */
export interface TrainResult {
  /** Mean per-example loss of each epoch. */
  losses: number[];
  /** Mean loss of each batch, in order. */
  batchLosses: number[];
  /** Wall time of the whole run, in seconds. */
  seconds: number;
}

/** @internal The keys of {@link TrainOptions}. */
const TRAIN_OPTIONS = ['epochs', 'batchSize', 'optimizer', 'lr', 'seed', 'shuffle', 'onProgress', 'progressEvery', 'onEpochEnd', 'dtype', ...BATCH_OPTIONS] as const;

/**
 * Trains `model` on `data` with seeded shuffling and mini-batches: each step zeroes the grads, takes
 * the batch-mean gradient ({@link lossAndGradient}) and lets the optimizer step. `model` is an
 * {@link MLP} or any other {@link Model} (its input width, a forward pass built from Values, and
 * its parameters); both engines train it alike.
 *
 * Every option and example is checked before the first step. The model is current whenever a
 * callback runs, and weights a callback sets are the ones the next step uses. If a batch's loss
 * or gradient is NaN or ±Infinity, train throws a RangeError naming the epoch and batch before
 * that step is applied: the model keeps the weights of the last finite step (its grads hold
 * the failing batch's gradient, for inspection). The optimizer's zeroGrad() and step() run once
 * per batch; on the compiled engine an {@link ArrayOptimizer} (SGD, Adam) that does not override
 * them has its update run on arrays instead, keeping the parameters out of the Values between
 * callbacks: the tape's fused step, where parameters, gradients and the optimizer's state live in
 * the tape's memory and SGD, momentum and Adam are applied inside its kernels (bit for bit the
 * optimizer's own update in float64).
 * @category Neural nets
 * @example
 * const { losses } = train(net, data, { epochs: 3, batchSize: 10, lr: 3.0, loss: 'mse', seed: 1 });
 * @throws TypeError / RangeError naming a bad model member, option (an unknown key too) or
 * example, before any weight changes; RangeError when the loss becomes NaN/Infinity (see above)
 */
export function train(model: Model, data: readonly Example[], options?: TrainOptions): TrainResult {
  const checked = checkModel('train', model);
  const o = ownOptions('train', options, TRAIN_OPTIONS);
  const epochs = checkInteger('train', 'options.epochs', o.epochs ?? 1, 0);
  const batchSize = checkInteger('train', 'options.batchSize', o.batchSize ?? 10, 1);
  const progressEvery = checkInteger('train', 'options.progressEvery', o.progressEvery ?? 1, 1);
  const seed = checkNumber('train', 'options.seed', o.seed ?? 1);
  checkOptionalBoolean('train', 'options.shuffle', o.shuffle);
  checkOptionalFunction('train', 'options.onProgress', o.onProgress);
  checkOptionalFunction('train', 'options.onEpochEnd', o.onEpochEnd);
  const onProgress = o.onProgress as TrainOptions['onProgress'];
  const onEpochEnd = o.onEpochEnd as TrainOptions['onEpochEnd'];
  const loss = lossChoice('train', o.loss);
  const engine = engineNamed('train', o.engine);
  const optimizer = optimizerOption(checked.params, o.optimizer, o.lr);
  const dtype = dtypeOption(o.dtype, o.engine);
  const targets = checkExamples('train', checked, data, loss);

  const session = engine.session({ checked, loss: loss.fn, targets, optimizer, data, batchSize, dtype });
  const rng = mulberry32(seed);
  let steps = 0;
  // The first batch is measured before any step: a NaN there is the loss's domain, not the learning rate.
  const nonFinite = (epoch: number, batch: number, received: number, parameter?: string) =>
    nonFiniteTrainingError({ epoch, batch, received, parameter, domain: steps === 0 ? loss.domain : undefined });
  const order = data.map((_, i) => i);
  const batches = Math.ceil(data.length / batchSize);
  // Sized up front, so a step allocates nothing (the batch losses are doubles in place).
  const batchLosses = new Array<number>(epochs * batches).fill(0);
  const result: TrainResult = { losses: [], batchLosses, seconds: 0 };
  const start = performance.now();
  // Hands the model to user code: Values current before, the user's writes taken back after.
  const callBack = <T>(callback: (arg: T) => void, arg: T) => {
    session.sync();
    callback(arg);
    session.reload();
  };
  for (let epoch = 1; epoch <= epochs; epoch++) {
    if (o.shuffle !== false) shuffleInPlace(order, rng);
    const epochStart = performance.now();
    let total = 0;
    for (let b = 0; b < batches; b++) {
      const from = b * batchSize;
      const to = Math.min(from + batchSize, data.length);
      try {
        session.forward(order, from, to);
      } catch (error) {
        stop(session, () => error as Error); // debug mode naming a NaN: the model as after the last step
      }
      const batchLoss = session.loss[0];
      if (!Number.isFinite(batchLoss)) {
        session.inspect();
        stop(session, () => nonFinite(epoch, b + 1, batchLoss));
      }
      const last = b + 1 === batches;
      const progress = onProgress !== undefined && ((b + 1) % progressEvery === 0 || last);
      // The gradients stay visible only where user code will look: before a callback and at the end.
      let bad = -1;
      try {
        bad = session.step(progress || (last && (onEpochEnd !== undefined || epoch === epochs)));
      } catch (error) {
        stop(session, () => error as Error);
      }
      if (bad >= 0) stop(session, () => nonFinite(epoch, b + 1, checked.params[bad].grad, parameterName(model, bad)));
      batchLosses[steps++] = batchLoss;
      total += batchLoss * (to - from);
      if (progress) {
        const seen = Math.min((b + 1) * batchSize, data.length);
        const seconds = (performance.now() - epochStart) / 1000;
        callBack(onProgress!, { epoch, epochs, batch: b + 1, batches, loss: total / seen, examplesPerSecond: seen / Math.max(seconds, 1e-9) });
      }
    }
    result.losses.push(total / data.length);
    if (onEpochEnd !== undefined) callBack(onEpochEnd, { epoch, loss: total / data.length, seconds: (performance.now() - epochStart) / 1000 });
  }
  session.sync();
  result.seconds = (performance.now() - start) / 1000;
  return result;
}

/** The dtype option, checked: float32 needs the compiled engine. */
function dtypeOption(dtype: unknown, engine: unknown): 'float64' | 'float32' {
  if (dtype === undefined) return 'float64';
  if (dtype !== 'float64' && dtype !== 'float32') throw rangeError('train', 'options.dtype', '"float64" or "float32"', dtype);
  if (dtype === 'float32' && engine === 'graph') {
    throw rangeError('train', 'options.dtype', '"float64" on the graph engine (its Values are float64)', dtype, "Use engine: 'compiled' for float32.");
  }
  return dtype;
}

/** The optimizer option, checked; when absent, plain SGD with `lr` (an lr beside an optimizer would be ignored, so it is refused). */
function optimizerOption(params: readonly Value[], optimizer: unknown, lr: unknown): Optimizer {
  if (optimizer === undefined) return new SGD(params, { lr: checkNumber('train', 'options.lr', lr ?? 0.1, 'nonnegative') });
  if (lr !== undefined) throw rangeError('train', 'options.lr', 'undefined when options.optimizer is given', lr, "Set the optimizer's own lr instead.");
  const o = optimizer as Partial<Optimizer>;
  if (typeof o !== 'object' || o === null || typeof o.step !== 'function' || typeof o.zeroGrad !== 'function') {
    throw typeError('train', 'options.optimizer', 'an Optimizer (with step() and zeroGrad())', optimizer);
  }
  return o as Optimizer;
}

/**
 * Makes the Values current (the last finite weights: the failing step was not applied, and the
 * grads hold its gradient), then throws the error `error` builds from them.
 */
function stop(session: TrainingSession, error: () => Error): never {
  session.sync();
  throw error();
}

/**
 * Parameter `index` of `model.parameters()` by name: where it lives in an MLP, e.g.
 * `layers[0].neurons[2].w[1]`; in any other model its index, with its label when it has one.
 */
function parameterName(model: Model, index: number): string {
  if (!(model instanceof MLP)) {
    const label = model.parameters()[index]?.label;
    return `parameters()[${index}]${label ? ` (${describe(label)})` : ''}`;
  }
  const net = model;
  let i = index;
  for (let l = 0; l < net.layers.length; l++) {
    const { nin, nout } = net.layers[l];
    if (i < (nin + 1) * nout) {
      const j = Math.floor(i / (nin + 1));
      const k = i % (nin + 1);
      return `layers[${l}].neurons[${j}].${k === nin ? 'b' : `w[${k}]`}`;
    }
    i -= (nin + 1) * nout;
  }
  return `parameter ${index}`;
}
