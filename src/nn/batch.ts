import { Value, compile, type Operand, type Tape } from '../index.js';
import { checkNumbers, rangeError, typeError } from './errors.js';
import { binaryCrossEntropy, mse, softmaxCrossEntropy } from './loss.js';
import { MLP } from './mlp.js';
import type { ArrayOptimizer, Optimizer } from './optim.js';

/** One training example: input x and target y (for softmaxCrossEntropy, y is one-hot). */
export interface Example {
  /** The input, one number per input of the network. */
  readonly x: readonly number[];
  /** The target, one number per output (e.g. one-hot). */
  readonly y: readonly number[];
}

/**
 * The cost of one example from the network's outputs and the target. Targets arrive as numbers
 * (graph engine) or as Value placeholders (compiled engine, which calls the loss once to build
 * its tape), so a custom loss should combine them with Value ops, as the built-in losses do.
 */
export type ExampleLoss = (pred: Value[], target: readonly Operand[]) => Value;

/** Built-in per-example costs: the notes' C0, softmax cross-entropy on a one-hot y, binary cross-entropy on one output. */
export type LossName = 'mse' | 'softmaxCrossEntropy' | 'binaryCrossEntropy';

/**
 * How a batch's loss and gradients are computed: 'compiled' runs the whole batch through a tape
 * compiled once per network and loss (see `compile` in the core); 'graph' builds and sweeps a
 * Value graph per example (slower; the reference the compiled engine is tested against).
 */
export type TrainEngine = 'compiled' | 'graph';

/** Options of {@link lossAndGradient}. */
export interface BatchOptions {
  /** @defaultValue 'mse' */
  loss?: LossName | ExampleLoss;
  /** @defaultValue 'compiled' */
  engine?: TrainEngine;
}

/** An engine's batch step: adds (1/n) Σ_k ∂C_k/∂p to each param's grad, returns (1/n) Σ_k C_k. */
export type BatchStep = (net: MLP, batch: readonly Example[], loss: ExampleLoss, params: readonly Value[]) => number;

const LOSSES: { readonly [K in LossName]: ExampleLoss } = {
  mse: (pred, y) => mse(pred, y),
  softmaxCrossEntropy: (pred, y) => softmaxCrossEntropy(pred, y),
  binaryCrossEntropy: (pred, y) => binaryCrossEntropy(pred[0], y[0]),
};

/**
 * The batch cost C = (1/n) Σ_k C_k and its gradient: adds (1/n) Σ_k ∂C_k/∂p to every parameter's
 * grad (zero them first) and returns C, with the engine `train` uses.
 * @example
 * net.zeroGrad();
 * const loss = lossAndGradient(net, batch, { loss: 'mse' });
 * sgd(net.parameters(), 3.0);
 * @throws TypeError if net is not an MLP; RangeError / TypeError for bad examples or options (checked before any grad changes)
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

// The compiled engine: the per-example loss, built once over placeholder inputs and targets, is
// compiled to a tape per (network, loss); a batch is one tape.run, whose parameter gradients are
// already the batch mean. Parameters are re-read from their Values on every run, so optimizers
// need no sync step. Rows are reused buffers: a batch allocates nothing per example.
interface CompiledLoss {
  readonly tape: Tape;
  readonly rows: Float64Array[];
}
const compiledLosses = new WeakMap<MLP, Map<ExampleLoss, CompiledLoss>>();

function compiledBatch(net: MLP, batch: readonly Example[], loss: ExampleLoss, params: readonly Value[]): number {
  const compiled = compiledLoss(net, loss, params);
  return mean(compiled.tape.run(fillRows(compiled, net.nin, batch), { reduce: 'mean' }));
}

/** The batch as tape rows [...x, ...y], in reused buffers. */
function fillRows(compiled: CompiledLoss, nin: number, batch: readonly Example[]): Float64Array[] {
  const rows = compiled.rows;
  while (rows.length < batch.length) rows.push(new Float64Array(compiled.tape.inputs.length));
  for (let k = 0; k < batch.length; k++) {
    const row = rows[k];
    const { x, y } = batch[k];
    for (let i = 0; i < nin; i++) row[i] = x[i];
    for (let j = 0; j < y.length; j++) row[nin + j] = y[j];
  }
  return batch.length === rows.length ? rows : rows.slice(0, batch.length);
}

