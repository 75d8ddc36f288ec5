import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { Value, compile, topologicalOrder, zeroGrad } from '../../src/index.js';
import { nodeLocal } from '../../src/ops/layout.js';
import { arbExpressionAtPoint, arbPoint, type Expression } from '../../src/testing/index.js';
import { expectClose } from '../helpers/compile-close.js';
import { RUNS, SEED } from '../helpers/runs.js';

/**
 * The graph path at a point: value, ∂/∂variable from Value.backward, and the largest term any
 * adjoint sums (|adjoint · local partial| over the edges): atan2(x, x) at x = −1.6e-162 sends
 * ±3e161 into x, where the other engine's order of summation can absorb an O(1) term.
 */
function graphAt(expr: Expression, point: readonly number[]): { value: number; grad: number[]; largestTerm: number } {
  const vars = point.map((x) => new Value(x));
  const y = expr.build(vars);
  y.backward();
  let largestTerm = 0;
  for (const node of topologicalOrder([y])) {
    for (let j = 0; j < node.inputs.length; j++) {
      const term = Math.abs(node.grad * nodeLocal(node, j));
      if (term > largestTerm && Number.isFinite(term)) largestTerm = term;
    }
  }
  return { value: y.data, grad: vars.map((v) => v.grad), largestTerm };
}

describe.each([true, false])('compiled tape (codegen %s) agrees with the graph path', (codegen) => {
  it('on random expressions: value and gradient at the compile point and at a second point', () => {
    fc.assert(
      fc.property(arbExpressionAtPoint(), arbPoint(2), ({ expr, point }, other) => {
        // Arrange: compile a graph built at `point`
        const vars = point.map((x) => new Value(x));
        const tape = compile(expr.build(vars), { inputs: vars, codegen });
        for (const p of [point, other]) {
          // Act: the tape fed with p, and a graph built at p
          const got = tape.valueAndGrad(p);
          const want = graphAt(expr, p);
          // Assert
          expectClose(got.value, want.value);
          // Adjoints summed in another (equally exact) order differ by rounding relative to the
          // size of the summed terms, not of a result that cancels to near 0: normwise, with the
          // largest term summed as the scale (1 at the least: 1e-12 absolute).
          const norm = Math.max(1, want.largestTerm, ...want.grad.map(Math.abs));
          want.grad.forEach((g, i) => expectClose(got.grad[i], g, 1e-12, Math.max(Math.abs(g), norm)));
        }
      }),
      { numRuns: RUNS, seed: SEED },
    );
  });

  it('batched: a param shared by the batch gets Σ_k of its per-example gradients', () => {
    const batch = fc.array(arbPoint(1), { minLength: 1, maxLength: 6 });
    fc.assert(
      fc.property(arbExpressionAtPoint(), batch, ({ expr, point }, rows) => {
        // Arrange: x is a parameter (stride 0 in the batch), y a placeholder fed per example
        const [x, y] = point.map((v) => new Value(v));
        const tape = compile(expr.build([x, y]), { inputs: [y], codegen });
        // Act
        const out = tape.run(rows, { reduce: 'sum' });
        // Assert: outputs per example, and x.grad = Σ_k ∂f/∂x at (x, y_k)
        let sum = 0;
        let scale = 0;
        rows.forEach((row, k) => {
          const want = graphAt(expr, [point[0], row[0]]);
          expectClose(out[k], want.value);
          sum += want.grad[0];
          scale += Math.abs(want.grad[0]);
        });
        expectClose(x.grad, sum, 1e-12, Math.max(1, scale)); // floor 1: see the test above
      }),
      { numRuns: RUNS, seed: SEED },
    );
  });
});

describe('code generation', () => {
  it('gives bit-identical results to the plain loop', () => {
    fc.assert(
      fc.property(arbExpressionAtPoint(), ({ expr, point }) => {
        const results = [true, false].map((codegen) => {
          const vars = point.map((x) => new Value(x));
          const tape = compile(expr.build(vars), { inputs: [vars[0]], params: [vars[1]], codegen });
          const single = tape.valueAndGrad([point[0]]);
          const batch = tape.run([[point[0]], [point[1]]]);
          return [single.value, ...single.grad, vars[1].grad, ...batch];
        });
        expect(results[0]).toEqual(results[1]);
      }),
      { numRuns: Math.ceil(RUNS / 2), seed: SEED },
    );
  });

  it('is used where allowed, and the plain loop where new Function is forbidden (CSP)', async () => {
    const x = new Value(1);
    expect(compile(x.mul(x), { inputs: [x] }).generated).toBe(true);
    expect(compile(x.mul(x), { inputs: [x], codegen: false }).generated).toBe(false);
    const { vi } = await import('vitest');
    vi.resetModules();
    const csp = function () {
      throw new EvalError('Refused to evaluate a string as JavaScript (CSP)');
    };
    vi.stubGlobal('Function', csp);
    try {
      const fresh = await import('../../src/compile/codegen.js');
      expect(fresh.codegenAllowed()).toBe(false);
      expect(fresh.kernelsFor([0, 2], [], true).generated).toBe(false);
    } finally {
      vi.unstubAllGlobals();
      vi.resetModules();
    }
  });
});

