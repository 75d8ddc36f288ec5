import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { Value, grad, hessian, valueAndGrad } from '../../src/index.js';
import { RUNS, SEED } from '../helpers/runs.js';

describe('grad and valueAndGrad check the number of arguments', () => {
  it('too few arguments name the function and both counts', () => {
    expect(() => grad((x: Value, y: Value) => x.mul(y))(3)).toThrowErrorMatchingInlineSnapshot(
      `[RangeError: chainrule.grad: the number of arguments must be 2 (f declares 2 parameters), received 1.]`,
    );
    expect(() => valueAndGrad((x: Value, y: Value) => x.mul(y))(3)).toThrowErrorMatchingInlineSnapshot(
      `[RangeError: chainrule.valueAndGrad: the number of arguments must be 2 (f declares 2 parameters), received 1.]`,
    );
    expect(() => hessian((x: Value, y: Value) => x.mul(y))(3)).toThrowErrorMatchingInlineSnapshot(
      `[RangeError: chainrule.hessian: the number of arguments must be 2 (f declares 2 parameters), received 1.]`,
    );
  });

  it('extra arguments are rejected instead of getting a silent 0', () => {
    expect(() => grad((x: Value) => x.exp())(0, 1)).toThrowError(/chainrule\.grad: the number of arguments must be 1 \(f declares 1 parameter\), received 2\./);
  });

  it('a rest-parameter f (length 0) takes any number of arguments', () => {
    const total = (...xs: Value[]) => xs.reduce((s, x) => s.add(x.mul(x)), new Value(0));
    expect(grad(total)(1, 2, 3)).toEqual([2, 4, 6]);
    expect(valueAndGrad(total)()).toEqual({ value: 0, grad: [] });
  });

  it('a non-number argument names grad and its position', () => {
    expect(() => grad((x: Value) => x)('1' as unknown as number)).toThrowErrorMatchingInlineSnapshot(
      `[TypeError: chainrule.grad: xs[0] must be a number, received "1".]`,
    );
    expect(() => valueAndGrad((x: Value) => x)(NaN)).toThrowErrorMatchingInlineSnapshot(
      `[RangeError: chainrule.valueAndGrad: xs[0] must be a number other than NaN, received NaN.]`,
    );
  });

  it('f returning a number: the message names the function called', () => {
    const f = (() => 3) as unknown as (x: Value) => Value;
    expect(() => grad(f)(1)).toThrowError(/^chainrule\.grad: the result of f must be a Value, received 3\./);
    expect(() => valueAndGrad(f)(1)).toThrowError(/^chainrule\.valueAndGrad: the result of f must be a Value, received 3\./);
    expect(() => grad(3 as unknown as (x: Value) => Value)).toThrowError(/^chainrule\.grad: f must be a function/);
  });
});

describe('grad and valueAndGrad leave captured Values as they were', () => {
  it('a captured leaf keeps its grad, as with torch.autograd.grad', () => {
    const w = new Value(3, 'w');
    w.grad = 0.5;
    const g = grad((x: Value) => x.mul(w).add(w.mul(w)));
    expect(g(2)).toEqual([3]);
    expect(g(2)).toEqual([3]);
    expect(w.grad).toBe(0.5);
  });

  it('a captured interior node keeps its grad too', () => {
    const w = new Value(3, 'w');
    const z = w.mul(2);
    z.backward();
    const vg = valueAndGrad((x: Value) => x.mul(z));
    expect(vg(4)).toEqual({ value: 24, grad: [6] });
    expect([w.grad, z.grad]).toEqual([2, 1]);
  });

  it('property: for any captured state, grad returns the same numbers and leaves every captured grad unchanged', () => {
    fc.assert(
      fc.property(
        fc.array(fc.double({ min: -3, max: 3, noNaN: true }), { minLength: 1, maxLength: 4 }),
        fc.array(fc.double({ min: -10, max: 10, noNaN: true }), { minLength: 1, maxLength: 4 }),
        fc.double({ min: -2, max: 2, noNaN: true }),
        (weights, grads, x) => {
          // Arrange: captured leaves with arbitrary grads, and an f that uses all of them.
          const ws = weights.map((d, i) => new Value(d, `w${i}`));
          ws.forEach((w, i) => (w.grad = grads[i % grads.length]));
          const before = ws.map((w) => w.grad);
          const f = (v: Value) => ws.reduce((acc, w) => acc.add(w.mul(v).tanh()), v.mul(v));
          // Act
          const first = grad(f)(x);
          const second = grad(f)(x);
          // Assert: the same result twice, and the captured grads untouched.
          const expected = ws.reduce((acc, w) => acc + w.data * (1 - Math.tanh(w.data * x) ** 2), 2 * x);
          expect(first).toEqual(second);
          expect(Math.abs(first[0] - expected)).toBeLessThanOrEqual(1e-12 * (1 + Math.abs(expected)));
          expect(ws.map((w) => w.grad)).toEqual(before);
        },
      ),
      { numRuns: RUNS, seed: SEED },
    );
  });
});
