import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { Value, constant, countNodes, dot, sum, topologicalOrder } from '../src/index.js';
import { derivative } from '../src/symbolic/derivative.js';
import { evaluate } from '../src/symbolic/evaluate.js';
import { simplify } from '../src/symbolic/simplify.js';
import { arbExpressionAtPoint } from '../src/testing/index.js';

const RUNS = Number(process.env.FC_RUNS ?? 200);
const x = new Value(1.5, 'x');
const y = new Value(-0.5, 'y');
const s = (v: Value) => simplify(v).toString();

/** Nodes of the expression with every shared subgraph copied at each use (iterative). */
function treeSize(root: Value): number {
  const size = new Map<Value, number>();
  for (const node of topologicalOrder([root])) size.set(node, node.inputs.reduce((n, v) => n + size.get(v)!, 1));
  return size.get(root)!;
}

describe('simplify', () => {
  it('applies the identities', () => {
    expect(s(x.add(0))).toMatchInlineSnapshot(`"x"`);
    expect(s(constant(0).add(x))).toMatchInlineSnapshot(`"x"`);
    expect(s(x.mul(1))).toMatchInlineSnapshot(`"x"`);
    expect(s(x.mul(0))).toMatchInlineSnapshot(`"0"`);
    expect(s(x.pow(1))).toMatchInlineSnapshot(`"x"`);
    expect(s(x.pow(0))).toMatchInlineSnapshot(`"1"`);
    expect(s(x.neg().neg())).toMatchInlineSnapshot(`"x"`);
    expect(s(x.sub(x))).toMatchInlineSnapshot(`"0"`);
    expect(s(x.sub(0))).toMatchInlineSnapshot(`"x"`);
    expect(s(constant(0).sub(x))).toMatchInlineSnapshot(`"-x"`);
    expect(s(x.div(1))).toMatchInlineSnapshot(`"x"`);
    expect(s(x.exp().div(x.exp()))).toMatchInlineSnapshot(`"1"`);
    expect(s(x.add(y.neg()))).toMatchInlineSnapshot(`"x - y"`);
    expect(s(x.sub(y.neg()))).toMatchInlineSnapshot(`"x + y"`);
    expect(s(x.mul(y.pow(-1)))).toMatchInlineSnapshot(`"x / y"`);
    expect(s(x.sub(y).neg())).toMatchInlineSnapshot(`"y - x"`);
  });

  it('keeps x / x and 0 / x when x may be 0', () => {
    expect(s(x.div(x))).toMatchInlineSnapshot(`"x / x"`);
    expect(s(constant(0).div(y))).toMatchInlineSnapshot(`"0 / y"`);
  });

  it('folds constants through the op table', () => {
    expect(s(constant(2).mul(3).add(x))).toMatchInlineSnapshot(`"6 + x"`);
    expect(s(constant(0).sigmoid().mul(x))).toMatchInlineSnapshot(`"0.5 * x"`);
    expect(s(x.mul(2).mul(3))).toMatchInlineSnapshot(`"6 * x"`);
    expect(s(sum([1, x, 2, y, 0]))).toMatchInlineSnapshot(`"sum(x, y, 3)"`);
    expect(s(dot([x, y, 3], [0, y, 2]))).toMatchInlineSnapshot(`"dot([y, 3], [y, 2])"`);
    expect(s(dot([x, 0], [y, 2]))).toMatchInlineSnapshot(`"x * y"`);
  });

  it('collects repeated terms and factors', () => {
    expect(s(x.add(x))).toMatchInlineSnapshot(`"2 * x"`);
    expect(s(x.mul(3).add(x))).toMatchInlineSnapshot(`"4 * x"`);
    expect(s(x.add(x.neg()))).toMatchInlineSnapshot(`"0"`);
    expect(s(x.mul(x))).toMatchInlineSnapshot(`"x^2"`);
    expect(s(x.pow(2).mul(x).mul(x.pow(-3)))).toMatchInlineSnapshot(`"1"`);
    expect(s(sum([x, y, x, x.mul(2)]))).toMatchInlineSnapshot(`"4 * x + y"`);
  });

  it('shares structurally equal subgraphs (hash-consing)', () => {
    const e = x.mul(y).exp().add(x.mul(y).tanh());
    const t = simplify(e);
    expect(countNodes(e)).toBe(7);
    expect(countNodes(t)).toBe(6);
    expect(t.inputs[0].inputs[0]).toBe(t.inputs[1].inputs[0]);
  });

  it('keeps leaves, leaves the input graph alone, and is a fixed point', () => {
    const e = x.mul(1).add(y.mul(0)).exp();
    const before = e.toString();
    const t = simplify(e);
    expect(t.inputs[0]).toBe(x);
    expect(e.toString()).toBe(before);
    expect(simplify(t)).toBe(t);
    const already = x.mul(y).sigmoid();
    expect(simplify(already)).toBe(already);
  });

  it('shrinks the 3rd derivative of a 5-layer sigmoid composition (sharing keeps it small)', () => {
    const a0 = new Value(0.8, 'x');
    let a: Value = a0;
    for (let l = 1; l <= 5; l++) a = new Value(0.3 + 0.1 * l, `w${l}`).mul(a).add(new Value(-0.2, `b${l}`)).sigmoid();
    const sizes: number[][] = [];
    let d = a;
    for (let order = 1; order <= 3; order++) {
      d = derivative(d, a0);
      const t = simplify(d);
      expect(t.data).toBeCloseTo(d.data, 12);
      sizes.push([countNodes(d), countNodes(t), treeSize(d)]);
    }
    // [shared graph, after simplify, the same expression written out as a tree]
    expect(sizes).toMatchInlineSnapshot(`
      [
        [
          50,
          50,
          184,
        ],
        [
          129,
          99,
          2049,
        ],
        [
          365,
          268,
          28729,
        ],
      ]
    `);
    expect(sizes[2][1]).toBeLessThan(sizes[2][0]);
    expect(sizes[2][2]).toBeGreaterThan(10 * sizes[2][0]); // what sharing saves
    expect(sizes[2][0]).toBeLessThan(1000);
  });

  it('handles 1,000,000-node chains without stack overflow', () => {
    let e: Value = x;
    for (let i = 0; i < 250_000; i++) e = e.add(0).mul(1);
    expect(simplify(e)).toBe(x);
    // Nothing to rewrite, but 2 × 100,000 equal constants are shared: 400,001 nodes become 200,003.
    let f: Value = x;
    for (let i = 0; i < 100_000; i++) f = f.mul(0.5).add(1);
    const t = simplify(f);
    expect([countNodes(f), countNodes(t)]).toEqual([400_001, 200_003]);
    expect(simplify(t) === t).toBe(true);
  });

  it('rejects what is not a Value', () => {
    expect(() => simplify({} as Value)).toThrowErrorMatchingInlineSnapshot(`[TypeError: chainrule.simplify: y must be a Value, received an object.]`);
  });
});

