import type { MLP } from '../../src/nn/index.js';

/** Activation of a layer, as the plain-number systems implement it. */
export type Act = 'relu' | 'sigmoid' | 'linear';

/** A network's weights as plain numbers: W[l][j][k] = w_jk of layer l, b[l][j]. */
export interface PlainWeights {
  sizes: number[];
  acts: Act[];
  W: number[][][];
  b: number[][];
}

/** Reads a chainrule MLP's weights, so every system starts from the same seeded init. */
export function weightsOf(net: MLP, acts: Act[]): PlainWeights {
  return {
    sizes: [net.layers[0].neurons[0].w.length, ...net.layers.map((l) => l.neurons.length)],
    acts,
    W: net.layers.map((l) => l.neurons.map((n) => n.w.map((w) => w.data))),
    b: net.layers.map((l) => l.neurons.map((n) => n.b.data)),
  };
}

/** Index of the largest output for each input, with plain-number forward passes. */
export function predict(w: PlainWeights, xs: readonly ArrayLike<number>[]): number[] {
  return xs.map((x) => {
    let a = Array.from(x);
    w.W.forEach((Wl, l) => {
      a = Wl.map((row, j) => {
        let z = w.b[l][j];
        for (let k = 0; k < row.length; k++) z += row[k] * a[k];
        const act = w.acts[l];
        return act === 'relu' ? (z > 0 ? z : 0) : act === 'sigmoid' ? 1 / (1 + Math.exp(-z)) : z;
      });
    });
    let best = 0;
    for (let j = 1; j < a.length; j++) if (a[j] > a[best]) best = j;
    return best;
  });
}
