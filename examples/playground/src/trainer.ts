import { Value, compile, type Tape } from '../../../src/index.js';
import { Adam, SGD, mulberry32, type Optimizer, type Rng } from '../../../src/nn/index.js';
import type { ExampleInput } from './chain.js';
import { enabledFeatures, featureRow } from './features.js';
import { DOMAIN } from './data.js';
import { buildLoss, buildNetwork, initialParams, lossGroups, paramPlaces, targetOf, targetWidth, type NetSpec } from './network.js';
import type { OptimizerName, RegName } from './state.js';

/** Heatmap resolution: the network is evaluated on GRID × GRID points of the plane. */
export const GRID = 48;

/** What a trainer trains: the network, its features and the data (points of the plane, or input vectors). */
export interface TrainerSetup {
  readonly spec: NetSpec;
  readonly features: readonly string[];
  readonly train: readonly ExampleInput[];
  readonly test: readonly ExampleInput[];
  readonly seed: number;
  /** Start from these parameters instead of a fresh initialisation (same length as the network's). */
  readonly theta?: ArrayLike<number>;
}

/** The training hyperparameters (changeable while training). */
export interface Hyper {
  readonly lr: number;
  readonly batch: number;
  readonly reg: RegName;
  readonly regRate: number;
  readonly optimizer: OptimizerName;
}

/** One loss-curve point (test accuracy for classification, else NaN). */
export interface HistoryPoint {
  readonly epoch: number;
  readonly train: number;
  readonly test: number;
  readonly accuracy: number;
}

/** The last optimizer step as seen by one watched parameter: its value before, the step's gradient, after. */
export interface ParamUpdate {
  readonly index: number;
  readonly before: number;
  /** The gradient the optimizer was given: (1/B) Σ_k ∂C_k/∂θ over the batch, plus the penalty's term. */
  readonly grad: number;
  readonly after: number;
  readonly lr: number;
  readonly batch: number;
  readonly optimizer: OptimizerName;
}

/**
 * Trains the page's network on chainrule's compiled tape: the per-example cost is compiled once
 * (inputs and targets are placeholders), each step runs one mini-batch through the tape with the
 * parameters in a Float64Array, adds the L1/L2 term to the weights' gradients and lets a chainrule
 * optimizer step the array. A second tape evaluates every neuron on the heatmap grid.
 * @example
 * const t = new Trainer({ spec, features: ['x1', 'x2'], train, test, seed: 1 }, { lr: 0.03, batch: 10, reg: 'none', regRate: 0, optimizer: 'sgd' });
 * for (let i = 0; i < 1000; i++) t.step();
 * t.losses(); // { train, test }
 */
export class Trainer {
  readonly spec: NetSpec;
  readonly theta: Float64Array;
  steps = 0;
  samples = 0;
  readonly history: HistoryPoint[] = [];
  /** One loss graph per target group (see `lossGroups`); row k of a data set belongs to group[k]. */
  private readonly lossGraphs: { readonly root: Value; readonly inputs: Value[] }[];
  /**
   * Compiled loss tapes by group and batch size: a tape keeps its batch buffers for one size, and
   * per-group batches vary in size from step to step, so each size gets its own tape.
   */
  private readonly lossTapes = new Map<number, Tape>();
  private readonly netOutputs: Value[];
  private readonly netInputs: Value[];
  private neuronTape: Tape | null = null;
  private readonly params: Value[];
  private readonly grads: Float64Array;
  private readonly isWeight: Uint8Array;
  private trainRows: Float64Array[];
  private testRows: Float64Array[];
  private trainGroups: Uint8Array;
  private testGroups: Uint8Array;
  private readonly batchRows: Float64Array[][];
  private gridRows: Float64Array[] | null = null;
  private readonly features: ReturnType<typeof enabledFeatures>;
  private order: number[] = [];
  /** Σ of the batch costs and their count since the last {@link Trainer.runningLoss}. */
  private batchCost = 0;
  private batchCount = 0;
  /** A test-set sweep under way (see {@link Trainer.recordInPieces}). */
  private sweep: { next: number; cost: number; correct: number } | null = null;
  /** The parameter whose updates {@link Trainer.lastUpdate} reports (−1: none). */
  watched = -1;
  lastUpdate: ParamUpdate | null = null;
  private cursor = 0;
  /** Batch order: seeded, so the same link replays the same steps. */
  private readonly rng: Rng;
  private hyper: Hyper;
  private optimizer: (Optimizer & { lr: number; stepArrays(t: Float64Array, g: Float64Array): void }) | null = null;

