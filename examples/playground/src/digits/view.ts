import type { App } from '../app.js';
import { $, sel } from '../dom.js';
import { paramIndex } from '../network.js';
import { divergingLut, lutIndex } from '../views/colors.js';
import { fixed } from '../views/format.js';
import { roving } from '../views/roving.js';
import { SVG_NS, strokeWeight, weightGroup } from '../views/weight-element.js';
import { DIGITS_SPEC, PIXELS, digitPixels } from './data.js';
import { drawingPad, type DrawingPad } from './draw.js';

/** The digits network's layer sizes (the notes' 784-16-16-10) and the drawing's geometry. */
const HIDDEN = 16;
const OUT = 10;
const SIDE = 28;
const W = 360;
const ROW = 24;
const H = HIDDEN * ROW + 22;
const X = [24, 180, 318];

const LUT = divergingLut();
let pad: DrawingPad | null = null;
let testShown = 0;
let circles: SVGCircleElement[][] = [];
let lines: { index: number; line: SVGLineElement; g: SVGGElement; x1: number; y1: number; x2: number; y2: number }[] = [];
let lineCanvas: HTMLCanvasElement | null = null;
let marked: number | null | undefined;
let fills: string[] = [];
let images: HTMLCanvasElement[] = [];
/** Per weight image, the pixel the keyboard cursor is on. */
const cursor = new Array<number>(HIDDEN).fill(14 * SIDE + 14);

/** Builds the digits' parts of the page once: the drawing pad, the 16 weight images, the network drawing. */
export function bindDigits(app: App, select: (index: number) => void): void {
  pad = drawingPad($<HTMLCanvasElement>('digits-canvas'), (pixels) => setDigit(app, pixels));
  for (let c = 0; c < OUT; c++) sel('digit-target').append(new Option(String(c), String(c)));
  sel('digit-target').addEventListener('change', () => {
    if (app.digit !== null) setDigit(app, app.digit.x);
  });
  $('digit-clear').addEventListener('click', () => {
    pad?.clear();
    setDigit(app, new Float64Array(PIXELS));
  });
  // The bundled test digits are sorted by class: a stride of 97 visits every class in turn.
  $('digit-next').addEventListener('click', () => showTestDigit(app, testShown + 97));
  window.addEventListener('digits-ready', () => showTestDigit(app, testShown));
  selectParam = select;
  const outs = $('digit-outputs');
  outs.innerHTML = Array.from({ length: OUT }, (_, c) => `<div class="out-row"><span class="digit">${c}</span><span class="out-bar"><span></span></span><span class="out-value mono">–</span></div>`).join('');
}

let selectParam: (index: number) => void = () => {};

/**
 * The page switched network: in digits mode the weight images and the network drawing are built
 * (fresh), otherwise removed, so the page holds one network's weights at a time.
 */
export function resetDigits(on: boolean): void {
  if (on) {
    buildWeightImages(selectParam);
    buildNetwork(selectParam);
  } else {
    $('layer1-weights').innerHTML = '';
    $('digits-net').innerHTML = '';
    images = [];
    lines = [];
    circles = [];
    lineCanvas = null;
  }
}

