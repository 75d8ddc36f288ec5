import 'katex/dist/katex.min.css';
import { ACTIVATION_NAMES, type ActivationName } from './activations.js';
import { chainReport, checkParam, exampleGraph, notesView } from './chain.js';
import { DOMAIN, GENERATORS, generate, parseCsv, split, type DataSet, type Point } from './data.js';
import { FEATURES, enabledFeatures } from './features.js';
import { modelJSON, predict, type NetSpec } from './network.js';
import {
  DEFAULT_STATE, MAX_LAYERS, MAX_NEURONS, NOTES_PRESET, fromHash, isRegression, layerActivations, normalize, outputWidth, toHash,
  type PlaygroundState,
} from './state.js';
import { GRID, gridPoint, type Hyper } from './trainer.js';
import type { Snapshot, ToWorker } from './worker.js';
import { renderChain, renderCheck } from './views/chain-panel.js';
import { CLASS_COLORS } from './views/colors.js';
import { fixed } from './views/format.js';
import { paintClasses, paintField, type Range } from './views/heatmap.js';
import { drawLossChart } from './views/loss-chart.js';
import { buildNetworkView, type NetworkView } from './views/network-view.js';
import { renderNotes, stepThrough } from './views/notes-panel.js';

/** Points per generated data set. */
const POINTS = 400;
/** While playing, the chain-rule panel is recomputed at most this often (explain is not free). */
const PANEL_MS = 500;
/** How much white the decision boundary mixes in, so the points on it stay visible. */
const PALE = 0.35;

const $ = <T extends HTMLElement = HTMLElement>(id: string) => document.getElementById(id) as T;
const sel = (id: string) => $<HTMLSelectElement>(id);
const inp = (id: string) => $<HTMLInputElement>(id);

let state: PlaygroundState = DEFAULT_STATE;
let csv: { name: string; data: DataSet } | null = null;
let added: Point[] = [];
let data: { set: DataSet; train: Point[]; test: Point[] } = { set: { points: [], kind: 'classification', classes: 2 }, train: [], test: [] };
let spec: NetSpec | null = null;
let view: NetworkView | null = null;
let snapshot: Snapshot | null = null;
let selected: number | null = null;
let playing = false;
let lastPanel = 0;
let stopSteps: (() => void) | null = null;
let frameQueued = false;

const worker = new Worker(new URL('./worker.ts', import.meta.url), { type: 'module' });
const send = (msg: ToWorker) => worker.postMessage(msg);
worker.onmessage = (e: MessageEvent<Snapshot | { type: 'error'; message: string }>) => {
  if (e.data.type === 'error') {
    $('engine').textContent = `training stopped: ${e.data.message}`;
    return;
  }
  snapshot = e.data;
  // Draw at most once a frame: snapshots that arrive faster replace each other.
  if (!frameQueued) {
    frameQueued = true;
    requestAnimationFrame(() => {
      frameQueued = false;
      draw();
    });
  }
};

setupControls();
state = fromHash(location.hash);
rebuild();
window.addEventListener('hashchange', () => {
  if (location.hash === toHash(state)) return;
  state = fromHash(location.hash);
  rebuild();
});

function hyper(): Hyper {
  return { lr: state.lr, batch: state.batch, reg: state.reg, regRate: state.regRate, optimizer: state.optimizer };
}

/** Rebuilds data, network and worker from the state (fresh weights), and writes the URL hash. */
function rebuild(): void {
  setPlaying(false);
  const set = state.dataset === 'csv' && csv !== null ? csv.data : generate(state.dataset === 'csv' ? 'circle' : state.dataset, { n: POINTS, noise: state.noise, classes: state.classes, seed: state.seed });
  const regression = state.dataset === 'csv' ? set.kind === 'regression' : isRegression(state);
  if (!regression && (state.dataset === 'csv' || !GENERATORS[state.dataset]?.multiclass)) state = { ...state, classes: set.classes };
  state = normalize(state, regression);
  const { train, test } = split(set.points, state.ratio, state.seed);
  train.push(...added);
  data = { set, train, test };
  spec = {
    nin: state.features.length,
    widths: [...state.layers, outputWidth(state, regression)],
    activations: layerActivations(state),
    output: state.output,
    classes: set.classes,
    regression,
  };
  selected = null;
  snapshot = null;
  stopSteps?.();
  $('steps').innerHTML = '';
  $('chain-rule').innerHTML = '<p class="muted">Click any weight or bias in the network to see ∂C/∂w as the chain rule computes it.</p>';
  $('chain-tools').hidden = true;
  syncControls(regression);
  view = buildNetworkView($('network'), spec, enabledFeatures(state.features), select);
  paintInputs();
  send({ type: 'setup', spec, features: state.features, train, test, seed: state.seed, hyper: hyper() });
  writeHash();
}

