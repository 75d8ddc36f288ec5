import { GRID } from '../trainer.js';
import { CLASS_COLORS, LUT_SIZE, classLut, divergingLut, lutIndex, type ColorLut } from './colors.js';

/** Value range of a neuron's heatmap: [0, 1] for outputs that are probabilities, else [−1, 1]. */
export interface Range {
  readonly lo: number;
  readonly hi: number;
}

/** How a field is drawn: graded colours, or (discretized) the full colour of its side of `threshold`. */
export interface FieldStyle {
  readonly pale?: number;
  readonly discretize?: boolean;
}

const LUTS = new Map<number, ColorLut>();
const CLASS_LUTS = new Map<number, ColorLut[]>();
const lut = (pale: number) => LUTS.get(pale) ?? LUTS.set(pale, divergingLut(pale)).get(pale)!;
const classLuts = (pale: number) => CLASS_LUTS.get(pale) ?? CLASS_LUTS.set(pale, classLut(pale)).get(pale)!;

/**
 * Writes a GRID × GRID field into a canvas of that size (the page scales it with CSS): one table
 * look-up per cell, orange–white–blue over `range`. Values are read as `values[p · stride + at]`.
 */
export function paintField(canvas: HTMLCanvasElement, values: ArrayLike<number>, stride: number, at: number, range: Range, style: FieldStyle = {}): void {
  const table = lut(style.pale ?? 0);
  const { lo, hi } = range;
  const mid = (lo + hi) / 2;
  withPixels(canvas, (px) => {
    for (let p = 0; p < px.length; p++) {
      const v = values[p * stride + at];
      px[p] = table[style.discretize ? (v >= mid ? LUT_SIZE - 1 : 0) : lutIndex(v, lo, hi)];
    }
  });
}

/**
 * Paints class probabilities: each cell in its most likely class's colour, paler where it is less
 * sure (discretized: full colour). `probs(p, out)` fills `out` with cell p's probabilities.
 */
export function paintClasses(canvas: HTMLCanvasElement, classes: number, probs: (p: number, out: Float64Array) => void, style: FieldStyle = {}): void {
  const tables = classLuts(style.pale ?? 0);
  const pr = new Float64Array(classes);
  withPixels(canvas, (px) => {
    for (let p = 0; p < px.length; p++) {
      probs(p, pr);
      let best = 0;
      for (let c = 1; c < classes; c++) if (pr[c] > pr[best]) best = c;
      const sure = style.discretize ? 1 : (pr[best] - 1 / classes) / (1 - 1 / classes);
      px[p] = tables[best % CLASS_COLORS.length][lutIndex(sure * 0.75, 0, 1)];
    }
  });
}

/** A canvas's pixels as 32-bit words: filled by `fill`, then put back in one call. */
function withPixels(canvas: HTMLCanvasElement, fill: (px: Uint32Array) => void): void {
  if (canvas.width !== GRID || canvas.height !== GRID) {
    canvas.width = GRID;
    canvas.height = GRID;
  }
  const ctx = canvas.getContext('2d')!;
  const image = ctx.createImageData(GRID, GRID);
  fill(new Uint32Array(image.data.buffer));
  ctx.putImageData(image, 0, 0);
}

/** Where a field goes in a larger pixel buffer: its top-left corner and side, in buffer pixels. */
export interface Square {
  readonly x: number;
  readonly y: number;
  readonly size: number;
}

/** A pixel buffer of `width` pixels per row (one ImageData's, as 32-bit pixels). */
export interface Pixels {
  readonly px: Uint32Array;
  readonly width: number;
}

/**
 * Writes a GRID × GRID field (cell i at values[i·stride + offset]) into a square of a larger pixel
 * buffer, by nearest cell: every thumbnail of a network goes into one ImageData and one
 * putImageData a frame.
 */
export function blitField({ px, width }: Pixels, at: Square, values: ArrayLike<number>, stride: number, offset: number, range: Range): void {
  const table = lut(0);
  const { lo, hi } = range;
  for (let r = 0; r < at.size; r++) {
    const row = Math.min(GRID - 1, Math.floor((r * GRID) / at.size)) * GRID;
    const base = (at.y + r) * width + at.x;
    for (let c = 0; c < at.size; c++) {
      const cell = row + Math.min(GRID - 1, Math.floor((c * GRID) / at.size));
      px[base + c] = table[lutIndex(values[cell * stride + offset], lo, hi)];
    }
  }
}
