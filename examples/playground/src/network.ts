import { Value, constant, dot, sum, type Operand } from '../../../src/index.js';
import { ACTIVATIONS, MLP, binaryCrossEntropyWithLogits, defaultInit, initialWeights, mulberry32, type MLPJSON } from '../../../src/nn/index.js';
import { activate, type ActivationName } from './activations.js';
import type { OutputMode } from './state.js';

/** The network the page trains: widths and activations per layer (hidden then output), and its cost. */
export interface NetSpec {
  readonly nin: number;
  readonly widths: readonly number[];
  readonly activations: readonly ActivationName[];
  readonly output: OutputMode;
  /** Classes of the data (1 for regression). */
  readonly classes: number;
  readonly regression: boolean;
}

/** The graph of a network over inputs x: z[l][j] and a[l][j] for every layer l (0 = first hidden). */
export interface NetGraph {
  readonly z: Value[][];
  readonly a: Value[][];
}

/** Where parameter i sits: layer l, neuron j, and input k (k = −1 for the bias). */
export interface ParamPlace {
  readonly l: number;
  readonly j: number;
  readonly k: number;
}

/**
 * Parameters in MLP.parameters() order: layer by layer, neuron by neuron, weights then bias.
 * @example paramPlaces({ nin: 2, widths: [1], … }) // [{ l: 0, j: 0, k: 0 }, { l: 0, j: 0, k: 1 }, { l: 0, j: 0, k: -1 }]
 */
export function paramPlaces(spec: NetSpec): ParamPlace[] {
  const places: ParamPlace[] = [];
  let fanIn = spec.nin;
  spec.widths.forEach((width, l) => {
    for (let j = 0; j < width; j++) {
      for (let k = 0; k < fanIn; k++) places.push({ l, j, k });
      places.push({ l, j, k: -1 });
    }
    fanIn = width;
  });
  return places;
}

/**
 * Index of weight w_jk (k ≥ 0) or bias b_j (k = −1) of layer l in the flat parameter array.
 * @example paramIndex(spec, 0, 0, -1) === spec.nin // the first neuron's bias follows its weights
 */
export function paramIndex(spec: NetSpec, l: number, j: number, k: number): number {
  let i = 0;
  let fanIn = spec.nin;
  for (let m = 0; m < l; m++) {
    i += spec.widths[m] * (fanIn + 1);
    fanIn = spec.widths[m];
  }
  return i + j * (fanIn + 1) + (k < 0 ? fanIn : k);
}

/** Seeded initial parameters: chainrule's Xavier (He for relu) weights, zero biases. */
export function initialParams(spec: NetSpec, seed: number): Float64Array {
  const rng = mulberry32(seed);
  const theta: number[] = [];
  let fanIn = spec.nin;
  spec.widths.forEach((width, l) => {
    const act = spec.activations[l];
    const scheme = act === 'relu' ? defaultInit('relu') : 'xavier';
    for (let j = 0; j < width; j++) theta.push(...initialWeights(scheme, fanIn, width, rng), 0);
    fanIn = width;
  });
  return Float64Array.from(theta);
}

/**
 * The network as a Value graph: z_j = Σ_k w_jk a_k + b_j (one dot node plus the bias, as chainrule's
 * Neuron builds it), a_j = σ(z_j). With `labels`, nodes carry the notes' LaTeX names
 * (w^{(l)}_{jk}, z^{(l)}_j, a^{(l)}_j; no subscripts in the notes' network: one input, one neuron per layer).
 * @example const { a } = buildNetwork(spec, x, params); a[a.length - 1] // the outputs a^(L)
 */
export function buildNetwork(spec: NetSpec, x: readonly Value[], params: readonly Value[], labels = false): NetGraph {
  const single = isNotesShaped(spec);
  const sub = (...ix: number[]) => (single ? '' : `_{${ix.map((i) => i + 1).join(ix.some((i) => i >= 9) ? ',' : '')}}`);
  const z: Value[][] = [];
  const a: Value[][] = [];
  let prev: readonly Value[] = x;
  let p = 0;
  spec.widths.forEach((width, l) => {
    const zs: Value[] = [];
    const as: Value[] = [];
    const L = `^{(${l + 1})}`;
    for (let j = 0; j < width; j++) {
      const w = params.slice(p, p + prev.length);
      const b = params[p + prev.length];
      p += prev.length + 1;
      if (labels) {
        w.forEach((wk, k) => (wk.label = `w${L}${sub(j, k)}`));
        b.label = `b${L}${sub(j)}`;
      }
      const zj = dot(w, prev).add(b);
      const aj = activate(spec.activations[l], zj);
      if (labels) {
        zj.label = `z${L}${sub(j)}`;
        if (aj !== zj) aj.label = `a${L}${sub(j)}`;
      }
      zs.push(zj);
      as.push(aj);
    }
    z.push(zs);
    a.push(as);
    prev = as;
  });
  return { z, a };
}

/**
 * How many loss tapes the trainer compiles: one per class for bce and softmax, whose targets are
 * then constants of the graph (each tape keeps only its class's terms), one for C0 with placeholders.
 */
