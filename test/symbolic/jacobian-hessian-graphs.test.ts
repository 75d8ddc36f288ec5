import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { Value, compile, countNodes, derivative, evaluateAll, gradients, hessian, hessianGraph, jacobian, jacobianGraph, topologicalOrder } from '../../src/index.js';
import { arbExpression, arbExpressionAtPoint } from '../../src/testing/index.js';
import { RUNS, SEED, close } from '../helpers/runs.js';

/** The number of distinct nodes feeding any of `roots`. */
function distinctNodes(roots: readonly Value[]): number {
  return topologicalOrder(roots).length;
}

/** A small two-layer network of four inputs: tanh units whose outputs feed a sigmoid. */
function network(xs: readonly Value[]): Value {
  const hidden = [0, 1, 2].map((h) => xs.reduce((acc: Value, x, i) => acc.add(x.mul(0.3 * (h + 1) - 0.2 * i)), new Value(0.1 * h)).tanh());
  return hidden.reduce((acc: Value, u, h) => acc.add(u.mul(h - 1)), new Value(0.2)).sigmoid();
}

describe('jacobianGraph(ys, xs)', () => {
  it('gives the matrix of derivative graphs, row per output', () => {
    const x = new Value(2, 'x');
    const y = new Value(3, 'y');
    const J = jacobianGraph([x.mul(y), x.add(y), x.exp()], [x, y]);
    expect(J.map((row) => row.map((d) => d.data))).toEqual([[3, 2], [1, 1], [Math.exp(2), 0]]);
    expect(J[0].map(String)).toEqual(['y', 'x']);
    expect(jacobianGraph([x.mul(y)], [])).toEqual([[]]);
    expect(jacobianGraph([], [x])).toEqual([]);
  });

  it('property: agrees with the numeric jacobian (forward mode) at the build point and, via evaluateAll, at another', () => {
    fc.assert(
      fc.property(
        arbExpressionAtPoint({ variables: 2, maxDepth: 3 }),
        arbExpression({ variables: 2, maxDepth: 3 }),
        fc.double({ min: -0.25, max: 0.25, noNaN: true }),
        (first, second, shift) => {
          // Arrange: two outputs over the same leaves, at the first expression's point.
          const point = first.point;
          fc.pre(second.isSmoothAt(point));
          const leaves = point.map((p, i) => new Value(p, `x${i}`));
          const f = (...xs: Value[]) => [first.expr.build(xs), second.build(xs)];
          // Act
          const outputs = f(...leaves);
          const J = jacobianGraph(outputs, leaves);
          const numeric = jacobian(f)(...point);
          // Assert
          J.forEach((row, o) => row.forEach((d, i) => expect(close(d.data, numeric[o][i], 1e-9, 1e-12), `J[${o}][${i}]`).toBe(true)));
          // Each row is the formula gradients() builds for its output (shared nodes, same doubles).
          J.forEach((row, o) => gradients(outputs[o], leaves).forEach((d, i) => expect(Object.is(row[i].data, d.data), `J[${o}][${i}] vs gradients`).toBe(true)));
          const moved = point.map((p) => p + shift);
          if (!(first.expr.isSmoothAt(moved) && second.isSmoothAt(moved))) return;
          const values = evaluateAll(J.flat(), new Map(leaves.map((l, i) => [l, moved[i]])));
          jacobian(f)(...moved).flat().forEach((v, k) => expect(close(values[k], v, 1e-9, 1e-12), `entry ${k} at the moved point`).toBe(true));
        },
      ),
      { numRuns: RUNS, seed: SEED },
    );
  });

  it('shares subgraphs: far fewer distinct nodes than separate derivatives', () => {
    const xs = [0.3, -0.2, 0.5, 0.1].map((p, i) => new Value(p, `x${i}`));
    const h = network(xs);
    const ys = [h, h.mul(h), h.exp(), h.mul(xs[0])];
    const J = jacobianGraph(ys, xs);
    const separate = ys.flatMap((y) => xs.map((x) => countNodes(derivative(y, x))));
    expect(distinctNodes(J.flat())).toBeLessThan(0.25 * separate.reduce((a, b) => a + b, 0));
  });
});

