import { checkInteger, checkNumber, typeError } from './errors.js';
import { checkExamples, lossFunction, trainingSession, type BatchOptions, type Example } from './batch.js';
import { MLP } from './mlp.js';
import { SGD, type Optimizer } from './optim.js';
import { mulberry32, shuffleInPlace } from './random.js';

/** Options of {@link train}. */
export interface TrainOptions extends BatchOptions {
  /** Passes over the data. @defaultValue 1 */
  epochs?: number;
  /** Examples per gradient step. @defaultValue 10 */
  batchSize?: number;
  /** The optimizer; when absent, plain SGD with `lr`. */
  optimizer?: Optimizer;
  /** Learning rate of the default SGD. @defaultValue 0.1 */
  lr?: number;
  /** Seed of the per-epoch shuffles: the same seed gives the same run, bit for bit. @defaultValue 1 */
  seed?: number;
  /** Shuffle the examples at the start of each epoch. @defaultValue true */
  shuffle?: boolean;
  /**
   * Called after every `progressEvery`-th batch and after each epoch's last batch. The network's
   * Values are brought up to date before every callback, which costs a pass over the parameters
   * on the compiled engine: call less often for speed.
   */
  onProgress?: (progress: TrainProgress) => void;
  /** Batches between onProgress calls. @defaultValue 1 */
  progressEvery?: number;
  /** Called after every epoch. */
  onEpochEnd?: (report: EpochReport) => void;
}

/** What {@link TrainOptions.onProgress} receives. */
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

/** What {@link TrainOptions.onEpochEnd} receives. */
export interface EpochReport {
  /** 1-based epoch. */
  epoch: number;
  /** Mean per-example loss over the epoch (measured before each batch's step). */
  loss: number;
  /** Wall time of the epoch, in seconds. */
  seconds: number;
}

/** What {@link train} returns. */
export interface TrainResult {
  /** Mean per-example loss of each epoch. */
  losses: number[];
  /** Mean loss of each batch, in order. */
  batchLosses: number[];
  /** Wall time of the whole run, in seconds. */
  seconds: number;
}

/**
 * Trains `net` on `data` with seeded shuffling and mini-batches: each step zeroes the grads, takes
 * the batch-mean gradient ({@link lossAndGradient}) and lets the optimizer step.
 * @example
 * const { losses } = train(net, data, { epochs: 3, batchSize: 10, lr: 3.0, loss: 'mse', seed: 1 });
 * @throws TypeError / RangeError naming a bad option or example, before any weight changes
 */
export function train(net: MLP, data: readonly Example[], options: TrainOptions = {}): TrainResult {
  if (!(net instanceof MLP)) throw typeError('train', 'net', 'an MLP', net);
  if (typeof options !== 'object' || options === null) throw typeError('train', 'options', 'an object', options);
  checkExamples('train', net, data, options.loss);
  const epochs = checkInteger('train', 'options.epochs', options.epochs ?? 1, 0);
  const batchSize = checkInteger('train', 'options.batchSize', options.batchSize ?? 10, 1);
  const progressEvery = checkInteger('train', 'options.progressEvery', options.progressEvery ?? 1, 1);
  const loss = lossFunction('train', options.loss);
  const optimizer = options.optimizer ?? new SGD(net.parameters(), { lr: checkNumber('train', 'options.lr', options.lr ?? 0.1) });
  if (typeof optimizer.step !== 'function' || typeof optimizer.zeroGrad !== 'function') {
    throw typeError('train', 'options.optimizer', 'an Optimizer (with step() and zeroGrad())', optimizer);
  }
  const session = trainingSession('train', options.engine, net, loss, optimizer);
  const rng = mulberry32(checkNumber('train', 'options.seed', options.seed ?? 1));
  const order = data.map((_, i) => i);
  const batches = Math.ceil(data.length / batchSize);
  const result: TrainResult = { losses: [], batchLosses: [], seconds: 0 };
  const start = performance.now();
  for (let epoch = 1; epoch <= epochs; epoch++) {
    if (options.shuffle !== false) shuffleInPlace(order, rng);
    const epochStart = performance.now();
    let total = 0;
    for (let b = 0; b < batches; b++) {
      const batch = order.slice(b * batchSize, (b + 1) * batchSize).map((i) => data[i]);
      const batchLoss = session.step(batch);
      result.batchLosses.push(batchLoss);
      total += batchLoss * batch.length;
      if (options.onProgress !== undefined && ((b + 1) % progressEvery === 0 || b + 1 === batches)) {
        const seen = Math.min((b + 1) * batchSize, data.length);
        const seconds = (performance.now() - epochStart) / 1000;
        session.sync(); // callbacks may read the network
        options.onProgress({ epoch, epochs, batch: b + 1, batches, loss: total / seen, examplesPerSecond: seen / Math.max(seconds, 1e-9) });
      }
    }
    result.losses.push(total / data.length);
    session.sync();
    options.onEpochEnd?.({ epoch, loss: total / data.length, seconds: (performance.now() - epochStart) / 1000 });
  }
  session.sync();
  result.seconds = (performance.now() - start) / 1000;
  return result;
}
