import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { OP_LIST, Value, constant, countNodes, dot, sum, topologicalOrder } from '../../src/index.js';
import { derivative } from '../../src/symbolic/derivative.js';
import { evaluate } from '../../src/symbolic/evaluate.js';
import { simplify } from '../../src/symbolic/simplify/simplify.js';
import { arbExpressionAtPoint } from '../../src/testing/index.js';
import { growDag } from '../helpers/random-dag.js';

const RUNS = Number(process.env.FC_RUNS ?? 200);
const x = new Value(1.5, 'x');
const y = new Value(-0.5, 'y');
const s = (v: Value) => simplify(v, { exact: true }).toString();

/** Nodes of the expression with every shared subgraph copied at each use (iterative). */
function treeSize(root: Value): number {
  const size = new Map<Value, number>();
  for (const node of topologicalOrder([root])) size.set(node, node.inputs.reduce((n, v) => n + size.get(v)!, 1));
  return size.get(root)!;
}

/** Magnitudes and signs where floating point differs from real arithmetic. */
const EDGE_NUMBERS = [0, -0, 1, -1, 2, -2, 0.5, 3, 0.1, 1e200, -1e200, 1e300, 1e-300, -1e-300, 5e-324, 1.7976931348623157e308, Infinity, -Infinity];

/** Same number, or both NaN: Object.is tells 0 from −0. */
function same(a: number, b: number): boolean {
  return Object.is(a, b) || (a !== a && b !== b);
}

/** Every leaf assignment below must give bit-identical results before and after simplify. */
function expectSameEverywhere(e: Value, leaves: readonly Value[], points: readonly (readonly number[])[]) {
  const t = simplify(e, { exact: true });
  const atBuild = [e.data, t.data];
  expect(same(atBuild[0], atBuild[1]), `at the build point: ${atBuild.join(' vs ')} for ${e} → ${t}`).toBe(true);
  for (const point of points) {
    const at = new Map(leaves.map((l, i) => [l, point[i]]));
    const [before, after] = [evaluate(e, at), evaluate(t, at)];
    expect(same(before, after), `at (${point.map((p) => (Object.is(p, -0) ? '-0' : p)).join(', ')}): ${before} vs ${after} for ${e} → ${t}`).toBe(true);
  }
}

