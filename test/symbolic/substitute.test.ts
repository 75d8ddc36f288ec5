import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { Value, constant, countNodes, derivative, evaluate, substitute, topologicalOrder } from '../../src/index.js';
import { arbExpressionAtPoint } from '../../src/testing/index.js';
import { RUNS, SEED, close } from '../helpers/runs.js';

/** Everything substitute must leave alone: each node's identity, op, inputs, data, grad and label. */
function snapshot(y: Value): unknown[] {
  return topologicalOrder([y]).map((v) => [v, v.op, [...v.inputs], v.data, v.grad, v.label, v.requiresGrad]);
}

describe('substitute(y, replacements)', () => {
  it('replaces a leaf by an expression and computes the new data through the op table', () => {
    const x = new Value(2, 'x');
    const t = new Value(0.5, 't');
    const y = x.mul(x).add(x.sin());
    const z = substitute(y, new Map([[x, t.exp()]]));
    expect(z.toString()).toBe('exp(t) * exp(t) + sin(exp(t))');
    expect(z.data).toBe(Math.exp(0.5) * Math.exp(0.5) + Math.sin(Math.exp(0.5)));
  });

  it('takes numbers as constants, and replaces interior nodes (their inputs are not visited)', () => {
    const x = new Value(2, 'x');
    const w = new Value(3, 'w');
    const u = x.mul(w);
    const y = u.tanh().add(x);
    const z = substitute(y, new Map<Value, Value | number>([[u, 0.25]]));
    expect(z.toString()).toBe('tanh(1/4) + x');
    expect(z.data).toBe(Math.tanh(0.25) + 2);
    expect(topologicalOrder([z])).not.toContain(w);
    // Replacing y itself returns the replacement.
    const r = new Value(7, 'r');
    expect(substitute(y, new Map([[y, r]]))).toBe(r);
  });

  it('shares every node above no replaced node, and copies only the path to the root', () => {
    const x = new Value(0.5, 'x');
    const w = new Value(-1, 'w');
    const a = w.mul(w).sigmoid(); // does not depend on x
    const b = x.add(1);
    const y = a.mul(b).add(a);
    const z = substitute(y, new Map([[x, w]]));
    const nodes = topologicalOrder([z]);
    expect(nodes).toContain(a);
    expect(nodes).not.toContain(b);
    expect(nodes).not.toContain(x);
    // New nodes: b' = w + 1, a·b', and the root; a, w, w·w, the constant 1 are shared.
    expect(nodes.filter((v) => !topologicalOrder([y]).includes(v))).toHaveLength(3);
  });

  it('substitution is simultaneous: replacement values are not substituted into', () => {
    const x = new Value(1, 'x');
    const y = new Value(2, 'y');
    const swapped = substitute(x.sub(y), new Map([[x, y], [y, x]]));
    expect(swapped.toString()).toBe('y - x');
    expect(swapped.data).toBe(1);
  });

  it('drops the labels of the nodes it rebuilds (they name the old expression) and keeps the others', () => {
    const x = new Value(2, 'x');
    const h = x.mul(3);
    h.label = 'h';
    const z = substitute(h.exp(), new Map([[x, 1]]));
    expect(z.inputs[0].label).toBe('');
  });

  it('substituting a leaf by itself returns y, and keys outside the graph are ignored', () => {
    const x = new Value(2, 'x');
    const y = x.mul(x).log();
    expect(substitute(y, new Map([[x, x]]))).toBe(y);
    expect(substitute(y, new Map([[new Value(1, 'elsewhere'), 5]]))).toBe(y);
    expect(substitute(y, new Map())).toBe(y);
  });

  it('property: evaluate(substitute(y, {x → e})) = y at x = the value of e, and y is untouched', () => {
    fc.assert(
      fc.property(arbExpressionAtPoint({ variables: 2, maxDepth: 3 }), arbExpressionAtPoint({ variables: 2, maxDepth: 2 }), ({ expr, point }, other) => {
        // Arrange: y(x0, x1) and e(x0, x1) over the same leaves.
        const leaves = point.map((p, i) => new Value(p, `x${i}`));
        const y = expr.build(leaves);
        const e = other.expr.build(leaves);
        fc.pre(!Number.isNaN(e.data)); // evaluate takes no NaN leaf value
        const before = snapshot(y);
        // Act: y with x0 replaced by e.
        const z = substitute(y, new Map([[leaves[0], e]]));
        // Assert: the new data and a fresh evaluation agree with y at (e, x1), and y is as it was.
        const expected = evaluate(y, new Map([[leaves[0], e.data]]));
        expect(Object.is(z.data, expected) || close(z.data, expected, 1e-15, 0), `${z.data} vs ${expected}`).toBe(true);
        const at = new Map([[leaves[0], other.point[0]], [leaves[1], other.point[1]]]);
        const eAt = evaluate(e, at);
        const yAt = evaluate(y, new Map([[leaves[0], eAt], [leaves[1], other.point[1]]]));
        const zAt = evaluate(z, at);
        expect(Object.is(zAt, yAt), `${zAt} vs ${yAt}`).toBe(true);
        expect(snapshot(y)).toEqual(before);
      }),
      { numRuns: RUNS, seed: SEED },
    );
  });

  it('property: a leaf substituted by itself evaluates the same; by a constant, as evaluate does', () => {
    fc.assert(
      fc.property(arbExpressionAtPoint({ variables: 2, maxDepth: 3 }), fc.double({ min: -2, max: 2, noNaN: true }), ({ expr, point }, c) => {
        // Arrange
        const leaves = point.map((p, i) => new Value(p, `x${i}`));
        const y = expr.build(leaves);
        // Act
        const same = substitute(y, new Map([[leaves[1], leaves[1]]]));
        const z = substitute(y, new Map<Value, Value | number>([[leaves[1], c]]));
        // Assert
        expect(same.data).toBe(y.data);
        expect(Object.is(z.data, evaluate(y, new Map([[leaves[1], c]])))).toBe(true);
      }),
      { numRuns: RUNS, seed: SEED + 1 },
    );
  });

  it('replacing x by y itself composes: f(f(x)), built on top of the unchanged f(x)', () => {
    const x = new Value(0.5, 'x');
    const f = x.mul(x).add(1);
    const ff = substitute(f, new Map([[x, f]]));
    expect(ff.toString()).toBe('(x * x + 1) * (x * x + 1) + 1');
    expect(ff.data).toBe(1.25 * 1.25 + 1);
    expect(ff.inputs[0].inputs[0]).toBe(f);
  });

  it('composes with derivative: d/dt f(g(t)) = f′(g(t)) · g′(t)', () => {
    const x = new Value(0.4, 'x');
    const t = new Value(1.3, 't');
    const f = x.mul(x).sigmoid();
    const g = t.sin();
    const chain = derivative(substitute(f, new Map([[x, g]])), t);
    const byHand = substitute(derivative(f, x), new Map([[x, g]])).mul(derivative(g, t));
    expect(close(chain.data, byHand.data, 1e-14, 1e-16)).toBe(true);
  });

  it('handles a 1,000,000-node chain, sharing nothing it must copy and copying nothing it can share', () => {
    const x = new Value(1, 'x');
    let y: Value = x;
    for (let i = 0; i < 250_000; i++) y = y.mul(0.999999).add(1e-6);
    const size = countNodes(y);
    expect(size).toBeGreaterThanOrEqual(1_000_000);
    const z = substitute(y, new Map([[x, constant(2)]]));
    expect(close(z.data, 1 + Math.pow(0.999999, 250_000), 1e-9)).toBe(true);
    expect(countNodes(z)).toBe(size); // the constants are shared, the chain copied
    // Replacing a node near the top copies only the nodes above it.
    const top = y.inputs[0];
    expect(substitute(y, new Map([[top, 0]])).inputs[1]).toBe(y.inputs[1]);
  });

  it('rejects bad replacements before building anything', () => {
    const x = new Value(1, 'x');
    const y = x.exp();
    expect(() => substitute(y, { x: 1 } as unknown as Map<Value, number>)).toThrow(new TypeError('chainrule.substitute: replacements must be a Map from Values to Values or numbers, received an object.'));
    expect(() => substitute(y, new Map([['x', 1]]) as unknown as Map<Value, number>)).toThrow(new TypeError('chainrule.substitute: a key of replacements must be a Value, received "x".'));
    expect(() => substitute(y, new Map([[x, NaN]]))).toThrow(new RangeError('chainrule.substitute: the replacement of x in replacements must be a Value or a finite number, received NaN.'));
    expect(() => substitute(y, new Map([[x, Infinity]]))).toThrow(new RangeError('chainrule.substitute: the replacement of x in replacements must be a Value or a finite number, received Infinity.'));
    expect(() => substitute(y, new Map([[x, '2']]) as unknown as Map<Value, number>)).toThrow(new TypeError('chainrule.substitute: the replacement of x in replacements must be a Value or a finite number, received "2".'));
    expect(() => substitute(y, new Map([[x.mul(2), '2']]) as unknown as Map<Value, number>)).toThrow(new TypeError('chainrule.substitute: the replacement of a mul node (2) in replacements must be a Value or a finite number, received "2".'));
    expect(() => substitute(3 as unknown as Value, new Map())).toThrow(new TypeError('chainrule.substitute: y must be a Value, received 3.'));
  });
});
