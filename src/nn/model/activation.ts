import type { Value } from '../../index.js';
import { rangeError } from '../errors.js';

/** A neuron's activation σ: the notes' network uses sigmoid. */
export type Activation = 'sigmoid' | 'tanh' | 'relu' | 'linear';

/** How each activation is applied to a neuron's weighted sum z: one table, one entry each. */
const APPLY: { readonly [K in Activation]: (z: Value) => Value } = {
  sigmoid: (z) => z.sigmoid(),
  tanh: (z) => z.tanh(),
  relu: (z) => z.relu(),
  linear: (z) => z,
};

/** Every activation name, in a fixed order. */
export const ACTIVATIONS: readonly Activation[] = Object.freeze(Object.keys(APPLY) as Activation[]);

/**
 * True when `name` is one of {@link ACTIVATIONS} (never throws: any value may be asked about).
 * @example isActivation('tanh') // true
 */
export function isActivation(name: unknown): name is Activation {
  return typeof name === 'string' && Object.prototype.hasOwnProperty.call(APPLY, name);
}

/** σ(z) as a Value node (linear returns z itself). */
export function activate(activation: Activation, z: Value): Value {
  return APPLY[activation](z);
}

/** Throws a RangeError naming the valid activations unless `name` is one. */
export function checkActivation(where: string, what: string, name: unknown): Activation {
  if (!isActivation(name)) throw rangeError(where, what, `one of ${ACTIVATIONS.map((a) => `"${a}"`).join(', ')}`, name);
  return name;
}