describe('simplify', () => {
  it('applies the identities in their exact IEEE form', () => {
    expect(s(x.add(-0))).toMatchInlineSnapshot(`"x"`);
    expect(s(constant(-0).add(x))).toMatchInlineSnapshot(`"x"`);
    expect(s(x.exp().add(0))).toMatchInlineSnapshot(`"exp(x)"`);
    expect(s(x.mul(1))).toMatchInlineSnapshot(`"x"`);
    expect(s(x.pow(1))).toMatchInlineSnapshot(`"x"`);
    expect(s(x.pow(0))).toMatchInlineSnapshot(`"1"`);
    expect(s(x.neg().neg())).toMatchInlineSnapshot(`"x"`);
    expect(s(x.sub(0))).toMatchInlineSnapshot(`"x"`);
    expect(s(constant(-0).sub(x))).toMatchInlineSnapshot(`"-x"`);
    expect(s(x.div(1))).toMatchInlineSnapshot(`"x"`);
    expect(s(x.div(-1))).toMatchInlineSnapshot(`"-x"`);
    expect(s(x.mul(-1))).toMatchInlineSnapshot(`"-x"`);
    expect(s(x.add(y.neg()))).toMatchInlineSnapshot(`"x - y"`);
    expect(s(x.sub(y.neg()))).toMatchInlineSnapshot(`"x + y"`);
    expect(s(x.neg().mul(y))).toMatchInlineSnapshot(`"-(x * y)"`);
    expect(s(x.mul(3).neg())).toMatchInlineSnapshot(`"-3 * x"`);
  });

  it('leaves the identities that are false in floating point alone', () => {
    // x + 0 is +0 at x = −0; 0 − x is +0 at x = +0; x·0 is NaN at ±Infinity and −0 for x < 0;
    // x − x and x/x are NaN at ±Infinity; x·y^−1 rounds twice; −(x − y) is −0 where x = y.
    expect(s(x.add(0))).toMatchInlineSnapshot(`"x + 0"`);
    expect(s(constant(0).sub(x))).toMatchInlineSnapshot(`"0 - x"`);
    expect(s(x.mul(0))).toMatchInlineSnapshot(`"0 * x"`);
    expect(s(x.sub(x))).toMatchInlineSnapshot(`"x - x"`);
    expect(s(x.div(x))).toMatchInlineSnapshot(`"x / x"`);
    expect(s(x.exp().div(x.exp()))).toMatchInlineSnapshot(`"exp(x) / exp(x)"`);
    expect(s(constant(0).div(y))).toMatchInlineSnapshot(`"0 / y"`);
    expect(s(constant(1).pow(x))).toMatchInlineSnapshot(`"1^x"`);
    expect(s(x.mul(y.pow(-1)))).toMatchInlineSnapshot(`"x * y^(-1)"`);
    expect(s(x.sub(y).neg())).toMatchInlineSnapshot(`"-(x - y)"`);
  });

  it('folds constants through the op table, and combines them only where nothing rounds', () => {
    expect(s(constant(2).mul(3).add(x))).toMatchInlineSnapshot(`"6 + x"`);
    expect(s(constant(0).sigmoid().mul(x))).toMatchInlineSnapshot(`"1/2 * x"`);
    expect(s(x.mul(2).mul(4))).toMatchInlineSnapshot(`"8 * x"`);
    expect(s(x.mul(-2).mul(0.5))).toMatchInlineSnapshot(`"1/2 * (-2 * x)"`);
    expect(s(x.mul(2).mul(3))).toMatchInlineSnapshot(`"3 * (2 * x)"`);
    expect(s(sum([1, 2, x, y, 0, -0]))).toMatchInlineSnapshot(`"sum(3, x, y)"`);
    expect(s(sum([1, x, 2, y]))).toMatchInlineSnapshot(`"sum(1, x, 2, y)"`);
    expect(s(sum([x.exp(), 0, y]))).toMatchInlineSnapshot(`"exp(x) + y"`);
    expect(s(sum([x, 0]))).toMatchInlineSnapshot(`"sum(x)"`);
    expect(s(dot([x, 0, 3], [y, 2, 0]))).toMatchInlineSnapshot(`"dot([x], [y])"`);
    expect(s(dot([x, y], [0, 2]))).toMatchInlineSnapshot(`"dot([x, y], [0, 2])"`);
    expect(s(constant(-1).log().add(x))).toMatchInlineSnapshot(`"log(-1) + x"`);
  });

  it('collects exactly: x + x → 2·x and x·x → x^2, nothing that rounds', () => {
    expect(s(x.add(x))).toMatchInlineSnapshot(`"2 * x"`);
    expect(s(x.neg().add(x.neg()))).toMatchInlineSnapshot(`"-2 * x"`);
    expect(s(x.mul(2).add(x.mul(2)))).toMatchInlineSnapshot(`"4 * x"`);
    expect(s(x.mul(x))).toMatchInlineSnapshot(`"x^2"`);
    expect(s(x.mul(3).add(x))).toMatchInlineSnapshot(`"3 * x + x"`);
    expect(s(x.pow(2).mul(x))).toMatchInlineSnapshot(`"x^2 * x"`);
    expect(s(sum([x, y, x]))).toMatchInlineSnapshot(`"sum(x, y, x)"`);
    expect(s(sum([x, x, y, y]))).toMatchInlineSnapshot(`"sum(2 * x, y, y)"`);
    expect(s(sum([x, x]))).toMatchInlineSnapshot(`"sum(2 * x)"`);
  });

  it('shares structurally equal subgraphs (hash-consing)', () => {
    const e = x.mul(y).exp().add(x.mul(y).tanh());
    const t = simplify(e, { exact: true });
    expect(countNodes(e)).toBe(7);
    expect(countNodes(t)).toBe(6);
    expect(t.inputs[0].inputs[0]).toBe(t.inputs[1].inputs[0]);
  });

  it('keeps leaves, leaves the input graph alone, and is a fixed point', () => {
    const e = x.mul(1).add(constant(-0).mul(2)).exp();
    const before = e.toString();
    const t = simplify(e, { exact: true });
    expect(t.inputs[0]).toBe(x);
    expect(e.toString()).toBe(before);
    expect(simplify(t, { exact: true })).toBe(t);
    const already = x.mul(y).sigmoid();
    expect(simplify(already, { exact: true })).toBe(already);
  });

  it('shrinks the 3rd derivative of a 5-layer sigmoid composition (sharing keeps it small)', () => {
    const a0 = new Value(0.8, 'x');
    let a: Value = a0;
    for (let l = 1; l <= 5; l++) a = new Value(0.3 + 0.1 * l, `w${l}`).mul(a).add(new Value(-0.2, `b${l}`)).sigmoid();
    const sizes: number[][] = [];
    let d = a;
    for (let order = 1; order <= 3; order++) {
      d = derivative(d, a0);
      const t = simplify(d, { exact: true });
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
    for (let i = 0; i < 250_000; i++) e = e.add(-0).mul(1);
    expect(simplify(e, { exact: true })).toBe(x);
    // Nothing to rewrite, but 2 × 100,000 equal constants are shared: 400,001 nodes become 200,003.
    let f: Value = x;
    for (let i = 0; i < 100_000; i++) f = f.mul(0.5).add(1);
    const t = simplify(f, { exact: true });
    expect([countNodes(f), countNodes(t)]).toEqual([400_001, 200_003]);
    expect(simplify(t, { exact: true }) === t).toBe(true);
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
        const t = simplify(e, { exact: true });
        // Assert: the same number here and at a second point (bit for bit: simplify's rules are exact).
        expect(same(t.data, e.data)).toBe(true);
        const at = new Map(leaves.map((l, i) => [l, other.point[i]]));
        expect(same(evaluate(t, at), evaluate(e, at))).toBe(true);
      }),
      { numRuns: RUNS, seed: Number(process.env.FC_SEED ?? 4003) },
    );
  });

  it('never changes a derivative value', () => {
    fc.assert(
      fc.property(arbExpressionAtPoint({ variables: 2, maxDepth: 3 }), ({ expr, point }) => {
        const leaves = point.map((p, i) => new Value(p, `x${i}`));
        const d = derivative(expr.build(leaves), leaves[0]);
        const t = simplify(d, { exact: true });
        expect(same(t.data, d.data)).toBe(true);
      }),
      { numRuns: RUNS, seed: Number(process.env.FC_SEED ?? 4004) },
    );
  });
});