function writeHash(): void {
  const hash = toHash(state);
  if (location.hash !== hash) history.replaceState(null, '', hash);
}

function setPlaying(on: boolean): void {
  playing = on;
  $<HTMLButtonElement>('play').disabled = on;
  $<HTMLButtonElement>('pause').disabled = !on;
  send({ type: on ? 'play' : 'pause' });
}

/** Draws a snapshot: readouts, weights, heatmaps, loss curves and the panels. */
function draw(): void {
  const s = snapshot;
  if (s === null || spec === null || view === null) return;
  $('epoch').textContent = fixed(s.epoch, 2);
  $('train-loss').textContent = fixed(s.trainLoss);
  $('test-loss').textContent = fixed(s.testLoss);
  if (s.playing) $('speed').textContent = String(Math.round(s.stepsPerSecond));
  $('engine').textContent = s.generated ? 'compiled tape, generated code' : 'compiled tape, plain loops (no eval)';
  view.update(s.theta, selected);
  paintNeurons(s);
  paintBoundary(s);
  drawLossChart($('loss-chart') as unknown as SVGSVGElement, s.history);
  const now = performance.now();
  if (!s.playing || now - lastPanel > PANEL_MS) {
    lastPanel = now;
    drawPanels(s);
  }
}

function neuronCount(): number {
  return spec === null ? 0 : spec.widths.reduce((p, q) => p + q, 0);
}

function rangeOf(act: ActivationName): Range {
  return act === 'sigmoid' ? { lo: 0, hi: 1 } : { lo: -1, hi: 1 };
}

function paintNeurons(s: Snapshot): void {
  if (spec === null || view === null) return;
  const M = neuronCount();
  let m = 0;
  view.neurons.forEach((layer, l) => {
    layer.forEach((canvas) => {
      const at = m++;
      paintField(canvas, (p) => s.grid[p * M + at], rangeOf(spec!.activations[l]));
    });
  });
}

function paintInputs(): void {
  if (view === null) return;
  const fs = enabledFeatures(state.features);
  view.inputs.forEach((canvas, k) => {
    const values = new Float64Array(GRID * GRID);
    let hi = 0;
    for (let p = 0; p < values.length; p++) {
      const [x1, x2] = gridPoint(Math.floor(p / GRID), p % GRID);
      values[p] = fs[k].f(x1, x2);
      hi = Math.max(hi, Math.abs(values[p]));
    }
    paintField(canvas, (p) => values[p], { lo: -hi, hi });
  });
}

function paintBoundary(s: Snapshot): void {
  if (spec === null) return;
  const canvas = $<HTMLCanvasElement>('boundary');
  const M = neuronCount();
  const K = spec.widths[spec.widths.length - 1];
  const out = (p: number) => s.grid.subarray(p * M + M - K, p * M + M);
  if (spec.regression) paintField(canvas, (p) => out(p)[0], { lo: -1, hi: 1 }, PALE);
  else if (K === 1) paintField(canvas, (p) => out(p)[0], { lo: 0, hi: 1 }, PALE);
  else paintClasses(canvas, (p) => predict(spec!, out(p)));
  const ctx = canvas.getContext('2d')!;
  const scale = canvas.width / (2 * DOMAIN);
  const points = inp('show-test').checked ? [...data.train, ...data.test] : data.train;
  points.forEach((pt) => {
    const isTest = data.test.includes(pt);
    ctx.beginPath();
    ctx.arc((pt.x1 + DOMAIN) * scale, (DOMAIN - pt.x2) * scale, 3.2, 0, 2 * Math.PI);
    ctx.fillStyle = spec!.regression ? (pt.label >= 0 ? CLASS_COLORS[1] : CLASS_COLORS[0]) : CLASS_COLORS[pt.label] ?? '#000';
    ctx.fill();
    ctx.strokeStyle = isTest ? '#000' : '#fff';
    ctx.lineWidth = 1.2;
    ctx.stroke();
  });
}

