import { scaleLinear } from 'd3-scale';

/** TensorFlow Playground's palette: orange for negative / class 0, blue for positive / class 1. */
export const CLASS_COLORS = ['#f59322', '#0877bd', '#2ca02c', '#9467bd'];

/** The diverging scale's three stops: orange (low), near-white (middle), blue (high). */
export const DIVERGING_STOPS = ['#f59322', '#e8eaeb', '#0877bd'] as const;

/** Entries of a colour lookup table: a value is drawn with the nearest of these colours. */
export const LUT_SIZE = 256;

/**
 * A colour lookup table: LUT_SIZE pixels as 32-bit words in ImageData's byte order (R, G, B, A in
 * memory), built once from the d3 scale so a frame never formats or parses a colour string.
 */
export type ColorLut = Uint32Array;

const diverging = scaleLinear<string>().domain([-1, 0, 1]).range([...DIVERGING_STOPS]).clamp(true);

/**
 * The orange–white–blue table, optionally paled toward white (so data points drawn on top stand out).
 * @example const lut = divergingLut(); lut[lutIndex(0.7, -1, 1)] // a light blue pixel
 */
export function divergingLut(pale = 0): ColorLut {
  const lut = new Uint32Array(LUT_SIZE);
  for (let i = 0; i < LUT_SIZE; i++) {
    const [r, g, b] = parseRgb(diverging((i / (LUT_SIZE - 1)) * 2 - 1)).map((c) => Math.round(c + (255 - c) * pale));
    lut[i] = pack(r, g, b);
  }
  return lut;
}

/** The table entry for v on a scale over [lo, hi] (NaN and the middle of an empty range: the middle colour). */
export function lutIndex(v: number, lo: number, hi: number): number {
  const t = hi === lo || v !== v ? 0.5 : (v - lo) / (hi - lo);
  return t <= 0 ? 0 : t >= 1 ? LUT_SIZE - 1 : Math.round(t * (LUT_SIZE - 1));
}

/** A class colour (as 32-bit ImageData words) mixed with paper grey by `t` in [0, 1]: t = 1 the full colour. */
export function classLut(pale: number): ColorLut[] {
  return CLASS_COLORS.map((css) => {
    const rgb = parseRgb(css);
    const lut = new Uint32Array(LUT_SIZE);
    for (let i = 0; i < LUT_SIZE; i++) {
      const t = (i / (LUT_SIZE - 1)) * (1 - pale);
      const [r, g, b] = rgb.map((c) => Math.round(232 + (c - 232) * t));
      lut[i] = pack(r, g, b);
    }
    return lut;
  });
}

/** RGB of a CSS colour written as #rrggbb or rgb(r, g, b). */
export function parseRgb(css: string): [number, number, number] {
  if (css.startsWith('#')) return [1, 3, 5].map((i) => parseInt(css.slice(i, i + 2), 16)) as [number, number, number];
  const m = css.match(/\d+(\.\d+)?/g) ?? ['0', '0', '0'];
  return [Number(m[0]), Number(m[1]), Number(m[2])];
}

/** A CSS linear-gradient of the diverging scale, for the colour legend. */
export function divergingGradient(): string {
  return `linear-gradient(to right, ${DIVERGING_STOPS.join(', ')})`;
}

/** A weight's colour: blue when positive, orange when negative. */
export function signColor(w: number): string {
  return w >= 0 ? CLASS_COLORS[1] : CLASS_COLORS[0];
}

// ImageData is RGBA in memory; a little-endian Uint32Array view reads it as ABGR.
const LITTLE = new Uint8Array(new Uint32Array([1]).buffer)[0] === 1;

function pack(r: number, g: number, b: number): number {
  return LITTLE ? ((255 << 24) | (b << 16) | (g << 8) | r) >>> 0 : ((r << 24) | (g << 16) | (b << 8) | 255) >>> 0;
}
