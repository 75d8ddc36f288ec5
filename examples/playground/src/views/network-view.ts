import katex from 'katex';
import { type Feature } from '../features.js';
import type { NetSpec } from '../network.js';
import { paramIndex } from '../network.js';
import { signColor } from './colors.js';
import { blitField, type Range, type Square } from './heatmap.js';
import { roving } from './roving.js';
import { SVG_NS, strokeWeight, weightGroup } from './weight-element.js';

/** The drawing's margins: room for the feature labels on the left. */
const PAD = 14;
const PAD_LEFT = 46;
/** Widest column gap (a wide column stretches no further). */
const MAX_COL = 118;

/** What the network drawing reports back. */
export interface NetworkEvents {
  /** A weight or bias was clicked (or chosen with the keyboard). */
  param(index: number): void;
  /** The pointer entered (m) or left (null) neuron m (numbered over all layers, output last). */
  hover(m: number | null): void;
  /** Neuron m was clicked or tapped: show its heatmap in the big plot until clicked again. */
  pin(m: number): void;
}

/** The network drawing's elements the page updates on every snapshot. */
export interface NetworkView {
  /** Draws the weight lines (width |w|, colour its sign) and the selection marks. */
  update(theta: ArrayLike<number>, selected: number | null, pinned: number | null): void;
  /**
   * Paints every thumbnail from GRID × GRID fields: input k's from `inputs(k)`, neuron m's (over all
   * layers) from `values[p · stride + m]` over `range(layer)`. One ImageData, one putImageData.
   */
  paint(values: ArrayLike<number>, stride: number, range: (layer: number) => Range): void;
  /** Sets the input thumbnails' fields (drawn with every paint). */
  setInputs(fields: readonly { values: ArrayLike<number>; range: Range }[]): void;
}

/**
 * Builds the network drawing in `host`, as wide as the host (never wider): feature thumbnails,
 * neuron thumbnails (buttons: hover or tap shows the neuron in the big plot), one line per weight
 * (`data-testid="weight"`, one tab stop for all, arrow keys move) and one bias handle per neuron
 * (`data-testid="bias"`), each opening the chain-rule panel. The lines and thumbnails are drawn
 * on two canvases (a frame redraws them without touching the DOM); the SVG above them only takes
 * clicks, focus and the selection mark.
 */
