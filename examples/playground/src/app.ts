import { GENERATORS, generate, split, type DataSet, type Point } from './data.js';
import { DIGITS_FILE, DIGITS_SPEC, loadDigits, type DigitSet } from './digits/data.js';
import { enabledFeatures } from './features.js';
import type { NetSpec } from './network.js';
import { $ } from './dom.js';
import { DEFAULT_STATE, DIGITS, isRegression, layerActivations, normalize, outputWidth, toHash, type PlaygroundState } from './state.js';
import type { Hyper } from './trainer.js';
import type { Snapshot, ToWorker, WorkerData } from './worker.js';
import { buildNetworkView, type NetworkView } from './views/network-view.js';
import { drawPoints, drawSnapshot, paintInputs } from './render.js';

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
  /** Training paused (announced to screen readers). */
  paused(app: App): void;
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
  /** The bundled digits, once fetched. */
  digits: { train: DigitSet; test: DigitSet } | null = null;
  /** Digits: the digit on the drawing canvas (drawn, or a test digit) and its target class. */
  digit: { x: Float64Array; label: number } | null = null;
  spec: NetSpec | null = null;
  view: NetworkView | null = null;
  snapshot: Snapshot | null = null;
  selected: number | null = null;
  /** The training example the panels explain: chosen by a click, or (null) the one with the highest cost. */
  chosenExample: number | null = null;
  /** The neuron under the mouse, and the one pinned by a click or tap: the big plot shows it. */
  hovered: number | null = null;
  pinned: number | null = null;
  playing = false;
  /** Frames drawn and the time they took (read by the e2e test's frame-rate measurement). */
  readonly stats = { frames: 0, drawMs: 0, maxDrawMs: 0, received: 0 };
  /** Numbers the networks: snapshots of an older one are dropped. */
  private gen = 0;
  private readonly worker: Worker;
  private frameQueued = false;

  constructor(private readonly hooks: AppHooks) {
    this.worker = new Worker(new URL('./worker.ts', import.meta.url), { type: 'module' });
    this.worker.onmessage = (e: MessageEvent<Snapshot | { type: 'error'; gen: number; message: string }>) => {
      if (e.data.gen !== this.gen) return;
      if (e.data.type === 'error') {
        $('engine').textContent = `training stopped: ${e.data.message}`;
        return;
      }
      this.snapshot = e.data;
      this.stats.received++;
      // The worker keeps at most two snapshots on their way: each one received frees a place.
      this.send({ type: 'ready' });
      // Draw at most once a frame: snapshots that arrive faster replace each other.
      if (!this.frameQueued) {
        this.frameQueued = true;
        requestAnimationFrame(() => {
          this.frameQueued = false;
          const t0 = performance.now();
          this.hooks.draw(this);
          const ms = performance.now() - t0;
          this.stats.frames++;
          this.stats.drawMs += ms;
          this.stats.maxDrawMs = Math.max(this.stats.maxDrawMs, ms);
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

  get isDigits(): boolean {
    return this.state.dataset === DIGITS;
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
    this.send({ type: 'speed', stepsPerSecond: this.state.speed });
    this.writeHash();
  }

  /** Rebuilds data, network and worker from the state (fresh weights), and writes the URL hash. */
  rebuild(): void {
    this.setPlaying(false);
    let s = this.state;
    const digits = s.dataset === DIGITS;
    const set = digits ? { points: [], kind: 'classification' as const, classes: 10 }
      : s.dataset === 'csv' && this.csv !== null ? this.csv.data : generate(s.dataset === 'csv' ? 'circle' : s.dataset, { n: POINTS, noise: s.noise, classes: s.classes, seed: s.seed });
    const regression = s.dataset === 'csv' ? set.kind === 'regression' : isRegression(s);
    if (!digits && !regression && (s.dataset === 'csv' || !GENERATORS[s.dataset]?.multiclass)) s = { ...s, classes: set.classes };
    s = normalize(s, regression);
    this.state = s;
    const { train, test } = digits ? { train: [], test: [] } : split(set.points, s.ratio, s.seed);
    train.push(...this.added);
    this.data = { set, train, test };
    this.spec = digits
      ? DIGITS_SPEC
      : { nin: s.features.length, widths: [...s.layers, outputWidth(s, regression)], activations: layerActivations(s), output: s.output, classes: set.classes, regression };
    this.gen++;
    this.selected = null;
    this.chosenExample = null;
    this.hovered = null;
    this.pinned = null;
    this.snapshot = null;
    document.body.classList.toggle('digits-mode', digits);
    this.hooks.reset(this);
    this.hooks.sync(this, regression);
    if (digits) {
      this.view = null;
      $('network').innerHTML = '';
      this.startDigits();
    } else {
      this.buildView();
      drawPoints(this);
      this.post(s, { kind: 'points', train, test });
    }
    this.writeHash();
  }

  /** (Re)draws the network drawing to fit its column (after a rebuild, or when the window is resized). */
  buildView(): void {
    if (this.spec === null || this.isDigits) return;
    this.view = buildNetworkView($('network'), this.spec, enabledFeatures(this.state.features), {
      param: (index) => this.hooks.select(this, index),
      hover: (m) => {
        this.hovered = m;
        drawSnapshot(this);
      },
      pin: (m) => {
        this.pinned = this.pinned === m ? null : m;
        drawSnapshot(this);
      },
    });
    paintInputs(this);
    if (this.snapshot !== null) this.hooks.draw(this);
  }

  /** The training example the panels use: the clicked one, else the highest-cost one. */
  exampleIndex(): number {
    const n = this.data.train.length;
    if (n === 0) return -1;
    if (this.chosenExample !== null && this.chosenExample < n) return this.chosenExample;
    const worst = this.snapshot?.worst ?? -1;
    return worst >= 0 && worst < n ? worst : 0;
  }

  /** Adds a clicked point to the training data (the weights stay). */
  addPoint(point: Point): void {
    this.added.push(point);
    this.data.train.push(point);
    if (this.spec !== null) this.send({ type: 'data', spec: this.spec, features: this.state.features, train: this.data.train, test: this.data.test });
    drawPoints(this);
  }

  writeHash(): void {
    const hash = toHash(this.state);
    if (location.hash !== hash) history.replaceState(null, '', hash);
  }

  setPlaying(on: boolean): void {
    const was = this.playing;
    this.playing = on;
    $<HTMLButtonElement>('play').disabled = on;
    $<HTMLButtonElement>('pause').disabled = !on;
    this.send({ type: on ? 'play' : 'pause' });
    if (was && !on) this.hooks.paused(this);
  }

  private post(s: PlaygroundState, data: WorkerData): void {
    if (this.spec === null) return;
    this.send({ type: 'setup', gen: this.gen, spec: this.spec, features: s.features, data, seed: s.seed, hyper: this.hyper(), speed: s.speed });
  }

  /** Digits: fetch the bundled digits once, then set the worker up with them. */
  private startDigits(): void {
    const gen = this.gen;
    const ready = this.digits !== null ? Promise.resolve(this.digits) : loadDigits(new URL(DIGITS_FILE, document.baseURI));
    $('engine').textContent = this.digits === null ? 'loading the digits…' : '';
    ready.then((d) => {
      this.digits = d;
      if (gen !== this.gen) return;
      this.post(this.state, { kind: 'digits', train: d.train, test: d.test });
      this.hooks.sync(this, false);
      window.dispatchEvent(new CustomEvent('digits-ready'));
    }).catch((e: unknown) => {
      $('engine').textContent = e instanceof Error ? e.message : String(e);
    });
  }
}
