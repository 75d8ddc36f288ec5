import { OPS, type Value } from '../../../src/index.js';
import type { ExampleGraph } from './chain.js';
import { paramIndex, paramPlaces, type NetSpec, type ParamPlace } from './network.js';

/** One layer's neurons that lie between the parameter and the cost, with the engine's numbers. */
export interface LayerView {
  /** Layer index (0 = first hidden layer; the notes' superscript is layer + 1). */
  readonly layer: number;
  /** The neurons on a path from the parameter (all of them above its own layer). */
  readonly neurons: readonly number[];
  readonly z: readonly number[];
  readonly a: readonly number[];
  /** σ′(z_j) from the op table's local derivative (1 for a linear layer). */
  readonly sigmaPrime: readonly number[];
  /** ∂C/∂a_j from backward on the example's graph. */
  readonly dCda: readonly number[];
  /** ∂C/∂z_j from backward (the cross-entropy costs read the output layer's z, not its a). */
  readonly dCdz: readonly number[];
}

/** One term w_jk σ′(z_j) ∂C/∂a_j of the notes' "sum over layer L" for ∂C/∂a_k of the layer below. */
export interface SumTerm {
  readonly j: number;
  readonly w: number;
  /** ∂C/∂z_j = σ′(z_j) ∂C/∂a_j, from backward. */
  readonly dCdz: number;
}

/**
 * The notes' backpropagation for one parameter w_jk^(l) (or b_j^(l)), layer by layer: the forward
 * values of every neuron on a path from it to the cost, and going back,
 * ∂C0/∂a_j^(L) = 2(a_j − y_j), ∂C0/∂a_k^(m) = Σ_j w_jk^(m+1) σ′(z_j^(m+1)) ∂C0/∂a_j^(m+1), and
 * ∂C0/∂w_jk^(l) = a_k^(l−1) σ′(z_j^(l)) ∂C0/∂a_j^(l). Every number is read from the engine: node
 * values, σ′ from the op table, and ∂C/∂node from one backward on the graph.
 */
export interface BackpropView {
  readonly place: ParamPlace;
  /** a_k^(l−1) (an input, or the previous layer's activation); 1 for a bias (∂z/∂b). */
  readonly input: number;
  /** The parameter's value. */
  readonly value: number;
  /** Layers l … L (the output layer last). */
  readonly layers: readonly LayerView[];
  /** The targets y_j of the output layer. */
  readonly target: readonly number[];
  /** For each layer m > l, per neuron k of layer m − 1 on the path: the terms of its sum over layer m. */
  readonly sums: readonly (readonly { k: number; terms: readonly SumTerm[]; total: number }[])[];
  readonly cost: number;
  /** ∂C/∂param from backward. */
  readonly gradient: number;
}

/**
 * The layered chain rule for parameter `index` of the example graph `g` (built by exampleGraph).
 * @example backpropView(spec, exampleGraph(spec, ['x1'], point, theta), 0).gradient // = chainReport(…).engine
 */
export function backpropView(spec: NetSpec, g: ExampleGraph, index: number): BackpropView {
  for (const p of g.params) p.grad = 0;
  g.cost.backward();
  const place = paramPlaces(spec)[index];
  const L = spec.widths.length - 1;
  const prev = (l: number): readonly Value[] => (l === 0 ? g.inputs : g.net.a[l - 1]);
  const layers: LayerView[] = [];
  for (let m = place.l; m <= L; m++) {
    const neurons = m === place.l ? [place.j] : Array.from({ length: spec.widths[m] }, (_, j) => j);
    const act = spec.activations[m];
    layers.push({
      layer: m,
      neurons,
      z: neurons.map((j) => g.net.z[m][j].data),
      a: neurons.map((j) => g.net.a[m][j].data),
      sigmaPrime: neurons.map((j) => (act === 'linear' ? 1 : OPS[act].local(0, g.net.z[m][j].data, 0, g.net.a[m][j].data))),
      dCda: neurons.map((j) => g.net.a[m][j].grad),
      dCdz: neurons.map((j) => g.net.z[m][j].grad),
    });
  }
  const sums = layers.slice(1).map((upper, i) => {
    const lower = layers[i];
    return lower.neurons.map((k) => ({
      k,
      terms: upper.neurons.map((j) => ({ j, w: g.params[paramIndex(spec, upper.layer, j, k)].data, dCdz: g.net.z[upper.layer][j].grad })),
      total: g.net.a[lower.layer][k].grad,
    }));
  });
  const param = g.params[index];
  return {
    place,
    input: place.k < 0 ? 1 : prev(place.l)[place.k].data,
    value: param.data,
    layers,
    target: g.target,
    sums,
    cost: g.cost.data,
    gradient: param.grad,
  };
}
