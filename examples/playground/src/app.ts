import { GENERATORS, generate, split, type DataSet, type Point } from './data.js';
import { enabledFeatures } from './features.js';
import type { NetSpec } from './network.js';
import { $ } from './dom.js';
import { DEFAULT_STATE, isRegression, layerActivations, normalize, outputWidth, toHash, type PlaygroundState } from './state.js';
import type { Hyper } from './trainer.js';
import type { Snapshot, ToWorker } from './worker.js';
import { buildNetworkView, type NetworkView } from './views/network-view.js';
import { paintInputs } from './render.js';

/** Points per generated data set. */
const POINTS = 400;

/** The data the network sees: the set, and its split (points added by clicking train). */
export interface AppData {
  readonly set: DataSet;
  readonly train: Point[];
  readonly test: Point[];
}

/** What the page's parts (controls, canvases, panels) hook into the app. */
export interface AppHooks {
  /** The state changed the controls must show (after every rebuild). */
  sync(app: App, regression: boolean): void;
  /** A snapshot is ready to draw (at most once a frame). */
  draw(app: App): void;
  /** The network was rebuilt: panels reset. */
  reset(app: App): void;
  /** A weight or bias was clicked. */
  select(app: App, index: number): void;
}

/**
 * The page's state and its one training worker: the state (mirrored in the URL hash), the data,
 * the network, the latest snapshot, and the actions every control calls.
 */
export class App {
  state: PlaygroundState = DEFAULT_STATE;
  csv: { name: string; data: DataSet } | null = null;
  added: Point[] = [];
  data: AppData = { set: { points: [], kind: 'classification', classes: 2 }, train: [], test: [] };
  spec: NetSpec | null = null;
  view: NetworkView | null = null;
  snapshot: Snapshot | null = null;
  selected: number | null = null;
  playing = false;
  private readonly worker: Worker;
  private frameQueued = false;

  constructor(private readonly hooks: AppHooks) {
    this.worker = new Worker(new URL('./worker.ts', import.meta.url), { type: 'module' });
    this.worker.onmessage = (e: MessageEvent<Snapshot | { type: 'error'; message: string }>) => {
      if (e.data.type === 'error') {
        $('engine').textContent = `training stopped: ${e.data.message}`;
        return;
      }
      this.snapshot = e.data;
      // Draw at most once a frame: snapshots that arrive faster replace each other.
      if (!this.frameQueued) {
        this.frameQueued = true;
        requestAnimationFrame(() => {
          this.frameQueued = false;
          this.hooks.draw(this);
        });
      }
    };
  }

  send(msg: ToWorker): void {
    this.worker.postMessage(msg);
  }

  hyper(): Hyper {
    const s = this.state;
    return { lr: s.lr, batch: s.batch, reg: s.reg, regRate: s.regRate, optimizer: s.optimizer };
  }

  /** Applies a state patch, then rebuilds data, network and worker (fresh weights). */
  update(patch: Partial<PlaygroundState>): void {
    this.state = { ...this.state, ...patch };
    this.rebuild();
  }

  /** Applies a hyperparameter patch without resetting the training. */
  tune(patch: Partial<PlaygroundState>): void {
    this.state = { ...this.state, ...patch };
    this.send({ type: 'hyper', hyper: this.hyper() });
    this.writeHash();
  }

  /** Rebuilds data, network and worker from the state (fresh weights), and writes the URL hash. */
  rebuild(): void {
    this.setPlaying(false);
    let s = this.state;
    const set = s.dataset === 'csv' && this.csv !== null ? this.csv.data : generate(s.dataset === 'csv' ? 'circle' : s.dataset, { n: POINTS, noise: s.noise, classes: s.classes, seed: s.seed });
    const regression = s.dataset === 'csv' ? set.kind === 'regression' : isRegression(s);
    if (!regression && (s.dataset === 'csv' || !GENERATORS[s.dataset]?.multiclass)) s = { ...s, classes: set.classes };
    s = normalize(s, regression);
    this.state = s;
    const { train, test } = split(set.points, s.ratio, s.seed);
    train.push(...this.added);
    this.data = { set, train, test };
    this.spec = {
      nin: s.features.length, widths: [...s.layers, outputWidth(s, regression)], activations: layerActivations(s),
      output: s.output, classes: set.classes, regression,
    };
    this.selected = null;
    this.snapshot = null;
    this.hooks.reset(this);
    this.hooks.sync(this, regression);
    this.view = buildNetworkView($('network'), this.spec, enabledFeatures(s.features), (index) => this.hooks.select(this, index));
    paintInputs(this);
    this.send({ type: 'setup', spec: this.spec, features: s.features, train, test, seed: s.seed, hyper: this.hyper() });
    this.writeHash();
  }

  /** Adds a clicked point to the training data (the weights stay). */
  addPoint(point: Point): void {
    this.added.push(point);
    this.data.train.push(point);
    if (this.spec !== null) this.send({ type: 'data', spec: this.spec, features: this.state.features, train: this.data.train, test: this.data.test });
  }

  writeHash(): void {
    const hash = toHash(this.state);
    if (location.hash !== hash) history.replaceState(null, '', hash);
  }

  setPlaying(on: boolean): void {
    this.playing = on;
    $<HTMLButtonElement>('play').disabled = on;
    $<HTMLButtonElement>('pause').disabled = !on;
    this.send({ type: on ? 'play' : 'pause' });
  }
}