export function lossGroups(spec: NetSpec): number {
  return spec.output === 'bce' ? 2 : spec.output === 'softmax' ? spec.classes : 1;
}

/** True for the notes' shape: one input and one neuron per layer (their symbols carry no subscripts). */
export function isNotesShaped(spec: NetSpec): boolean {
  return spec.nin === 1 && spec.widths.every((w) => w === 1);
}

/** Width of the target vector: one-hot for softmax and multiclass C0, else one number. */
export function targetWidth(spec: NetSpec): number {
  return spec.widths[spec.widths.length - 1];
}

/**
 * The target vector of a label (a class index, or a regression target).
 * @example targetOf(softmaxSpecWith3Classes, 2) // [0, 0, 1]
 */
export function targetOf(spec: NetSpec, label: number): number[] {
  const n = targetWidth(spec);
  if (n === 1) return [label];
  return Array.from({ length: n }, (_, c) => (c === label ? 1 : 0));
}

/**
 * One example's cost from the network's graph and its targets (numbers, or placeholders):
 * - bce: −[y ln σ(z) + (1 − y) ln(1 − σ(z))] = y·softplus(−z) + (1 − y)·softplus(z), from the
 *   logit z (chainrule's binaryCrossEntropyWithLogits), so it stays finite when σ(z) rounds to 1;
 * - softmax: −ln softmax(z)_c = ln(1 + Σ_{i≠c} e^{z_i − z_c}) for the one-hot target's class c
 *   (numbers only: the trainer compiles one tape per class);
 * - c0: the notes' C0 = Σ_j (a_j − y_j)², one square node per output (not mse's single dot of the
 *   differences), so every chain to an output is one path whose last factor is 2(a_j − y_j).
 * @example buildLoss(spec, net, targetOf(spec, 1)).backward()
 * @throws RangeError for softmax targets that are not a one-hot array of numbers
 */
export function buildLoss(spec: NetSpec, net: NetGraph, y: readonly Operand[]): Value {
  const L = net.a.length - 1;
  let c: Value;
  if (spec.output === 'bce') {
    // From the logit, as chainrule's binaryCrossEntropyWithLogits: softplus(z) for y = 0, softplus(−z)
    // for y = 1 — finite where σ(z) rounds to 1, and the chain ends in ∂C/∂z = σ(z) − y in two factors.
    c = binaryCrossEntropyWithLogits(net.z[L][0], y[0]);
  } else if (spec.output === 'softmax') {
    const label = y.findIndex((t) => t === 1);
    if (label < 0 || y.some((t) => t instanceof Value)) throw new RangeError(`playground.buildLoss: y must be a one-hot array of numbers for a softmax output, received [${y.map(String).join(', ')}].`);
    // −ln softmax_c = ln(1 + Σ_{i≠c} e^{l_i − l_c}): shifted by the label's own logit, so it never
    // overflows while the cost is below ~709, in every engine (no shift frozen at build time).
    const l = net.z[L];
    c = sum([constant(1), ...l.filter((_, i) => i !== label).map((li) => li.sub(l[label]).exp())]).log();
  } else {
    c = sum(net.a[L].map((a, j) => a.sub(y[j]).pow(2)));
  }
  return c;
}

/** Class probabilities (or the regression value) from the output layer's values at one point. */
export function predict(spec: NetSpec, out: ArrayLike<number>): number[] {
  if (spec.output === 'softmax') {
    let m = -Infinity;
    for (let c = 0; c < out.length; c++) m = Math.max(m, out[c]);
    const e = Array.from(out, (o) => Math.exp(o - m));
    const s = e.reduce((p, q) => p + q, 0);
    return e.map((v) => v / s);
  }
  return Array.from(out);
}

/** The predicted class (classification) from {@link predict}'s output. */
export function predictedClass(spec: NetSpec, p: readonly number[]): number {
  if (p.length === 1) return p[0] > 0.5 ? 1 : 0;
  let best = 0;
  for (let c = 1; c < p.length; c++) if (p[c] > p[best]) best = c;
  return best;
}

/**
 * The network in chainrule's saved-MLP format. When every activation is one chainrule's MLP knows,
 * the file is made by `MLP.toJSON()` (so `MLP.fromJSON` loads it); other table ops keep the format
 * with their op name as the activation.
 */
export function modelJSON(spec: NetSpec, theta: ArrayLike<number>): MLPJSON {
  const layers = spec.widths.map((width, l) => ({
    activation: spec.activations[l] as MLPJSON['layers'][number]['activation'],
    neurons: Array.from({ length: width }, (_, j) => {
      const fanIn = l === 0 ? spec.nin : spec.widths[l - 1];
      const at = paramIndex(spec, l, j, 0);
      return { w: Array.from({ length: fanIn }, (_, k) => theta[at + k]), b: theta[at + fanIn] };
    }),
  }));
  const json: MLPJSON = { format: 'chainrule.mlp', version: 1, nin: spec.nin, layers };
  const known = spec.activations.every((a) => (ACTIVATIONS as readonly string[]).includes(a));
  return known ? MLP.fromJSON(json).toJSON() : json;
}
