import type { ExampleInput } from './chain.js';
import type { Point } from './data.js';
import { digitExamples, type DigitSet } from './digits/data.js';
import type { NetSpec } from './network.js';
import { Trainer, type HistoryPoint, type Hyper, type ParamUpdate } from './trainer.js';

/** The examples a network trains on: points of the plane, or digits (bytes, turned into vectors here). */
export type WorkerData = { kind: 'points'; train: Point[]; test: Point[] } | { kind: 'digits'; train: DigitSet; test: DigitSet };

/** Messages the page sends the training worker; `gen` numbers the page's networks, so stale snapshots are dropped. */
export type ToWorker =
  | { type: 'setup'; gen: number; spec: NetSpec; features: string[]; data: WorkerData; seed: number; hyper: Hyper; speed: number }
  | { type: 'data'; spec: NetSpec; features: string[]; train: Point[]; test: Point[] }
  | { type: 'hyper'; hyper: Hyper }
  | { type: 'speed'; stepsPerSecond: number }
  | { type: 'play' }
  | { type: 'pause' }
  | { type: 'step' }
  | { type: 'ready' }
  | { type: 'watch'; index: number }
  | { type: 'probe'; x: number[] | null }
  | { type: 'setParam'; index: number; value: number };

/** What the worker reports: a snapshot of the training for the page to draw. */
export interface Snapshot {
  readonly type: 'snapshot';
  readonly gen: number;
  readonly playing: boolean;
  readonly steps: number;
  readonly epoch: number;
  readonly trainLoss: number;
  readonly testLoss: number;
  /** Test accuracy (classification), else NaN. */
  readonly accuracy: number;
  readonly theta: Float64Array;
  /** Every neuron at every heatmap grid point (2-D data only; empty for digits). */
  readonly grid: Float64Array;
  readonly history: readonly HistoryPoint[];
  readonly generated: boolean;
  /** Training steps per second over the current play period (0 while paused). */
  readonly stepsPerSecond: number;
  /** The training example with the highest cost (−1 when not computed: digits). */
  readonly worst: number;
  /** The watched parameter's last update. */
  readonly update: ParamUpdate | null;
  /** Every neuron's activation for the probe input (the drawn digit), or null. */
  readonly probe: Float64Array | null;
}

/** While training as fast as possible, each slice trains this long before the worker looks at its messages. */
const SLICE_MS = 8;
/** Big data sets (digits) start a sweep of their test set for the loss curve at most this often… */
const RECORD_MS = 400;
/** …and sweep this many test examples after each slice of training. */
const TEST_ROWS = 100;

/** The parts of a dedicated worker's global scope used here (the DOM lib, not the worker lib, is loaded). */
interface WorkerScope {
  onmessage: ((event: MessageEvent<ToWorker>) => void) | null;
  postMessage(message: unknown, transfer?: Transferable[]): void;
}

const scope = self as unknown as WorkerScope;
let trainer: Trainer | null = null;
let gen = 0;
/** Digits: too many examples to sweep every frame (running batch loss; no worst-example search). */
let big = false;
let playing = false;
let speed = 0;
let playStart = 0;
let playSteps = 0;
let lastRecord = 0;
/**
 * Snapshots on their way to the page: at most two, so a fresh one is always there for the next
 * frame while the page never has a queue to work through; each 'ready' (sent on receipt) frees one.
 */
const CREDITS = 2;
let credits = CREDITS;
let probe: Float64Array | null = null;
let timer: ReturnType<typeof setTimeout> | null = null;
/** Numbers the training loop: a stop or a change of speed starts a new one, and older ticks end. */
let chain = 0;
// A zero-delay yield that, unlike nested setTimeout(0), is never clamped to 4 ms.
const tick = new MessageChannel();
tick.port1.onmessage = (e: MessageEvent<number>) => loop(e.data);

scope.onmessage = (event: MessageEvent<ToWorker>) => {
  try {
    handle(event.data);
  } catch (e) {
    scope.postMessage({ type: 'error', gen, message: e instanceof Error ? e.message : String(e) });
  }
};

