import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { Value, compile, derivative, logsumexp, parse, stopGradient, toLatex } from '../../src/index.js';
import { RUNS, SEED, close } from '../helpers/runs.js';

// The ops whose formulas guard against overflow and saturation (logsumexp's shift, softplus, σ and
// tanh in their tails) and stopGradient's zero keep that guard on every engine: backward,
// derivative and the compiled tape (codegen on and off, one example and a batch).

/** Value and gradient on the graph engine. */
function graph(f: (xs: Value[]) => Value, point: readonly number[]): { value: number; grad: number[] } {
  const xs = point.map((x) => new Value(x));
  const y = f(xs);
  y.backward();
  return { value: y.data, grad: xs.map((x) => x.grad) };
}

/** The same through a compiled tape: one example and a batch of it, codegen on and off. */
function tapes(f: (xs: Value[]) => Value, build: readonly number[], point: readonly number[]): { value: number; grad: number[] }[] {
  const results: { value: number; grad: number[] }[] = [];
  for (const codegen of [true, false]) {
    const xs = build.map((x) => new Value(x));
    const tape = compile(f(xs), { inputs: xs, codegen });
    const one = tape.valueAndGrad(point);
    results.push({ value: one.value, grad: [...one.grad] });
    const batch = tape.run([point, point], { backward: false });
    results.push({ value: batch[1], grad: [...one.grad] });
  }
  return results;
}

describe('logsumexp', () => {
  it('is ln Σ e^v, shifted per evaluation: finite at ±1e4 on every engine, compiled at another point', () => {
    fc.assert(
      fc.property(fc.array(fc.double({ min: -1e4, max: 1e4, noNaN: true }), { minLength: 1, maxLength: 5 }), (point) => {
        const f = (xs: Value[]) => logsumexp(xs);
        const want = graph(f, point);
        const m = Math.max(...point);
        const reference = m + Math.log(point.reduce((s, v) => s + Math.exp(v - m), 0));
        expect(close(want.value, reference, 1e-14, 1e-300)).toBe(true);
        // softmax: the gradient sums to 1
        expect(close(want.grad.reduce((s, g) => s + g, 0), 1, 1e-12)).toBe(true);
        // Compiled at all-zeros (a different max), fed `point`: the shift is not frozen.
        for (const got of tapes(f, point.map(() => 0), point)) {
          expect(close(got.value, want.value, 1e-14, 1e-300)).toBe(true);
          got.grad.forEach((g, i) => expect(close(g, want.grad[i], 1e-13, 1e-300)).toBe(true));
        }
      }),
      { numRuns: RUNS, seed: SEED },
    );
  });

  it('differentiates symbolically to softmax, prints, parses and rejects bad input', () => {
    const a = new Value(1, 'a');
    const b = new Value(2, 'b');
    const y = logsumexp([a, b, 3]);
    expect(derivative(y, a).data).toBeCloseTo(Math.exp(1) / (Math.exp(1) + Math.exp(2) + Math.exp(3)), 15);
    expect(y.toString()).toBe('logsumexp(a, b, 3)');
    expect(toLatex(y)).toBe('\\operatorname{logsumexp}\\left(a, b, 3\\right)');
    expect(parse('logsumexp(a, b, 3)', { a, b }).data).toBe(y.data);
    expect(logsumexp([]).data).toBe(-Infinity);
    expect(() => logsumexp([a, NaN])).toThrowErrorMatchingInlineSnapshot(`[RangeError: chainrule.logsumexp: values[1] must be a number other than NaN, received NaN.]`);
    expect(() => logsumexp(3 as never)).toThrow(/chainrule.logsumexp: values must be an array/);
  });
});

describe('softplus', () => {
  it('is ln(1 + eˣ) without overflow, with derivative σ, on every engine', () => {
    expect(new Value(800).softplus().data).toBe(800);
    expect(new Value(-800).softplus().data).toBe(0); // e^−800 underflows; no NaN, no −0 mischief
    expect(close(new Value(-30).softplus().data, Math.exp(-30), 1e-12, 0)).toBe(true); // full relative precision, not log(1 + tiny)
    for (const x of [-800, -30, -1, 0, 1, 30, 800]) {
      const want = graph(([v]) => v.softplus(), [x]);
      const sigma = 1 / (1 + Math.exp(-x));
      expect(close(want.grad[0], sigma, 1e-15, 0)).toBe(true);
      for (const got of tapes(([v]) => v.softplus(), [0], [x])) {
        expect(got.value).toBe(want.value);
        expect(got.grad[0]).toBe(want.grad[0]);
      }
      const v = new Value(x);
      expect(derivative(v.softplus(), v).data).toBe(want.grad[0]);
    }
  });
});

describe('stopGradient', () => {
  it('passes the value and blocks the derivative in backward, derivative and compile', () => {
    const f = ([x]: Value[]) => stopGradient(x).mul(x);
    const want = graph(f, [3]);
    expect(want).toEqual({ value: 9, grad: [3] });
    for (const got of tapes(f, [1], [3])) expect(got).toEqual(want);
    const x = new Value(3, 'x');
    expect(derivative(x.stopGradient().mul(x), x).data).toBe(3);
    expect(x.stopGradient().toString()).toBe('stopGradient(x)');
    expect(() => stopGradient('x' as never)).toThrow(/chainrule.stopGradient: x must be a Value or a number/);
  });
});

describe('saturated tails keep full relative precision', () => {
  // Closed forms evaluated without cancellation: sech²(x) = 1 / cosh²(x), σ'(x) = e^−x / (1 + e^−x)².
  const tanhPrime = (x: number) => 1 / Math.cosh(x) ** 2;
  const sigmoidPrime = (x: number) => Math.exp(-Math.abs(x)) / (1 + Math.exp(-Math.abs(x))) ** 2;

  it.each([
    ['tanh', (v: Value) => v.tanh(), tanhPrime, [0.1, 0.6, 3, 20, -20, 150]],
    ['sigmoid', (v: Value) => v.sigmoid(), sigmoidPrime, [0.1, 2, 40, -40, 300, -300]],
  ] as const)('%s′ on backward, derivative and compile', (_name, op, reference, points) => {
    expect(close(graph(([v]) => op(v), [20]).grad[0], reference(20), 1e-14, 0)).toBe(true);
    for (const x of points) {
      const want = reference(x);
      expect(close(graph(([v]) => op(v), [x]).grad[0], want, 1e-14, 0)).toBe(true);
      const v = new Value(x);
      expect(close(derivative(op(v), v).data, want, 1e-14, 0)).toBe(true);
      for (const got of tapes(([u]) => op(u), [0], [x])) expect(close(got.grad[0], want, 1e-14, 0)).toBe(true);
    }
  });
});