function examplePoint(): Point | null {
  const k = Math.max(0, Math.min(data.train.length - 1, Math.floor(Number(inp('example').value) || 0)));
  return data.train[k] ?? null;
}

function exampleText(p: Point): string {
  const k = data.train.indexOf(p);
  return `Training example ${k}: (x₁, x₂) = (${p.x1.toFixed(3)}, ${p.x2.toFixed(3)}), label ${Number(p.label.toFixed(3))}`;
}

function drawPanels(s: Snapshot): void {
  if (spec === null) return;
  const point = examplePoint();
  if (point === null) return;
  if (selected !== null) {
    const g = exampleGraph(spec, state.features, point, s.theta);
    renderChain($('chain-rule'), chainReport(g, selected), exampleText(point));
    const value = inp('param-value');
    if (document.activeElement !== value) value.value = String(s.theta[selected]);
  }
  const notes = spec.widths.every((w) => w === 1);
  $('notes').hidden = !notes;
  $('notes-tools').hidden = !notes;
  if (notes) {
    const g = exampleGraph(spec, state.features, point, s.theta);
    renderNotes($('notes'), notesView(spec, g), exampleText(point));
    // The example's input and target, for anyone (the e2e test) recomputing the formulas.
    $('notes').dataset.x = JSON.stringify(g.inputs.map((x) => x.data));
    $('notes').dataset.y = JSON.stringify(g.target);
  }
}

/** A weight or bias was clicked: open its chain rule. */
function select(index: number): void {
  selected = index;
  $('chain-tools').hidden = false;
  $('check-result').innerHTML = '';
  if (snapshot !== null) {
    view?.update(snapshot.theta, selected);
    drawPanels(snapshot);
  }
}

