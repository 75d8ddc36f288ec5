import { describe, expect, it } from 'vitest';
import { OPS, defineOp } from '../../src/index.js';
import { checkOp } from '../../src/testing/index.js';

const forward = (a: number) => a / (1 + Math.abs(a));
const local = (_i: number, a: number) => 1 / (1 + Math.abs(a)) ** 2;

describe('checkOp', () => {
  it('passes a correct user op, local and symbolic rules both checked', () => {
    const softsign = defineOp({
      name: 'softsignChecked', arity: 1, forward, local,
      symbolic: (_i, a, _b, _y, k) => a.mul(a.step().mul(2).sub(1)).add(k(1)).pow(-2),
    });
    const result = checkOp(softsign, { domain: [-4, 4], points: 30 });
    expect(result).toEqual({ ok: true, points: 30, symbolic: true, failures: [] });
  });

  it('finds a wrong local rule and a wrong symbolic rule, naming the point, the input and the rule', () => {
    const wrong = defineOp({
      name: 'softsignWrong', arity: 1, forward,
      local: (i, a) => 1.01 * local(i, a),
      symbolic: (_i, a) => a.mul(0), // wrong everywhere
    });
    const result = checkOp(wrong, { domain: [0.5, 2], points: 3 });
    expect(result.ok).toBe(false);
    expect(result.failures.map((f) => f.rule)).toEqual(['local', 'symbolic', 'local', 'symbolic', 'local', 'symbolic']);
    expect(result.failures[0].input).toBe(0);
    expect(result.failures[0].got).toBeCloseTo(1.01 * local(0, result.failures[0].point[0]), 12);
  });

  it('checks binary ops per operand interval, skips the symbolic check when there is none, and takes built-in entries', () => {
    const hyp = defineOp({ name: 'hypotChecked', arity: 2, forward: (a, b) => Math.hypot(a, b), local: (i, a, b, y) => (i === 0 ? a : b) / y });
    expect(checkOp(hyp, { domain: [[1, 2], [-3, -1]], points: 10 })).toMatchObject({ ok: true, symbolic: false });
    expect(checkOp(OPS.tanh, { domain: [-3, 3], points: 10 }).ok).toBe(true);
    expect(checkOp(OPS.logsumexp, { domain: [-3, 3], points: 10 }).ok).toBe(true);
  });

  it('rejects bad input in the house format', () => {
    expect(() => checkOp({} as never, { domain: [0, 1] })).toThrowErrorMatchingInlineSnapshot(`[TypeError: chainrule.checkOp: op must be an op made by defineOp or an op entry (OPS.x), received an object.]`);
    expect(() => checkOp(OPS.mul, { domain: [[0, 1]] })).toThrowErrorMatchingInlineSnapshot(`[RangeError: chainrule.checkOp: options.domain must be an interval [min, max] (min < max, finite) or an array of 2 of them, received an array of length 1.]`);
    expect(() => checkOp(OPS.exp, { domain: [1, 0] })).toThrow(/options.domain must be an interval/);
    expect(() => checkOp(OPS.exp, { domain: [0, 1], points: 0 })).toThrow(/chainrule.checkOp: options.points must be a positive integer, received 0/);
  });
});
