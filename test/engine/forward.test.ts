import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { Value, defineOp, grad, hessian, hvp, jacobian, jvp, logsumexp, stopGradient } from '../../src/index.js';
import { arbExpressionAtPoint, type Expression } from '../../src/testing/index.js';
import { RUNS, SEED, close } from '../helpers/runs.js';

const runs = Math.ceil(RUNS / 2);

/** Central difference of g along direction t at p (4th order). */
function directional(g: (p: number[]) => number, p: readonly number[], t: readonly number[], h = 1e-4): number {
  const at = (s: number) => g(p.map((x, i) => x + s * t[i]));
  return (8 * (at(h) - at(-h)) - (at(2 * h) - at(-2 * h))) / (12 * h);
}

const arbTangent = fc.array(fc.double({ min: -1, max: 1, noNaN: true }), { minLength: 2, maxLength: 2 });

/** The scale of a gradient, for normwise comparisons of sums that cancel. */
const scaleOf = (xs: readonly number[]) => Math.max(1, ...xs.map(Math.abs));

describe('jvp', () => {
  it('equals gradient · tangent and central differences along the tangent', () => {
    fc.assert(
      fc.property(arbExpressionAtPoint(), arbTangent, ({ expr, point }: { expr: Expression; point: number[] }, t) => {
        const { value, tangent } = jvp(expr.fn, point, t);
        const g = grad(expr.fn)(...point);
        expect(value).toBe(expr.fn(...point.map((x) => new Value(x))).data);
        const dot = g.reduce((s, gi, i) => s + gi * t[i], 0);
        expect(close(tangent, dot, 1e-10, 1e-12 * scaleOf(g))).toBe(true);
        expect(close(tangent, directional((p) => expr.evaluate(p), point, t), 1e-5, 1e-6 * scaleOf(g))).toBe(true);
      }),
      { numRuns: runs, seed: SEED },
    );
  });

  it('returns arrays for a Value[]-valued f, treats stopGradient as a constant and runs user ops', () => {
    const cube = defineOp({ name: 'cubeFwd', arity: 1, forward: (a) => a * a * a, local: (_i, a) => 3 * a * a });
    const r = jvp((x, y) => [x.mul(y), logsumexp([x, y]), stopGradient(x).mul(x), cubeFwd(x)], [2, 3], [1, 0]);
    function cubeFwd(v: Value) {
      return cube(v);
    }
    expect(r.value[0]).toBe(6);
    expect(r.tangent[0]).toBe(3);
    expect(r.tangent[1]).toBeCloseTo(Math.exp(2) / (Math.exp(2) + Math.exp(3)), 15);
    expect(r.tangent[2]).toBe(2);
    expect(r.tangent[3]).toBe(12);
  });

  it('walks a 1,000,000-node chain without recursion', () => {
    const { value, tangent } = jvp(
      (x) => {
        let y = x;
        for (let i = 0; i < 1_000_000; i++) y = y.add(1e-6);
        return y;
      },
      [0],
      [2],
    );
    expect(value).toBeCloseTo(1, 6);
    expect(tangent).toBe(2);
  });

  it('rejects bad input in the house format', () => {
    expect(() => jvp((x) => x, [1, 2], [1])).toThrowErrorMatchingInlineSnapshot(`[RangeError: chainrule.jvp: tangents.length must be 2 (one per primal), received 1.]`);
    expect(() => jvp((x) => x, [NaN], [1])).toThrowErrorMatchingInlineSnapshot(`[RangeError: chainrule.jvp: primals[0] must be a number other than NaN, received NaN.]`);
    expect(() => jvp((() => 3) as never, [1], [1])).toThrow(/chainrule.jvp: the result of f must be a Value or an array of Values, received 3/);
    expect(() => jvp(3 as never, [1], [1])).toThrow(/chainrule.jvp: f must be a function/);
  });
});