  constructor(setup: TrainerSetup, hyper: Hyper) {
    const { spec } = setup;
    this.spec = spec;
    const init = initialParams(spec, setup.seed);
    this.theta = setup.theta !== undefined && setup.theta.length === init.length ? Float64Array.from(setup.theta) : init;
    this.params = Array.from(this.theta, (w) => new Value(w));
    this.grads = new Float64Array(this.theta.length);
    this.isWeight = Uint8Array.from(paramPlaces(spec), (p) => (p.k >= 0 ? 1 : 0));
    const x = Array.from({ length: spec.nin }, () => new Value(0));
    const net = buildNetwork(spec, x, this.params);
    if (lossGroups(spec) > 1) {
      // Class targets are constants of one graph per class, so each keeps only its nonzero terms:
      // the graph the chain-rule panel explains, finite where 0 · ln 0 would make NaN.
      this.lossGraphs = Array.from({ length: lossGroups(spec) }, (_, c) => ({ root: buildLoss(spec, net, targetOf(spec, c)), inputs: x }));
    } else {
      const y = Array.from({ length: targetWidth(spec) }, () => new Value(0));
      this.lossGraphs = [{ root: buildLoss(spec, net, y), inputs: [...x, ...y] }];
    }
    this.batchRows = this.lossGraphs.map(() => []);
    this.netOutputs = net.a.flat();
    this.netInputs = x;
    this.features = enabledFeatures(setup.features);
    [this.trainRows, this.trainGroups] = rows(spec, this.features, setup.train);
    [this.testRows, this.testGroups] = rows(spec, this.features, setup.test);
    this.hyper = hyper;
    this.rng = mulberry32(setup.seed ^ 0x5bd1e995);
  }

  /** True when the tapes run generated code; false under a CSP without 'unsafe-eval' (the plain sweeps). */
  get generated(): boolean {
    return this.neurons().generated;
  }

  /** Replaces the data, keeping the parameters (points added by clicking, a CSV). */
  setData(spec: NetSpec, features: readonly string[], train: readonly ExampleInput[], test: readonly ExampleInput[]): void {
    const f = enabledFeatures(features);
    [this.trainRows, this.trainGroups] = rows(spec, f, train);
    [this.testRows, this.testGroups] = rows(spec, f, test);
    this.order = [];
  }

  setHyper(hyper: Hyper): void {
    if (hyper.optimizer !== this.hyper.optimizer) this.optimizer = null;
    this.hyper = hyper;
    if (this.optimizer !== null) this.optimizer.lr = hyper.lr;
  }

  /** One mini-batch step: gradient of the mean cost (+ penalty) on the next batch, one optimizer update. */
  step(): void {
    const n = this.trainRows.length;
    if (n === 0) return;
    const B = Math.min(this.hyper.batch, n);
    const { theta, grads, isWeight, batchRows } = this;
    for (const group of batchRows) group.length = 0;
    for (let k = 0; k < B; k++) {
      if (this.cursor >= this.order.length) this.reshuffle();
      const i = this.order[this.cursor++];
      batchRows[this.trainGroups[i]].push(this.trainRows[i]);
    }
    grads.fill(0);
    // Sums per group, then one division: the gradient of the batch's mean cost.
    batchRows.forEach((group, g) => {
      if (group.length === 0) return;
      const costs = this.lossTape(g, group.length).run(group, { params: theta, grads, reduce: 'sum' });
      for (let k = 0; k < costs.length; k++) this.batchCost += costs[k];
    });
    this.batchCount += B;
    for (let i = 0; i < grads.length; i++) grads[i] /= B;
    const { reg, regRate } = this.hyper;
    if (reg !== 'none' && regRate > 0) {
      // Weights only, as TensorFlow Playground: d/dw of rate·|w| is rate·sign(w); of rate·w²/2, rate·w.
      for (let i = 0; i < theta.length; i++) if (isWeight[i] === 1) grads[i] += regRate * (reg === 'l1' ? Math.sign(theta[i]) : theta[i]);
    }
    const w = this.watched;
    const before = w >= 0 ? theta[w] : NaN;
    this.opt().stepArrays(theta, grads);
    if (w >= 0) this.lastUpdate = { index: w, before, grad: grads[w], after: theta[w], lr: this.hyper.lr, batch: B, optimizer: this.hyper.optimizer };
    this.steps++;
    this.samples += B;
  }

