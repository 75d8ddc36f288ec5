import type { App } from './app.js';
import type { ActivationName } from './activations.js';
import { DOMAIN } from './data.js';
import { $, inp } from './dom.js';
import { enabledFeatures } from './features.js';
import { predict } from './network.js';
import { GRID, gridPoint } from './trainer.js';
import type { Snapshot } from './worker.js';
import { CLASS_COLORS, divergingGradient } from './views/colors.js';
import { fixed, short } from './views/format.js';
import { paintClasses, paintField, type Range } from './views/heatmap.js';
import { drawLossChart } from './views/loss-chart.js';

/** How much white the output's heatmap mixes in, so the points on it stay visible. */
const PALE = 0.35;

let lastChart = 0;

/** Draws a snapshot: readouts, weights, neuron heatmaps, the big plot, loss curves. */
export function drawSnapshot(app: App): void {
  const s = app.snapshot;
  if (s === null || app.spec === null) return;
  $('epoch').textContent = fixed(s.epoch, 2);
  $('train-loss').textContent = fixed(s.trainLoss);
  $('test-loss').textContent = fixed(s.testLoss);
  $('speed').textContent = s.playing ? String(Math.round(s.stepsPerSecond)) : '0';
  $('engine').textContent = s.generated ? 'compiled tape, generated code' : 'compiled tape, plain loops (no eval)';
  // The curve changes slowly: redrawn at most ten times a second while training.
  const now = performance.now();
  if (!s.playing || now - lastChart > 100) {
    lastChart = now;
    drawLossChart($('loss-chart') as unknown as SVGSVGElement, s.history);
  }
  if (app.view === null) return;
  app.view.update(s.theta, app.selected, app.pinned);
  paintNeurons(app, s);
  paintBigPlot(app, s);
}

/** The input features' thumbnails: each feature over the plane (computed once per network). */
export function paintInputs(app: App): void {
  if (app.view === null) return;
  const fs = enabledFeatures(app.state.features);
  app.view.setInputs(fs.map((f) => {
    const values = new Float64Array(GRID * GRID);
    let hi = 0;
    for (let p = 0; p < values.length; p++) {
      const [x1, x2] = gridPoint(Math.floor(p / GRID), p % GRID);
      values[p] = f.f(x1, x2);
      hi = Math.max(hi, Math.abs(values[p]));
    }
    return { values, range: { lo: -hi, hi } };
  }));
}

/**
 * The data points over the big plot, on their own canvas (redrawn when the data, the "show test
 * data" box or the chosen example change, not every frame); the chosen example is ringed.
 */
export function drawPoints(app: App): void {
  const { spec, data } = app;
  const canvas = $<HTMLCanvasElement>('points');
  const size = canvas.clientWidth || 360;
  const dpr = window.devicePixelRatio || 1;
  canvas.width = Math.round(size * dpr);
  canvas.height = Math.round(size * dpr);
  const ctx = canvas.getContext('2d')!;
  ctx.setTransform(dpr, 0, 0, dpr, 0, 0);
  ctx.clearRect(0, 0, size, size);
  if (spec === null) return;
  const scale = size / (2 * DOMAIN);
  const test = new Set(data.test);
  const points = inp('show-test').checked ? [...data.train, ...data.test] : data.train;
  for (const pt of points) {
    ctx.beginPath();
    ctx.arc((pt.x1 + DOMAIN) * scale, (DOMAIN - pt.x2) * scale, 3.2, 0, 2 * Math.PI);
    ctx.fillStyle = spec.regression ? (pt.label >= 0 ? CLASS_COLORS[1] : CLASS_COLORS[0]) : CLASS_COLORS[pt.label] ?? '#000';
    ctx.fill();
    ctx.strokeStyle = test.has(pt) ? '#000' : '#fff';
    ctx.lineWidth = 1.2;
    ctx.stroke();
  }
  const chosen = data.train[app.exampleIndex()];
  if (chosen !== undefined) {
    ctx.beginPath();
    ctx.arc((chosen.x1 + DOMAIN) * scale, (DOMAIN - chosen.x2) * scale, 7.5, 0, 2 * Math.PI);
    ctx.strokeStyle = '#111';
    ctx.lineWidth = 2;
    ctx.stroke();
  }
}

