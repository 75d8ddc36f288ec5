import fc from 'fast-check';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { OP_LIST, Value, topologicalOrder, type OpSpec } from '../../src/index.js';
import { applySpec } from '../../src/engine/value.js';
import { arbExpression, arbExpressionAtPoint, arbPoint, gradcheck } from '../../src/testing/index.js';
import { RUNS, SEED } from '../helpers/runs.js';

describe('gradcheck', () => {
  afterEach(() => vi.restoreAllMocks());

  it('passes correct gradients of smooth functions', () => {
    const result = gradcheck((x, y) => x.mul(y).sigmoid().add(y.exp().log()), [0.3, -1.2]);
    expect(result.ok).toBe(true);
    expect(result.maxRelError).toBeLessThan(1e-8);
    expect(result.analytic).toHaveLength(2);
  });

  it.each(OP_LIST.map((spec) => [spec.name, spec] as const))('fails when the table rule of %s is wrong', (name, spec) => {
    // The table is frozen, so the bug lives in a copy of the entry: a plausible one, every local
    // derivative off by 10% (or by 0.1 where it is 0).
    const mutant: OpSpec = {
      ...spec,
      local: (i, a, b, y) => {
        const d = spec.local(i, a, b, y);
        return d === 0 ? 0.1 : d * 1.1;
      },
    };
    const inputs = spec.arity === 'n' ? 2 * spec.group : spec.arity;
    const point = Array.from({ length: inputs }, (_, i) => 0.7 + 0.3 * i); // inside every op's domain, off every kink
    expect(gradcheck((...xs) => applySpec(mutant, xs), point).ok).toBe(false);
  });

  it('rejects non-positive tolerances', () => {
    expect(() => gradcheck((x) => x, [1], { rtol: 0 })).toThrowErrorMatchingInlineSnapshot(`[RangeError: chainrule.gradcheck: options.rtol must be a positive finite number, received 0.]`);
  });
});

describe('arbitraries', () => {
  it('the README example: three lines check a whole class of functions', () => {
    fc.assert(fc.property(arbExpressionAtPoint(), ({ expr, point }) => gradcheck(expr.fn, point).ok), { numRuns: RUNS, seed: SEED });
  });

  it('operands an op needs positive are never negative at any point (positivity by construction; x^k with integer k excepted)', () => {
    fc.assert(
      fc.property(arbExpression({ variables: 3 }), arbPoint(3, { min: -5, max: 5 }), (expr, point) => {
        const y = expr.build(point.map((x) => new Value(x)));
        for (const node of topologicalOrder([y])) {
          const spec = node.spec;
          if (spec === null || spec.arity === 'n') continue;
          const integerPower = node.op === 'pow' && !node.inputs[1].requiresGrad && Number.isInteger(node.inputs[1].data);
          if (integerPower) continue; // x^k with a constant integer k takes any real base
          node.inputs.forEach((input, i) => {
            if (spec.domain.inputs[i] === 'positive' && !Number.isNaN(input.data)) expect(input.data).toBeGreaterThanOrEqual(0);
          });
        }
      }),
      { numRuns: RUNS, seed: SEED },
    );
  });

  it('draws only the ops asked for, over the variables asked for', () => {
    fc.assert(
      fc.property(arbExpression({ ops: ['add', 'tanh'], variables: ['u'] }), (expr) => {
        const y = expr.build([new Value(0.5, 'u')]);
        for (const node of topologicalOrder([y])) expect(['', 'add', 'tanh', 'pow']).toContain(node.op);
        expect(expr.variables).toEqual(['u']);
      }),
      { numRuns: RUNS, seed: SEED },
    );
  });

  it('rejects unknown ops and empty variable lists', () => {
    expect(() => arbExpression({ ops: ['sine' as 'exp'] })).toThrowErrorMatchingInlineSnapshot(`[RangeError: chainrule.arbExpression: constraints.ops must be names of ops of the table, received "sine".]`);
    expect(() => arbExpression({ variables: [] })).toThrowError(/a list naming at least one variable/);
  });
});
