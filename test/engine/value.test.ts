import { inspect } from 'node:util';
import { describe, expect, it } from 'vitest';
import { OPS, Value, constant } from '../../src/index.js';

describe("Value's public constructor makes leaves only", () => {
  it('spec and inputs are not part of the public type, and are refused at run time', () => {
    const a = new Value(2, 'a');
    const b = new Value(3, 'b');
    // @ts-expect-error: the public constructor takes (data, label) only
    expect(() => new Value(999, '', OPS.mul, [a, b])).toThrowErrorMatchingInlineSnapshot(
      `[TypeError: chainrule.Value: the third argument must be absent (new Value(data, label) makes a leaf; build nodes with the Value methods or applyOp), received an object.]`,
    );
    // @ts-expect-error: likewise for a bare third argument
    expect(() => new Value(1, 'x', null)).toThrowError(/chainrule\.Value: the third argument must be absent/);
  });

  it('the op methods build nodes', () => {
    const y = new Value(2, 'a').mul(3);
    expect([y.data, y.op, y.inputs.length, y.toString()]).toEqual([6, 'mul', 2, 'a * 3']);
  });
});

describe('Value prints readably with console.log', () => {
  it('inspect shows data, grad and op, and the label when there is one', () => {
    const x = new Value(2, 'x');
    const y = x.mul(x).add(1);
    y.backward();
    expect(inspect(x)).toBe("Value(data=2, grad=4, op=leaf, label='x')");
    expect(inspect(y)).toBe('Value(data=5, grad=1, op=add)');
    expect(inspect(constant(-0))).toBe('Value(data=-0, grad=0, op=leaf)');
    expect(inspect([new Value(1)])).toBe('[ Value(data=1, grad=0, op=leaf) ]');
  });

  it('toString is unchanged', () => {
    const x = new Value(2, 'x');
    expect(x.sigmoid().toString()).toBe('sigmoid(x)');
  });
});
