import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { OP_LIST, Value, applyOp, constant, countNodes, dot, sum, topologicalOrder, type OpInterval } from '../../src/index.js';
import { derivative, gradients } from '../../src/symbolic/derivative.js';
import { evaluate } from '../../src/symbolic/evaluate.js';
import { arbExpressionAtPoint, gradcheck } from '../../src/testing/index.js';

const RUNS = Number(process.env.FC_RUNS ?? 150);

function close(actual: number, expected: number, rtol: number, atol: number): boolean {
  return Math.abs(actual - expected) <= atol + rtol * Math.max(Math.abs(actual), Math.abs(expected));
}

describe('derivative', () => {
  it('prints the chain rule read off the table (unsimplified)', () => {
    const w = new Value(0.5, 'w');
    const a = new Value(0.3, 'a');
    const b = new Value(-0.1, 'b');
    const y = w.mul(a).add(b).sigmoid();
    expect(derivative(y, w).toString()).toMatchInlineSnapshot(`"sigmoid(w * a + b) * sigmoid(-(w * a + b)) * a"`);
    expect(derivative(y, b).toString()).toMatchInlineSnapshot(`"sigmoid(w * a + b) * sigmoid(-(w * a + b))"`);
    const x = new Value(2, 'x');
    expect(derivative(x.mul(x).add(x.exp()), x).toString()).toMatchInlineSnapshot(`"sum(x, x, exp(x))"`);
    expect(derivative(x.pow(3), x).toString()).toMatchInlineSnapshot(`"3 * x^2"`);
    expect(derivative(x.div(b), b).toString()).toMatchInlineSnapshot(`"-(x / b) / b"`);
    expect(derivative(x.sub(b), b).toString()).toMatchInlineSnapshot(`"-1"`);
    expect(derivative(x.relu(), x).toString()).toMatchInlineSnapshot(`"step(x)"`);
    expect(derivative(b.pow(x), x).toString()).toMatchInlineSnapshot(`"b^x ⊙ logpos(b)"`);
  });

  it('reuses forward nodes: d exp(x)/dx is the exp node itself', () => {
    const x = new Value(1, 'x');
    const y = x.exp();
    expect(derivative(y, x)).toBe(y);
    expect(derivative(x, x).data).toBe(1);
    expect(derivative(constant(3), x).data).toBe(0);
  });

  it('differentiates n-ary nodes: sum partials are 1, dot partials are the partner inputs', () => {
    const x = new Value(2, 'x');
    const y = new Value(3, 'y');
    expect(derivative(sum([x, y, x]), x).data).toBe(2);
    expect(derivative(dot([x, y], [y, x]), x).data).toBe(6); // 2xy
    expect(derivative(dot([x, y], [y, x]), x).toString()).toMatchInlineSnapshot(`"y + y"`);
  });

  it('skips inputs that are not on a path to the targets', () => {
    const x = new Value(0.5, 'x');
    const z = new Value(0.7, 'z');
    const offPath = z.tanh().exp();
    const d = derivative(x.mul(3).add(offPath), x);
    expect(d.data).toBe(3);
    expect(topologicalOrder([d])).not.toContain(offPath);
  });

  it('gradients: one sweep, shared subgraphs, zero for an unused target', () => {
    const w = new Value(0.5, 'w');
    const b = new Value(0.1, 'b');
    const unused = new Value(9, 'u');
    const y = w.mul(w).add(b).sigmoid();
    const [dw, db, du] = gradients(y, [w, b, unused]);
    expect(du.data).toBe(0);
    // ∂y/∂b is the adjoint of the add node; ∂y/∂w reuses it rather than rebuilding σ'.
    expect(topologicalOrder([dw])).toContain(db);
    y.backward();
    expect(dw.data).toBeCloseTo(w.grad, 14);
    expect(db.data).toBeCloseTo(b.grad, 14);
  });

  it('grows linearly with depth, also for higher derivatives (sharing, no exponential blow-up)', () => {
    const sizes = [10, 20, 40].map((depth) => {
      const x = new Value(0.3, 'x');
      let y: Value = x;
      for (let i = 0; i < depth; i++) y = y.mul(y).sigmoid(); // x used twice per layer
      const d1 = derivative(y, x);
      return [countNodes(d1), countNodes(derivative(d1, x))];
    });
    // Doubling the depth at most (a bit more than) doubles the size: linear, not 2^depth.
    for (let i = 1; i < sizes.length; i++) {
      expect(sizes[i][0]).toBeLessThan(2.2 * sizes[i - 1][0]);
      expect(sizes[i][1]).toBeLessThan(2.2 * sizes[i - 1][1]);
    }
  });

  it('handles a 1,000,000-node chain without stack overflow', () => {
    const x = new Value(1, 'x');
    let y: Value = x;
    for (let i = 0; i < 250_000; i++) y = y.mul(0.999999).add(1e-6);
    expect(countNodes(y)).toBeGreaterThanOrEqual(1_000_000);
    const d = derivative(y, x);
    expect(d.data).toBeCloseTo(Math.pow(0.999999, 250_000), 9);
    expect(evaluate(d, new Map([[x, 5]]))).toBeCloseTo(Math.pow(0.999999, 250_000), 9);
    expect(countNodes(d)).toBeGreaterThan(250_000);
  });

  it('rejects what is not a Value', () => {
    const x = new Value(1, 'x');
    expect(() => derivative(3 as unknown as Value, x)).toThrowErrorMatchingInlineSnapshot(`[TypeError: chainrule.derivative: y must be a Value, received 3.]`);
    expect(() => derivative(x, 'x' as unknown as Value)).toThrowErrorMatchingInlineSnapshot(`[TypeError: chainrule.derivative: x must be a Value, received "x".]`);
    expect(() => gradients(x, [x, null as unknown as Value])).toThrowErrorMatchingInlineSnapshot(`[TypeError: chainrule.gradients: xs[1] must be a Value, received null.]`);
  });
});

