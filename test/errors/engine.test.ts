import { afterEach, describe, expect, it } from 'vitest';
import { Value, applyOp, dot, setDebug, sum, valueAndGrad } from '../../src/index.js';

// The engine layer's errors: Value, the op methods, applyOp and valueAndGrad name what they were
// given; debug mode names the first op that made a NaN.

describe('bad input is rejected with a message that names it', () => {
  it('new Value: non-number and NaN data', () => {
    expect(() => new Value('3' as unknown as number)).toThrowErrorMatchingInlineSnapshot(`[TypeError: chainrule.Value: data must be a number, received "3".]`);
    expect(() => new Value(NaN, 'w')).toThrowErrorMatchingInlineSnapshot(`[RangeError: chainrule.Value: data must be a number other than NaN, received NaN. (label "w")]`);
    expect(() => new Value(undefined as unknown as number)).toThrowError(TypeError);
    expect(() => new Value(1, 5 as unknown as string)).toThrowErrorMatchingInlineSnapshot(`[TypeError: chainrule.Value: label must be a string, received 5.]`);
  });

  it('operands of the wrong type name the method', () => {
    const x = new Value(1);
    expect(() => x.add('2' as unknown as number)).toThrowErrorMatchingInlineSnapshot(`[TypeError: chainrule.add: operand must be a Value or a number, received "2".]`);
    expect(() => x.mul({} as unknown as number)).toThrowErrorMatchingInlineSnapshot(`[TypeError: chainrule.mul: operand must be a Value or a number, received an object.]`);
    expect(() => x.pow(NaN)).toThrowErrorMatchingInlineSnapshot(`[RangeError: chainrule.pow: operand must be a number other than NaN, received NaN.]`);
    expect(() => sum([x, null as unknown as number])).toThrowErrorMatchingInlineSnapshot(`[TypeError: chainrule.sum: values[1] must be a Value or a number, received null.]`);
  });

  it('dot with mismatched lengths, applyOp with a bad op or arity', () => {
    expect(() => dot([1, 2], [3])).toThrowErrorMatchingInlineSnapshot(`[RangeError: chainrule.dot: b.length must be equal to a.length (2), received 1.]`);
    expect(() => applyOp('sine' as 'exp', [1])).toThrowError(/chainrule.applyOp: op must be one of add, sub, .*received "sine"/);
    expect(() => applyOp('add', [1])).toThrowErrorMatchingInlineSnapshot(`[RangeError: chainrule.applyOp: the number of inputs of add must be 2, received 1.]`);
    expect(() => applyOp('dot', [1, 2, 3])).toThrowErrorMatchingInlineSnapshot(`[RangeError: chainrule.applyOp: the number of inputs of dot must be a multiple of 2, received 3.]`);
  });

  it('valueAndGrad: f must return a Value', () => {
    const f = valueAndGrad((() => 3) as unknown as (x: Value) => Value);
    expect(() => f(1)).toThrowErrorMatchingInlineSnapshot(`[TypeError: chainrule.valueAndGrad: the result of f must be a Value, received 3. Return a single scalar Value, e.g. reduce with sum().]`);
  });

  it('a failed operation leaves its operands untouched', () => {
    const x = new Value(2);
    expect(() => x.add('y' as unknown as number)).toThrow();
    expect([x.data, x.grad, x.inputs.length]).toEqual([2, 0, 0]);
  });
});

describe('debug mode (anomaly detection)', () => {
  afterEach(() => setDebug(false));

  it('is off by default: NaN flows as in IEEE arithmetic', () => {
    expect(new Value(-1).log().data).toBeNaN();
  });

  it('throws at the first op whose result is NaN, naming the op and its operands', () => {
    setDebug(true);
    const x = new Value(-1);
    const y = x.mul(2); // fine
    expect(() => y.log()).toThrowErrorMatchingInlineSnapshot(`[RangeError: chainrule.debug: log(-2) produced NaN. The first NaN appeared here; check this op's operands.]`);
    expect(() => new Value(Infinity).sub(Infinity)).toThrowError(/sub\(Infinity, Infinity\) produced NaN/);
  });

  it('throws in backward at the first NaN local derivative, and passes infinite ones', () => {
    const steep = new Value(0).pow(0.5); // local derivative 0.5·0^−0.5 = ∞: not an anomaly
    const broken = new Value(-1).pow(0.5); // built with debug off: NaN forward and NaN local
    setDebug(true);
    expect(() => steep.backward()).not.toThrow();
    expect(() => broken.backward()).toThrowErrorMatchingInlineSnapshot(`[RangeError: chainrule.debug: the local derivative of pow(-1, 0.5) is NaN. The first NaN appeared here; check this op's operands.]`);
  });

  it('a backward that threw leaves later backwards correct', () => {
    const x = new Value(-1);
    const broken = x.mul(x).add(x.pow(0.5)); // NaN local derivative at x = −1
    setDebug(true);
    expect(() => broken.backward()).toThrow(/pow\(-1, 0.5\)/);
    setDebug(false);
    const y = new Value(3);
    const z = x.mul(y).add(x);
    x.grad = 0;
    z.backward();
    expect([x.grad, y.grad]).toEqual([4, -1]);
  });
});