export function buildNetworkView(host: HTMLElement, spec: NetSpec, features: readonly Feature[], on: NetworkEvents): NetworkView {
  host.innerHTML = '';
  const columns = [spec.nin, ...spec.widths];
  const tallest = Math.max(...columns);
  const room = Math.max(240, host.clientWidth || 420);
  const node = room < 420 || tallest > 6 ? 28 : 36;
  const col = Math.min(MAX_COL, (room - PAD_LEFT - PAD - node) / (columns.length - 1));
  const row = node + 12;
  const width = PAD_LEFT + PAD + (columns.length - 1) * col + node;
  const height = PAD * 2 + (tallest - 1) * row + node;
  host.style.width = `${Math.floor(width)}px`;
  host.style.height = `${height}px`;
  host.style.setProperty('--node', `${node}px`);
  const W = Math.ceil(width);
  const lineCanvas = layer(host, 'lines', W, height);
  const heatCanvas = layer(host, 'heat', W, height);
  const heat = heatCanvas.getContext('2d')!;
  const image = heat.createImageData(W, height);
  const pixels = { px: new Uint32Array(image.data.buffer), width: W };
  const squares: Square[] = [];
  const inputSquares: Square[] = [];
  let inputFields: readonly { values: ArrayLike<number>; range: Range }[] = [];
  const pos = (c: number, r: number): [number, number] => [PAD_LEFT + c * col, PAD + ((tallest - columns[c]) * row) / 2 + r * row];
  const svg = document.createElementNS(SVG_NS, 'svg');
  svg.setAttribute('width', String(Math.ceil(width)));
  svg.setAttribute('height', String(height));
  svg.setAttribute('role', 'group');
  svg.setAttribute('aria-label', 'Weights: arrow keys move between them, Enter opens the chain rule');
  svg.classList.add('links');
  host.append(svg);
  const lines: { index: number; line: SVGLineElement; g: SVGGElement }[] = [];
  const segments: { x1: number; y1: number; x2: number; y2: number }[] = [];
  const biases: { index: number; el: HTMLElement }[] = [];
  for (let l = 0; l < spec.widths.length; l++) {
    for (let j = 0; j < spec.widths[l]; j++) {
      const [x2, y2] = pos(l + 1, j);
      for (let k = 0; k < columns[l]; k++) {
        const [x1, y1] = pos(l, k);
        const index = paramIndex(spec, l, j, k);
        const g = weightGroup(index, l + 1, j, k);
        const coords = { x1: x1 + node, y1: y1 + node / 2, x2, y2: y2 + node / 2 };
        segments.push(coords);
        const line = document.createElementNS(SVG_NS, 'line');
        const hit = document.createElementNS(SVG_NS, 'line');
        for (const el of [line, hit]) for (const [key, v] of Object.entries(coords)) el.setAttribute(key, String(v));
        hit.classList.add('hit');
        g.append(line, hit);
        g.addEventListener('click', () => on.param(index));
        svg.append(g);
        lines.push({ index, line, g });
      }
    }
  }
  roving(svg, '[data-testid=weight]');
  features.forEach((f, k) => {
    const [x, y] = pos(0, k);
    const box = document.createElement('div');
    box.className = 'node input';
    placeAt(box, x, y);
    box.title = f.text;
    inputSquares.push({ x: Math.round(x) + 1, y: Math.round(y) + 1, size: node - 2 });
    const label = document.createElement('div');
    label.className = 'feature-label';
    label.style.left = `${x - 4}px`;
    label.style.top = `${y + node / 2}px`;
    katex.render(f.latex, label, { throwOnError: false });
    host.append(box, label);
  });
  const nodes: HTMLButtonElement[] = [];
  let m = 0;
  spec.widths.forEach((w, l) =>
    Array.from({ length: w }, (_, j) => {
      const [x, y] = pos(l + 1, j);
      const at = m++;
      squares.push({ x: Math.round(x) + 1, y: Math.round(y) + 1, size: node - 2 });
      const button = document.createElement('button');
      button.type = 'button';
      button.className = 'node';
      button.dataset.testid = 'neuron';
      button.setAttribute('aria-label', `${l === spec.widths.length - 1 ? 'output' : `layer ${l + 1}`} neuron ${j + 1}: show its heatmap in the big plot`);
      button.setAttribute('aria-pressed', 'false');
      placeAt(button, x, y);
      button.addEventListener('pointerenter', (e) => e.pointerType === 'mouse' && on.hover(at));
      button.addEventListener('pointerleave', (e) => e.pointerType === 'mouse' && on.hover(null));
      button.addEventListener('click', () => on.pin(at));
      nodes.push(button);
      const bias = document.createElement('button');
      bias.type = 'button';
      bias.className = 'bias';
      bias.dataset.testid = 'bias';
      const index = paramIndex(spec, l, j, -1);
      bias.dataset.index = String(index);
      bias.setAttribute('aria-label', `bias b(${l + 1}) ${j + 1}`);
      bias.style.left = `${x - 12}px`;
      bias.style.top = `${y + node - 12}px`;
      bias.addEventListener('click', () => on.param(index));
      host.append(button, bias);
      biases.push({ index, el: bias });
    }),
  );
  const lctx = lineCanvas.getContext('2d')!;
  let marks: [number | null, number | null] | null = null;
  const biasColors: string[] = biases.map(() => '');
  return {
    update(theta, selected, pinned) {
      lctx.clearRect(0, 0, W, height);
      lctx.globalAlpha = 0.75;
      lines.forEach(({ index }, i) => {
        const w = theta[index];
        strokeWeight(lctx, segments[i], w, Math.min(8, Math.max(0.5, Math.abs(w) * 1.5)));
      });
      biases.forEach(({ index, el }, i) => {
        const color = signColor(theta[index]);
        if (color !== biasColors[i]) el.style.setProperty('--bias', (biasColors[i] = color));
      });
      // Selection marks change only on a click: the DOM is touched then, not every frame.
      if (marks === null || marks[0] !== selected || marks[1] !== pinned) {
        marks = [selected, pinned];
        for (const { index, line, g } of lines) {
          g.classList.toggle('selected', index === selected);
          line.setAttribute('stroke-width', String(Math.min(8, Math.max(2, Math.abs(theta[index]) * 1.5))));
        }
        for (const { index, el } of biases) el.classList.toggle('selected', index === selected);
        nodes.forEach((b, i) => b.setAttribute('aria-pressed', String(i === pinned)));
      }
    },
    paint(values, stride, range) {
      let m = 0;
      spec.widths.forEach((w, l) => {
        for (let j = 0; j < w; j++, m++) blitField(pixels, squares[m], values, stride, m, range(l));
      });
      inputFields.forEach((f, k) => blitField(pixels, inputSquares[k], f.values, 1, 0, f.range));
      heat.putImageData(image, 0, 0);
    },
    setInputs(fields) {
      inputFields = fields;
    },
  };
}

/** A canvas filling the drawing, under or over its SVG (CSS class `layer`). */
function layer(host: HTMLElement, name: string, width: number, height: number): HTMLCanvasElement {
  const canvas = document.createElement('canvas');
  canvas.className = `layer ${name}`;
  canvas.width = width;
  canvas.height = height;
  canvas.setAttribute('aria-hidden', 'true');
  host.append(canvas);
  return canvas;
}

function placeAt(el: HTMLElement, x: number, y: number): void {
  el.style.left = `${x}px`;
  el.style.top = `${y}px`;
}
