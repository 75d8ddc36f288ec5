import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { OP_LIST, Value, defineOp, topologicalOrder } from '../../src/index.js';
import { renumber } from '../../src/engine/made.js';
import { growDag, type DagStep } from '../helpers/random-dag.js';
import { RUNS, SEED } from '../helpers/runs.js';

// backward sums the whole sweep first and adds it into the leaves' grads once, at the end, as
// PyTorch does: a local rule that throws midway changes no grad, and two calls give exactly twice one.

/** A user op (x·1.5) whose local rule throws once `fuse` calls have run (never while fuse is Infinity). */
let fuse = Infinity;
const fragile = defineOp({
  name: 'fragileScale',
  arity: 1,
  forward: (a) => 1.5 * a,
  local: () => {
    if (--fuse < 0) throw new Error('fragileScale: local failed');
    return 1.5;
  },
});

/** Every node's grad feeding `root`, in topological order. */
function grads(root: Value): number[] {
  return topologicalOrder([root]).map((v) => v.grad);
}

const sameAll = (a: readonly number[], b: readonly number[]) => a.length === b.length && a.every((x, i) => Object.is(x, b[i]) || x === b[i]);
/** Equal but for the rounding of sums taken in another order. */
const closeAll = (a: readonly number[], b: readonly number[]) =>
  a.length === b.length && a.every((x, i) => Object.is(x, b[i]) || x === b[i] || Math.abs(x - b[i]) <= 1e-12 * Math.max(1, Math.abs(x), Math.abs(b[i])));

describe('a backward that throws changes no grad', () => {
  it('the issue’s case: a user op’s local throws after a·b has sent its partials: a.grad stays 10, b.grad 20', () => {
    const a = new Value(2, 'a');
    const b = new Value(3, 'b');
    a.grad = 10;
    b.grad = 20;
    const y = a.mul(b).add(fragile(a.add(b)));
    fuse = 0;
    try {
      expect(() => y.backward()).toThrow('fragileScale: local failed');
    } finally {
      fuse = Infinity;
    }
    expect([a.grad, b.grad]).toEqual([10, 20]);
  });

  it('property: a local that throws at any point of the sweep leaves every node’s grad as it was', () => {
    const step = fc.record({ op: fc.integer({ min: 0, max: OP_LIST.length - 1 }), picks: fc.array(fc.nat(), { minLength: 1, maxLength: 4 }) });
    fc.assert(
      fc.property(fc.array(step, { minLength: 1, maxLength: 12 }), fc.array(fc.nat(), { minLength: 1, maxLength: 3 }), fc.nat({ max: 4 }), (steps: DagStep[], fragileAt, when) => {
        const pool = [new Value(0.3, 'x'), new Value(-0.7, 'y'), new Value(1.1, 'z')];
        pool.forEach((l, i) => (l.grad = i + 0.25));
        // Fragile nodes spliced into the DAG, so leaves get partials both before and after them.
        const all = growDag(pool, steps, 6);
        for (const k of fragileAt) all.push(fragile(all[all.length - 1 - (k % all.length)]).add(all[all.length - 1]));
        const root = all[all.length - 1];
        const before = grads(root);
        fuse = when;
        let threw = false;
        try {
          root.backward();
        } catch {
          threw = true;
        } finally {
          fuse = Infinity;
        }
        fc.pre(threw);
        expect(sameAll(grads(root), before)).toBe(true);
      }),
      { numRuns: RUNS, seed: SEED },
    );
  });
});

describe('backward sums the sweep, then accumulates once', () => {
  it('property: two backward calls give exactly 2× one call in every leaf (random DAGs over every op)', () => {
    const step = fc.record({ op: fc.integer({ min: 0, max: OP_LIST.length - 1 }), picks: fc.array(fc.nat(), { minLength: 1, maxLength: 4 }) });
    const coordinate = fc.double({ min: -2, max: 2, noNaN: true });
    fc.assert(
      fc.property(fc.array(step, { minLength: 1, maxLength: 20 }), fc.tuple(coordinate, coordinate, coordinate), (steps: DagStep[], point) => {
        const build = () => {
          const leaves = point.map((p) => new Value(p));
          const pool = growDag([...leaves], steps, 8);
          return { leaves, root: pool[pool.length - 1] };
        };
        const once = build();
        once.root.backward();
        const twice = build();
        twice.root.backward();
        twice.root.backward();
        expect(sameAll(twice.leaves.map((l) => l.grad), once.leaves.map((l) => 2 * l.grad)), `${once.leaves.map((l) => l.grad)} → ${twice.leaves.map((l) => l.grad)}`).toBe(true);
      }),
      { numRuns: RUNS, seed: SEED },
    );
  });

  it('a leaf reached by three paths: one call sums them before adding, so a second call adds the same sum', () => {
    // Added one by one into x.grad, the second call gave 1.8153287756209586, not 2 × 0.9076643878104792.
    const x = new Value(0.2);
    const f = () => x.mul(x).sigmoid().add(x.tanh().mul(x)).add(x.exp().sin());
    f().backward();
    const one = x.grad;
    f().backward();
    expect(x.grad).toBe(2 * one);
  });
});

describe('the order backward releases nodes in', () => {
  it('property: the creation order is only a hint — scrambled (as a wrapped count leaves it), the grads are the same up to the order of sums, also where the sweep is redone', () => {
    const step = fc.record({ op: fc.integer({ min: 0, max: OP_LIST.length - 1 }), picks: fc.array(fc.nat(), { minLength: 1, maxLength: 4 }) });
    fc.assert(
      fc.property(fc.array(step, { minLength: 2, maxLength: 16 }), fc.array(fc.integer({ min: 0, max: 2 ** 30 - 1 }), { minLength: 40, maxLength: 40 }), (steps: DagStep[], scramble) => {
        const build = () => {
          const leaves = [0.3, -0.7, 1.1].map((p) => new Value(p));
          const pool = growDag([...leaves], steps, 6);
          return { leaves, root: pool[pool.length - 1] };
        };
        // The order a redo sweeps in: the graph renumbered in topological order (sums then add up alike).
        const plain = build();
        renumber(topologicalOrder([plain.root]));
        plain.root.backward();
        // Scrambled: where the numbers still put inputs below their consumers (ties included),
        // backward sweeps in that order, adding the same adjoints in another order (equal to
        // rounding); where they do not, it notices and sweeps again in topological order.
        const scrambled = build();
        topologicalOrder([scrambled.root]).forEach((v, i) => (v.made = scramble[i % scramble.length]));
        scrambled.root.backward();
        expect(closeAll(scrambled.leaves.map((l) => l.grad), plain.leaves.map((l) => l.grad))).toBe(true);
        const again = scrambled.root.mul(2);
        again.backward();
        expect(closeAll(scrambled.leaves.map((l) => l.grad), plain.leaves.map((l) => l.grad * 3))).toBe(true);
        // Numbered backwards (every input above its consumers): the sweep is redone, with the same grads
        // (its topological order may differ from topologicalOrder's where a node has several consumers).
        const reversed = build();
        const order = topologicalOrder([reversed.root]);
        order.forEach((v, i) => (v.made = order.length - i));
        reversed.root.backward();
        expect(closeAll(reversed.leaves.map((l) => l.grad), plain.leaves.map((l) => l.grad))).toBe(true);
      }),
      { numRuns: Math.ceil(RUNS / 2), seed: SEED },
    );
  });
});