describe('hessianGraph(y, xs)', () => {
  it('gives the symbolic second partials; the lower triangle is the upper one', () => {
    const x = new Value(3, 'x');
    const y = new Value(2, 'y');
    const H = hessianGraph(x.mul(x).mul(y), [x, y]);
    expect(H.map((row) => row.map((d) => d.data))).toEqual([[4, 6], [6, 0]]);
    expect(H[1][0]).toBe(H[0][1]);
    expect(hessianGraph(x.exp(), [])).toEqual([]);
  });

  it('property: the upper triangle is the numeric hessian\'s, bit for bit; each entry is close to its mirror computed separately', () => {
    fc.assert(
      fc.property(arbExpressionAtPoint({ variables: 3, maxDepth: 3 }), ({ expr, point }) => {
        // Arrange
        const leaves = point.map((p, i) => new Value(p, `x${i}`));
        const y = expr.build(leaves);
        // Act
        const H = hessianGraph(y, leaves);
        const numeric = hessian(expr.fn)(...point);
        // Assert: the values, the shared mirror nodes, and symmetry in value (∂²/∂x_j∂x_i built
        // from the j-th gradient entry, the lower triangle that hessianGraph does not build).
        const g = gradients(y, leaves);
        for (let i = 0; i < point.length; i++) {
          for (let j = 0; j < point.length; j++) {
            // The upper triangle is the formula hessian() evaluates; the lower one is its mirror.
            if (j >= i) expect(Object.is(H[i][j].data, numeric[i][j]), `H[${i}][${j}]: ${H[i][j].data} vs ${numeric[i][j]}`).toBe(true);
            else expect(H[i][j]).toBe(H[j][i]);
            const mirror = derivative(g[j], leaves[i]).data;
            expect(close(H[i][j].data, mirror, 1e-9, 1e-12), `H[${i}][${j}] vs ∂²/∂x${j}∂x${i}`).toBe(true);
          }
        }
      }),
      { numRuns: RUNS, seed: SEED + 1 },
    );
  });

  it('shares subgraphs: far fewer distinct nodes than the sum of separate second derivatives', () => {
    const xs = [0.3, -0.2, 0.5, 0.1].map((p, i) => new Value(p, `x${i}`));
    const y = network(xs);
    const H = hessianGraph(y, xs);
    let separate = 0;
    for (const xi of xs) for (const xj of xs) separate += countNodes(derivative(derivative(y, xi), xj));
    expect(distinctNodes(H.flat())).toBeLessThan(0.25 * separate);
  });

  it('the compiled tape of the Hessian graphs computes what evaluateAll does, at new points', () => {
    const xs = [0.3, -0.2, 0.5, 0.1].map((p, i) => new Value(p, `x${i}`));
    const entries = hessianGraph(network(xs), xs).flat();
    const tape = compile(entries, { inputs: xs });
    for (const point of [[0.1, 0.2, 0.3, 0.4], [-1.5, 2, 0.25, -0.75]]) {
      const viaGraph = evaluateAll(entries, new Map(xs.map((x, i) => [x, point[i]])));
      const viaTape = tape.forward(point);
      viaGraph.forEach((v, k) => expect(close(viaTape[k], v, 1e-12, 1e-15), `entry ${k}: ${viaTape[k]} vs ${v}`).toBe(true));
    }
  });

  it('is iterative: a 60,000-node chain of two variables (recursion would overflow the stack at ~10,000)', () => {
    const a = new Value(0.5, 'a');
    const b = new Value(0.25, 'b');
    let y: Value = a.mul(b);
    for (let i = 0; i < 30_000; i++) y = y.mul(0.99999).add(b);
    const H = hessianGraph(y, [a, b]);
    // y = c·a·b + (affine in b), c = 0.99999^30000: ∂²y/∂a² = 0, ∂²y/∂a∂b = c, ∂²y/∂b² = 0.
    expect(H[0][0].data).toBe(0);
    expect(close(H[0][1].data, Math.pow(0.99999, 30_000), 1e-9)).toBe(true);
    expect(H[1][1].data).toBe(0);
  });

  it('rejects bad arguments before building anything', () => {
    const x = new Value(1, 'x');
    expect(() => jacobianGraph(x as unknown as Value[], [x])).toThrow(new TypeError('chainrule.jacobianGraph: ys must be an array of Values, received a Value.'));
    expect(() => jacobianGraph([x, 2 as unknown as Value], [x])).toThrow(new TypeError('chainrule.jacobianGraph: ys[1] must be a Value, received 2.'));
    expect(() => jacobianGraph([x], [x, null as unknown as Value])).toThrow(new TypeError('chainrule.jacobianGraph: xs[1] must be a Value, received null.'));
    expect(() => hessianGraph([x] as unknown as Value, [x])).toThrow(new TypeError('chainrule.hessianGraph: y must be a Value, received an array of length 1.'));
    expect(() => hessianGraph(x, 'x' as unknown as Value[])).toThrow(new TypeError('chainrule.hessianGraph: xs must be an array of Values, received "x".'));
  });
});
