import { GRID } from '../trainer.js';
import { CLASS_COLORS, divergingRgb, parseRgb } from './colors.js';

/** Value range of a neuron's heatmap: [0, 1] for outputs that are probabilities, else [−1, 1]. */
export interface Range {
  readonly lo: number;
  readonly hi: number;
}

/**
 * Paints a GRID × GRID field on a canvas (scaled up with smoothing), orange–white–blue over `range`;
 * `pale` mixes in white so data points drawn on top stand out.
 */
export function paintField(canvas: HTMLCanvasElement, value: (p: number) => number, range: Range, pale = 0): void {
  paint(canvas, (p) => divergingRgb(value(p), range.lo, range.hi).map((c) => Math.round(c + (255 - c) * pale)) as [number, number, number]);
}

/** Paints class probabilities: each cell in its most likely class's colour, paler where it is less sure. */
export function paintClasses(canvas: HTMLCanvasElement, probs: (p: number) => readonly number[]): void {
  const colors = CLASS_COLORS.map(parseRgb);
  paint(canvas, (p) => {
    const pr = probs(p);
    let best = 0;
    for (let c = 1; c < pr.length; c++) if (pr[c] > pr[best]) best = c;
    const sure = pr.length > 1 ? (pr[best] - 1 / pr.length) / (1 - 1 / pr.length) : 1;
    const t = Math.max(0, Math.min(1, sure)) * 0.75;
    return colors[best].map((c) => Math.round(232 + (c - 232) * t)) as [number, number, number];
  });
}

let scratch: HTMLCanvasElement | null = null;

function paint(canvas: HTMLCanvasElement, rgb: (p: number) => [number, number, number]): void {
  scratch ??= document.createElement('canvas');
  scratch.width = GRID;
  scratch.height = GRID;
  const sctx = scratch.getContext('2d')!;
  const image = sctx.createImageData(GRID, GRID);
  for (let p = 0; p < GRID * GRID; p++) {
    const [r, g, b] = rgb(p);
    image.data.set([r, g, b, 255], p * 4);
  }
  sctx.putImageData(image, 0, 0);
  const ctx = canvas.getContext('2d')!;
  ctx.imageSmoothingEnabled = true;
  ctx.drawImage(scratch, 0, 0, canvas.width, canvas.height);
}
