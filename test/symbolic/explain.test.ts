import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { Value, dot, topologicalOrder } from '../../src/index.js';
import { explain } from '../../src/symbolic/explain.js';
import { arbExpressionAtPoint } from '../../src/testing/index.js';

const RUNS = Number(process.env.FC_RUNS ?? 100);

/**
 * A chain x → ·1.0001 → tanh → … (3·steps + 1 nodes with the constants; every third tanh
 * labelled) in which every `every`-th node counts the reads of its `inputs`: every walk over a
 * graph reads them, so the count measures the work done on the chain without timing anything.
 */
function countingChain(steps: number, every: number) {
  const x = new Value(0.5, 'x');
  let y: Value = x;
  for (let i = 0; i < steps; i++) {
    y = y.mul(1.0001).tanh();
    if (i % 3 === 0) y.label = `h${i}`;
  }
  const counter = { reads: 0, counted: 0 };
  topologicalOrder([y]).forEach((node, i) => {
    if (i % every !== 0) return;
    const inputs = node.inputs;
    Object.defineProperty(node, 'inputs', { get: () => (counter.reads++, inputs) });
    counter.counted++;
  });
  return { x, y, counter };
}

/** Reads per counted node made by explain(y, x) and its toString(), and the text's length. */
function explainWork(steps: number, every = 1): { readsPerNode: number; length: number } {
  const { x, y, counter } = countingChain(steps, every);
  const text = explain(y, x).toString();
  return { readsPerNode: counter.reads / counter.counted, length: text.length };
}

/** The notes' last layer: z = w·a_prev + b, a = σ(z), C0 = (a − y)². */
function lastLayer() {
  const w = new Value(1.4, 'w');
  const aPrev = new Value(0.4, 'a_prev');
  const b = new Value(-0.2, 'b');
  const y = new Value(1, 'y');
  const z = w.mul(aPrev).add(b);
  z.label = 'z';
  const a = z.sigmoid();
  a.label = 'a';
  const C0 = a.sub(y).pow(2);
  C0.label = 'C0';
  return { w, aPrev, b, y, z, a, C0 };
}