/** Draws the digits' parts for the latest snapshot: weight images, weights, lit activations, outputs, accuracy. */
export function drawDigits(app: App): void {
  const s = app.snapshot;
  if (s === null || app.spec === null || !app.isDigits) return;
  $('digits-accuracy').textContent = Number.isFinite(s.accuracy) ? `${(s.accuracy * 100).toFixed(2)}%` : '–';
  const spec = app.spec;
  images.forEach((canvas, j) => {
    const at = paramIndex(spec, 0, j, 0);
    let hi = 1e-9;
    for (let k = 0; k < PIXELS; k++) hi = Math.max(hi, Math.abs(s.theta[at + k]));
    const ctx = canvas.getContext('2d')!;
    const image = ctx.createImageData(SIDE, SIDE);
    const px = new Uint32Array(image.data.buffer);
    for (let k = 0; k < PIXELS; k++) px[k] = LUT[lutIndex(s.theta[at + k], -hi, hi)];
    const sel = app.selected;
    if (sel !== null && sel >= at && sel < at + PIXELS) px[sel - at] = 0xff000000;
    ctx.putImageData(image, 0, 0);
  });
  drawLines(s.theta);
  if (marked !== app.selected) {
    marked = app.selected;
    for (const { index, g } of lines) g.classList.toggle('selected', index === app.selected);
    circles.forEach((layer, l) => layer.forEach((c, j) => c.classList.toggle('selected', app.selected === paramIndex(spec, l, j, -1))));
  }
  const act = s.probe;
  let m = 0;
  circles.forEach((layer) => layer.forEach((c) => {
    const fill = lit(act === null ? 0 : act[m]);
    if (fills[m] !== fill) c.setAttribute('fill', (fills[m] = fill));
    m++;
  }));
  if (act !== null) {
    const out = act.subarray(act.length - OUT);
    let best = 0;
    for (let c = 1; c < OUT; c++) if (out[c] > out[best]) best = c;
    $('digits-prediction').textContent = String(best);
    $('pad-prediction').textContent = `${best} (${fixed(out[best], 3)})`;
    $('digit-outputs').querySelectorAll<HTMLElement>('.out-row').forEach((row, c) => {
      (row.querySelector('.out-bar span') as HTMLElement).style.width = `${Math.round(out[c] * 100)}%`;
      row.querySelector('.out-value')!.textContent = fixed(out[c], 3);
      row.classList.toggle('best', c === best);
    });
  }
}

/** Puts test digit i on the pad, with its class as the target. */
function showTestDigit(app: App, i: number): void {
  if (app.digits === null) return;
  const n = app.digits.test.labels.length;
  testShown = ((i % n) + n) % n;
  const x = digitPixels(app.digits.test, testShown);
  sel('digit-target').value = String(app.digits.test.labels[testShown]);
  pad?.show(x);
  setDigit(app, x);
}

/** The digit on the pad changed: the worker reports its activations with every snapshot from now on. */
function setDigit(app: App, x: Float64Array): void {
  app.digit = { x, label: Number(sel('digit-target').value) };
  app.send({ type: 'probe', x: Array.from(x) });
  window.dispatchEvent(new CustomEvent('example-changed'));
}

function buildWeightImages(select: (index: number) => void): void {
  const host = $('layer1-weights');
  host.innerHTML = '';
  images = Array.from({ length: HIDDEN }, (_, j) => {
    const canvas = document.createElement('canvas');
    canvas.width = SIDE;
    canvas.height = SIDE;
    canvas.tabIndex = 0;
    canvas.setAttribute('role', 'button');
    canvas.setAttribute('aria-label', `Weights into layer 1 neuron ${j + 1}, as a 28 by 28 image: click a pixel, or use the arrow keys and Enter, for its chain rule`);
    canvas.dataset.neuron = String(j);
    const pick = (k: number) => select(paramIndex(DIGITS_SPEC, 0, j, k));
    canvas.addEventListener('click', (e) => {
      const box = canvas.getBoundingClientRect();
      const x = Math.min(SIDE - 1, Math.floor(((e.clientX - box.left) / box.width) * SIDE));
      const y = Math.min(SIDE - 1, Math.floor(((e.clientY - box.top) / box.height) * SIDE));
      cursor[j] = y * SIDE + x;
      pick(cursor[j]);
    });
    canvas.addEventListener('keydown', (e) => {
      const moves: Record<string, number> = { ArrowLeft: -1, ArrowRight: 1, ArrowUp: -SIDE, ArrowDown: SIDE };
      if (e.key in moves) cursor[j] = Math.max(0, Math.min(PIXELS - 1, cursor[j] + moves[e.key]));
      else if (e.key !== 'Enter' && e.key !== ' ') return;
      e.preventDefault();
      pick(cursor[j]);
    });
    const figure = document.createElement('figure');
    const caption = document.createElement('figcaption');
    caption.textContent = String(j + 1);
    figure.append(canvas, caption);
    host.append(figure);
    return canvas;
  });
}

