/**
 * Input checks for chainrule/nn. Messages come from the core's builders (src/errors/messages.ts, the one
 * place message text is formatted): `chainrule.<where>: <what> must be <expected>, received <actual>.`
 */

import { Value } from '../index.js';
import { rangeError, typeError } from '../errors/messages.js';

export { rangeError, typeError };

/**
 * Throws unless `n` is an integer in [min, max].
 * @category Neural nets
 */
export function checkInteger(where: string, what: string, n: unknown, min: number, max = Number.MAX_SAFE_INTEGER): number {
  if (typeof n !== 'number') throw typeError(where, what, 'an integer', n);
  if (!Number.isInteger(n) || n < min || n > max) {
    const range = max === Number.MAX_SAFE_INTEGER ? `≥ ${min}` : `in [${min}, ${max}]`;
    throw rangeError(where, what, `an integer ${range}`, n);
  }
  return n;
}

/**
 * Throws unless `x` is a finite number (optionally > 0 or ≥ 0).
 * @category Neural nets
 */
export function checkNumber(where: string, what: string, x: unknown, sign: 'any' | 'positive' | 'nonnegative' = 'any'): number {
  if (typeof x !== 'number') throw typeError(where, what, 'a number', x);
  const ok = Number.isFinite(x) && (sign === 'any' || (sign === 'positive' ? x > 0 : x >= 0));
  if (!ok) throw rangeError(where, what, sign === 'any' ? 'a finite number' : `a ${sign} finite number`, x);
  return x;
}

/**
 * Throws unless `xs` is an array of `length` finite numbers (any length when omitted).
 * @category Neural nets
 */
export function checkNumbers(where: string, what: string, xs: unknown, length?: number): readonly number[] {
  if (!Array.isArray(xs)) throw typeError(where, what, 'an array of numbers', xs);
  if (length !== undefined && xs.length !== length) throw rangeError(where, what, `an array of length ${length}`, xs);
  for (let i = 0; i < xs.length; i++) {
    const x = xs[i];
    // Names are built only on failure: this check runs over whole data sets.
    if (typeof x !== 'number' || !Number.isFinite(x)) checkNumber(where, `${what}[${i}]`, x);
  }
  return xs as readonly number[];
}

/**
 * Throws unless `f` is a function or undefined (an optional callback).
 * @category Neural nets
 */
export function checkOptionalFunction(where: string, what: string, f: unknown): void {
  if (f !== undefined && typeof f !== 'function') throw typeError(where, what, 'a function or undefined', f);
}

/**
 * Throws unless `b` is a boolean or undefined (an optional flag).
 * @category Neural nets
 */
export function checkOptionalBoolean(where: string, what: string, b: unknown): void {
  if (b !== undefined && typeof b !== 'boolean') throw typeError(where, what, 'a boolean or undefined', b);
}

/**
 * Where and how a training step went non-finite: what {@link nonFiniteTrainingError} reports.
 * @category Neural nets
 */
export interface NonFiniteStep {
  readonly epoch: number;
  readonly batch: number;
  /** The NaN or ±Infinity found. */
  readonly received: number;
  /** The parameter whose gradient it is, e.g. `layers[0].neurons[2].w[1]`; absent for the loss. */
  readonly parameter?: string;
  /**
   * Set when no step has been taken yet in this run: what the loss needs of the model's outputs.
   * The learning rate cannot be the cause then, so the message says so and points here instead.
   */
  readonly domain?: string;
}

/**
 * The error train throws when a batch's loss or a parameter's gradient is NaN or ±Infinity, before
 * the step that would apply it.
 * @category Neural nets
 */
export function nonFiniteTrainingError({ epoch, batch, received, parameter, domain }: NonFiniteStep): RangeError {
  const what = parameter === undefined ? 'the loss' : `the gradient of ${parameter}`;
  const became = parameter === undefined ? 'The loss' : 'A gradient';
  const hint =
    domain === undefined
      ? `${became} became NaN/Infinity: lower the learning rate (or check the data and the loss). The network keeps the weights of the last finite step.`
      : `It is not finite before any step, so the learning rate is not the cause: ${domain}`;
  return rangeError('train', `${what} at epoch ${epoch}, batch ${batch}`, 'finite', received, hint);
}

/**
 * Throws unless `xs` is an array of `length` Values.
 * @category Neural nets
 */
export function checkValues(where: string, what: string, xs: unknown, length: number): void {
  if (!Array.isArray(xs)) throw typeError(where, what, 'an array of Value', xs);
  if (xs.length !== length) throw rangeError(where, what, `an array of length ${length}`, xs);
  for (let i = 0; i < xs.length; i++) if (!(xs[i] instanceof Value)) throw typeError(where, `${what}[${i}]`, 'a Value', xs[i]);
}
