import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { Value, countNodes, derivative, evaluate } from '../../src/index.js';
import { arbExpressionAtPoint, gradcheck } from '../../src/testing/index.js';
import { RUNS, SEED, close } from '../helpers/runs.js';

/** d^n y / dx^n by calling derivative() n times: what derivative(y, x, n) must equal. */
function repeated(y: Value, x: Value, n: number): Value {
  let d = y;
  for (let k = 0; k < n; k++) d = derivative(d, x);
  return d;
}

/** σ(σ(…σ(x)…)), `layers` deep. */
function sigmoidTower(x: Value, layers: number): Value {
  let y = x;
  for (let i = 0; i < layers; i++) y = y.sigmoid();
  return y;
}

describe('derivative(y, x, n): the n-th derivative', () => {
  it('n = 0 returns y itself, n = 1 is the first derivative', () => {
    const x = new Value(0.7, 'x');
    const y = x.mul(x).sin();
    expect(derivative(y, x, 0)).toBe(y);
    expect(derivative(y, x, 1).toString()).toBe(derivative(y, x).toString());
  });

  it('gives the exact higher derivatives of x^5 and sin(x)', () => {
    const x = new Value(2, 'x');
    const p = x.pow(5);
    expect([1, 2, 3, 4, 5, 6].map((n) => derivative(p, x, n).data)).toEqual([80, 160, 240, 240, 120, 0]);
    const s = new Value(0.3, 's');
    const sin = s.sin();
    const expected = [Math.cos(0.3), -Math.sin(0.3), -Math.cos(0.3), Math.sin(0.3)];
    expected.forEach((v, k) => expect(close(derivative(sin, s, k + 1).data, v, 1e-15, 1e-16), `order ${k + 1}`).toBe(true));
  });

  it('property: derivative(y, x, n) equals n calls of derivative(), bit for bit, at the build point and via evaluate', () => {
    fc.assert(
      fc.property(arbExpressionAtPoint({ variables: 2, maxDepth: 3 }), fc.integer({ min: 1, max: 3 }), fc.integer({ min: 0, max: 1 }), ({ expr, point }, n, which) => {
        // Arrange
        const leaves = point.map((p, i) => new Value(p, `x${i}`));
        const y = expr.build(leaves);
        const x = leaves[which];
        // Act
        const nth = derivative(y, x, n);
        const again = repeated(y, x, n);
        // Assert: the same formula, so the same double (also at a moved point).
        expect(Object.is(nth.data, again.data), `${nth.data} vs ${again.data}`).toBe(true);
        const at = new Map([[x, point[which] + 0.125]]);
        expect(Object.is(evaluate(nth, at), evaluate(again, at))).toBe(true);
      }),
      { numRuns: RUNS, seed: SEED },
    );
  });

  it('property: the n-th derivative matches central differences of the (n−1)-th, n = 1…3', () => {
    fc.assert(
      fc.property(arbExpressionAtPoint({ variables: 1, maxDepth: 3 }), fc.integer({ min: 1, max: 3 }), ({ expr, point }, n) => {
        // Arrange: f = the (n−1)-th derivative as a function of x.
        const f = (x: Value) => derivative(expr.build([x]), x, n - 1);
        const x = new Value(point[0], 'x');
        // Act
        const nth = derivative(expr.build([x]), x, n).data;
        const { numeric, numericError } = gradcheck(f, point);
        // Assert: within the difference quotient's own error estimate.
        expect(Math.abs(nth - numeric[0]), `order ${n}: ${nth} vs ${numeric[0]}`).toBeLessThanOrEqual(1e-5 + 1e-4 * Math.abs(numeric[0]) + numericError[0]);
      }),
      { numRuns: Math.ceil(RUNS / 2), seed: SEED + 1 },
    );
  });

  it('a 100-layer sigmoid composition to order 3 stays small: linear in the depth', () => {
    const sizes = [100, 200].map((layers) => {
      const x = new Value(0.3, 'x');
      return countNodes(derivative(sigmoidTower(x, layers), x, 3));
    });
    expect(sizes[0]).toBeLessThan(70 * 100); // 6,572 nodes today: ~66 per layer, where a tree would have 2^100
    expect(sizes[1]).toBeLessThan(2.1 * sizes[0]);
  });

  it('with { simplify: true }, simplifies each order and keeps the values of repeated derivative()', () => {
    fc.assert(
      fc.property(arbExpressionAtPoint({ variables: 1, maxDepth: 3 }), fc.integer({ min: 1, max: 3 }), ({ expr, point }, n) => {
        const x = new Value(point[0], 'x');
        const y = expr.build([x]);
        const plain = repeated(y, x, n).data;
        const simplified = derivative(y, x, n, { simplify: true }).data;
        // simplify keeps values up to the rounding of the rewrites it makes (e.g. collecting like terms).
        expect(close(simplified, plain, 1e-8, 1e-10) || (Number.isNaN(plain) && Number.isNaN(simplified)), `${simplified} vs ${plain}`).toBe(true);
      }),
      { numRuns: Math.ceil(RUNS / 2), seed: SEED + 2 },
    );
  });

  it('is iterative at every order: a 40,000-node chain (recursion would overflow the stack at ~10,000)', () => {
    // derivative's single sweep is checked on a 1,000,000-node chain in symbolic-derivative.test.ts;
    // here each order's graph is itself a chain 20,000 deep.
    const x = new Value(0.5, 'x');
    let y: Value = x.mul(x);
    for (let i = 0; i < 20_000; i++) y = y.mul(0.99999).add(1e-5); // y = c·x² + b, c = 0.99999^20000
    expect(countNodes(y)).toBeGreaterThanOrEqual(40_000);
    const c = Math.pow(0.99999, 20_000);
    expect(close(derivative(y, x, 2).data, 2 * c, 1e-9)).toBe(true);
    expect(derivative(y, x, 3).data).toBe(0);
  });

  it('rejects an order that is not a non-negative integer, before building anything', () => {
    const x = new Value(1, 'x');
    const y = x.exp();
    expect(() => derivative(y, x, -1)).toThrow(new RangeError('chainrule.derivative: n must be a non-negative integer, received -1.'));
    expect(() => derivative(y, x, 1.5)).toThrow(new RangeError('chainrule.derivative: n must be a non-negative integer, received 1.5.'));
    expect(() => derivative(y, x, Infinity)).toThrow(new RangeError('chainrule.derivative: n must be a non-negative integer, received Infinity.'));
    expect(() => derivative(y, x, '2' as unknown as number)).toThrow(new TypeError('chainrule.derivative: n must be a non-negative integer, received "2".'));
    expect(() => derivative(y, x.mul(2), 2, { simplify: true })).toThrow(new RangeError('chainrule.derivative: x must be a leaf Value when options.simplify is true, received "a mul node". Simplifying between orders may rewrite an interior node away; differentiate with respect to a leaf.'));
    expect(() => derivative(y, x, 2, { simplfy: true } as object)).toThrow(new TypeError('chainrule.derivative: the keys of options must be among simplify, received "simplfy". Did you mean "simplify"?'));
  });
});

