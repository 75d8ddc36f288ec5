import { describe, expect, it } from 'vitest';
import * as chainrule from '../../src/index.js';
import { OP_LIST, Value, applyOp } from '../../src/index.js';

describe('free functions', () => {
  const x = new Value(0.7, 'x');
  const y = new Value(-1.3, 'y');

  it('exist for every unary and binary op of the table, and build the node its method builds', () => {
    for (const spec of OP_LIST.filter((s) => s.arity !== 'n')) {
      const free = (chainrule as unknown as Record<string, (...args: unknown[]) => Value>)[spec.name];
      expect(typeof free, spec.name).toBe('function');
      const operands = spec.arity === 1 ? [x] : [x, y];
      const node = free(...operands);
      expect(node.op).toBe(spec.name);
      expect(node.inputs).toEqual(operands);
      expect(Object.is(node.data, applyOp(spec.name, operands).data)).toBe(true);
    }
  });

  it('take numbers for every operand: sub(2, x), pow(2, x), max(0, x)', () => {
    const { sub, pow, max, atan2, sin } = chainrule;
    expect(sub(2, x).data).toBe(2 - 0.7);
    expect(pow(2, x).data).toBe(2 ** 0.7);
    expect(max(0, y).data).toBe(0);
    expect(atan2(1, -1).data).toBe((3 * Math.PI) / 4);
    expect(sin(0).data).toBe(0);
    const z = sub(2, x);
    z.backward();
    expect(x.grad).toBe(-1);
    expect(z.inputs[0].requiresGrad).toBe(false);
  });

  it('reject what is neither a Value nor a number, naming the function and the operand', () => {
    expect(() => chainrule.sub(2, 'x' as unknown as number)).toThrowErrorMatchingInlineSnapshot(`[TypeError: chainrule.sub: b must be a Value or a number, received "x".]`);
    expect(() => chainrule.atan2(NaN, 1)).toThrowErrorMatchingInlineSnapshot(`[RangeError: chainrule.atan2: y must be a number other than NaN, received NaN.]`);
    expect(() => chainrule.sin(undefined as unknown as number)).toThrowErrorMatchingInlineSnapshot(`[TypeError: chainrule.sin: x must be a Value or a number, received undefined.]`);
    expect(() => x.max(null as unknown as number)).toThrowErrorMatchingInlineSnapshot(`[TypeError: chainrule.max: operand must be a Value or a number, received null.]`);
  });
});
