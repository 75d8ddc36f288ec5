import fc from 'fast-check';
import { afterEach, describe, expect, it } from 'vitest';
import { Value, grad, setDebug, topologicalOrder, zeroGrad } from '../../src/index.js';
import { gradcheck } from '../../src/testing/index.js';
import { RUNS, SEED } from '../helpers/runs.js';

// A call that throws leaves every object it was given as it was: debug backward, zeroGrad,
// gradcheck and grad check everything before they change anything.

/** data and grad of every node feeding `root`, in topological order. */
function snapshot(root: Value): number[][] {
  return topologicalOrder([root]).map((v) => [v.data, v.grad]);
}

describe('a debug-mode backward that throws leaves every grad as it was', () => {
  afterEach(() => setDebug(false));

  it('leaves and interior nodes keep their grads when a NaN local derivative is found', () => {
    const x = new Value(-1, 'x');
    const w = new Value(2, 'w');
    const broken = x.mul(w).add(x.pow(0.5)); // NaN local derivative of pow at x = −1
    x.grad = 7;
    w.grad = -3;
    const before = snapshot(broken);
    setDebug(true);
    expect(() => broken.backward()).toThrowError(/the local derivative of pow\(-1, 0\.5\) is NaN/);
    expect(snapshot(broken)).toEqual(before);
  });

  it('reports the node the sweep meets first (the one nearest the root)', () => {
    const x = new Value(-1);
    const inner = x.pow(0.5); // NaN local, far from the root
    const outer = inner.add(new Value(-4)).pow(0.5); // NaN forward and local, nearest the root
    setDebug(true);
    expect(() => outer.backward()).toThrowError(/the local derivative of pow\(NaN, 0\.5\) is NaN/);
  });

  it('property: a graph with a NaN local anywhere throws and changes no grad; without one, debug gives the same grads', () => {
    fc.assert(
      fc.property(
        fc.array(fc.double({ min: -2, max: 2, noNaN: true }), { minLength: 2, maxLength: 6 }),
        fc.integer({ min: 0, max: 5 }),
        fc.boolean(),
        (data, where, poison) => {
          // Arrange: a chain of products with, optionally, sqrt of a negative number at one link.
          const leaves = data.map((d) => new Value(d));
          leaves.forEach((l, i) => (l.grad = i + 0.5));
          let y = leaves[0];
          for (let i = 1; i < leaves.length; i++) {
            y = y.mul(leaves[i]).tanh();
            if (poison && i === 1 + (where % (leaves.length - 1))) y = y.add(new Value(-1).pow(0.5).mul(leaves[i]));
          }
          const before = snapshot(y);
          // Act
          setDebug(true);
          let threw = false;
          try {
            y.backward();
          } catch {
            threw = true;
          } finally {
            setDebug(false);
          }
          // Assert
          expect(threw).toBe(poison);
          if (threw) expect(snapshot(y)).toEqual(before);
          else {
            const debugGrads = leaves.map((l) => l.grad);
            leaves.forEach((l, i) => (l.grad = i + 0.5));
            y.backward();
            expect(debugGrads).toEqual(leaves.map((l) => l.grad));
          }
        },
      ),
      { numRuns: RUNS, seed: SEED },
    );
  });
});

describe('zeroGrad checks every element before zeroing any', () => {
  it('zeroGrad([x, 1]) leaves x.grad as it was', () => {
    const x = new Value(1);
    x.grad = 5;
    expect(() => zeroGrad([x, 1 as unknown as Value])).toThrowErrorMatchingInlineSnapshot(
      `[TypeError: chainrule.zeroGrad: values[1] must be a Value, received 1.]`,
    );
    expect(x.grad).toBe(5);
  });

  it('a non-iterable names itself', () => {
    expect(() => zeroGrad(null as unknown as Value[])).toThrowErrorMatchingInlineSnapshot(
      `[TypeError: chainrule.zeroGrad: values must be an iterable of Values, received null.]`,
    );
  });

  it('any iterable of Values works, a generator included', () => {
    const a = new Value(1);
    const b = new Value(2);
    a.grad = 3;
    b.grad = 4;
    zeroGrad(new Set([a]));
    zeroGrad((function* () { yield b; })());
    expect([a.grad, b.grad]).toEqual([0, 0]);
  });
});

describe('gradcheck leaves the Values f captures as they were', () => {
  it('a captured weight keeps its grad after a passing check', () => {
    const w = new Value(1.5, 'w');
    w.grad = 2;
    expect(gradcheck((x: Value) => x.mul(w).tanh(), [0.3]).ok).toBe(true);
    expect([w.data, w.grad]).toEqual([1.5, 2]);
  });
});

describe('deep graphs: the checking walks are iterative', () => {
  afterEach(() => setDebug(false));

  it('debug backward checks a 200,000-node chain, finds a NaN at its bottom, and changes no grad', () => {
    const x = new Value(-1);
    let y = x.pow(0.5); // NaN local derivative, as far from the root as can be
    for (let i = 0; i < 200_000; i++) y = y.add(x);
    x.grad = 3;
    setDebug(true);
    expect(() => y.backward()).toThrowError(/pow\(-1, 0\.5\)/);
    expect([x.grad, y.grad]).toEqual([3, 0]);
  });

  it('grad of a 200,000-op chain restores the captured leaf', () => {
    const w = new Value(1, 'w');
    const f = (v: Value) => {
      let y = v;
      for (let i = 0; i < 200_000; i++) y = y.mul(w);
      return y;
    };
    expect(grad(f)(2)).toEqual([1]);
    expect(w.grad).toBe(0);
  });
});
