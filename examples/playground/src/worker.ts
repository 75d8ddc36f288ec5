import type { Point } from './data.js';
import type { NetSpec } from './network.js';
import { Trainer, type Hyper } from './trainer.js';

/** Messages the page sends the training worker. */
export type ToWorker =
  | { type: 'setup'; spec: NetSpec; features: string[]; train: Point[]; test: Point[]; seed: number; hyper: Hyper; theta?: number[] }
  | { type: 'data'; spec: NetSpec; features: string[]; train: Point[]; test: Point[] }
  | { type: 'hyper'; hyper: Hyper }
  | { type: 'play' }
  | { type: 'pause' }
  | { type: 'step' }
  | { type: 'setParam'; index: number; value: number };

/** What the worker reports: a snapshot of the training for the page to draw. */
export interface Snapshot {
  readonly type: 'snapshot';
  readonly playing: boolean;
  readonly steps: number;
  readonly epoch: number;
  readonly trainLoss: number;
  readonly testLoss: number;
  readonly theta: Float64Array;
  readonly grid: Float64Array;
  readonly history: readonly { epoch: number; train: number; test: number }[];
  readonly generated: boolean;
  /** Training steps per second over the current play period (0 while paused). */
  readonly stepsPerSecond: number;
}

/** Each playing slice trains this long before a snapshot goes out. */
const SLICE_MS = 50;

/** The parts of a dedicated worker's global scope used here (the DOM lib, not the worker lib, is loaded). */
interface WorkerScope {
  onmessage: ((event: MessageEvent<ToWorker>) => void) | null;
  postMessage(message: unknown, transfer?: Transferable[]): void;
}

const scope = self as unknown as WorkerScope;
let trainer: Trainer | null = null;
let playing = false;
let playStart = 0;
let playSteps = 0;

scope.onmessage = (event: MessageEvent<ToWorker>) => {
  const msg = event.data;
  try {
    handle(msg);
  } catch (e) {
    scope.postMessage({ type: 'error', message: e instanceof Error ? e.message : String(e) });
  }
};

function handle(msg: ToWorker): void {
  switch (msg.type) {
    case 'setup':
      trainer = new Trainer(msg, msg.hyper);
      trainer.record();
      post();
      return;
    case 'data':
      if (trainer === null) return;
      trainer.setData(msg.spec, msg.features, msg.train, msg.test);
      trainer.record();
      post();
      return;
    case 'hyper':
      trainer?.setHyper(msg.hyper);
      return;
    case 'play':
      if (!playing) {
        playing = true;
        playStart = performance.now();
        playSteps = 0;
        setTimeout(loop, 0);
      }
      return;
    case 'pause':
      playing = false;
      post();
      return;
    case 'step':
      if (trainer === null) return;
      trainer.step();
      trainer.record();
      post();
      return;
    case 'setParam':
      if (trainer === null) return;
      trainer.theta[msg.index] = msg.value;
      trainer.record();
      post();
  }
}

function loop(): void {
  if (!playing || trainer === null) return;
  const t0 = performance.now();
  while (performance.now() - t0 < SLICE_MS) {
    trainer.step();
    playSteps++;
  }
  trainer.record();
  post();
  setTimeout(loop, 0);
}

function post(): void {
  if (trainer === null) return;
  const last = trainer.history[trainer.history.length - 1];
  const elapsed = (performance.now() - playStart) / 1000;
  const snapshot: Snapshot = {
    type: 'snapshot', playing, steps: trainer.steps, epoch: trainer.epoch,
    trainLoss: last?.train ?? NaN, testLoss: last?.test ?? NaN,
    theta: Float64Array.from(trainer.theta), grid: trainer.grid(), history: trainer.history,
    generated: trainer.generated, stepsPerSecond: playing && elapsed > 0 ? playSteps / elapsed : 0,
  };
  scope.postMessage(snapshot, [snapshot.theta.buffer, snapshot.grid.buffer]);
}