describe('derivative(y, x, n) for a large n', () => {
  it('stops once the derivative is the constant 0: x·x to order 1e9, x^3 to the largest safe integer', () => {
    const x = new Value(0.7, 'x');
    const d = derivative(x.mul(x), x, 1e9);
    expect([d.op, d.data, d.requiresGrad]).toEqual(['', 0, false]);
    expect(derivative(x.pow(3), x, Number.MAX_SAFE_INTEGER).data).toBe(0);
    expect(derivative(x.mul(x), x, 1e9, { simplify: true }).data).toBe(0);
  });

  it('stops at a fixed point: every derivative of e^x is e^x, the same node', () => {
    const x = new Value(0.7, 'x');
    const y = x.exp();
    expect(derivative(y, x, 1e9)).toBe(y);
  });

  it('beyond 1000 orders that neither vanish nor repeat, throws a RangeError saying why', () => {
    const x = new Value(0.3, 'x');
    expect(close(derivative(x.sin(), x, 1000).data, Math.sin(0.3), 1e-15, 1e-16)).toBe(true);
    expect(() => derivative(x.sin(), x, 1e9)).toThrowErrorMatchingInlineSnapshot(`[RangeError: chainrule.derivative: n must be at most 1000 where the derivatives neither vanish nor repeat (each order's graph is larger than the last, and the time grows as n²), received 1000000000.]`);
    expect(() => derivative(x.sin(), x, 1001)).toThrow(RangeError);
  });

  it('property: stopping early changes nothing: polynomials to orders past their degree equal n calls of derivative()', () => {
    fc.assert(
      fc.property(arbExpressionAtPoint({ variables: 2, maxDepth: 3, ops: ['add', 'sub', 'mul', 'neg', 'exp'] }), fc.integer({ min: 1, max: 7 }), ({ expr, point }, n) => {
        const leaves = point.map((p, i) => new Value(p, `x${i}`));
        const y = expr.build(leaves);
        const [nth, again] = [derivative(y, leaves[0], n), repeated(y, leaves[0], n)];
        expect(Object.is(nth.data, again.data) || (Number.isNaN(nth.data) && Number.isNaN(again.data)), `${nth.data} vs ${again.data}`).toBe(true);
      }),
      { numRuns: RUNS, seed: SEED },
    );
  });
});