describe.each(OP_LIST.map((spec) => [spec.name, spec] as const))('derivative of %s (from the table)', (_name, spec) => {
  // Two sample points inside each input's domain and away from the kinks at 0.
  const samples = { real: [-0.6, 0.8], positive: [0.7, 1.3] };
  const inside = ({ min, max }: OpInterval) => (Number.isFinite(max) ? [0.2, 0.9].map((t) => min + t * (max - min)) : [min + 0.7, min + 1.3]);
  const inputsPerNode = spec.arity === 'n' ? 2 * spec.group : spec.arity;
  const domainOf = (j: number) => spec.domain.inputs[spec.arity === 'n' ? Math.floor(j / 2) : j];
  const sampleOf = (j: number) => {
    const d = domainOf(j);
    return typeof d === 'string' ? samples[d] : inside(d);
  };
  const points = [0, 1].map((s) => Array.from({ length: inputsPerNode }, (_, j) => sampleOf(j)[(s + j) % 2]));
  const build = (xs: Value[]) => applyOp(spec.name, xs);

  it.each(points)('first derivatives equal backward, second ones finite differences (point %#)', (...point) => {
    const leaves = point.map((p) => new Value(p));
    const y = build(leaves);
    const first = gradients(y, leaves);
    y.backward();
    first.forEach((d, i) => expect(close(d.data, leaves[i].grad, 1e-12, 1e-14)).toBe(true));
    first.forEach((d, i) => {
      const { numeric } = gradcheck((...xs: Value[]) => derivative(build(xs), xs[i]), point);
      gradients(d, leaves).forEach((h, j) => expect(close(h.data, numeric[j], 1e-6, 1e-8), `∂²/∂x${i}∂x${j}`).toBe(true));
    });
  });
});

describe('derivative (properties over random expressions)', () => {
  it('symbolic gradient == numeric backward, at the build point and at a new point via evaluate', () => {
    fc.assert(
      fc.property(arbExpressionAtPoint({ variables: 2 }), arbExpressionAtPoint({ variables: 2 }), ({ expr, point }, other) => {
        // Arrange: build at `point`, differentiate symbolically once.
        const leaves = point.map((p, i) => new Value(p, `x${i}`));
        const y = expr.build(leaves);
        const ds = gradients(y, leaves);
        // Act: numeric backward at the same point.
        y.backward();
        // Assert
        ds.forEach((d, i) => expect(close(d.data, leaves[i].grad, 1e-9, 1e-12)).toBe(true));
        // And at another point where the expression is smooth: evaluate the same derivative graph.
        if (!expr.isSmoothAt(other.point)) return;
        const at = new Map(leaves.map((l, i) => [l, other.point[i]]));
        const moved = other.point.map((p) => new Value(p));
        const yMoved = expr.build(moved);
        yMoved.backward();
        ds.forEach((d, i) => expect(close(evaluate(d, at), moved[i].grad, 1e-9, 1e-12)).toBe(true));
      }),
      { numRuns: RUNS, seed: Number(process.env.FC_SEED ?? 4001) },
    );
  });

  it('second derivative == finite differences of the first', () => {
    fc.assert(
      fc.property(arbExpressionAtPoint({ variables: 2, maxDepth: 3 }), ({ expr, point }) => {
        // Arrange: f_i = ∂y/∂x_i as a function of the point.
        const first = (i: number) => (...xs: Value[]) => derivative(expr.build(xs), xs[i]);
        for (let i = 0; i < point.length; i++) {
          const leaves = point.map((p) => new Value(p));
          const d1 = derivative(expr.build(leaves), leaves[i]);
          // Act: symbolic second derivatives ∂²y/∂x_i∂x_j.
          const d2 = gradients(d1, leaves).map((d) => d.data);
          // Assert: against Richardson central differences of the first derivative.
          const { numeric } = gradcheck(first(i), point);
          d2.forEach((v, j) => expect(close(v, numeric[j], 1e-4, 1e-5), `∂²/∂x${i}∂x${j}: ${v} vs ${numeric[j]}`).toBe(true));
        }
      }),
      { numRuns: Math.ceil(RUNS / 2), seed: Number(process.env.FC_SEED ?? 4002) },
    );
  });
});
