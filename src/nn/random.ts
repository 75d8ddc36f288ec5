/**
 * Seeded randomness for nn: weight init, shuffling and the toy data sets all draw from here,
 * so one seed fixes a whole training run bit for bit.
 */

import { checkNumber, typeError } from './errors.js';

/**
 * A source of uniform numbers in [0, 1).
 * @category Neural nets
 */
export type Rng = () => number;

/**
 * mulberry32: a tiny, fast 32-bit seeded PRNG; the same seed always gives the same sequence.
 * @category Neural nets
 * @example
 * const rng = mulberry32(42);
 * rng(); // a number in [0, 1), identical on every run
 * @param seed - any finite number; only the low 32 bits of its integer part matter
 * @throws TypeError / RangeError if seed is not a finite number
 */
export function mulberry32(seed: number): Rng {
  let s = checkNumber('mulberry32', 'seed', seed) >>> 0;
  return () => {
    s = (s + 0x6d2b79f5) >>> 0;
    let t = s;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/**
 * A standard normal sample N(0, 1) from `rng` (Box–Muller; uses two uniforms per call).
 * @category Neural nets
 * @example gaussian(mulberry32(1)) // e.g. -0.37…
 * @throws TypeError if rng is not a function
 */
export function gaussian(rng: Rng): number {
  checkRng('gaussian', rng);
  const u = 1 - rng(); // in (0, 1], so the log is finite
  const v = rng();
  return Math.sqrt(-2 * Math.log(u)) * Math.cos(2 * Math.PI * v);
}

/**
 * Shuffles `items` in place (Fisher–Yates) and returns it.
 * @category Neural nets
 * @example shuffleInPlace([0, 1, 2, 3], mulberry32(7))
 * @throws TypeError if items is not an array or rng is not a function (items then stay as they were)
 */
export function shuffleInPlace<T>(items: T[], rng: Rng): T[] {
  if (!Array.isArray(items)) throw typeError('shuffleInPlace', 'items', 'an array', items);
  checkRng('shuffleInPlace', rng);
  for (let i = items.length - 1; i > 0; i--) {
    const j = Math.floor(rng() * (i + 1));
    const t = items[i];
    items[i] = items[j];
    items[j] = t;
  }
  return items;
}

/** @internal Throws unless `rng` is a function (an {@link Rng}). */
export function checkRng(where: string, rng: unknown): void {
  if (typeof rng !== 'function') throw typeError(where, 'rng', 'a function returning numbers in [0, 1)', rng);
}
