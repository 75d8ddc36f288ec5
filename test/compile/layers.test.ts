import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { Value, compile, constant, dot, sum } from '../../src/index.js';
import { MLP } from '../../src/nn/index.js';
import { expectClose } from '../helpers/compile-close.js';
import { RUNS, SEED } from '../helpers/runs.js';

// The dense-layer kernels (runs of dots over the same inputs as one blocked matrix product) must
// agree with the per-node kernels (compile's layers: false) and with the graph path: outputs and
// parameter gradients within 1e-12, normwise as in compile-agreement.test.ts.

const coordinate = fc.double({ min: -2, max: 2, noNaN: true });

/** A graph over placeholders: the outputs and the leaves that get gradients. */
interface Built { out: Value; inputs: Value[]; params: Value[] }

/** Graph path: Σ_k ∂out_k/∂p by one graph and one backward per example. */
function graphGradients(build: (row?: readonly number[]) => Built, rows: number[][]): { outs: number[]; grads: number[] } {
  const outs: number[] = [];
  let grads: number[] = [];
  for (const row of rows) {
    const g = build(row);
    g.out.backward();
    outs.push(g.out.data);
    const gs = g.params.map((p) => p.grad);
    grads = grads.length === 0 ? gs : grads.map((v, i) => v + gs[i]);
  }
  return { outs, grads };
}

/** The tape's outputs and Σ_k gradients (reduce 'sum'): layer kernels on or off, WebAssembly on or off. */
function tapeGradients(
  build: () => Built, rows: number[][], layers: boolean, codegen: boolean, wasm = false,
): { outs: number[]; grads: number[]; found: number; wasm: boolean } {
  const g = build();
  const tape = compile(g.out, { inputs: g.inputs, params: g.params, layers, codegen, wasm });
  const grads = new Float64Array(g.params.length);
  const outs = tape.run(rows, { reduce: 'sum', params: Float64Array.from(g.params, (p) => p.data), grads });
  return { outs: [...outs], grads: [...grads], found: tape.layers, wasm: tape.wasm };
}

function expectAgree(got: { outs: number[]; grads: number[] }, want: { outs: number[]; grads: number[] }): void {
  got.outs.forEach((o, k) => expectClose(o, want.outs[k]));
  const norm = Math.max(1, ...want.grads.map(Math.abs));
  got.grads.forEach((g, i) => expectClose(g, want.grads[i], 1e-12, norm));
}

const arbMlp = fc.record({
  nin: fc.integer({ min: 1, max: 7 }),
  widths: fc.array(fc.integer({ min: 1, max: 9 }), { minLength: 1, maxLength: 3 }),
  activation: fc.constantFrom('sigmoid' as const, 'tanh' as const, 'relu' as const, 'linear' as const),
  seed: fc.integer({ min: 1, max: 1000 }),
}).chain((net) => fc.record({
  net: fc.constant(net),
  // Up to 9 examples: 4 and 8 fill the WebAssembly kernels' 4-example tiles, the rest leave tails.
  rows: fc.array(fc.array(coordinate, { minLength: net.nin + net.widths.at(-1)!, maxLength: net.nin + net.widths.at(-1)! }), { minLength: 1, maxLength: 9 }),
}));

/** A random MLP's squared error over placeholders x and y (as nn's mse builds it). */
function mlpBuilder(spec: { nin: number; widths: number[]; activation: 'sigmoid' | 'tanh' | 'relu' | 'linear'; seed: number }) {
  return (row?: readonly number[]): Built => {
    const net = new MLP(spec.nin, spec.widths, { activation: spec.activation, seed: spec.seed });
    const nout = spec.widths.at(-1)!;
    const x = Array.from({ length: spec.nin }, (_, i) => new Value(row?.[i] ?? 0));
    const y = Array.from({ length: nout }, (_, j) => new Value(row?.[spec.nin + j] ?? 0));
    const d = net.forward(x).map((a, j) => a.sub(y[j]));
    return { out: dot(d, d), inputs: [...x, ...y], params: net.parameters() };
  };
}

/**
 * Random layered graphs that are not MLPs: each layer is R dots over the previous layer's values
 * (a shared run), with weights that are params, constants, or a mix (mixed runs must fall back to
 * the node kernels), an optional extra dot over part of the run, and a random element-wise op.
 */
