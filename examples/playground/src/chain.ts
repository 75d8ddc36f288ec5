import { OPS, Value, constant, explain, toLatex, type Explanation } from '../../../src/index.js';
import { gradcheck, type GradcheckResult } from '../../../src/testing/gradcheck.js';
import { TEXTBOOK_DERIVATIVE } from './activations.js';
import type { Point } from './data.js';
import { enabledFeatures, featureRow } from './features.js';
import { buildLoss, buildNetwork, isNotesShaped, paramPlaces, targetOf, type NetGraph, type NetSpec } from './network.js';

/**
 * Paths enumerated one by one; beyond this (deep wide nets have exponentially many), the sum over
 * all paths is explain()'s total, the symbolic derivative's value.
 */
const MAX_PATHS = 256;

/** One example's cost as a labelled Value graph, at the given parameters. */
export interface ExampleGraph {
  readonly params: Value[];
  readonly inputs: Value[];
  readonly net: NetGraph;
  readonly cost: Value;
  readonly target: number[];
}

/** The inputs of one example: the features of a point in the plane, or any vector (a digit's pixels). */
export type ExampleInput = Point | { readonly x: ArrayLike<number>; readonly label: number };

/** One factor of a chain, ready to print: ∂of/∂wrt, its local derivative in LaTeX, its value. */
export interface FactorView {
  readonly of: string;
  readonly wrt: string;
  readonly local: string;
  readonly value: number;
}

/** The chain rule for one parameter: every path's factors and product, their sum, and backward's gradient. */
export interface ChainReport {
  readonly param: string;
  readonly cost: string;
  readonly paths: readonly { factors: readonly FactorView[]; product: number }[];
  readonly pathCount: number;
  /** Σ over the paths of the product of local derivatives (explain's total when paths were cut). */
  readonly product: number;
  /** True when every path was enumerated and `product` is their sum. */
  readonly enumerated: boolean;
  /** ∂C/∂param from chainrule's backward on the same graph. */
  readonly engine: number;
}

/**
 * The cost of one example with labels (w^{(l)}_{jk}, z, a, y, C) on every node, at parameters
 * `theta`. For C0 the targets are constants labelled y_j, so ∂C0/∂a_j prints as 2(a_j − y_j).
 */
export function exampleGraph(spec: NetSpec, features: readonly string[], example: ExampleInput, theta: ArrayLike<number>, replace?: { index: number; value: Value }): ExampleGraph {
  const single = isNotesShaped(spec);
  const fs = enabledFeatures(features);
  const raw = 'x' in example ? Array.from(example.x) : featureRow(fs, example.x1, example.x2);
  const inputs = raw.map((v, k) => {
    const x = constant(v);
    x.label = single ? 'a^{(0)}' : 'x' in example ? `a^{(0)}_{${k + 1}}` : fs[k].latex;
    return x;
  });
  const params = Array.from(theta, (w, i) => (replace !== undefined && replace.index === i ? replace.value : new Value(w)));
  const net = buildNetwork(spec, inputs, params, true);
  const target = targetOf(spec, example.label);
  const y = spec.output === 'c0' ? target.map((t, j) => labelled(constant(t), single || target.length === 1 ? 'y' : `y_{${j + 1}}`)) : target;
  const cost = buildLoss(spec, net, y);
  cost.label = spec.output === 'c0' ? 'C_0' : 'C';
  return { params, inputs, net, cost, target };
}

/**
 * The chain rule for parameter `index`: explain()'s paths, their summed products, and backward's
 * gradient. Shown as the notes write it: a bias's chain starts at ∂z/∂b (explain merges that step
 * of 1 away; its value here is explain's own total), and σ′(z) prints in the notes' form.
 * @example const r = chainReport(spec, exampleGraph(spec, features, point, theta), 0); r.product // ≈ r.engine
 */