function handle(msg: ToWorker): void {
  switch (msg.type) {
    case 'setup': {
      stop();
      gen = msg.gen;
      speed = msg.speed;
      big = msg.data.kind === 'digits';
      const train: readonly ExampleInput[] = msg.data.kind === 'digits' ? digitExamples(msg.data.train) : msg.data.train;
      const test: readonly ExampleInput[] = msg.data.kind === 'digits' ? digitExamples(msg.data.test) : msg.data.test;
      trainer = new Trainer({ spec: msg.spec, features: msg.features, train, test, seed: msg.seed }, msg.hyper);
      probe = null;
      credits = CREDITS;
      trainer.record(big);
      post();
      return;
    }
    case 'data':
      if (trainer === null) return;
      trainer.setData(msg.spec, msg.features, msg.train, msg.test);
      trainer.record();
      post();
      return;
    case 'hyper':
      trainer?.setHyper(msg.hyper);
      return;
    case 'speed':
      speed = msg.stepsPerSecond;
      if (playing) restart();
      return;
    case 'play':
      if (!playing) {
        playing = true;
        chain++;
        playStart = performance.now();
        playSteps = 0;
        lastRecord = playStart;
        schedule();
      }
      return;
    case 'pause':
      stop();
      if (trainer !== null) trainer.record(big);
      post();
      return;
    case 'step':
      if (trainer === null) return;
      trainer.step();
      trainer.record(big);
      post();
      return;
    case 'ready':
      credits = Math.min(CREDITS, credits + 1);
      return;
    case 'watch':
      if (trainer === null) return;
      trainer.watched = msg.index;
      trainer.lastUpdate = null;
      return;
    case 'probe':
      probe = msg.x === null ? null : Float64Array.from(msg.x);
      if (!playing) post();
      return;
    case 'setParam':
      if (trainer === null) return;
      trainer.theta[msg.index] = msg.value;
      trainer.record(big);
      post();
  }
}

function stop(): void {
  playing = false;
  chain++;
  if (timer !== null) clearTimeout(timer);
  timer = null;
}

function restart(): void {
  chain++;
  if (timer !== null) clearTimeout(timer);
  timer = null;
  schedule();
}

function schedule(): void {
  const id = chain;
  if (speed > 0) timer = setTimeout(() => loop(id), 1000 / speed);
  else tick.port2.postMessage(id);
}

/** One slice of training: as many steps as fit in SLICE_MS, or one step in slow mode; then a snapshot if the page is ready. */
function loop(id: number): void {
  if (id !== chain || !playing || trainer === null) return;
  timer = null;
  if (speed > 0) {
    trainer.step();
    playSteps++;
  } else {
    const t0 = performance.now();
    do {
      trainer.step();
      playSteps++;
    } while (performance.now() - t0 < SLICE_MS);
  }
  // The digits' loss curve: a test-set sweep of TEST_ROWS examples per slice once RECORD_MS has passed.
  const now = performance.now();
  if (big && now - lastRecord >= RECORD_MS && trainer.recordInPieces(TEST_ROWS) !== null) lastRecord = now;
  // Slow mode draws every step (the page asked to watch them); fast mode whenever the page is ready.
  if (credits > 0 || speed > 0) {
    if (!big) trainer.record();
    post();
  }
  schedule();
}

function post(): void {
  if (trainer === null) return;
  credits = Math.max(0, credits - 1);
  const last = trainer.history[trainer.history.length - 1];
  const elapsed = (performance.now() - playStart) / 1000;
  const snapshot: Snapshot = {
    type: 'snapshot', gen, playing, steps: trainer.steps, epoch: trainer.epoch,
    trainLoss: last?.train ?? NaN, testLoss: last?.test ?? NaN, accuracy: last?.accuracy ?? NaN,
    theta: Float64Array.from(trainer.theta), grid: big ? new Float64Array(0) : trainer.grid(), history: trainer.history,
    generated: trainer.generated, stepsPerSecond: playing && elapsed > 0 ? playSteps / elapsed : 0,
    worst: big || trainer.lastTrainLosses === null ? -1 : argmax(trainer.lastTrainLosses), update: trainer.lastUpdate,
    probe: probe === null ? null : trainer.activations(probe),
  };
  const transfer: Transferable[] = [snapshot.theta.buffer, snapshot.grid.buffer];
  if (snapshot.probe !== null) transfer.push(snapshot.probe.buffer);
  scope.postMessage(snapshot, transfer);
}

function argmax(xs: Float64Array): number {
  let best = xs.length > 0 ? 0 : -1;
  for (let k = 1; k < xs.length; k++) if (xs[k] > xs[best]) best = k;
  return best;
}
