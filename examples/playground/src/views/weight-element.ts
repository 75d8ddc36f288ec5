import { signColor } from './colors.js';

/** The SVG namespace every drawing of a network uses. */
export const SVG_NS = 'http://www.w3.org/2000/svg';

/**
 * The focusable group of one weight line: w^(layer)_{j,k} by its 1-based layer and neuron numbers,
 * tagged with its index in the parameter array (the click, keyboard and test hooks read it).
 */
export function weightGroup(index: number, layer: number, j: number, k: number): SVGGElement {
  const g = document.createElementNS(SVG_NS, 'g');
  g.dataset.testid = 'weight';
  g.dataset.index = String(index);
  g.setAttribute('role', 'button');
  g.setAttribute('aria-label', `weight w(${layer}) ${j + 1},${k + 1}`);
  return g;
}

/** A line from (x1, y1) to (x2, y2). */
export interface Segment {
  readonly x1: number;
  readonly y1: number;
  readonly x2: number;
  readonly y2: number;
}

/** Strokes one weight's line on a canvas: coloured by the weight's sign, `width` pixels wide. */
export function strokeWeight(ctx: CanvasRenderingContext2D, at: Segment, w: number, width: number): void {
  ctx.strokeStyle = signColor(w);
  ctx.lineWidth = width;
  ctx.beginPath();
  ctx.moveTo(at.x1, at.y1);
  ctx.lineTo(at.x2, at.y2);
  ctx.stroke();
}