const arbLayered = fc.record({
  nin: fc.integer({ min: 1, max: 6 }),
  layers: fc.array(fc.record({
    rows: fc.integer({ min: 1, max: 9 }),
    weights: fc.constantFrom('params' as const, 'constants' as const, 'mixed' as const),
    partial: fc.boolean(),
    op: fc.constantFrom('tanh' as const, 'sigmoid' as const, 'relu' as const, 'neg' as const, 'none' as const),
  }), { minLength: 1, maxLength: 3 }),
  weightSeed: fc.array(fc.double({ min: -1, max: 1, noNaN: true }), { minLength: 8, maxLength: 8 }),
}).chain((spec) => fc.record({
  spec: fc.constant(spec),
  rows: fc.array(fc.array(coordinate, { minLength: spec.nin, maxLength: spec.nin }), { minLength: 1, maxLength: 9 }),
}));

function layeredBuilder(spec: { nin: number; layers: { rows: number; weights: 'params' | 'constants' | 'mixed'; partial: boolean; op: string }[]; weightSeed: number[] }) {
  return (row?: readonly number[]): Built => {
    const inputs = Array.from({ length: spec.nin }, (_, i) => new Value(row?.[i] ?? 0));
    const params: Value[] = [];
    let n = 0;
    const weight = (kind: 'params' | 'constants' | 'mixed', j: number): Value => {
      const v = spec.weightSeed[n++ % 8] * (1 + (n % 3)) * 0.5;
      if (kind === 'constants' || (kind === 'mixed' && j % 2 === 1)) return constant(v);
      const p = new Value(v);
      params.push(p);
      return p;
    };
    let acts: Value[] = inputs;
    for (const layer of spec.layers) {
      const next: Value[] = [];
      for (let r = 0; r < layer.rows; r++) {
        const z = dot(acts.map((_, j) => weight(layer.weights, j)), acts);
        const y = layer.op === 'none' ? z : layer.op === 'neg' ? z.neg() : z[layer.op as 'tanh' | 'sigmoid' | 'relu']();
        next.push(y);
      }
      if (layer.partial && acts.length > 1) next.push(dot(acts.slice(1).map(() => weight('params', 0)), acts.slice(1)));
      acts = next;
    }
    return { out: sum(acts), inputs, params };
  };
}

describe.each([true, false])('dense-layer kernels (codegen %s)', (codegen) => {
  it('random MLPs: WebAssembly and JavaScript layer kernels, node kernels and the graph path agree', () => {
    fc.assert(
      fc.property(arbMlp, ({ net, rows }) => {
        // Arrange
        const build = mlpBuilder(net);
        // Act
        const wasm = tapeGradients(build, rows, true, codegen, true);
        const layers = tapeGradients(build, rows, true, codegen);
        const nodes = tapeGradients(build, rows, false, codegen);
        const graph = graphGradients(build, rows);
        // Assert: the layer path was taken for every layer (a single neuron is a layer of one row)
        expect(layers.found).toBe(net.widths.length);
        expect(nodes.found).toBe(0);
        expect(wasm.wasm).toBe(layers.found > 0);
        expectAgree(wasm, graph);
        expectAgree(layers, graph);
        expectAgree(nodes, graph);
        expect(wasm.outs).toEqual(layers.outs); // the forward is bit-identical
      }),
      { numRuns: Math.ceil(RUNS / 2), seed: SEED },
    );
  });

  it('random layered graphs (constant, param and mixed weights, partial runs)', () => {
    fc.assert(
      fc.property(arbLayered, ({ spec, rows }) => {
        const build = layeredBuilder(spec);
        const wasm = tapeGradients(build, rows, true, codegen, true);
        const layers = tapeGradients(build, rows, true, codegen);
        const nodes = tapeGradients(build, rows, false, codegen);
        const graph = graphGradients(build, rows);
        expectAgree(wasm, graph);
        expectAgree(layers, graph);
        expectAgree(nodes, graph);
      }),
      { numRuns: Math.ceil(RUNS / 2), seed: SEED },
    );
  });
});

// FC_RUNS=10000 drew this case.
it('a layer whose first input needs no adjoint but a later one does is left to the node kernels', () => {
  // Layer 1 feeds layer 2 a constant-weight dot (no adjoint needed) and a param-weight dot (needed).
  const spec = {
    nin: 2,
    layers: [
      { rows: 1, weights: 'constants' as const, partial: true, op: 'none' },
      { rows: 3, weights: 'params' as const, partial: false, op: 'tanh' },
      { rows: 2, weights: 'params' as const, partial: true, op: 'tanh' },
    ],
    weightSeed: [0.9, 0, 0.3, 0, 0, 0, 0, 0],
  };
  const build = layeredBuilder(spec);
  const rows = [[0.4, -0.7]];
  const graph = graphGradients(build, rows);
  for (const codegen of [true, false]) expectAgree(tapeGradients(build, rows, true, codegen), graph);
});

