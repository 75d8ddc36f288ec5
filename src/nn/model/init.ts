import { checkActivation, type Activation } from './activation.js';
import { checkInteger, rangeError } from '../errors.js';
import { checkRng, gaussian, type Rng } from '../random.js';

/**
 * How initial weights are drawn (biases start at 0 in every scheme):
 * - `uniform`: U(−1, 1), as micrograd does;
 * - `xavier`: N(0, 2 / (nin + nout)), Glorot's scale, suited to sigmoid and tanh;
 * - `he`: N(0, 2 / nin), He's scale, suited to relu.
 * @category Neural nets
 */
export type InitScheme = 'uniform' | 'xavier' | 'he';

const SCHEMES: readonly InitScheme[] = ['uniform', 'xavier', 'he'];

/** The widest layer initialWeights draws for (MLP's parameter bound): larger sizes are typos. */
const MAX_WIDTH = 2 ** 26;

/**
 * The scheme used when none is given: He for relu, Xavier otherwise.
 * @category Neural nets
 * @example defaultInit('relu') // 'he'
 * @throws RangeError for an unknown activation
 */
export function defaultInit(activation: Activation): InitScheme {
  return checkActivation('defaultInit', 'activation', activation) === 'relu' ? 'he' : 'xavier';
}

/**
 * Throws a RangeError naming the valid schemes unless `name` is one.
 * @category Neural nets
 */
export function checkInit(where: string, what: string, name: unknown): InitScheme {
  if (!SCHEMES.includes(name as InitScheme)) throw rangeError(where, what, `one of ${SCHEMES.map((s) => `"${s}"`).join(', ')}`, name);
  return name as InitScheme;
}

/**
 * One neuron's initial weights w_k (k < nin) for a layer of `nout` neurons, drawn from `rng`.
 * @category Neural nets
 * @example initialWeights('he', 784, 64, mulberry32(1)).length === 784
 * @throws TypeError / RangeError for an unknown scheme, sizes that are not integers in [1, 2^26], or an rng that is not a function
 */
export function initialWeights(scheme: InitScheme, nin: number, nout: number, rng: Rng): number[] {
  checkInit('initialWeights', 'scheme', scheme);
  checkInteger('initialWeights', 'nin', nin, 1, MAX_WIDTH);
  checkInteger('initialWeights', 'nout', nout, 1, MAX_WIDTH);
  checkRng('initialWeights', rng);
  const w = new Array<number>(nin);
  if (scheme === 'uniform') {
    for (let k = 0; k < nin; k++) w[k] = rng() * 2 - 1;
    return w;
  }
  const std = Math.sqrt(scheme === 'he' ? 2 / nin : 2 / (nin + nout));
  for (let k = 0; k < nin; k++) w[k] = gaussian(rng) * std;
  return w;
}