  /** Epochs so far: samples seen over the training-set size. */
  get epoch(): number {
    return this.trainRows.length === 0 ? 0 : this.samples / this.trainRows.length;
  }

  /** Mean cost over the training and the test set (no penalty), at the current parameters. */
  losses(): { train: number; test: number } {
    return { train: mean(this.exampleLosses(this.trainRows, this.trainGroups)), test: mean(this.exampleLosses(this.testRows, this.testGroups)) };
  }

  /** Each training example's cost at the last full {@link Trainer.record} (train order; null before one). */
  lastTrainLosses: Float64Array | null = null;

  /** The mean cost of the batches stepped since the last call (NaN when none): a cheap training loss for big sets. */
  runningLoss(): number {
    const m = this.batchCount === 0 ? NaN : this.batchCost / this.batchCount;
    this.batchCost = 0;
    this.batchCount = 0;
    return m;
  }

  /**
   * Appends a loss-curve point (kept under 400 points by dropping every other one): the full sets'
   * mean costs, or with `sampled` (data sets too big to sweep every frame: the digits), the running
   * batch loss, the test set's cost and its accuracy.
   */
  record(sampled = false): HistoryPoint {
    if (!sampled) this.lastTrainLosses = this.exampleLosses(this.trainRows, this.trainGroups);
    const train = sampled ? this.runningLoss() : mean(this.lastTrainLosses!);
    const test = mean(this.exampleLosses(this.testRows, this.testGroups));
    // Test accuracy is what the digits show; the plane's data sets show the plot instead (and skip the pass).
    return this.push(train, test, sampled ? this.accuracy() : NaN);
  }

  /**
   * The same point as record(true), a piece at a time: each call sweeps up to `rows` more test
   * examples (cost and prediction) and returns the point once the whole set is swept, else null.
   * A worker training the digits calls it between slices, so no frame waits for a full sweep.
   */
  recordInPieces(rows: number): HistoryPoint | null {
    const n = this.testRows.length;
    const sweep = (this.sweep ??= { next: 0, cost: 0, correct: 0 });
    const end = Math.min(n, sweep.next + rows);
    const losses = this.exampleLosses(this.testRows.slice(sweep.next, end), this.testGroups.subarray(sweep.next, end));
    for (let k = 0; k < losses.length; k++) sweep.cost += losses[k];
    sweep.correct += this.correct(sweep.next, end);
    sweep.next = end;
    if (end < n) return null;
    this.sweep = null;
    return this.push(this.runningLoss(), n === 0 ? NaN : sweep.cost / n, this.spec.regression || n === 0 ? NaN : sweep.correct / n);
  }

  /** Share of the test set whose predicted class is its label (NaN for regression). */
  accuracy(): number {
    const n = this.testRows.length;
    return this.spec.regression || n === 0 ? NaN : this.correct(0, n) / n;
  }

  /** How many test examples from..to−1 the network classifies right. */
  private correct(from: number, to: number): number {
    const { spec } = this;
    if (spec.regression || to <= from) return 0;
    const M = this.netOutputs.length;
    const K = spec.widths[spec.widths.length - 1];
    const inputs = this.testRows.slice(from, to).map((r) => (r.length === spec.nin ? r : r.subarray(0, spec.nin)));
    const out = this.neurons().run(inputs, { backward: false, params: this.theta });
    let correct = 0;
    for (let i = 0; i < inputs.length; i++) {
      const at = i * M + M - K;
      let best = 0;
      if (K === 1) best = out[at] > 0.5 ? 1 : 0;
      else for (let c = 1; c < K; c++) if (out[at + c] > out[at + best]) best = c;
      if (best === this.labelOf(from + i)) correct++;
    }
    return correct;
  }

  private push(train: number, test: number, accuracy: number): HistoryPoint {
    const point = { epoch: this.epoch, train: Number.isNaN(train) ? this.history[this.history.length - 1]?.train ?? test : train, test, accuracy };
    this.history.push(point);
    if (this.history.length > 400) {
      const kept = this.history.filter((_, i) => i % 2 === 0 || i === this.history.length - 1);
      this.history.splice(0, this.history.length, ...kept);
    }
    return point;
  }

