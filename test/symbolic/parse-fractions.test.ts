import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { Value, constant, evaluate, parse, toText } from '../../src/index.js';
import { RUNS, SEED } from '../helpers/runs.js';

// parse folds a fraction of integers written with digits (`5/13`, `-3/2`) into one constant, the
// double of the division. 0/0 has no such constant (a constant is never NaN): it stays the
// division node, with value NaN, as constant(0).div(0) builds and as JavaScript reads 0/0.

describe('parse reads a fraction as the division it writes', () => {
  it('0/0 is the division node of two constants, its value NaN, and prints as it reads', () => {
    const y = parse('0/0');
    expect(y.op).toBe('div');
    expect(y.inputs.map((v) => [v.op, v.data])).toEqual([['', 0], ['', 0]]);
    expect(y.data).toBeNaN();
    expect(toText(y)).toBe(toText(constant(0).div(0)));
    expect(parse(toText(y)).data).toBeNaN();
  });

  it('x + -0/0 adds x to the division of −0 by 0 (NaN), with no error', () => {
    const x = new Value(1, 'x');
    const y = parse('x + -0/0', { x });
    expect(y.op).toBe('add');
    const [left, right] = y.inputs;
    expect(left).toBe(x);
    expect(right.op).toBe('div');
    expect(Object.is(right.inputs[0].data, -0)).toBe(true);
    expect(y.data).toBeNaN();
    expect(evaluate(y, new Map([[x, 2]]))).toBeNaN();
  });

  it('property: ±p/q reads as the double (±p)/q: one constant where that is a number, the division node where it is NaN', () => {
    fc.assert(
      fc.property(fc.oneof(fc.constant(0), fc.nat(), fc.maxSafeNat()), fc.oneof(fc.constant(0), fc.nat(), fc.maxSafeNat()), fc.boolean(), (p, q, negative) => {
        // Arrange
        const text = `${negative ? '-' : ''}${p}/${q}`;
        const want = constant(negative ? -p : p).div(q).data;
        // Act
        const y = parse(text);
        // Assert
        expect(Object.is(y.data, want)).toBe(true);
        expect(y.op).toBe(Number.isNaN(want) ? 'div' : '');
      }),
      { numRuns: RUNS, seed: SEED },
    );
  });
});