describe('simplify (property)', () => {
  it('never changes a value: at the build point and at a second point', () => {
    fc.assert(
      fc.property(arbExpressionAtPoint({ variables: 2 }), arbExpressionAtPoint({ variables: 2 }), ({ expr, point }, other) => {
        // Arrange
        const leaves = point.map((p, i) => new Value(p, `x${i}`));
        const e = expr.build(leaves);
        // Act
        const t = simplify(e);
        // Assert: same value here, and wherever else the expression is smooth and bounded.
        expect(t.data).toBeCloseTo(e.data, 9);
        if (!expr.isSmoothAt(other.point)) return;
        const at = new Map(leaves.map((l, i) => [l, other.point[i]]));
        expect(evaluate(t, at)).toBeCloseTo(evaluate(e, at), 9);
      }),
      { numRuns: RUNS, seed: Number(process.env.FC_SEED ?? 4003) },
    );
  });

  it('never changes a derivative value', () => {
    fc.assert(
      fc.property(arbExpressionAtPoint({ variables: 2, maxDepth: 3 }), ({ expr, point }) => {
        const leaves = point.map((p, i) => new Value(p, `x${i}`));
        const d = derivative(expr.build(leaves), leaves[0]);
        const t = simplify(d);
        expect(Math.abs(t.data - d.data)).toBeLessThanOrEqual(1e-9 * Math.max(1, Math.abs(d.data)));
      }),
      { numRuns: RUNS, seed: Number(process.env.FC_SEED ?? 4004) },
    );
  });
});