  /** Every neuron's activation (layer by layer) for one input vector. */
  activations(x: ArrayLike<number>): Float64Array {
    return this.neurons().run([Float64Array.from(x)], { backward: false, params: this.theta });
  }

  /** Every neuron's activation at every grid point: row-major, point p's neuron m at [p · neurons + m]. */
  grid(): Float64Array {
    this.gridRows ??= gridRows(this.features);
    return this.neurons().run(this.gridRows, { backward: false, params: this.theta });
  }

  private labelOf(i: number): number {
    const { spec } = this;
    if (lossGroups(spec) > 1) return this.testGroups[i];
    const row = this.testRows[i];
    const K = targetWidth(spec);
    if (K === 1) return row[spec.nin];
    let best = 0;
    for (let c = 1; c < K; c++) if (row[spec.nin + c] > row[spec.nin + best]) best = c;
    return best;
  }

  private neurons(): Tape {
    this.neuronTape ??= compile(this.netOutputs, { inputs: this.netInputs, params: this.params });
    return this.neuronTape;
  }

  private exampleLosses(data: Float64Array[], groups: Uint8Array): Float64Array {
    const losses = new Float64Array(data.length);
    this.lossGraphs.forEach((_, g) => {
      const at: number[] = [];
      for (let k = 0; k < data.length; k++) if (groups[k] === g) at.push(k);
      if (at.length === 0) return;
      const out = this.lossTape(g, at.length).run(at.map((k) => data[k]), { backward: false, params: this.theta });
      at.forEach((k, i) => (losses[k] = out[i]));
    });
    return losses;
  }

  private lossTape(group: number, size: number): Tape {
    const key = size * this.lossGraphs.length + group;
    let tape = this.lossTapes.get(key);
    if (tape === undefined) {
      const { root, inputs } = this.lossGraphs[group];
      this.lossTapes.set(key, (tape = compile(root, { inputs, params: this.params })));
    }
    return tape;
  }

  private opt(): NonNullable<Trainer['optimizer']> {
    if (this.optimizer === null) {
      const { lr, optimizer } = this.hyper;
      this.optimizer = optimizer === 'adam' ? new Adam(this.params, { lr }) : new SGD(this.params, { lr, momentum: optimizer === 'momentum' ? 0.9 : 0 });
    }
    return this.optimizer;
  }

  private reshuffle(): void {
    const n = this.trainRows.length;
    if (this.order.length !== n) this.order = Array.from({ length: n }, (_, i) => i);
    for (let i = n - 1; i > 0; i--) {
      const j = Math.floor(this.rng() * (i + 1));
      [this.order[i], this.order[j]] = [this.order[j], this.order[i]];
    }
    this.cursor = 0;
  }
}

/** The centre of grid cell (row r from the top, column c from the left) in the plane. */
export function gridPoint(r: number, c: number): [number, number] {
  const h = (2 * DOMAIN) / GRID;
  return [-DOMAIN + (c + 0.5) * h, DOMAIN - (r + 0.5) * h];
}

/**
 * Tape rows of the examples and each row's group: with a tape per class, the inputs alone and the
 * class as group; else the inputs then the targets, all in group 0. An example is a point of the
 * plane (its features are computed) or an input vector.
 */
function rows(spec: NetSpec, features: ReturnType<typeof enabledFeatures>, examples: readonly ExampleInput[]): [Float64Array[], Uint8Array] {
  const perClass = lossGroups(spec) > 1;
  const data = examples.map((e) => {
    const x = 'x' in e ? Array.from(e.x) : featureRow(features, e.x1, e.x2);
    return Float64Array.from(perClass ? x : [...x, ...targetOf(spec, e.label)]);
  });
  return [data, Uint8Array.from(examples, (e) => (perClass ? e.label : 0))];
}

function gridRows(features: ReturnType<typeof enabledFeatures>): Float64Array[] {
  const out: Float64Array[] = [];
  for (let r = 0; r < GRID; r++) {
    for (let c = 0; c < GRID; c++) {
      const [x1, x2] = gridPoint(r, c);
      out.push(Float64Array.from(featureRow(features, x1, x2)));
    }
  }
  return out;
}

function mean(xs: Float64Array): number {
  if (xs.length === 0) return NaN;
  let s = 0;
  for (let k = 0; k < xs.length; k++) s += xs[k];
  return s / xs.length;
}