describe('explain', () => {
  it("spells out the notes' chain ∂z/∂w · ∂a/∂z · ∂C0/∂a with values", () => {
    const { w, b, C0, a, aPrev } = lastLayer();
    const e = explain(C0, w);
    expect(e.pathCount).toBe(1);
    expect(e.paths[0].factors.map((f) => [f.of.label, f.wrt.label])).toEqual([['z', 'w'], ['a', 'z'], ['C0', 'a']]);
    expect(e.total).toBeCloseTo(aPrev.data * a.data * (1 - a.data) * 2 * (a.data - 1), 14);
    expect(e.paths[0].product).toBeCloseTo(e.total, 14);
    expect(e.toString()).toMatchInlineSnapshot(`
      "∂C0/∂w = ∂z/∂w · ∂a/∂z · ∂C0/∂a
             = a_prev · (a * sigmoid(-z)) · (2 * (a - y))
             = 0.4 · 0.242072 · -0.821919
             = -0.0795854"
    `);
    expect(explain(C0, b).toString()).toMatchInlineSnapshot(`
      "∂C0/∂b = ∂z/∂b · ∂a/∂z · ∂C0/∂a
             = 1 · (a * sigmoid(-z)) · (2 * (a - y))
             = 1 · 0.242072 · -0.821919
             = -0.198963"
    `);
  });

  it('keeps a labelled node reached by an identity step first: ∂z/∂b = 1 for a bias b', () => {
    const { b, C0 } = lastLayer();
    expect(explain(C0, b).paths[0].factors.map((f) => [f.of.label, f.wrt.label, f.value])).toEqual([['z', 'b', 1], ['a', 'z', expect.any(Number)], ['C0', 'a', expect.any(Number)]]);
    // The same through a dot product: z = dot(w, a) + b.
    const w = [new Value(0.5, 'w0'), new Value(-0.25, 'w1')];
    const a = [new Value(0.3, 'a0'), new Value(0.9, 'a1')];
    const bias = new Value(0.1, 'b');
    const z = dot(w, a).add(bias);
    z.label = 'z';
    const out = z.tanh();
    out.label = 'h';
    const e = explain(out.pow(2), bias);
    expect(e.paths[0].factors.map((f) => `∂${f.of.label || f.of.op}/∂${f.wrt.label}`)).toEqual(['∂z/∂b', '∂h/∂z', '∂pow/∂h']);
    expect(e.paths[0].product).toBeCloseTo(e.total, 14);
    // A path of identity steps only is still just 1.
    const s = bias.add(1);
    s.label = 's';
    expect(explain(s, bias).toString()).toMatchInlineSnapshot(`"∂s/∂b = 1"`);
  });

  it('sums over several paths', () => {
    const x = new Value(0.5, 'x');
    const e = explain(x.mul(x).add(x.exp()), x);
    expect(e.pathCount).toBe(3);
    expect(e.paths.reduce((s, p) => s + p.product, 0)).toBeCloseTo(e.total, 14);
    expect(e.toString()).toMatchInlineSnapshot(`
      "path 1: ∂(x * x + exp(x))/∂x = ∂(x * x + exp(x))/∂x
                                   = x
                                   = 0.5
      path 2: ∂(x * x + exp(x))/∂x = ∂(x * x + exp(x))/∂x
                                   = x
                                   = 0.5
      path 3: ∂(x * x + exp(x))/∂x = ∂(x * x + exp(x))/∂x
                                   = exp(x)
                                   = 1.64872
      ∂(x * x + exp(x))/∂x = sum over 3 paths = 2.64872"
    `);
  });

  it('lists at most maxPaths paths and counts the rest (2^20 paths, iteratively)', () => {
    const x = new Value(1, 'x');
    let y: Value = x;
    for (let i = 0; i < 20; i++) y = y.mul(y);
    const e = explain(y, x, { maxPaths: 2 });
    expect(e.pathCount).toBe(2 ** 20);
    expect(e.paths).toHaveLength(2);
    expect(e.total).toBe(2 ** 20); // d/dx x^(2^20) at 1
    expect(e.toString().split('\n').slice(-2)).toMatchInlineSnapshot(`
      [
        "… 1048574 more paths not shown (maxPaths 2).",
        "∂⟨mul⟩/∂x = sum over 1048576 paths = 1048576",
      ]
    `);
  });

  it('has no path when y does not depend on x, and the trivial one when y is x', () => {
    const x = new Value(1, 'x');
    const u = new Value(2, 'u');
    expect(explain(u.exp(), x).pathCount).toBe(0);
    expect(explain(u.exp(), x).total).toBe(0);
    expect(explain(x, x).toString()).toMatchInlineSnapshot(`"∂x/∂x = 1"`);
  });

  it('rejects bad arguments', () => {
    const x = new Value(1, 'x');
    expect(() => explain(1 as unknown as Value, x)).toThrowErrorMatchingInlineSnapshot(`[TypeError: chainrule.explain: y must be a Value, received 1.]`);
    expect(() => explain(x, x, { maxPaths: 0 })).toThrowErrorMatchingInlineSnapshot(`[RangeError: chainrule.explain: options.maxPaths must be a positive integer, received 0.]`);
  });

  it('the products summed over the paths equal ∂y/∂x (property)', () => {
    fc.assert(
      fc.property(arbExpressionAtPoint({ variables: 2, maxDepth: 3 }), ({ expr, point }) => {
        const leaves = point.map((p, i) => new Value(p, `x${i}`));
        const e = explain(expr.build(leaves), leaves[0], { maxPaths: 1000 });
        fc.pre(e.pathCount <= 1000);
        const sum = e.paths.reduce((s, p) => s + p.product, 0);
        expect(Math.abs(sum - e.total)).toBeLessThanOrEqual(1e-9 * Math.max(1, Math.abs(e.total)));
      }),
      { numRuns: RUNS, seed: Number(process.env.FC_SEED ?? 4006) },
    );
  });

  it('does work linear in the graph: a chain twice as long costs as many reads per node, not twice as many', () => {
    const [short, long] = [explainWork(200), explainWork(400)];
    expect(long.readsPerNode / short.readsPerNode).toBeLessThan(1.1);
    expect(long.length / short.length).toBeLessThan(2.1);
  });

  it('explains a 200,000-node chain with a bounded number of reads per node', () => {
    const steps = 66_666; // 3 · 66,666 + 1 nodes
    const { readsPerNode, length } = explainWork(steps, 97);
    expect(readsPerNode).toBeLessThan(40); // a quadratic walk reads each node ~steps times
    expect(length / steps).toBeLessThan(400) // each step prints a bounded line (σ′ prints as σ(z)·σ(−z));
  });
});
