import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { OP_LIST, Value, constant, countNodes, dot, logsumexp, sum, toText, topologicalOrder } from '../../src/index.js';
import { derivative } from '../../src/symbolic/derivative.js';
import { simplify } from '../../src/symbolic/simplify/simplify.js';
import { arbExpression } from '../../src/testing/index.js';
import { growDag } from '../helpers/random-dag.js';
import { RUNS, SEED } from '../helpers/runs.js';
import { sameFunctionAt } from '../helpers/same-function.js';

const x = new Value(1.5, 'x');
const y = new Value(-0.5, 'y');
const z = new Value(2, 'z');
const s = (v: Value) => toText(simplify(v));

/** Printed size of the expression written out as a tree: leaves and binary ops 1, sum of k terms k − 1, dot 2k − 1. */
function printedSize(root: Value): number {
  const size = new Map<Value, number>();
  for (const node of topologicalOrder([root])) {
    const spec = node.spec;
    let n = spec === null || spec.arity !== 'n' ? 1 : (node.inputs.length / spec.group) * spec.group - 1;
    for (const v of node.inputs) n += size.get(v)!;
    size.set(node, n);
  }
  return size.get(root)!;
}

/** Moderate values, extreme magnitudes, subnormals and signed zeros. */
const arbCoordinate = fc.oneof(
  fc.double({ min: -3, max: 3, noNaN: true }),
  fc.constantFrom(0, -0, 1, -1, 0.5, 1e-300, -1e-300, 1e300, -1e300, 5e-324, -5e-324, 1e-10, 1e10, 700, -700),
  fc.double({ noNaN: true, noDefaultInfinity: true }),
);

/** Every point where the original is defined must agree, up to the original's own rounding error (its first-order bound). */
function expectSameFunction(original: Value, simplified: Value, leaves: readonly Value[], points: readonly (readonly number[])[]) {
  for (const point of [leaves.map((l) => l.data), ...points]) {
    const at = new Map(leaves.map((l, i) => [l, point[i]]));
    const v = sameFunctionAt(original, simplified, at);
    expect(v.ok, `at (${point.map((p) => (Object.is(p, -0) ? '-0' : p)).join(', ')}): ${v.original} vs ${v.candidate}, allowed ±${v.allowed}\n  ${toText(original)}\n→ ${toText(simplified)}`).toBe(true);
  }
}