it('a 784-128-64-10 network is three layers (found structurally), run on WebAssembly, each with its bias and activation as one unit', () => {
  const build = mlpBuilder({ nin: 784, widths: [128, 64, 10], activation: 'relu', seed: 1 });
  const g = build();
  const tape = compile(g.out, { inputs: g.inputs, params: g.params });
  expect(tape.layers).toBe(3);
  expect(tape.wasm).toBe(true);
  const units = (tape as unknown as { plan: { units: { list: { R: number; binOp: number; unOp: number }[] } } }).plan.units.list;
  expect(units.map((u) => [u.R, u.binOp >= 0, u.unOp >= 0])).toEqual([[128, true, true], [64, true, true], [10, true, true]]);
});

it('units without a bias or without an activation agree with the node kernels and the graph', () => {
  // Layer 1: dots then tanh (no bias); layer 2: dots plus a bias (no activation).
  const build = (row?: readonly number[]): Built => {
    const inputs = [0, 1, 2].map((i) => new Value(row?.[i] ?? 0));
    const params: Value[] = [];
    const p = (v: number) => { const w = new Value(v); params.push(w); return w; };
    const h = [0, 1, 2, 3].map((r) => dot(inputs.map((_, i) => p(Math.sin(r * 3 + i))), inputs).tanh());
    const out = [0, 1].map((r) => dot(h.map((_, i) => p(Math.cos(r * 5 + i))), h).add(p(0.1 * r)));
    return { out: sum(out), inputs, params };
  };
  const rows = Array.from({ length: 6 }, (_, k) => [Math.sin(k), Math.cos(k), k / 6]);
  const graph = graphGradients(build, rows);
  for (const codegen of [true, false]) {
    expectAgree(tapeGradients(build, rows, true, codegen, true), graph);
    expectAgree(tapeGradients(build, rows, false, codegen), graph);
  }
  const g = build();
  const tape = compile(g.out, { inputs: g.inputs, params: g.params });
  const units = (tape as unknown as { plan: { units: { list: { binOp: number; unOp: number }[] } } }).plan.units.list;
  expect(units.map((u) => [u.binOp >= 0, u.unOp >= 0])).toEqual([[false, true], [true, false]]);
  expect(tape.generated).toBe(true); // such units get generated kernels too
});

describe('without WebAssembly', () => {
  it('a tape falls back to the JavaScript layer kernels, with the same results', () => {
    // Arrange: 8 examples (two full 4-example tiles), layers of 5 and 4 neurons
    const build = mlpBuilder({ nin: 6, widths: [5, 4], activation: 'tanh', seed: 9 });
    const rows = Array.from({ length: 8 }, (_, k) => Array.from({ length: 10 }, (_, i) => Math.sin(k * 10 + i)));
    const js = tapeGradients(build, rows, true, true, false);
    const saved = globalThis.WebAssembly;
    try {
      // Act: as on a platform without WebAssembly
      (globalThis as { WebAssembly?: unknown }).WebAssembly = undefined;
      const fallback = tapeGradients(build, rows, true, true, true);
      // Assert
      expect(fallback.wasm).toBe(false);
      expect(fallback.found).toBe(2);
      expect(fallback).toEqual({ ...js, wasm: false });
    } finally {
      globalThis.WebAssembly = saved;
    }
    expect(tapeGradients(build, rows, true, true, true).wasm).toBe(true);
  });
});

describe('a layer whose weights are computed nodes, not leaves', () => {
  it('passes its weights’ adjoints on through their nodes (∂W runs before the sweep reaches them)', () => {
    for (const codegen of [true, false]) {
      const x = new Value(2, 'x');
      const y = new Value(0, 'y');
      // A neuron of one weight, −x, over one input, 2y (a layer of one row): ∂/∂x Σ_k −x·2y_k = −2 Σ_k y_k.
      const tape = compile(dot([x.neg()], [y.mul(2)]), { inputs: [y], codegen });
      expect(tape.layers).toBe(1);
      tape.run([[3], [-1], [5]], { reduce: 'sum' });
      expect(x.grad, `codegen ${codegen}`).toBe(-2 * (3 - 1 + 5));
      x.grad = 0;
    }
  });
});