function setupControls(): void {
  for (const lr of [0.00001, 0.0001, 0.001, 0.003, 0.01, 0.03, 0.1, 0.3, 1, 3, 10]) sel('lr').append(new Option(String(lr), String(lr)));
  for (const r of [0, 0.001, 0.003, 0.01, 0.03, 0.1, 0.3, 1, 3, 10]) sel('regRate').append(new Option(String(r), String(r)));
  for (const [id, g] of Object.entries(GENERATORS)) sel('dataset').append(new Option(g.label, id));
  sel('dataset').append(new Option('Your CSV', 'csv'));
  $('play').addEventListener('click', () => setPlaying(true));
  $('pause').addEventListener('click', () => setPlaying(false));
  $('step').addEventListener('click', () => {
    if (playing) setPlaying(false);
    send({ type: 'step' });
  });
  $('reset').addEventListener('click', () => rebuild());
  $('regenerate').addEventListener('click', () => {
    added = [];
    state = { ...state, seed: state.seed + 1 };
    rebuild();
  });
  const onHyper = (patch: () => Partial<PlaygroundState>) => () => {
    state = { ...state, ...patch() };
    send({ type: 'hyper', hyper: hyper() });
    writeHash();
  };
  sel('lr').addEventListener('change', onHyper(() => ({ lr: Number(sel('lr').value) })));
  sel('optimizer').addEventListener('change', onHyper(() => ({ optimizer: sel('optimizer').value as PlaygroundState['optimizer'] })));
  sel('reg').addEventListener('change', onHyper(() => ({ reg: sel('reg').value as PlaygroundState['reg'] })));
  sel('regRate').addEventListener('change', onHyper(() => ({ regRate: Number(sel('regRate').value) })));
  inp('batch').addEventListener('input', () => {
    $('batch-out').textContent = inp('batch').value;
    onHyper(() => ({ batch: Number(inp('batch').value) }))();
  });
  const onRebuild = (patch: () => Partial<PlaygroundState>) => () => {
    state = { ...state, ...patch() };
    rebuild();
  };
  sel('output').addEventListener('change', onRebuild(() => ({ output: sel('output').value as PlaygroundState['output'] })));
  sel('classes').addEventListener('change', onRebuild(() => ({ classes: Number(sel('classes').value) })));
  inp('ratio').addEventListener('change', onRebuild(() => ({ ratio: Number(inp('ratio').value) / 100 })));
  inp('noise').addEventListener('change', onRebuild(() => ({ noise: Number(inp('noise').value) / 100 })));
  sel('dataset').addEventListener('change', () => {
    const dataset = sel('dataset').value;
    const wasNotes = state.dataset === 'notes';
    added = [];
    if (dataset === 'notes') state = { ...state, ...NOTES_PRESET, dataset };
    else if (wasNotes) {
      const { features, layers, activations, output, lr, batch } = DEFAULT_STATE;
      state = { ...state, dataset, features, layers, activations, output, lr, batch };
    } else state = { ...state, dataset, activations: isRegression({ ...state, dataset }) ? [...state.activations.slice(0, -1), 'linear'] : state.activations };
    rebuild();
  });
  inp('show-test').addEventListener('change', () => draw());
  inp('csv').addEventListener('change', async () => {
    const file = inp('csv').files?.[0];
    if (file === undefined) return;
    try {
      csv = { name: file.name, data: parseCsv(await file.text()) };
      $('csv-error').textContent = '';
      added = [];
      state = { ...state, dataset: 'csv', classes: csv.data.classes };
      rebuild();
    } catch (e) {
      $('csv-error').textContent = e instanceof Error ? e.message : String(e);
    }
  });
  $('boundary').addEventListener('click', (e) => {
    const canvas = $<HTMLCanvasElement>('boundary');
    const box = canvas.getBoundingClientRect();
    const x1 = ((e.clientX - box.left) / box.width) * 2 * DOMAIN - DOMAIN;
    const x2 = DOMAIN - ((e.clientY - box.top) / box.height) * 2 * DOMAIN;
    const point = { x1, x2, label: Number(sel('add-class').value) };
    added.push(point);
    data.train.push(point);
    if (spec !== null) send({ type: 'data', spec, features: state.features, train: data.train, test: data.test });
    updateCount();
  });
  $('add-layer').addEventListener('click', onRebuild(() => ({
    layers: state.layers.length < MAX_LAYERS ? [...state.layers, 2] : state.layers,
    activations: [...state.activations.slice(0, state.layers.length), state.activations[state.layers.length - 1] ?? 'tanh', state.activations[state.layers.length]],
  })));
  $('remove-layer').addEventListener('click', onRebuild(() => ({
    layers: state.layers.slice(0, -1),
    activations: [...state.activations.slice(0, Math.max(0, state.layers.length - 1)), state.activations[state.layers.length]],
  })));
  $('export').addEventListener('click', () => {
    if (spec === null || snapshot === null) return;
    const blob = new Blob([JSON.stringify(modelJSON(spec, snapshot.theta), null, 2)], { type: 'application/json' });
    const a = document.createElement('a');
    a.href = URL.createObjectURL(blob);
    a.download = 'chainrule-playground-model.json';
    a.click();
    setTimeout(() => URL.revokeObjectURL(a.href), 1000);
  });
  $('set-param').addEventListener('click', () => {
    const v = Number(inp('param-value').value);
    if (selected !== null && Number.isFinite(v)) send({ type: 'setParam', index: selected, value: v });
  });
  inp('example').addEventListener('change', () => snapshot !== null && drawPanels(snapshot));
  $('check').addEventListener('click', () => {
    const point = examplePoint();
    if (spec === null || snapshot === null || selected === null || point === null) return;
    renderCheck($('check-result'), checkParam(spec, state.features, point, snapshot.theta, selected));
  });
  $('step-through').addEventListener('click', () => {
    const point = examplePoint();
    if (spec === null || snapshot === null || point === null) return;
    if (playing) setPlaying(false);
    stopSteps?.();
    const btn = $<HTMLButtonElement>('step-through');
    btn.disabled = true;
    const report = chainReport(exampleGraph(spec, state.features, point, snapshot.theta), 0);
    stopSteps = stepThrough($('steps'), report, () => (btn.disabled = false));
  });
}