describe('simplify: canonical sums and products', () => {
  it('collects like terms and like factors across whole sums and products', () => {
    expect(s(x.add(1).add(x.mul(2)))).toMatchInlineSnapshot(`"3 * x + 1"`);
    expect(s(x.mul(y).sub(y.mul(x)))).toMatchInlineSnapshot(`"0"`);
    expect(s(x.mul(6).div(x.mul(3)))).toMatchInlineSnapshot(`"2"`);
    expect(s(x.div(x.div(y)))).toMatchInlineSnapshot(`"y"`);
    expect(s(constant(2).sub(x.add(1)))).toMatchInlineSnapshot(`"1 - x"`);
    expect(s(x.mul(y).div(x))).toMatchInlineSnapshot(`"y"`);
    expect(s(x.exp().div(x.exp()))).toMatchInlineSnapshot(`"1"`);
    expect(s(y.add(x).add(z.mul(x)).sub(x))).toMatchInlineSnapshot(`"x * z + y"`);
  });

  it('powers of powers only where valid', () => {
    expect(s(x.pow(2).pow(3))).toMatchInlineSnapshot(`"x^6"`);
    expect(s(x.pow(-1).pow(-1))).toMatchInlineSnapshot(`"x"`);
    // (x²)^½ is |x|, not x: kept.
    expect(s(x.pow(2).pow(0.5))).toMatchInlineSnapshot(`"(x^2)^(1/2)"`);
    expect(s(x.sqrt().pow(2))).toMatchInlineSnapshot(`"x"`);
    expect(s(x.pow(0.5).mul(x.pow(0.25)))).toMatchInlineSnapshot(`"x^(3/4)"`);
    // 0.1 + 0.2 rounds, and x^0.30000000000000004 differs from x^0.1·x^0.2 by |ln x|·2^-54 relative.
    expect(s(x.pow(0.1).mul(x.pow(0.2)))).toMatchInlineSnapshot(`"x^0.1 * x^0.2"`);
    expect(sameFunctionAt(x.pow(0.1).mul(x.pow(0.2)), x.pow(0.1 + 0.2), new Map([[x, 1e300]])).ok).toBe(false);
  });

  it('log/exp, logpos, odd and even functions, abs', () => {
    expect(s(x.exp().log())).toMatchInlineSnapshot(`"x"`);
    expect(s(x.log().exp())).toMatchInlineSnapshot(`"x"`);
    expect(s(x.cosh().logpos())).toMatchInlineSnapshot(`"log(cosh(x))"`);
    // exp(x) rounds to 0 for x < −745, where logpos is 0 and log −Infinity: kept.
    expect(s(x.exp().logpos())).toMatchInlineSnapshot(`"logpos(exp(x))"`);
    expect(s(x.neg().sin())).toMatchInlineSnapshot(`"-sin(x)"`);
    expect(s(x.neg().tanh())).toMatchInlineSnapshot(`"-tanh(x)"`);
    expect(s(x.neg().cos())).toMatchInlineSnapshot(`"cos(x)"`);
    expect(s(x.abs().abs())).toMatchInlineSnapshot(`"abs(x)"`);
    expect(s(x.pow(2).abs())).toMatchInlineSnapshot(`"x^2"`);
  });

  it('f(f⁻¹(u)) → u, and not f⁻¹(f(u)) where that folds a period', () => {
    expect(s(x.asin().sin())).toMatchInlineSnapshot(`"x"`);
    expect(s(x.acosh().cosh())).toMatchInlineSnapshot(`"x"`);
    expect(s(x.sinh().asinh())).toMatchInlineSnapshot(`"x"`);
    expect(s(x.sin().asin())).toMatchInlineSnapshot(`"asin(sin(x))"`);
    expect(s(x.tan().atan())).toMatchInlineSnapshot(`"atan(tan(x))"`);
    // acos(0) rounds to π/2, where cos is 6e-17, not 0: 1/cos(acos(x)) is finite at 0, 1/x is not.
    expect(s(x.acos().cos())).toMatchInlineSnapshot(`"cos(acos(x))"`);
    expect(s(x.atan().tan())).toMatchInlineSnapshot(`"tan(atan(x))"`);
  });

  it('sin² + cos² → 1, also inside a sum and with a common factor', () => {
    expect(s(x.sin().pow(2).add(x.cos().pow(2)))).toMatchInlineSnapshot(`"1"`);
    expect(s(x.sin().pow(2).mul(y).mul(3).add(x.cos().pow(2).mul(3).mul(y)).add(1))).toMatchInlineSnapshot(`"3 * y + 1"`);
    expect(s(x.sin().pow(2).add(y.cos().pow(2)))).toMatchInlineSnapshot(`"cos(y)^2 + sin(x)^2"`);
  });

  it('prints readably: constant last, subtraction, coefficient first, division, no 1 * or + 0', () => {
    expect(s(x.mul(3).sub(y.mul(2)).add(1))).toMatchInlineSnapshot(`"3 * x - 2 * y + 1"`);
    // 1 − 2y is computed first and cancels exactly at y = ½: the constant may not move past 3x.
    expect(s(constant(1).add(y.mul(-2)).add(x.mul(3)))).toMatchInlineSnapshot(`"1 - 2 * y + 3 * x"`);
    expect(s(x.mul(2).div(y.mul(z)))).toMatchInlineSnapshot(`"2 * x / (y * z)"`);
    expect(s(z.mul(2).mul(x).div(y).div(z).mul(z))).toMatchInlineSnapshot(`"2 * x * z / y"`);
    expect(s(x.pow(-1))).toMatchInlineSnapshot(`"1 / x"`);
    expect(s(x.mul(1).add(0))).toMatchInlineSnapshot(`"x"`);
    expect(s(sum([y, x, 1, x.sin()]))).toMatchInlineSnapshot(`"x + y + sin(x) + 1"`);
  });

  it('takes out what every term of a sum shares, and says −1 and 1/q without a coefficient', () => {
    expect(s(x.mul(y).mul(3).add(x.mul(z).mul(3)))).toMatchInlineSnapshot(`"3 * x * (y + z)"`);
    expect(s(x.div(y.add(1)).add(z.div(y.add(1))))).toMatchInlineSnapshot(`"(x + z) / (y + 1)"`);
    expect(s(x.mul(2).add(z.mul(4)))).toMatchInlineSnapshot(`"2 * (x + 2 * z)"`);
    expect(s(x.neg().div(y))).toMatchInlineSnapshot(`"-x / y"`);
    expect(s(x.div(3).div(y.mul(z)))).toMatchInlineSnapshot(`"x / (3 * y * z)"`);
    // The rest after taking out a may be a itself: −a·t − a·b/c with a = b/c + t is −a², not −a.
    const a = x.add(y).div(z.cosh().pow(2)).add(x.tanh());
    const e = a.mul(-1).mul(x.tanh()).add(z.cosh().pow(2).pow(-1).neg().mul(a).mul(x.add(y)));
    expect(s(e)).toMatchInlineSnapshot(`"-((x + y) / cosh(z)^2 + tanh(x))^2"`);
    expect(simplify(e).data).toBeCloseTo(-(a.data ** 2), 12);
  });

  it('keeps labelled interior nodes as the user named them (atoms, the same objects)', () => {
    const w = new Value(0.5, 'w');
    const b = new Value(0.1, 'b');
    const pre = w.mul(x).add(b);
    pre.label = 'z';
    const d = simplify(derivative(pre.sigmoid(), w));
    expect(toText(d, { stopAtLabels: true })).toMatchInlineSnapshot(`"x * sigmoid(z) * sigmoid(-z)"`);
    expect(topologicalOrder([d])).toContain(pre);
  });

  it('keeps logpos where y^(-2) can underflow, and folds tanh(ln 3/2) to 5/13', () => {
    // sympy: y*log(y**(-2)). logpos stays: y^(-2) underflows to 0 for |y| > 1e154, where logpos is 0.
    expect(s(derivative(y.pow(-2).pow(x.mul(y)).log(), x))).toMatchInlineSnapshot(`"y * logpos(y^(-2))"`);
    expect(s(derivative(x.mul(x.mul(3).div(2).add(constant(1.5).log().tanh())).log(), x))).toMatchInlineSnapshot(
      `"1 / x + 3/2 / (3/2 * x + 5/13)"`,
    );
  });

  it('a ⊙ b stays where 0 ⊙ ∞ can arise (the derivative conventions)', () => {
    expect(s(x.step().strongMul(x.pow(-1)))).toMatchInlineSnapshot(`"step(x) ⊙ (1 / x)"`);
    expect(s(x.strongMul(y))).toMatchInlineSnapshot(`"x * y"`);
    expect(s(x.sigmoid().strongMul(y.sin()))).toMatchInlineSnapshot(`"sigmoid(x) * sin(y)"`);
  });

  it('orders terms the same however the input was built, where the order keeps its accuracy', () => {
    // Each term is a product the input rounds anyway: any order rounds no more than the input.
    const a = x.sin().mul(5).add(y.mul(x).mul(3)).add(z.exp().mul(7));
    const b = z.exp().mul(7).add(x.mul(y).mul(3)).add(x.sin().mul(5));
    expect(s(a)).toBe(s(b));
    expect(s(a)).toMatchInlineSnapshot(`"3 * x * y + 7 * exp(z) + 5 * sin(x)"`);
    // −3 + exp(z) is computed first and cancels near z = ln 3: it keeps its place.
    const c = constant(-3).add(z.exp()).add(x.mul(y)).add(x.sin());
    expect(s(c)).toMatchInlineSnapshot(`"exp(z) - 3 + x * y + sin(x)"`);
  });

  it('keeps the derivative conventions at the edge points (simplify(derivative) = derivative there)', () => {
    const cases: [string, (...v: Value[]) => Value, number[]][] = [
      ['x^e at (0, 0)', (p, e) => p.pow(e), [0, 0]],
      ['x^e at (0, −1)', (p, e) => p.pow(e), [0, -1]],
      ['x^e at (0, 2)', (p, e) => p.pow(e), [0, 2]],
      ['x^e at (−2, 3)', (p, e) => p.pow(e), [-2, 3]],
      ['(−8)^x at 1/3', (p) => constant(-8).pow(p), [1 / 3]],
      ['logpos at 0', (p) => p.logpos(), [0]],
      ['logpos at −1', (p) => p.logpos(), [-1]],
      ['relu at 0', (p) => p.relu(), [0]],
      ['abs at 0', (p) => p.abs(), [0]],
      ['tanh at 20', (p) => p.tanh(), [20]],
      ['σ at 40', (p) => p.sigmoid(), [40]],
      ['softplus at ±800', (p) => p.softplus(), [800]],
      ['softplus at −800', (p) => p.softplus(), [-800]],
      ['logsumexp at ±1e4', (p, q) => logsumexp([p, q]), [1e4, -1e4]],
      ['stopGradient(x)·x', (p) => p.stopGradient().mul(p), [3]],
    ];
    for (const [name, f, point] of cases) {
      const leaves = point.map((p, i) => new Value(p, `v${i}`));
      for (const leaf of leaves) {
        const d = derivative(f(...leaves), leaf);
        for (const order of [d, derivative(d, leaf)]) {
          const t = simplify(order);
          const same = Object.is(t.data, order.data) || t.data === order.data || Math.abs(t.data - order.data) <= 1e-14 * Math.abs(order.data);
          expect(same, `${name}, ∂${leaf.label}: ${order.data} vs ${t.data} (${toText(t)})`).toBe(true);
        }
      }
    }
  });

  it('reads a product off a one-pair dot as the whole dot, not its first factor (FC_RUNS=10000 counterexamples)', () => {
    // sinh(dot([x·x], [x]))′ = 3x²·cosh(x³), and (atan(dot([1.5x], [∛x])))′ keeps its ∛x.
    const cube = dot([x.mul(x)], [x]);
    const d1 = derivative(cube.sinh(), x);
    expectSameFunction(d1, simplify(d1), [x], [[0.7], [-2]]);
    expect(s(cube.sinh())).toBe('sinh(x^3)');
    const d2 = derivative(dot([x.mul(1.5)], [x.cbrt()]).atan(), x);
    expectSameFunction(d2, simplify(d2), [x], [[0.7], [-2]]);
  });

  it('reaches its fixed point: simplifying a simplified third derivative gives that very graph back', () => {
    // A pass rebuilt this graph node for node (printing the same) and the loop ran to its pass limit.
    let g = x.asinh().atanh().cbrt();
    for (let n = 1; n <= 3; n++) g = simplify(derivative(g, x));
    expect(simplify(g)).toBe(g);
  });

  it('stays iterative and linear on a 250,000-node chain and on shared sums (s + sin(s))', () => {
    // bench/deep-graphs.ts times the 1,000,000-node version (about as long as exact mode).
    let e: Value = x;
    for (let i = 0; i < 62_500; i++) e = e.mul(0.999999).add(1e-6);
    expect(toText(simplify(e))).toMatchInlineSnapshot(`"0.9394130334551143 * x + 0.06058696654318844"`);
    let g: Value = x;
    for (let i = 0; i < 20_000; i++) g = g.add(g.sin());
    const t = simplify(g);
    expect(countNodes(t)).toBeLessThanOrEqual(countNodes(g));
  });
});

