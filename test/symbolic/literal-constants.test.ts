import { describe, expect, it } from 'vitest';
import { Value, constant, derivative, evaluate, explain, simplify } from '../../src/index.js';
import { isLiteral } from '../../src/engine/literal.js';

// One meaning of "a literal number" for every reader (the pow rule, derivative, simplify's facts,
// explain): a leaf that needs no gradient and has no label. A labelled constant is a name the user
// gave: it prints by name, evaluate can rebind it, and no rule may bake its current value in.

/** A constant leaf with a name. */
function named(n: number, label: string): Value {
  const c = constant(n);
  c.label = label;
  return c;
}

describe('isLiteral', () => {
  it('is true for constant(n) and number operands only: not for a named constant, a leaf that needs a gradient, or a node', () => {
    const x = new Value(2, 'x');
    expect(isLiteral(constant(3))).toBe(true);
    expect(isLiteral(x.mul(3).inputs[1])).toBe(true);
    expect(isLiteral(named(3, 'n'))).toBe(false);
    expect(isLiteral(new Value(3))).toBe(false);
    expect(isLiteral(constant(1).add(constant(2)))).toBe(false);
  });
});

describe('a named constant stays a name in derivative graphs', () => {
  it("d/dx x^n keeps n: the graph is right after evaluate rebinds n", () => {
    const x = new Value(2, 'x');
    const n = named(3, 'n');
    const d = derivative(x.pow(n), x);
    expect(d.data).toBe(12);
    expect(d.toString()).toContain('n');
    expect(evaluate(d, new Map([[n, 4]]))).toBe(32); // 4 · 2³
  });

  it('d/dx sin(c·x) keeps the factor c even while c is 1', () => {
    const x = new Value(0.5, 'x');
    const c = named(1, 'c');
    const d = derivative(x.mul(c).sin(), x);
    expect(d.data).toBe(Math.cos(0.5));
    expect(evaluate(d, new Map([[c, 2]]))).toBe(Math.cos(1) * 2);
  });

  it('an unnamed constant is still a literal: x^3 differentiates to 3·x^2, and a factor 1 is dropped', () => {
    const x = new Value(2, 'x');
    expect(derivative(x.pow(3), x).toString()).toBe('3 * x^2');
    expect(derivative(x.mul(1).sin(), x).toString()).toBe('cos(x * 1)');
  });
});

describe('simplify and explain read the same predicate', () => {
  it('simplify folds literals but keeps names: x·1 → x, x·c stays', () => {
    const x = new Value(2, 'x');
    expect(simplify(x.mul(1)).toString()).toBe('x');
    expect(simplify(x.mul(named(1, 'c'))).toString()).toBe('c * x');
  });

  it("explain merges a step whose local derivative is the literal 1, and shows a named 1", () => {
    const x = new Value(2, 'x');
    const literal = explain(x.add(1).exp(), x).paths[0].factors.length;
    const name = explain(x.add(named(1, 'c')).mul(named(1, 'k')).exp(), x).paths[0].factors.length;
    expect(literal).toBe(1);
    expect(name).toBe(2);
  });
});
