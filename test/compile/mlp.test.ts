import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { Value, compile, dot, zeroGrad } from '../../src/index.js';
import { MLP, hingeLoss, l2Penalty, mse } from '../../src/nn/index.js';
import { expectClose } from '../helpers/compile-close.js';
import { RUNS, SEED } from '../helpers/runs.js';

const activation = fc.constantFrom('sigmoid' as const, 'tanh' as const, 'relu' as const, 'linear' as const);
const arbNet = fc.record({
  nin: fc.integer({ min: 1, max: 4 }),
  widths: fc.array(fc.integer({ min: 1, max: 5 }), { minLength: 1, maxLength: 3 }),
  activation,
  seed: fc.integer({ min: 1, max: 1000 }),
});
const coordinate = fc.double({ min: -2, max: 2, noNaN: true });

/** The per-example cost C0 = Σ_j (a_j − y_j)² with the target as placeholders, as nn's mse builds it. */
function mseWithPlaceholders(pred: readonly Value[], y: readonly Value[]): Value {
  const d = pred.map((p, j) => p.sub(y[j]));
  return dot(d, d);
}

describe('compiled MLP agrees with the graph path', () => {
  it('batched mse: outputs and the notes\' (1/n) Σ_k ∂C_k/∂w for every weight', () => {
    const arbCase = arbNet.chain((net) =>
      fc.record({
        net: fc.constant(net),
        rows: fc.array(fc.array(coordinate, { minLength: net.nin + net.widths.at(-1)!, maxLength: net.nin + net.widths.at(-1)! }), { minLength: 1, maxLength: 5 }),
      }),
    );
    fc.assert(
      fc.property(arbCase, ({ net: spec, rows }) => {
        // Arrange: one network; the compiled per-example cost with x and y as placeholders
        const net = new MLP(spec.nin, spec.widths, { activation: spec.activation, seed: spec.seed });
        const params = net.parameters();
        const nout = spec.widths.at(-1)!;
        const x = Array.from({ length: spec.nin }, () => new Value(0));
        const y = Array.from({ length: nout }, () => new Value(0));
        const tape = compile(mseWithPlaceholders(net.forward(x), y), { inputs: [...x, ...y], params });
        // Act: the graph path, one graph per example, then the tape on the whole batch
        const want = new Float64Array(params.length);
        const scale = new Float64Array(params.length);
        const losses = rows.map((row) => {
          zeroGrad(params);
          const loss = mse(net.forward(row.slice(0, spec.nin)), row.slice(spec.nin));
          loss.backward();
          params.forEach((p, i) => {
            want[i] += p.grad / rows.length;
            scale[i] += Math.abs(p.grad / rows.length);
          });
          return loss.data;
        });
        zeroGrad(params);
        const out = tape.run(rows);
        const got = params.map((p) => p.grad);
        zeroGrad(params);
        const plain = compile(mseWithPlaceholders(net.forward(x), y), { inputs: [...x, ...y], params, codegen: false });
        const outPlain = plain.run(rows);
        // Assert: the graph within 1e-12; the generated and plain kernels bit for bit
        losses.forEach((l, k) => expectClose(out[k], l));
        const norm = Math.max(1, ...scale); // normwise with floor 1, as in compile-agreement
        params.forEach((p, i) => expectClose(got[i], want[i], 1e-12, norm));
        expect(Array.from(outPlain)).toEqual(Array.from(out));
        expect(params.map((p) => p.grad)).toEqual(got);
      }),
      { numRuns: Math.ceil(RUNS / 2), seed: SEED },
    );
  });

  it('full-batch hinge + L2 (moons-style): one scalar tape equals the graph', () => {
    const arbCase = fc.record({
      seed: fc.integer({ min: 1, max: 1000 }),
      points: fc.array(fc.tuple(coordinate, coordinate, fc.constantFrom(-1, 1)), { minLength: 1, maxLength: 8 }),
    });
    fc.assert(
      fc.property(arbCase, ({ seed, points }) => {
        const net = new MLP(2, [4, 4, 1], { activation: 'relu', outputActivation: 'linear', seed });
        const params = net.parameters();
        const scores = points.map(([a, b]) => net.forward([a, b])[0]);
        const loss = hingeLoss(scores, points.map((p) => p[2])).add(l2Penalty(params, 1e-4));
        zeroGrad(params);
        loss.backward();
        const want = params.map((p) => p.grad);
        zeroGrad(params);
        const tape = compile(loss, { inputs: [], params });
        expectClose(tape.valueAndGrad([]).value, loss.data);
        const norm = Math.max(1, ...want.map(Math.abs));
        params.forEach((p, i) => expectClose(p.grad, want[i], 1e-12, norm));
      }),
      { numRuns: Math.ceil(RUNS / 4), seed: SEED },
    );
  });
});