function neuronCount(app: App): number {
  return app.spec === null ? 0 : app.spec.widths.reduce((p, q) => p + q, 0);
}

function rangeOf(act: ActivationName): Range {
  return act === 'sigmoid' ? { lo: 0, hi: 1 } : { lo: -1, hi: 1 };
}

/** Layer and neuron of neuron number m (counted over all layers). */
function neuronAt(app: App, m: number): { l: number; j: number } {
  let l = 0;
  while (m >= app.spec!.widths[l]) m -= app.spec!.widths[l++];
  return { l, j: m };
}

function paintNeurons(app: App, s: Snapshot): void {
  const { spec, view } = app;
  if (spec === null || view === null) return;
  view.paint(s.grid, neuronCount(app), (l) => rangeOf(spec.activations[l]));
}

/** The big plot: the hovered or pinned neuron's heatmap, or the network's output; its legend and caption. */
function paintBigPlot(app: App, s: Snapshot): void {
  const { spec } = app;
  if (spec === null) return;
  const canvas = $<HTMLCanvasElement>('boundary');
  const M = neuronCount(app);
  const K = spec.widths[spec.widths.length - 1];
  const discretize = app.state.discretize;
  const shown = app.hovered ?? app.pinned;
  let range: Range | null;
  if (shown !== null && shown < M) {
    const { l, j } = neuronAt(app, shown);
    range = rangeOf(spec.activations[l]);
    paintField(canvas, s.grid, M, shown, range, { discretize });
    $('plot-caption').textContent = `Showing ${l === spec.widths.length - 1 ? 'output' : `layer ${l + 1}`} neuron ${j + 1} (a${sup(l + 1)}${sub(j + 1)}).${app.pinned === shown ? ' Click it again for the output.' : ''}`;
  } else {
    const tanhOut = spec.output === 'c0' && spec.activations[spec.activations.length - 1] !== 'sigmoid';
    range = K > 1 ? null : spec.regression || tanhOut ? { lo: -1, hi: 1 } : { lo: 0, hi: 1 };
    if (range !== null) paintField(canvas, s.grid, M, M - K, range, { pale: PALE, discretize });
    else paintClasses(canvas, K, (p, out) => {
      const pr = predict(spec, s.grid.subarray(p * M + M - K, p * M + M));
      for (let c = 0; c < K; c++) out[c] = pr[c];
    }, { pale: 0, discretize });
    $('plot-caption').textContent = `Showing the network's output${discretize ? ' (discretized)' : ''}. Hover or tap a neuron to show it here.`;
  }
  drawLegend(range, K, spec.regression);
}

let legendKey = '';

function drawLegend(range: Range | null, classes: number, regression: boolean): void {
  const key = range === null ? `classes ${classes}` : `${range.lo} ${range.hi} ${regression}`;
  if (key === legendKey) return;
  legendKey = key;
  const host = $('legend');
  if (range === null) {
    host.innerHTML = Array.from({ length: classes }, (_, c) => `<span class="swatch" style="background:${CLASS_COLORS[c]}"></span>class ${c}`).join(' ');
    return;
  }
  const mid = (range.lo + range.hi) / 2;
  host.innerHTML = `<span>${short(range.lo)}</span><span class="bar" style="background:${divergingGradient()}"></span><span>${short(range.hi)}</span>
    <span class="muted">(${regression ? 'target' : 'value'}; middle ${short(mid)})</span>`;
}

function sup(n: number): string {
  return `⁽${String(n).replace(/\d/g, (d) => '⁰¹²³⁴⁵⁶⁷⁸⁹'[Number(d)])}⁾`;
}

function sub(n: number): string {
  return String(n).replace(/\d/g, (d) => '₀₁₂₃₄₅₆₇₈₉'[Number(d)]);
}