function buildNetwork(select: (index: number) => void): void {
  const host = $('digits-net');
  const svg = document.createElementNS(SVG_NS, 'svg');
  svg.setAttribute('viewBox', `0 0 ${W} ${H}`);
  svg.setAttribute('role', 'group');
  svg.setAttribute('aria-label', 'Layers 1, 2 and the output: weights (arrow keys move, Enter opens the chain rule) and neurons lit by their activation for the digit on the pad');
  const sizes = [HIDDEN, HIDDEN, OUT];
  const y = (l: number, j: number) => 8 + ROW / 2 + ((HIDDEN - sizes[l]) * ROW) / 2 + j * ROW;
  lines = [];
  for (let l = 1; l < 3; l++) {
    for (let j = 0; j < sizes[l]; j++) {
      for (let k = 0; k < sizes[l - 1]; k++) {
        const index = paramIndex(DIGITS_SPEC, l, j, k);
        const g = weightGroup(index, l + 1, j, k);
        const line = document.createElementNS(SVG_NS, 'line');
        const hit = document.createElementNS(SVG_NS, 'line');
        const ends = { x1: X[l - 1] + 9, y1: y(l - 1, k), x2: X[l] - 9, y2: y(l, j) };
        for (const el of [line, hit]) for (const [key, v] of Object.entries(ends)) el.setAttribute(key, String(v));
        hit.classList.add('hit');
        g.append(line, hit);
        g.addEventListener('click', () => select(index));
        svg.append(g);
        lines.push({ index, line, g, ...ends });
      }
    }
  }
  circles = sizes.map((n, l) => Array.from({ length: n }, (_, j) => {
    const c = document.createElementNS(SVG_NS, 'circle');
    c.setAttribute('cx', String(X[l]));
    c.setAttribute('cy', String(y(l, j)));
    c.setAttribute('r', '9');
    c.dataset.testid = 'bias';
    const index = paramIndex(DIGITS_SPEC, l, j, -1);
    c.dataset.index = String(index);
    c.setAttribute('role', 'button');
    c.setAttribute('aria-label', `${l === 2 ? `output ${j}` : `layer ${l + 1} neuron ${j + 1}`}: bias b(${l + 1}) ${j + 1}`);
    c.addEventListener('click', () => select(index));
    svg.append(c);
    if (l === 2) {
      const t = document.createElementNS(SVG_NS, 'text');
      t.setAttribute('x', String(X[l] + 14));
      t.setAttribute('y', String(y(l, j) + 4));
      t.textContent = String(j);
      svg.append(t);
    }
    return c;
  }));
  for (const [l, name] of ['layer 1', 'layer 2', 'output'].entries()) {
    const t = document.createElementNS(SVG_NS, 'text');
    t.setAttribute('x', String(X[l]));
    t.setAttribute('y', String(H - 3));
    t.setAttribute('text-anchor', 'middle');
    t.classList.add('axis-title');
    t.textContent = name;
    svg.append(t);
  }
  host.innerHTML = '';
  // The weights are drawn on a canvas under the SVG (a frame touches no DOM); the SVG takes clicks and focus.
  lineCanvas = document.createElement('canvas');
  lineCanvas.width = W;
  lineCanvas.height = H;
  lineCanvas.setAttribute('aria-hidden', 'true');
  host.append(lineCanvas, svg);
  marked = undefined;
  fills = [];
  roving(svg, '[data-testid=weight], [data-testid=bias]');
}

function drawLines(theta: ArrayLike<number>): void {
  if (lineCanvas === null) return;
  const ctx = lineCanvas.getContext('2d')!;
  ctx.clearRect(0, 0, W, H);
  ctx.globalAlpha = 0.55;
  for (const l of lines) {
    const w = theta[l.index];
    strokeWeight(ctx, l, w, Math.min(4, Math.max(0.3, Math.abs(w) * 0.6)));
  }
}

/** An activation in [0, 1] as a fill: paper white to the page's blue. */
function lit(a: number): string {
  const t = Math.max(0, Math.min(1, a));
  const [r, g, b] = [8, 119, 189].map((c) => Math.round(255 + (c - 255) * t));
  return `rgb(${r},${g},${b})`;
}