function mean(xs: Float64Array): number {
  let total = 0;
  for (let k = 0; k < xs.length; k++) total += xs[k];
  return total / xs.length;
}

function compiledLoss(net: MLP, loss: ExampleLoss, params: readonly Value[]): CompiledLoss {
  let byLoss = compiledLosses.get(net);
  if (byLoss === undefined) compiledLosses.set(net, (byLoss = new Map()));
  let compiled = byLoss.get(loss);
  if (compiled === undefined || !sameValues(compiled.tape.params, params)) {
    const x = Array.from({ length: net.nin }, (_, i) => new Value(0, `x${i}`));
    const y = Array.from({ length: net.layers[net.layers.length - 1].nout }, (_, j) => new Value(0, `y${j}`));
    const tape = compile(loss(net.forward(x), y), { inputs: [...x, ...y], params });
    byLoss.set(loss, (compiled = { tape, rows: [] }));
  }
  return compiled;
}

function sameValues(a: readonly Value[], b: readonly Value[]): boolean {
  return a.length === b.length && a.every((v, i) => v === b[i]);
}

/** The batch step of each engine: the one place training computes losses and gradients (add engines here). */
const ENGINES: { readonly [K in TrainEngine]: BatchStep } = { compiled: compiledBatch, graph: graphBatch };

/**
 * @internal One training run's step (zero the grads, the batch gradient, the optimizer's step) and
 * `sync()`, which makes the Values current. On the compiled engine with a built-in optimizer the
 * parameters live in a Float64Array between syncs (the tape's arrays mode), so a step touches no
 * Value object; otherwise every step works on the Values and sync does nothing.
 */
export interface TrainingSession {
  step(batch: readonly Example[]): number;
  sync(): void;
}

/** @internal The session `train` runs: see {@link TrainingSession}. */
export function trainingSession(where: string, engineName: unknown, net: MLP, loss: ExampleLoss, optimizer: Optimizer): TrainingSession {
  const params = net.parameters();
  const batchStep = engine(where, engineName);
  if (batchStep !== compiledBatch || !stepsArrays(optimizer, params)) {
    return {
      step(batch) {
        optimizer.zeroGrad();
        const value = batchStep(net, batch, loss, params);
        optimizer.step();
        return value;
      },
      sync() {},
    };
  }
  const compiled = compiledLoss(net, loss, params);
  const theta = compiled.tape.readParams();
  const grads = new Float64Array(theta.length);
  return {
    step(batch) {
      grads.fill(0);
      const value = mean(compiled.tape.run(fillRows(compiled, net.nin, batch), { reduce: 'mean', params: theta, grads }));
      optimizer.stepArrays(theta, grads);
      return value;
    },
    // As after a Values step: data updated, grad = the last batch's mean gradient.
    sync() {
      compiled.tape.writeParams(theta);
      for (let i = 0; i < params.length; i++) params[i].grad = grads[i];
    },
  };
}

function stepsArrays(optimizer: Optimizer, params: readonly Value[]): optimizer is ArrayOptimizer {
  const o = optimizer as Partial<ArrayOptimizer>;
  return typeof o.stepArrays === 'function' && Array.isArray(o.params) && sameValues(o.params, params);
}

/** @internal The per-example loss named by `options.loss` (default the notes' C0). */
export function lossFunction(where: string, loss: unknown): ExampleLoss {
  if (loss === undefined) return LOSSES.mse;
  if (typeof loss === 'function') return loss as ExampleLoss;
  if (typeof loss === 'string' && Object.prototype.hasOwnProperty.call(LOSSES, loss)) return LOSSES[loss as LossName];
  throw rangeError(where, 'options.loss', `one of "mse", "softmaxCrossEntropy", "binaryCrossEntropy" or a function (pred, y) => Value`, loss);
}

/** @internal The batch step of the engine named by `options.engine` (default 'compiled'). */
export function engine(where: string, name: unknown): BatchStep {
  if (name === undefined) return ENGINES.compiled;
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
