import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { Value, valueAndGrad } from '../../src/index.js';
import { arbExpressionAtPoint, gradcheck } from '../../src/testing/index.js';
import { SEED, close } from '../helpers/runs.js';

// At least 1,000 random expressions in the default run.
const RUNS = Number(process.env.FC_RUNS ?? 1000);

describe('backward on random expressions', () => {
  it('agrees with central finite differences', () => {
    fc.assert(
      fc.property(arbExpressionAtPoint(), ({ expr, point }) => {
        const result = gradcheck(expr.fn, point);
        expect(result.ok, `${expr} at [${point}]: ${JSON.stringify(result)}`).toBe(true);
      }),
      { numRuns: RUNS, seed: SEED },
    );
  });

  it('is linear: ∇(αf + βg) = α∇f + β∇g', () => {
    const coefficient = fc.double({ min: -3, max: 3, noNaN: true });
    fc.assert(
      fc.property(arbExpressionAtPoint({ variables: ['x', 'y'] }), arbExpressionAtPoint({ variables: ['x', 'y'] }), coefficient, coefficient, (f, g, alpha, beta) => {
        const point = f.point;
        fc.pre(g.expr.isSmoothAt(point));
        const combined = valueAndGrad((x, y) => f.expr.build([x, y]).mul(alpha).add(g.expr.build([x, y]).mul(beta)))(...point);
        const df = valueAndGrad(f.expr.fn)(...point).grad;
        const dg = valueAndGrad(g.expr.fn)(...point).grad;
        combined.grad.forEach((d, i) => expect(close(d, alpha * df[i] + beta * dg[i], 1e-9, 1e-9)).toBe(true));
      }),
      { numRuns: Math.ceil(RUNS / 2), seed: SEED },
    );
  });

  it('obeys the product rule: ∇(f·g) = f∇g + g∇f', () => {
    fc.assert(
      fc.property(arbExpressionAtPoint({ variables: ['x', 'y'] }), arbExpressionAtPoint({ variables: ['x', 'y'] }), (f, g) => {
        const point = f.point;
        fc.pre(g.expr.isSmoothAt(point));
        const product = valueAndGrad((x, y) => f.expr.build([x, y]).mul(g.expr.build([x, y])))(...point);
        const vf = valueAndGrad(f.expr.fn)(...point);
        const vg = valueAndGrad(g.expr.fn)(...point);
        product.grad.forEach((d, i) => expect(close(d, vf.value * vg.grad[i] + vg.value * vf.grad[i], 1e-9, 1e-9)).toBe(true));
      }),
      { numRuns: Math.ceil(RUNS / 2), seed: SEED },
    );
  });

  it('a shared subexpression is the same as its copy: building e twice equals reusing one node', () => {
    fc.assert(
      fc.property(arbExpressionAtPoint({ variables: ['x'] }), ({ expr, point }) => {
        const shared = valueAndGrad((x) => {
          const e = expr.build([x]);
          return e.mul(e);
        })(...point);
        const copied = valueAndGrad((x) => expr.build([x]).mul(expr.build([x])))(...point);
        expect(shared.value).toBe(copied.value);
        expect(close(shared.grad[0], copied.grad[0], 1e-12, 1e-14)).toBe(true);
      }),
      { numRuns: Math.ceil(RUNS / 4), seed: SEED },
    );
  });
});

describe('leaf values', () => {
  it('a graph reads its leaves when built: changing data afterwards does not change built nodes', () => {
    const x = new Value(2);
    const y = x.mul(3);
    x.data = 5;
    expect(y.data).toBe(6);
  });
});
