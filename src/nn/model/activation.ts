import { applyOp, lookupOp, type Value } from '../../index.js';
import { rangeError, typeError } from '../errors.js';

/**
 * A neuron's activation σ: `'linear'` (σ(z) = z) or the name of any unary op of the table, a
 * built-in one ('sigmoid', the notes' choice, 'tanh', 'relu', 'softplus', 'sin', …) or one
 * defined with `defineOp`. A saved model stores the name, so a user op must be defined again
 * before the model is loaded.
 * @category Neural nets
 */
export type Activation = 'sigmoid' | 'tanh' | 'relu' | 'linear' | (string & {});

/**
 * The classic activations, in a fixed order: the ones referenceBackprop writes out by hand (and
 * the property tests draw from). Any other unary op's name is an activation too (see {@link isActivation}).
 * @category Neural nets
 */
export const ACTIVATIONS: readonly Activation[] = Object.freeze(['sigmoid', 'tanh', 'relu', 'linear']);

/**
 * True when `name` is an activation: `'linear'` or the name of a unary op, built-in or defined so
 * far (never throws: any value may be asked about).
 * @category Neural nets
 * @example isActivation('tanh') // true; isActivation('add') // false: add takes two operands
 */
export function isActivation(name: unknown): name is Activation {
  return name === 'linear' || (typeof name === 'string' && lookupOp(name)?.arity === 1);
}

/**
 * σ(z) as a Value node (linear returns z itself); the op is read from the table by name.
 * @category Neural nets
 */
export function activate(activation: Activation, z: Value): Value {
  return activation === 'linear' ? z : applyOp(activation, [z]);
}

const EXPECTED = '"linear" or the name of a unary op (built-in, such as "sigmoid", "tanh", "relu", "softplus", or defined with defineOp)';

/**
 * Throws unless `name` is an activation: a TypeError for a non-string, a RangeError naming what an
 * activation may be otherwise (with the op's arity, or how to define an unknown name).
 * @category Neural nets
 */
export function checkActivation(where: string, what: string, name: unknown, unknownHint?: (name: string) => string): Activation {
  if (isActivation(name)) return name;
  if (typeof name !== 'string') throw typeError(where, what, EXPECTED, name);
  const spec = lookupOp(name);
  const hint = spec !== undefined ? `The op "${name}" takes ${spec.arity === 'n' ? 'any number of' : spec.arity} operands.` : unknownHint?.(name);
  throw rangeError(where, what, EXPECTED, name, hint);
}
