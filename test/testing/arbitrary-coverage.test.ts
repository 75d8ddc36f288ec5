import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { OP_LIST, Value, topologicalOrder } from '../../src/index.js';
import { arbExpressionAtPoint, gradcheck } from '../../src/testing/index.js';
import { RUNS, SEED } from '../helpers/runs.js';

// What the property tests built on arbExpressionAtPoint actually exercise: a kind of operand the
// arbitraries never draw (integer powers of negative bases, say) is a case no property can check.
describe('arbExpressionAtPoint coverage', () => {
  it('draws every op of the table, integer powers of negative bases, and keeps interval operands inside', () => {
    const ops = new Set<string>();
    let negativeBases = 0;
    fc.assert(
      fc.property(arbExpressionAtPoint({ variables: 2 }), ({ expr, point }) => {
        const y = expr.build(point.map((p) => new Value(p)));
        for (const node of topologicalOrder([y])) {
          if (node.spec === null) continue;
          ops.add(node.op);
          if (node.op === 'pow' && node.inputs[0].data < 0 && Number.isInteger(node.inputs[1].data)) negativeBases++;
          const inputs = node.spec.arity === 'n' ? [] : node.spec.domain.inputs;
          inputs.forEach((d, i) => {
            if (typeof d === 'object') expect(node.inputs[i].data > d.min && node.inputs[i].data < d.max, `${node.op} input ${node.inputs[i].data}`).toBe(true);
          });
        }
      }),
      { numRuns: RUNS * 3, seed: SEED },
    );
    // stopGradient is left out by default (its derivative is 0 by definition, not by finite differences).
    expect(OP_LIST.filter((s) => s.domain.stopsGradient !== true).map((s) => s.name).filter((name) => !ops.has(name))).toEqual([]);
    expect(negativeBases).toBeGreaterThan(0);
  });

  it('a point it accepts passes gradcheck, negative-base integer powers included (property)', () => {
    fc.assert(
      fc.property(arbExpressionAtPoint({ variables: 1, ops: ['pow', 'mul', 'sub', 'sin'] }), ({ expr, point }) => {
        expect(gradcheck(expr.fn, point).ok).toBe(true);
      }),
      { numRuns: RUNS, seed: SEED },
    );
  });
});
