import { Value, dot } from '../../index.js';
import { activate, checkActivation, type Activation } from './activation.js';
import { checkValues, rangeError, typeError } from '../errors.js';

/**
 * One neuron of layer L: a_j = σ(z_j), z_j = Σ_k w_jk a_k^(L−1) + b_j. The weighted sum is ONE
 * `dot` node (plus the bias), so a wide layer stays a small graph.
 *
 * @category Neural nets
 * @example
 * const n = new Neuron([new Value(0.5), new Value(-1)], new Value(0.1), 'tanh');
 * n.forward([new Value(1), new Value(2)]).data; // tanh(0.5 − 2 + 0.1)
 */
export class Neuron {
  /** w[k] = w_jk: the weight from neuron k of the previous layer. */
  readonly w: Value[];
  /** The bias b_j. */
  readonly b: Value;
  /** σ of this neuron. */
  readonly activation: Activation;

  /**
   * @param w - the weights, one per input (at least one)
   * @param b - the bias
   * @param activation - σ: 'linear' or a unary op's name (see {@link Activation}); defaults to sigmoid, the notes' choice
   * @throws TypeError if w is not an array of Values or b is not a Value; RangeError for an empty w or a name that is not an activation
   */
  constructor(w: readonly Value[], b: Value, activation: Activation = 'sigmoid') {
    if (!Array.isArray(w)) throw typeError('Neuron', 'w', 'an array of Value', w);
    if (w.length === 0) throw rangeError('Neuron', 'w', 'a non-empty array of Value', w);
    for (let k = 0; k < w.length; k++) if (!(w[k] instanceof Value)) throw typeError('Neuron', `w[${k}]`, 'a Value', w[k]);
    if (!(b instanceof Value)) throw typeError('Neuron', 'b', 'a Value', b);
    this.w = w.slice();
    this.b = b;
    this.activation = checkActivation('Neuron', 'activation', activation);
  }

  /** The number of inputs. */
  get nin(): number {
    return this.w.length;
  }

  /**
   * σ(w · x + b) as a Value.
   * @example new MLP(2, [1]).layers[0].neurons[0].forward([new Value(1), new Value(2)])
   * @throws TypeError / RangeError if x is not an array of {@link nin} Values
   */
  forward(x: readonly Value[]): Value {
    checkValues('Neuron.forward', 'x', x, this.nin);
    return neuronOutput(this.w, this.b, this.activation, x);
  }

  /** [w_0, …, w_nin−1, b] */
  parameters(): Value[] {
    return [...this.w, this.b];
  }
}

/**
 * @internal What a neuron computes, σ(w · x + b), from its data alone: Neuron.forward and the
 * check that a network's forward is what its saved form rebuilds (reproduce.ts) both build it here.
 */
export function neuronOutput(w: readonly Value[], b: Value, activation: Activation, x: readonly Value[]): Value {
  return activate(activation, dot(w, x).add(b));
}
