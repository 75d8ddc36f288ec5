import { rangeError } from '../errors.js';

/**
 * The most parameters an MLP may have. Each is a Value object (about 100 bytes with its grad and
 * graph fields), so 2^26 of them is several gigabytes already; larger requests are typos, or a
 * hostile file.
 */
export const MAX_PARAMETERS = 2 ** 26;

/**
 * The parameter count of layers of the given widths over `nin` inputs (each neuron: one weight per
 * input and a bias), or a RangeError naming `what` once it passes {@link MAX_PARAMETERS}: called
 * before any Value (or copy of a saved row) is made.
 */
export function checkParameterCount(where: string, what: string, nin: number, widths: readonly number[]): number {
  let count = 0;
  let width = nin;
  for (const nout of widths) {
    count += (width + 1) * nout;
    width = nout;
  }
  if (count > MAX_PARAMETERS) throw rangeError(where, `the parameter count of ${what}`, `at most ${MAX_PARAMETERS} (one Value object each)`, count);
  return count;
}
