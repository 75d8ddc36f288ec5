import { Value } from '../../index.js';
import type { Activation } from './activation.js';
import { checkValues, rangeError, typeError } from '../errors.js';
import { Neuron } from './neuron.js';

/**
 * A fully connected layer: neurons[j] computes a_j^(L) from the previous layer's outputs, so
 * `neurons[j].w[k]` is w_jk^(L) as the notes index it.
 *
 * @category Neural nets
 * @example
 * const layer = new Layer([n0, n1]); // two neurons with the same number of inputs
 * layer.forward([new Value(1), new Value(2)]); // [a_0, a_1]
 */
export class Layer {
  /** neurons[j] computes a_j of this layer. */
  readonly neurons: Neuron[];

  /**
   * @param neurons - at least one neuron, all with the same number of inputs
   * @throws TypeError if an entry is not a Neuron; RangeError if the list is empty or the input counts differ
   */
  constructor(neurons: readonly Neuron[]) {
    if (!Array.isArray(neurons)) throw typeError('Layer', 'neurons', 'an array of Neuron', neurons);
    if (neurons.length === 0) throw rangeError('Layer', 'neurons', 'a non-empty array of Neuron', neurons);
    for (let j = 0; j < neurons.length; j++) {
      if (!(neurons[j] instanceof Neuron)) throw typeError('Layer', `neurons[${j}]`, 'a Neuron', neurons[j]);
      const nin = neurons[0].nin;
      if (neurons[j].nin !== nin) throw rangeError('Layer', `neurons[${j}].w`, `an array of length ${nin} (as neurons[0].w)`, neurons[j].w);
      const act = neurons[0].activation;
      if (neurons[j].activation !== act) throw rangeError('Layer', `neurons[${j}].activation`, `"${act}" (one σ per layer, as neurons[0])`, neurons[j].activation);
    }
    this.neurons = neurons.slice();
  }

  /** Inputs per neuron. */
  get nin(): number {
    return this.neurons[0].nin;
  }

  /** σ of every neuron in the layer. */
  get activation(): Activation {
    return this.neurons[0].activation;
  }

  /** Neurons in the layer. */
  get nout(): number {
    return this.neurons.length;
  }

  /**
   * [σ(z_0), …, σ(z_nout−1)]; all neurons share the same input nodes.
   * @example new MLP(2, [3]).layers[0].forward([new Value(1), new Value(2)]) // three Values, one per neuron
   * @throws TypeError / RangeError if x is not an array of {@link nin} Values
   */
  forward(x: readonly Value[]): Value[] {
    checkValues('Layer.forward', 'x', x, this.nin);
    const out = new Array<Value>(this.neurons.length);
    for (let j = 0; j < out.length; j++) out[j] = this.neurons[j].forward(x);
    return out;
  }

  /** Every neuron's parameters in order: neuron 0's w then b, neuron 1's, … */
  parameters(): Value[] {
    const ps: Value[] = [];
    for (const n of this.neurons) ps.push(...n.w, n.b);
    return ps;
  }
}
