import { scaleLinear } from 'd3-scale';

/** TensorFlow Playground's palette: orange for negative / class 0, blue for positive / class 1. */
export const CLASS_COLORS = ['#f59322', '#0877bd', '#2ca02c', '#9467bd'];

const diverging = scaleLinear<string>().domain([-1, 0, 1]).range(['#f59322', '#e8eaeb', '#0877bd']).clamp(true);

/** RGB of a value on the orange–white–blue scale over [lo, hi] (the middle is white). */
export function divergingRgb(v: number, lo: number, hi: number): [number, number, number] {
  const t = hi === lo ? 0 : ((v - lo) / (hi - lo)) * 2 - 1;
  return parseRgb(diverging(Number.isFinite(t) ? t : 0));
}

/** RGB of a CSS colour written as #rrggbb or rgb(r, g, b). */
export function parseRgb(css: string): [number, number, number] {
  if (css.startsWith('#')) return [1, 3, 5].map((i) => parseInt(css.slice(i, i + 2), 16)) as [number, number, number];
  const m = css.match(/\d+(\.\d+)?/g) ?? ['0', '0', '0'];
  return [Number(m[0]), Number(m[1]), Number(m[2])];
}

/** A weight's colour: blue when positive, orange when negative. */
export function signColor(w: number): string {
  return w >= 0 ? CLASS_COLORS[1] : CLASS_COLORS[0];
}
