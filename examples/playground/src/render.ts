import type { App } from './app.js';
import type { ActivationName } from './activations.js';
import { DOMAIN } from './data.js';
import { $, inp } from './dom.js';
import { enabledFeatures } from './features.js';
import { predict } from './network.js';
import { GRID, gridPoint } from './trainer.js';
import type { Snapshot } from './worker.js';
import { CLASS_COLORS } from './views/colors.js';
import { fixed } from './views/format.js';
import { paintClasses, paintField, type Range } from './views/heatmap.js';
import { drawLossChart } from './views/loss-chart.js';

/** How much white the decision boundary mixes in, so the points on it stay visible. */
const PALE = 0.35;

/** Draws a snapshot: readouts, weights, neuron heatmaps, the decision boundary with the data, loss curves. */
export function drawSnapshot(app: App): void {
  const s = app.snapshot;
  if (s === null || app.spec === null || app.view === null) return;
  $('epoch').textContent = fixed(s.epoch, 2);
  $('train-loss').textContent = fixed(s.trainLoss);
  $('test-loss').textContent = fixed(s.testLoss);
  if (s.playing) $('speed').textContent = String(Math.round(s.stepsPerSecond));
  $('engine').textContent = s.generated ? 'compiled tape, generated code' : 'compiled tape, plain loops (no eval)';
  app.view.update(s.theta, app.selected);
  paintNeurons(app, s);
  paintBoundary(app, s);
  drawLossChart($('loss-chart') as unknown as SVGSVGElement, s.history);
}

/** The input features' thumbnails: each feature over the plane (drawn once per network). */
export function paintInputs(app: App): void {
  if (app.view === null) return;
  const fs = enabledFeatures(app.state.features);
  app.view.inputs.forEach((canvas, k) => {
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

function neuronCount(app: App): number {
  return app.spec === null ? 0 : app.spec.widths.reduce((p, q) => p + q, 0);
}

function rangeOf(act: ActivationName): Range {
  return act === 'sigmoid' ? { lo: 0, hi: 1 } : { lo: -1, hi: 1 };
}

function paintNeurons(app: App, s: Snapshot): void {
  const { spec, view } = app;
  if (spec === null || view === null) return;
  const M = neuronCount(app);
  let m = 0;
  view.neurons.forEach((layer, l) => {
    layer.forEach((canvas) => {
      const at = m++;
      paintField(canvas, (p) => s.grid[p * M + at], rangeOf(spec.activations[l]));
    });
  });
}

function paintBoundary(app: App, s: Snapshot): void {
  const { spec, data } = app;
  if (spec === null) return;
  const canvas = $<HTMLCanvasElement>('boundary');
  const M = neuronCount(app);
  const K = spec.widths[spec.widths.length - 1];
  const out = (p: number) => s.grid.subarray(p * M + M - K, p * M + M);
  if (spec.regression) paintField(canvas, (p) => out(p)[0], { lo: -1, hi: 1 }, PALE);
  else if (K === 1) paintField(canvas, (p) => out(p)[0], { lo: 0, hi: 1 }, PALE);
  else paintClasses(canvas, (p) => predict(spec, out(p)));
  const ctx = canvas.getContext('2d')!;
  const scale = canvas.width / (2 * DOMAIN);
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
}
