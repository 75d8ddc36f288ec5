import { describe, expect, it } from 'vitest';
import { Value, constant } from '../../src/index.js';
import { derivative, gradients } from '../../src/symbolic/derivative.js';
import { evaluate, evaluateAll } from '../../src/symbolic/evaluate.js';

describe('evaluate', () => {
  it('recomputes at new leaf values and leaves the graph as it was', () => {
    const x = new Value(1, 'x');
    const y = new Value(2, 'y');
    const f = x.mul(y).sigmoid();
    const d = derivative(f, x);
    const before = [x.data, y.data, f.data, d.data];
    const s = 1 / (1 + Math.exp(-6));
    expect(evaluate(d, new Map([[x, 3]]))).toBeCloseTo(s * (1 - s) * 2, 15);
    expect(evaluate(f, new Map([[x, 3], [y, -1]]))).toBeCloseTo(1 / (1 + Math.exp(3)), 15);
    expect([x.data, y.data, f.data, d.data]).toEqual(before);
  });

  it('evaluates several outputs in one sweep (a gradient at a new point)', () => {
    const x = new Value(1, 'x');
    const y = new Value(2, 'y');
    const grads = gradients(x.mul(x).mul(y), [x, y]);
    expect(evaluateAll(grads, new Map([[x, 3], [y, 5]]))).toEqual([30, 9]);
  });

  it('ignores leaves that are not in the graph and keeps the others', () => {
    const x = new Value(1, 'x');
    const other = new Value(7, 'other');
    expect(evaluate(x.add(constant(2)), new Map([[other, 1]]))).toBe(3);
  });

  it('restores the graph even when the computation throws', () => {
    const x = new Value(1, 'x');
    const z = new Value(2, 'z');
    const y = x.add(z).exp();
    const at = new Map([[x, 5], [z, 6]]);
    // The second lookup throws, after the first leaf has been overwritten.
    let lookups = 0;
    const original = at.get.bind(at);
    at.get = (key) => {
      if (++lookups === 2) throw new Error('boom');
      return original(key);
    };
    expect(() => evaluate(y, at)).toThrow('boom');
    expect(lookups).toBe(2);
    expect([x.data, z.data, y.data]).toEqual([1, 2, Math.exp(3)]);
  });

  it('rejects bad arguments before touching the graph', () => {
    const x = new Value(1, 'x');
    const y = x.exp();
    expect(() => evaluate(3 as unknown as Value, new Map())).toThrowErrorMatchingInlineSnapshot(`[TypeError: chainrule.evaluate: y must be a Value, received 3.]`);
    expect(() => evaluate(y, { x: 1 } as unknown as Map<Value, number>)).toThrowErrorMatchingInlineSnapshot(`[TypeError: chainrule.evaluate: at must be a Map from leaf Values to numbers, received an object.]`);
    expect(() => evaluate(y, new Map([[y, 1]]))).toThrowErrorMatchingInlineSnapshot(`[RangeError: chainrule.evaluate: a key of at must be a leaf Value, received "exp node". Only leaves can be set; interior nodes are recomputed.]`);
    expect(() => evaluate(y, new Map([[x, NaN]]))).toThrowErrorMatchingInlineSnapshot(`[RangeError: chainrule.evaluate: the value of leaf x must be a number other than NaN, received NaN.]`);
    expect(() => evaluate(y, new Map([[x, '2' as unknown as number]]))).toThrowErrorMatchingInlineSnapshot(`[TypeError: chainrule.evaluate: the value of leaf x must be a number, received "2".]`);
    expect(x.data).toBe(1);
  });
});
