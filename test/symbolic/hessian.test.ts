import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { Value } from '../../src/index.js';
import { hessian } from '../../src/symbolic/hessian.js';
import { arbExpressionAtPoint, gradcheck } from '../../src/testing/index.js';

const RUNS = Number(process.env.FC_RUNS ?? 60);

describe('hessian', () => {
  it('gives the exact second partials of a polynomial', () => {
    expect(hessian((x, y) => x.mul(x).mul(y))(3, 2)).toEqual([[4, 6], [6, 0]]);
    expect(hessian((x) => x.pow(3))(2)).toEqual([[12]]);
  });

  it('matches finite differences of the gradient and is symmetric (property)', () => {
    fc.assert(
      // Partials bounded by 1e3: a kink made by composition at a branch point (acosh(cosh(x)) = |x|,
      // acosh′ = 1e4 at x = 1e-4) is no op's kink, so only its steep partial tells it is near.
      fc.property(arbExpressionAtPoint({ variables: 2, maxDepth: 3, maxMagnitude: 1e3 }), ({ expr, point }) => {
        const H = hessian(expr.fn)(...point);
        for (let i = 0; i < point.length; i++) {
          // Row i: finite differences of ∂f/∂x_i (computed by backward at each point).
          const { numeric, numericError } = gradcheck((...xs: Value[]) => {
            const y = expr.build(xs);
            y.backward();
            return new Value(xs[i].grad);
          }, point);
          for (let j = 0; j < point.length; j++) {
            // Plus what differencing cannot resolve where the gradient is steep (cbrt near 0).
            expect(Math.abs(H[i][j] - numeric[j])).toBeLessThanOrEqual(1e-5 + 1e-4 * Math.abs(numeric[j]) + numericError[j]);
            expect(Math.abs(H[i][j] - H[j][i])).toBeLessThanOrEqual(1e-9 * Math.max(1, Math.abs(H[i][j])));
          }
        }
      }),
      { numRuns: RUNS, seed: Number(process.env.FC_SEED ?? 4007) },
    );
  });

  it('rejects bad arguments', () => {
    expect(() => hessian(3 as unknown as () => Value)).toThrowErrorMatchingInlineSnapshot(`[TypeError: chainrule.hessian: f must be a function of Values returning a Value, received 3.]`);
    expect(() => hessian(() => 3 as unknown as Value)(1)).toThrowErrorMatchingInlineSnapshot(`[TypeError: chainrule.hessian: the result of f must be a Value, received 3. Return a single scalar Value, e.g. reduce with sum().]`);
  });
});
