import { checkInteger, checkNumber } from './errors.js';
import { ownOptions } from './train/options.js';
import { gaussian, mulberry32, shuffleInPlace } from './random.js';

/** The largest data set makeMoons makes: a toy set, and larger requests are typos (2^24 points take ~1 GB as arrays). */
const MAX_POINTS = 2 ** 24;

/**
 * A labelled 2-D data set: points x[i] = [x0, x1] with labels y[i] ∈ {−1, +1}.
 * @category Neural nets
 */
export interface Moons {
  /** The points [x0, x1]. */
  x: number[][];
  /** Each point's label, +1 or −1. */
  y: number[];
}

/**
 * Two interleaving half circles (scikit-learn's make_moons, as micrograd's demo uses), from a
 * seeded generator: the upper moon is labelled −1, the lower one +1, then points are shuffled.
 * @category Neural nets
 * @example const { x, y } = makeMoons(100, { noise: 0.1, seed: 1 });
 * @param n - number of points (⌊n/2⌋ on the upper moon, the rest on the lower), at most 2^24
 * @throws TypeError / RangeError for a bad n, noise or seed, or an unknown option key
 */
export function makeMoons(n: number, options?: { noise?: number; seed?: number }): Moons {
  checkInteger('makeMoons', 'n', n, 1, MAX_POINTS);
  const o = ownOptions('makeMoons', options, ['noise', 'seed']);
  const noise = checkNumber('makeMoons', 'options.noise', o.noise ?? 0.1, 'nonnegative');
  const rng = mulberry32(checkNumber('makeMoons', 'options.seed', o.seed ?? 1));
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