/** Puts the state into every control, and rebuilds the per-layer rows and feature toggles. */
function syncControls(regression: boolean): void {
  sel('dataset').value = state.dataset;
  sel('classes').value = String(state.classes);
  sel('classes').disabled = !(GENERATORS[state.dataset]?.multiclass ?? false);
  inp('ratio').value = String(Math.round(state.ratio * 100));
  $('ratio-out').textContent = `${Math.round(state.ratio * 100)}%`;
  inp('noise').value = String(Math.round(state.noise * 100));
  $('noise-out').textContent = String(Math.round(state.noise * 100));
  inp('batch').value = String(state.batch);
  $('batch-out').textContent = String(state.batch);
  sel('lr').value = String(state.lr);
  if (sel('lr').value !== String(state.lr)) sel('lr').append(new Option(String(state.lr), String(state.lr), true, true));
  sel('optimizer').value = state.optimizer;
  sel('reg').value = state.reg;
  sel('regRate').value = String(state.regRate);
  if (sel('regRate').value !== String(state.regRate)) sel('regRate').append(new Option(String(state.regRate), String(state.regRate), true, true));
  sel('output').value = state.output;
  for (const o of Array.from(sel('output').options)) o.disabled = (regression && o.value !== 'c0') || (o.value === 'bce' && state.classes > 2);
  const addClass = sel('add-class');
  addClass.innerHTML = '';
  if (regression) for (const v of [1, 0.5, 0, -0.5, -1]) addClass.append(new Option(`target ${v}`, String(v)));
  else for (let c = 0; c < data.set.classes; c++) addClass.append(new Option(`class ${c}`, String(c)));
  updateCount();
  const features = $('features');
  features.innerHTML = '';
  for (const f of FEATURES) {
    const b = document.createElement('button');
    b.type = 'button';
    b.textContent = f.text;
    b.setAttribute('aria-pressed', String(state.features.includes(f.id)));
    b.addEventListener('click', () => {
      const on = state.features.includes(f.id);
      state = { ...state, features: on ? state.features.filter((id) => id !== f.id) : [...state.features, f.id] };
      rebuild();
    });
    features.append(b);
  }
  $('net-summary').textContent = `${state.layers.length} hidden layer${state.layers.length === 1 ? '' : 's'}`;
  const rows = $('layer-rows');
  rows.innerHTML = '';
  const acts = layerActivations(state);
  const widths = spec === null ? state.layers : state.layers;
  [...widths, null].forEach((width, l) => {
    const row = document.createElement('div');
    row.className = 'layer-row';
    const name = width === null ? 'Output' : `Layer ${l + 1}`;
    row.innerHTML = `<span class="name">${name}</span>`;
    if (width !== null) {
      const minus = button('−', `Remove a neuron from layer ${l + 1}`, width > 1, () => setWidth(l, width - 1));
      const plus = button('+', `Add a neuron to layer ${l + 1}`, width < MAX_NEURONS, () => setWidth(l, width + 1));
      const count = document.createElement('span');
      count.textContent = `${width} neuron${width === 1 ? '' : 's'}`;
      row.append(minus, count, plus);
    }
    const act = document.createElement('select');
    act.setAttribute('aria-label', `Activation of ${name.toLowerCase()}`);
    for (const a of ACTIVATION_NAMES) act.append(new Option(a, a));
    act.value = acts[l];
    act.disabled = width === null && state.output !== 'c0';
    act.addEventListener('change', () => {
      const activations = state.activations.slice();
      activations[l] = act.value as ActivationName;
      state = { ...state, activations };
      rebuild();
    });
    row.append(act);
    rows.append(row);
  });
}

function setWidth(l: number, n: number): void {
  const layers = state.layers.slice();
  layers[l] = Math.max(1, Math.min(MAX_NEURONS, n));
  state = { ...state, layers };
  rebuild();
}

function button(text: string, label: string, enabled: boolean, onClick: () => void): HTMLButtonElement {
  const b = document.createElement('button');
  b.type = 'button';
  b.textContent = text;
  b.setAttribute('aria-label', label);
  b.disabled = !enabled;
  b.addEventListener('click', onClick);
  return b;
}

function updateCount(): void {
  $('data-count').textContent = `${data.train.length} training and ${data.test.length} test points${added.length > 0 ? ` (${added.length} added by clicking)` : ''}`;
}