describe('tape state', () => {
  it('re-reads parameters on every run, so an in-place optimizer step needs no sync', () => {
    const x = new Value(0);
    const w = new Value(2);
    const tape = compile(x.mul(w), { inputs: [x] });
    expect(tape.forward([3])[0]).toBe(6);
    w.data = 5;
    expect(tape.forward([3])[0]).toBe(15);
    expect(tape.run([[1], [2]], { backward: false })).toEqual(new Float64Array([5, 10]));
  });

  it('adds gradients into grad (like backward) until zeroGrad', () => {
    const x = new Value(0);
    const w = new Value(2);
    const tape = compile(x.mul(w), { inputs: [x] });
    tape.run([[1], [3]]); // mean of 1 and 3
    expect(w.grad).toBe(2);
    tape.run([[1], [3]], { reduce: 'sum' });
    expect(w.grad).toBe(6);
    zeroGrad([w]);
    tape.valueAndGrad([7]);
    expect(w.grad).toBe(7);
  });

  it('handles a 1,000,000-node chain (no recursion anywhere)', () => {
    const x = new Value(0.5);
    let y = x;
    for (let i = 0; i < 1_000_000; i++) y = y.mul(1.0000001);
    const tape = compile(y, { inputs: [x] });
    const { value, grad } = tape.valueAndGrad([0.5]);
    expectClose(value, y.data);
    expectClose(grad[0], 1.0000001 ** 1_000_000, 1e-9);
  });
});

describe('parameters in Float64Arrays', () => {
  it('run with { params, grads } equals run on the Values, and leaves the Values untouched', () => {
    fc.assert(
      fc.property(arbExpressionAtPoint(), fc.array(arbPoint(1), { minLength: 1, maxLength: 4 }), ({ expr, point }, rows) => {
        // Arrange: x a parameter, y a placeholder
        const [x, y] = point.map((v) => new Value(v));
        const tape = compile(expr.build([x, y]), { inputs: [y] });
        const theta = tape.readParams();
        const grads = new Float64Array(theta.length);
        // Act
        const viaArrays = tape.run(rows, { params: theta, grads });
        const untouched = x.grad;
        const viaValues = tape.run(rows);
        // Assert
        expect(Array.from(viaArrays)).toEqual(Array.from(viaValues));
        expect(untouched).toBe(0);
        expect(Array.from(grads)).toEqual(tape.params.map((p) => p.grad)); // x, if the expression uses it
      }),
      { numRuns: Math.ceil(RUNS / 4), seed: SEED },
    );
  });

  it('still reads leaves that are not params from their Values', () => {
    const x = new Value(0);
    const w = new Value(2);
    const v = new Value(3); // trainable elsewhere, not by this tape
    const tape = compile(x.mul(w).add(v), { inputs: [x], params: [w] });
    const theta = tape.readParams();
    v.data = 10;
    expect(Array.from(tape.run([[1]], { params: theta, grads: new Float64Array(1) }))).toEqual([12]);
    expect(v.grad).toBe(0);
  });

  it('readParams / writeParams round-trip, and bad arrays are rejected before any state changes', () => {
    const x = new Value(0);
    const w = new Value(2);
    const tape = compile(x.mul(w), { inputs: [x] });
    expect(Array.from(tape.readParams())).toEqual([2]);
    tape.writeParams(new Float64Array([5]));
    expect(w.data).toBe(5);
    expect(() => tape.run([[1]], { grads: new Float64Array(2) })).toThrowErrorMatchingInlineSnapshot(`[RangeError: chainrule.Tape.run: options.grads.length must be 1 (one per tape.params), received 2.]`);
    expect(() => tape.writeParams([1] as unknown as Float64Array)).toThrowErrorMatchingInlineSnapshot(`[TypeError: chainrule.Tape.writeParams: values must be a Float64Array, received an array of length 1.]`);
    expect(w.grad).toBe(0);
  });
});