describe('hvp', () => {
  it('equals hessian · v and central differences of the gradient along v', () => {
    fc.assert(
      fc.property(arbExpressionAtPoint(), arbTangent, ({ expr, point }: { expr: Expression; point: number[] }, v) => {
        const hv = hvp(expr.fn, point, v);
        const H = hessian(expr.fn)(...point);
        const scale = scaleOf(H.flat());
        H.forEach((row, i) => {
          const want = row.reduce((s, h, j) => s + h * v[j], 0);
          expect(close(hv[i], want, 1e-9, 1e-10 * scale)).toBe(true);
          const fd = directional((p) => grad(expr.fn)(...p)[i], point, v);
          expect(close(hv[i], fd, 1e-4, 1e-5 * scale)).toBe(true);
        });
      }),
      { numRuns: runs, seed: SEED },
    );
  });

  it('the example: x²y at (1, 2) along (1, 0)', () => {
    expect(hvp((x, y) => x.mul(x).mul(y), [1, 2], [1, 0])).toEqual([4, 2]);
    expect(() => hvp((x) => [x] as never, [1], [1])).toThrow(/chainrule.hvp: the result of f must be a Value/);
  });
});

describe('jacobian', () => {
  it('rows are the gradients of each output, and central differences', () => {
    fc.assert(
      fc.property(arbExpressionAtPoint(), arbExpressionAtPoint(), ({ expr: e1, point }, { expr: e2 }) => {
        const f = (x: Value, y: Value) => [e1.build([x, y]), e2.build([x, y]), x.mul(y)];
        const J = jacobian(f)(...point);
        expect(J).toHaveLength(3);
        const rows = [grad(e1.fn)(...point), grad(e2.fn)(...point), [point[1], point[0]]];
        // e2 is built at e1's point, where it need not be smooth: there J must have a NaN partial where
        // the gradient has one (atan2 at (0, 0)), but finite partials may differ by the order of sums
        // of huge partials (atan2's at subnormal operands, ±1.8e308 cancelling), and where an output
        // overflowed (expm1(cosh(tan(…))) near tan's pole) they are ∞ · 0 in one order of the products
        // or another: NaN or ±∞ (PyTorch's two modes differ alike).
        const values = [e1.evaluate(point), e2.evaluate(point), point[0] * point[1]];
        const smooth = [true, e2.isSmoothAt(point), true];
        rows.forEach((g, o) => g.forEach((gi, i) => {
          const agree = Object.is(J[o][i], gi)
            || (smooth[o] ? close(J[o][i], gi, 1e-12, 1e-14) : Number.isNaN(J[o][i]) === Number.isNaN(gi) || !Number.isFinite(values[o]));
          expect(agree, `output ${o}, ∂${i}: jvp ${J[o][i]}, grad ${gi}`).toBe(true);
        }));
        rows[0].forEach((gi, i) => {
          const unit = [0, 0];
          unit[i] = 1;
          expect(close(J[0][i], directional((p) => e1.evaluate(p), point, unit), 1e-5, 1e-6 * scaleOf(rows[0]))).toBe(true);
        });
      }),
      { numRuns: runs, seed: SEED },
    );
  });

  // FC_RUNS=1000 drew this case.
  it('a tangent 0 by cancellation meets a NaN partial, as the gradient does', () => {
    // atan2 at (0, 0) has NaN partials; x − x is 0 for every x, but reverse mode sends NaN through it.
    const f = (x: Value, y: Value) => x.sub(x).atan2(y.asinh());
    expect(jacobian((x, y) => [f(x, y)])(-2, 0)).toEqual([grad(f)(-2, 0)]);
    expect(grad(f)(-2, 0)).toEqual([NaN, NaN]);
  });

  it('the example, and a scalar f giving one row', () => {
    expect(jacobian((x, y) => [x.mul(y), x.add(y)])(2, 3)).toEqual([[3, 2], [1, 1]]);
    expect(jacobian((x, y) => x.mul(y))(2, 3)).toEqual([[3, 2]]);
  });
});