describe('simplify (properties, default mode)', () => {
  const arbCase = fc.record({
    expr: arbExpression({ variables: 2, maxDepth: 3 }),
    order: fc.integer({ min: 0, max: 3 }),
    points: fc.array(fc.tuple(arbCoordinate, arbCoordinate), { minLength: 2, maxLength: 4 }),
  });

  /**
   * The expression (order 0) or its derivative of that order with respect to the first variable;
   * cases where it is a constant (most random trees have constant branches) are skipped.
   */
  function build(expr: { build(v: readonly Value[]): Value }, order: number): { e: Value; leaves: Value[] } {
    const leaves = [new Value(0.7, 'x'), new Value(-0.4, 'y')];
    let e = expr.build(leaves);
    for (let k = 0; k < order; k++) e = derivative(e, leaves[0]);
    fc.pre(topologicalOrder([e]).some((v) => leaves.includes(v)));
    return { e, leaves };
  }

  it('simplify keeps values: same function up to rounding, moderate and extreme points, signed zeros', () => {
    fc.assert(
      fc.property(arbCase, ({ expr, order, points }) => {
        const { e, leaves } = build(expr, order);
        expectSameFunction(e, simplify(e), leaves, points);
      }),
      { numRuns: RUNS, seed: SEED },
    );
  });

  it('is idempotent and never makes the printed tree larger', () => {
    fc.assert(
      fc.property(arbCase, ({ expr, order }) => {
        const { e } = build(expr, order);
        const t = simplify(e);
        expect(toText(simplify(t))).toBe(toText(t));
        expect(printedSize(t)).toBeLessThanOrEqual(printedSize(e));
      }),
      { numRuns: RUNS, seed: SEED + 1 },
    );
  });

  // Random DAGs over every op, with constants that leave the domains the arbitraries respect
  // (non-integer exponents of negative bases, 0, huge and tiny scales), and their derivatives.
  const arbDag = fc.record({
    constants: fc.array(fc.constantFrom(0.5, -1, 2, 3, -2, 1 / 3, 1.5, 0, 1e200, 1e-200, -0.25), { minLength: 1, maxLength: 3 }),
    steps: fc.array(fc.record({ op: fc.nat(OP_LIST.length - 1), picks: fc.array(fc.nat(), { minLength: 2, maxLength: 6 }) }), { minLength: 1, maxLength: 8 }),
    order: fc.integer({ min: 0, max: 2 }),
    points: fc.array(fc.tuple(arbCoordinate, arbCoordinate), { minLength: 2, maxLength: 4 }),
  });

  it('keeps values on random DAGs over every op, off the arbitraries\' domains too', () => {
    fc.assert(
      fc.property(arbDag, ({ constants, steps, order, points }) => {
        const leaves = [new Value(0.7, 'x'), new Value(-0.4, 'y')];
        const pool: Value[] = [...leaves, ...constants.map((n) => constant(n))];
        growDag(pool, steps, 4);
        let e = pool[pool.length - 1];
        for (let k = 0; k < order; k++) e = derivative(e, leaves[0]);
        const t = simplify(e);
        expectSameFunction(e, t, leaves, points);
        expect(toText(simplify(t))).toBe(toText(t));
        expect(printedSize(t)).toBeLessThanOrEqual(printedSize(e));
      }),
      { numRuns: RUNS * 2, seed: SEED + 2 },
    );
  });
});
