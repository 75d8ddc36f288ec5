import { checkInteger, checkNumber } from './errors.js';
import { gaussian, mulberry32, shuffleInPlace } from './random.js';

/** A labelled 2-D data set: points x[i] = [x0, x1] with labels y[i] ∈ {−1, +1}. */
export interface Moons {
  /** The points [x0, x1]. */
  x: number[][];
  /** Each point's label, +1 or −1. */
  y: number[];
}

/**
 * Two interleaving half circles (scikit-learn's make_moons, as micrograd's demo uses), from a
 * seeded generator: the upper moon is labelled −1, the lower one +1, then points are shuffled.
 * @example const { x, y } = makeMoons(100, { noise: 0.1, seed: 1 });
 * @param n - number of points (⌊n/2⌋ on the upper moon, the rest on the lower)
 * @throws RangeError for a bad n, noise or seed
 */
export function makeMoons(n: number, options: { noise?: number; seed?: number } = {}): Moons {
  checkInteger('makeMoons', 'n', n, 1);
  const noise = checkNumber('makeMoons', 'options.noise', options.noise ?? 0.1, 'nonnegative');
  const rng = mulberry32(checkNumber('makeMoons', 'options.seed', options.seed ?? 1));
  const upper = Math.floor(n / 2);
  const lower = n - upper;
  const points: { x: number[]; y: number }[] = [];
  for (let i = 0; i < upper; i++) {
    const t = upper === 1 ? 0 : (Math.PI * i) / (upper - 1);
    points.push({ x: [Math.cos(t), Math.sin(t)], y: -1 });
  }
  for (let i = 0; i < lower; i++) {
    const t = lower === 1 ? 0 : (Math.PI * i) / (lower - 1);
    points.push({ x: [1 - Math.cos(t), 0.5 - Math.sin(t)], y: 1 });
  }
  for (const p of points) {
    p.x[0] += noise * gaussian(rng);
    p.x[1] += noise * gaussian(rng);
  }
  shuffleInPlace(points, rng);
  return { x: points.map((p) => p.x), y: points.map((p) => p.y) };
}
