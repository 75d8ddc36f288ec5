import katex from 'katex';
import { type Feature } from '../features.js';
import type { NetSpec } from '../network.js';
import { paramIndex } from '../network.js';
import { signColor } from './colors.js';

/** Size of a node's thumbnail heatmap, and the gaps of the drawing. */
const NODE = 36;
const COL = 118;
const ROW = 50;
const PAD = 24;

/** What the network drawing reports back: a parameter was clicked (weight or bias). */
export type ParamClick = (index: number) => void;

/** The network drawing's elements the page updates on every snapshot. */
export interface NetworkView {
  /** Thumbnail canvas per hidden/output neuron, layer by layer. */
  readonly neurons: HTMLCanvasElement[][];
  /** Thumbnail canvas per input feature. */
  readonly inputs: HTMLCanvasElement[];
  /** Updates the weight lines (width |w|, colour its sign) and the selection mark. */
  update(theta: ArrayLike<number>, selected: number | null): void;
}

/**
 * Builds the network drawing in `host`: feature thumbnails, neuron thumbnails (hover enlarges),
 * one line per weight (`data-testid="weight"`) and one bias handle per neuron (`data-testid="bias"`),
 * each clickable to open the chain-rule panel.
 */
export function buildNetworkView(host: HTMLElement, spec: NetSpec, features: readonly Feature[], onClick: ParamClick): NetworkView {
  host.innerHTML = '';
  const columns = [spec.nin, ...spec.widths];
  const tallest = Math.max(...columns);
  const width = PAD * 2 + (columns.length - 1) * COL + NODE;
  const height = PAD * 2 + (tallest - 1) * ROW + NODE;
  host.style.width = `${width}px`;
  host.style.height = `${height}px`;
  const pos = (col: number, row: number): [number, number] => {
    const top = PAD + ((tallest - columns[col]) * ROW) / 2;
    return [PAD + col * COL, top + row * ROW];
  };
  const svgNS = 'http://www.w3.org/2000/svg';
  const svg = document.createElementNS(svgNS, 'svg');
  svg.setAttribute('width', String(width));
  svg.setAttribute('height', String(height));
  svg.classList.add('links');
  host.append(svg);
  const lines: { index: number; line: SVGLineElement }[] = [];
  const biases: { index: number; el: HTMLElement }[] = [];
  for (let l = 0; l < spec.widths.length; l++) {
    for (let j = 0; j < spec.widths[l]; j++) {
      const [x2, y2] = pos(l + 1, j);
      for (let k = 0; k < columns[l]; k++) {
        const [x1, y1] = pos(l, k);
        const index = paramIndex(spec, l, j, k);
        const g = document.createElementNS(svgNS, 'g');
        g.dataset.testid = 'weight';
        g.dataset.index = String(index);
        g.setAttribute('role', 'button');
        g.setAttribute('aria-label', `weight w(${l + 1}) ${j + 1},${k + 1}`);
        const coords = { x1: x1 + NODE, y1: y1 + NODE / 2, x2, y2: y2 + NODE / 2 };
        const line = document.createElementNS(svgNS, 'line');
        const hit = document.createElementNS(svgNS, 'line');
        for (const el of [line, hit]) for (const [key, v] of Object.entries(coords)) el.setAttribute(key, String(v));
        hit.classList.add('hit');
        g.append(line, hit);
        g.addEventListener('click', () => onClick(index));
        svg.append(g);
        lines.push({ index, line });
      }
    }
  }
  const inputs = features.map((f, k) => {
    const [x, y] = pos(0, k);
    const { node, canvas } = thumbnail(host, x, y);
    const label = document.createElement('div');
    label.className = 'feature-label';
    label.style.left = `${x - 4}px`;
    label.style.top = `${y + NODE / 2}px`;
    katex.render(f.latex, label, { throwOnError: false });
    node.title = f.text;
    host.append(label);
    return canvas;
  });
  const neurons = spec.widths.map((w, l) =>
    Array.from({ length: w }, (_, j) => {
      const [x, y] = pos(l + 1, j);
      const { canvas } = thumbnail(host, x, y);
      const bias = document.createElement('button');
      bias.className = 'bias';
      bias.dataset.testid = 'bias';
      const index = paramIndex(spec, l, j, -1);
      bias.dataset.index = String(index);
      bias.setAttribute('aria-label', `bias b(${l + 1}) ${j + 1}`);
      bias.style.left = `${x - 7}px`;
      bias.style.top = `${y + NODE - 7}px`;
      bias.addEventListener('click', () => onClick(index));
      host.append(bias);
      biases.push({ index, el: bias });
      return canvas;
    }),
  );
  return {
    neurons,
    inputs,
    update(theta, selected) {
      for (const { index, line } of lines) {
        const w = theta[index];
        line.setAttribute('stroke', signColor(w));
        line.setAttribute('stroke-width', String(Math.min(8, Math.max(0.5, Math.abs(w) * 1.5))));
        line.parentElement!.classList.toggle('selected', index === selected);
      }
      for (const { index, el } of biases) {
        el.style.background = signColor(theta[index]);
        el.classList.toggle('selected', index === selected);
      }
    },
  };
}

function thumbnail(host: HTMLElement, x: number, y: number): { node: HTMLElement; canvas: HTMLCanvasElement } {
  const node = document.createElement('div');
  node.className = 'node';
  node.style.left = `${x}px`;
  node.style.top = `${y}px`;
  const canvas = document.createElement('canvas');
  canvas.width = 96;
  canvas.height = 96;
  node.append(canvas);
  host.append(node);
  return { node, canvas };
}