describe('simplify keeps every value bit for bit', () => {
  it('does not fold c1·(c2·x) into a constant that overflows or underflows', () => {
    const v = new Value(1e-300, 'v');
    const e = v.mul(1e200).mul(1e200);
    expect(e.data).toBeCloseTo(1e100, -90);
    expect(simplify(e, { exact: true }).data).toBe(e.data);
    expectSameEverywhere(v.mul(1e-200).mul(1e-200), [v], [[1e300], [3]]);
  });

  it('keeps the sign of zero: x·0 at x = −1 is −0, so (x·0)^−1 is −Infinity and its sigmoid 0', () => {
    const v = new Value(-1, 'v');
    const e = v.mul(0).pow(-1).sigmoid();
    expect(e.data).toBe(0);
    expect(simplify(e, { exact: true }).data).toBe(0);
  });

  it.each([
    ['x·0 at ±Infinity and for the sign', (v: Value) => v.mul(0), [[Infinity], [-Infinity], [-3]]],
    ['x + 0 at −0', (v: Value) => v.add(0), [[-0]]],
    ['0 − x at +0', (v: Value) => constant(0).sub(v), [[0]]],
    ['x − x at Infinity', (v: Value) => v.sub(v), [[Infinity]]],
    ['c1·x + c2·x rounds differently', (v: Value) => v.mul(0.1).add(v.mul(0.2)), [[6.293460894229163]]],
    ['x/x at Infinity', (v: Value) => v.exp().div(v.exp()), [[1000], [-1000]]],
    ['0/x at exp underflow', (v: Value) => constant(0).div(v.exp()), [[-1000]]],
    ['1^x at Infinity', (v: Value) => constant(1).pow(v), [[Infinity]]],
    ['x·y^−1 rounds differently from x/y', (v: Value) => constant(5e-310).mul(v.pow(-1)), [[5e-310], [49]]],
    ['x^a·x^b at 0', (v: Value) => v.pow(2).mul(v.pow(-3)), [[0], [1e200]]],
    ['−(x − y) at x = y', (v: Value) => v.sub(1).neg(), [[1]]],
    ['sum folds constants in another order', (v: Value) => sum([v, 1e300, -1e300, 1e-300]), [[1e300], [1]]],
    ['sum collects repeated terms', (v: Value) => sum([v, 1, v]), [[1e308], [0.1]]],
    ['sum of one −0 term is +0', (v: Value) => sum([v.neg()]), [[0]]],
    ['sum of a repeated first term is +0 at −0', (v: Value) => sum([v, v]), [[-0]]],
    ['sum of a term repeated after another rounds twice', (v: Value) => sum([1, v, v]), [[1e-16]]],
    ['dot drops a term with factor 0 at Infinity', (v: Value) => dot([v, 2], [0, v]), [[Infinity]]],
  ] as const)('%s', (_name, build, points) => {
    const v = new Value(1.5, 'v');
    expectSameEverywhere(build(v), [v], points);
  });
});

describe('simplify keeps every value bit for bit (property, extreme magnitudes and signed zeros)', () => {
  /** A random DAG: each step applies a table op to nodes drawn from the pool built so far. */
  const arbDag = fc.record({
    constants: fc.array(fc.constantFrom(...EDGE_NUMBERS), { minLength: 1, maxLength: 3 }),
    steps: fc.array(fc.record({ op: fc.nat(OP_LIST.length - 1), picks: fc.array(fc.nat(), { minLength: 2, maxLength: 6 }) }), { minLength: 1, maxLength: 8 }),
    points: fc.array(fc.tuple(fc.oneof(fc.constantFrom(...EDGE_NUMBERS), fc.double({ noNaN: true })), fc.oneof(fc.constantFrom(...EDGE_NUMBERS), fc.double({ noNaN: true }))), { minLength: 1, maxLength: 4 }),
  });

  it('evaluates to the same number (Object.is, or both NaN) at every point, ±0, ±Infinity and 1e±300 included', () => {
    fc.assert(
      fc.property(arbDag, ({ constants, steps, points }) => {
        // Arrange: two variables and a few constants, then ops over recent nodes (so sharing is common).
        const leaves = [new Value(points[0][0], 'x0'), new Value(points[0][1], 'x1')];
        const pool: Value[] = [...leaves, ...constants.map((n) => constant(n))];
        growDag(pool, steps, 4);
        // Act + Assert
        expectSameEverywhere(pool[pool.length - 1], leaves, points);
      }),
      { numRuns: RUNS * 5, seed: Number(process.env.FC_SEED ?? 4005) },
    );
  });
});