export function chainReport(spec: NetSpec, g: ExampleGraph, index: number): ChainReport {
  for (const p of g.params) p.grad = 0;
  g.cost.backward();
  const x = g.params[index];
  const place = paramPlaces(spec)[index];
  const e: Explanation = explain(g.cost, x, { maxPaths: MAX_PATHS });
  const complete = e.paths.length === e.pathCount;
  let sum = 0;
  for (const path of e.paths) sum += path.product;
  const activationOf = new Map<Value, { l: number; j: number }>();
  g.net.a.forEach((layer, l) => layer.forEach((a, j) => a !== g.net.z[l][j] && activationOf.set(a, { l, j })));
  // An unlabelled node (−z, ln σ(z)) is named by its expression, in parentheses: ∂(−z), not ∂ − z.
  const name = (v: Value) => v.label || `\\left(${toLatex(v, { stopAtLabels: true })}\\right)`;
  const z = g.net.z[place.l][place.j];
  const dzdb = place.k < 0 ? explain(z, x).total : 1;
  return {
    param: x.label,
    cost: g.cost.label,
    paths: e.paths.map((p) => {
      // explain merges a bias's step of 1 into the next factor (∂a/∂b): put z back between them.
      const skipsZ = place.k < 0 && p.factors.length > 0 && p.factors[0].wrt === x && p.factors[0].of !== z;
      const factors: FactorView[] = p.factors.map((f, i) => {
        const wrt = skipsZ && i === 0 ? z : f.wrt;
        const act = activationOf.get(f.of);
        const textbook = act !== undefined && wrt === g.net.z[act.l][act.j] ? TEXTBOOK_DERIVATIVE[spec.activations[act.l]] : undefined;
        return { of: name(f.of), wrt: name(wrt), local: textbook ? textbook(name(wrt)) : toLatex(f.local, { stopAtLabels: true }), value: f.value };
      });
      if (skipsZ) factors.unshift({ of: z.label, wrt: x.label, local: '1', value: dzdb });
      return { product: p.product, factors };
    }),
    pathCount: e.pathCount,
    product: complete ? sum : e.total,
    enumerated: complete,
    engine: x.grad,
  };
}

/** Finite-difference check of ∂C/∂θ_index at the current parameters (chainrule's gradcheck). */
export function checkParam(spec: NetSpec, features: readonly string[], example: ExampleInput, theta: ArrayLike<number>, index: number): GradcheckResult {
  return gradcheck((p) => exampleGraph(spec, features, example, theta, { index, value: p }).cost, [theta[index]]);
}

/** The notes' quantities of a one-neuron-per-layer network at one example. */
export interface NotesView {
  readonly aPrev: number;
  readonly z: number;
  readonly a: number;
  readonly y: number;
  readonly w: number;
  readonly c0: number;
  /** σ'(z^(L)) from the op table's local derivative. */
  readonly sigmaPrime: number;
  /** ∂C0/∂a^(L) from backward: the notes' 2(a^(L) − y). */
  readonly dCda: number;
  readonly dw: number;
  readonly db: number;
  readonly da: number;
}

/**
 * The notes' three formulas for the last layer: ∂C0/∂w^(L) = a^(L−1)·σ'(z^(L))·2(a^(L) − y),
 * ∂C0/∂b^(L) = σ'(z^(L))·2(a^(L) − y), ∂C0/∂a^(L−1) = w^(L)·σ'(z^(L))·2(a^(L) − y). Every number is
 * the engine's: values of the graph's nodes, σ′ from the op table, and the three derivatives from
 * backward on the same graph.
 * @example notesView(spec, exampleGraph(spec, ['x1'], point, theta)).dw // = referenceBackprop(…).dw[L][0][0]
 */
export function notesView(spec: NetSpec, g: ExampleGraph): NotesView {
  const L = spec.widths.length - 1;
  const prevNode = L > 0 ? g.net.a[L - 1][0] : g.inputs[0];
  const zNode = g.net.z[L][0];
  const aNode = g.net.a[L][0];
  const act = spec.activations[L];
  const sigmaPrime = act === 'linear' ? 1 : OPS[act].local(0, zNode.data, 0, aNode.data);
  const wIndex = paramPlaces(spec).findIndex((p) => p.l === L && p.k === 0);
  const bIndex = paramPlaces(spec).findIndex((p) => p.l === L && p.k === -1);
  for (const p of g.params) p.grad = 0;
  g.cost.backward();
  return {
    aPrev: prevNode.data, z: zNode.data, a: aNode.data, y: g.target[0], w: g.params[wIndex].data, c0: g.cost.data, sigmaPrime,
    dCda: aNode.grad, dw: g.params[wIndex].grad, db: g.params[bIndex].grad,
    // An input is a constant (backward gives it nothing): explain's total is the engine's ∂C0/∂x.
    da: L > 0 ? prevNode.grad : explain(g.cost, prevNode).total,
  };
}

function labelled(v: Value, label: string): Value {
  v.label = label;
  return v;
}
