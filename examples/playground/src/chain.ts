import { OPS, Value, constant, explain, toLatex, type Explanation } from '../../../src/index.js';
import { gradcheck, type GradcheckResult } from '../../../src/testing/gradcheck.js';
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
  /** The values of the nodes along the first path, from the parameter up to the cost. */
  readonly firstPathValues: readonly number[];
}

/** The cost of example `point` with labels (w^{(l)}_{jk}, z, a, C) on every node, parameters `theta`. */
export function exampleGraph(spec: NetSpec, features: readonly string[], point: Point, theta: ArrayLike<number>, replace?: { index: number; value: Value }): ExampleGraph {
  const fs = enabledFeatures(features);
  const single = isNotesShaped(spec);
  const inputs = featureRow(fs, point.x1, point.x2).map((v, k) => {
    const x = constant(v);
    x.label = single ? 'a^{(0)}' : fs[k].latex;
    return x;
  });
  const params = Array.from(theta, (w, i) => (replace !== undefined && replace.index === i ? replace.value : new Value(w)));
  const net = buildNetwork(spec, inputs, params, true);
  const target = targetOf(spec, point.label);
  const cost = buildLoss(spec, net, target);
  cost.label = spec.output === 'c0' ? 'C_0' : 'C';
  return { params, inputs, net, cost, target };
}

/**
 * The chain rule for parameter `index`: explain()'s paths, their summed products, and backward's gradient.
 * @example const r = chainReport(exampleGraph(spec, features, point, theta), 0); r.product // ≈ r.engine
 */
export function chainReport(g: ExampleGraph, index: number): ChainReport {
  for (const p of g.params) p.grad = 0;
  g.cost.backward();
  const x = g.params[index];
  const e: Explanation = explain(g.cost, x, { maxPaths: MAX_PATHS });
  const complete = e.paths.length === e.pathCount;
  let sum = 0;
  for (const path of e.paths) sum += path.product;
  return {
    param: x.label,
    cost: g.cost.label,
    paths: e.paths.map((p) => ({
      product: p.product,
      factors: p.factors.map((f) => ({ of: f.of.label || toLatex(f.of, { stopAtLabels: true }), wrt: f.wrt.label || toLatex(f.wrt, { stopAtLabels: true }), local: toLatex(f.local, { stopAtLabels: true }), value: f.value })),
    })),
    pathCount: e.pathCount,
    product: complete ? sum : e.total,
    enumerated: complete,
    engine: x.grad,
    firstPathValues: e.paths.length === 0 ? [] : [e.paths[0].factors[0]?.wrt.data ?? x.data, ...e.paths[0].factors.map((f) => f.of.data)],
  };
}

/** Finite-difference check of ∂C/∂θ_index at the current parameters (chainrule's gradcheck). */
export function checkParam(spec: NetSpec, features: readonly string[], point: Point, theta: ArrayLike<number>, index: number): GradcheckResult {
  return gradcheck((p) => exampleGraph(spec, features, point, theta, { index, value: p }).cost, [theta[index]]);
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
  readonly dw: number;
  readonly db: number;
  readonly da: number;
}

/**
 * The notes' three formulas for the last layer: ∂C0/∂w^(L) = a^(L−1)·σ'(z^(L))·2(a^(L) − y),
 * ∂C0/∂b^(L) = σ'(z^(L))·2(a^(L) − y), ∂C0/∂a^(L−1) = w^(L)·σ'(z^(L))·2(a^(L) − y).
 * @example notesView(spec, exampleGraph(spec, ['x1'], point, theta)).dw // = referenceBackprop(…).dw[L][0][0]
 */
export function notesView(spec: NetSpec, g: ExampleGraph): NotesView {
  const L = spec.widths.length - 1;
  const aPrev = L > 0 ? g.net.a[L - 1][0].data : g.inputs[0].data;
  const zNode = g.net.z[L][0];
  const aNode = g.net.a[L][0];
  const act = spec.activations[L];
  const sigmaPrime = act === 'linear' ? 1 : OPS[act].local(0, zNode.data, 0, aNode.data);
  const y = g.target[0];
  const w = g.params[paramPlaces(spec).findIndex((p) => p.l === L && p.k === 0)].data;
  const dCda = 2 * (aNode.data - y);
  return {
    aPrev, z: zNode.data, a: aNode.data, y, w, c0: g.cost.data, sigmaPrime,
    dw: aPrev * sigmaPrime * dCda, db: sigmaPrime * dCda, da: w * sigmaPrime * dCda,
  };
}
