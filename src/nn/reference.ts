import { checkNumbers, rangeError, typeError } from './errors.js';
import { MLP } from './model/mlp.js';

/**
 * The hand-derived gradients of C0 = Σ_j (a_j^(L) − y_j)² for one example.
 * @category Neural nets
 */
export interface ReferenceGradients {
  /** dw[l][j][k] = ∂C0/∂w_jk, indexed like `layers[l].neurons[j].w[k]`. */
  dw: number[][][];
  /** db[l][j] = ∂C0/∂b_j, indexed like `layers[l].neurons[j].b`. */
  db: number[][];
  /**
   * da[l][k] = ∂C0/∂a_k^(l) with the notes' superscripts: da[0] is the input x's, da[l] for l ≥ 1
   * is the output of `layers[l − 1]` (so da[layers.length] = 2(a^(L) − y)).
   */
  da: number[][];
  /** The cost C0 itself. */
  cost: number;
}

/** The activations written out by hand below (any other op would need the table, which this witness must not read). */
type HandWritten = 'sigmoid' | 'tanh' | 'relu' | 'linear';

// σ and σ' on plain numbers, written out independently of the op table.
const SIGMA: { readonly [K in HandWritten]: (z: number) => number } = {
  sigmoid: (z) => (z >= 0 ? 1 / (1 + Math.exp(-z)) : Math.exp(z) / (1 + Math.exp(z))),
  tanh: (z) => Math.tanh(z),
  relu: (z) => (z > 0 ? z : 0),
  linear: (z) => z,
};
const SIGMA_PRIME: { readonly [K in HandWritten]: (z: number, a: number) => number } = {
  sigmoid: (_z, a) => a * (1 - a), // σ'(z) = σ(z)(1 − σ(z))
  tanh: (_z, a) => 1 - a * a, // tanh'(z) = 1 − tanh²(z)
  relu: (z) => (z > 0 ? 1 : 0), // relu'(0) = 0, the core's convention
  linear: () => 1,
};

/**
 * Backpropagation by the notes' formulas on plain numbers (no Value anywhere): the independent
 * witness the autodiff gradients are tested against. Going backwards from ∂C0/∂a_j^(L) = 2(a_j − y_j):
 * δ_j = σ'(z_j) ∂C0/∂a_j, ∂C0/∂w_jk = a_k^(L−1) δ_j, ∂C0/∂b_j = δ_j, ∂C0/∂a_k^(L−1) = Σ_j w_jk δ_j.
 *
 * @category Neural nets
 * @example
 * const { dw, db } = referenceBackprop(net, [0, 1], [1]);
 * dw[0][2][1]; // ∂C0/∂w_21 of the first layer
 * @throws TypeError / RangeError if x or y do not fit the network, or a layer's activation is not
 * one of the four written out by hand (sigmoid, tanh, relu, linear)
 */
export function referenceBackprop(net: MLP, x: readonly number[], y: readonly number[]): ReferenceGradients {
  if (!(net instanceof MLP)) throw typeError('referenceBackprop', 'net', 'an MLP', net);
  checkNumbers('referenceBackprop', 'x', x, net.nin);
  const last = net.layers[net.layers.length - 1];
  checkNumbers('referenceBackprop', 'y', y, last.nout);
  const handWritten = Object.keys(SIGMA).map((k) => `"${k}"`).join(', ');
  net.layers.forEach((layer, l) => {
    if (!Object.prototype.hasOwnProperty.call(SIGMA, layer.activation)) {
      throw rangeError('referenceBackprop', `layers[${l}].activation`, `one of ${handWritten} (the activations written out by hand)`, layer.activation);
    }
  });

  // Forward: keep z^(l) and a^(l) of every layer; z_j = (Σ_k w_jk a_k) + b_j, summed in k order.
  const a: number[][] = [x.slice()];
  const z: number[][] = [];
  for (const layer of net.layers) {
    const prev = a[a.length - 1];
    const sigma = SIGMA[layer.activation as HandWritten];
    const zl = layer.neurons.map((n) => {
      let s = 0;
      for (let k = 0; k < prev.length; k++) s += n.w[k].data * prev[k];
      return s + n.b.data;
    });
    z.push(zl);
    a.push(zl.map(sigma));
  }

  const out = a[a.length - 1];
  let cost = 0;
  for (let j = 0; j < out.length; j++) cost += (out[j] - y[j]) * (out[j] - y[j]);

  // Backward, layer by layer from the last.
  const L = net.layers.length;
  const dw: number[][][] = new Array(L);
  const db: number[][] = new Array(L);
  const da: number[][] = new Array(L + 1);
  da[L] = out.map((aj, j) => 2 * (aj - y[j]));
  for (let l = L - 1; l >= 0; l--) {
    const layer = net.layers[l];
    const prime = SIGMA_PRIME[layer.activation as HandWritten];
    const aPrev = a[l];
    const delta = z[l].map((zj, j) => da[l + 1][j] * prime(zj, a[l + 1][j]));
    db[l] = delta;
    dw[l] = delta.map((d) => aPrev.map((ak) => d * ak));
    const daPrev = new Array<number>(aPrev.length).fill(0);
    layer.neurons.forEach((n, j) => {
      for (let k = 0; k < aPrev.length; k++) daPrev[k] += n.w[k].data * delta[j];
    });
    da[l] = daPrev;
  }
  return { dw, db, da, cost };
}
