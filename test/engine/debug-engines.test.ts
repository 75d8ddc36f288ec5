import fc from 'fast-check';
import { afterEach, describe, expect, it } from 'vitest';
import { OP_LIST, Value, compile, derivative, evaluate, hvp, jacobian, jvp, setDebug, topologicalOrder } from '../../src/index.js';
import { train } from '../../src/nn/index.js';
import { growDag, type DagStep } from '../helpers/random-dag.js';
import { RUNS, SEED } from '../helpers/runs.js';

// Debug (anomaly) mode covers every engine, as JAX's debug_nans does under jit: the compiled
// tape, evaluate() and the forward-mode sweeps throw at the first NaN, naming the op, its operands
// and where (the tape slot, the example, the node), before any result leaves or any grad changes.

afterEach(() => setDebug(false));

/** The error a call throws, as text, or null. */
function outcome(call: () => unknown): string | null {
  try {
    call();
    return null;
  } catch (error) {
    return String(error);
  }
}

describe('debug mode on the compiled tape', () => {
  it('Tape.forward: a NaN made at a new input throws naming the op and its slot; off, the NaN flows', () => {
    const x = new Value(2, 'x');
    const tape = compile(x.log().mul(3), { inputs: [x] });
    expect(tape.forward([-1])[0]).toBeNaN();
    setDebug(true);
    expect(() => tape.forward([-1])).toThrowErrorMatchingInlineSnapshot(`[RangeError: chainrule.debug: log(-1) produced NaN (in Tape.forward, at tape slot 2 of 4). The first NaN appeared here; check this op's operands.]`);
    expect(tape.forward([2])[0]).toBeCloseTo(3 * Math.LN2, 15);
  });

  it('Tape.backward: a NaN local derivative (atan2 at the origin) throws before any grad changes', () => {
    const [y, x] = [new Value(1, 'y'), new Value(1, 'x')];
    const w = new Value(2, 'w');
    const tape = compile(y.atan2(x).mul(w), { inputs: [y, x] });
    w.grad = 5;
    setDebug(true);
    tape.forward([0, 0]);
    expect(() => tape.backward()).toThrowError(/chainrule\.debug: the local derivative of atan2\(0, 0\) is NaN \(in Tape\.backward, at tape slot \d+ of 5\)/);
    expect(w.grad).toBe(5);
  });

  it('Tape.run: the example is named too, and no param grad changes', () => {
    const [y, x] = [new Value(1, 'y'), new Value(1, 'x')];
    const w = new Value(2, 'w');
    const tape = compile(w.mul(y).atan2(x), { inputs: [y, x] }); // atan2's partials lie on w's gradient path
    w.grad = 5;
    setDebug(true);
    expect(() => tape.run([[1, 1], [0, 0]])).toThrowError(/atan2\(0, 0\) is NaN \(in Tape\.run, at tape slot \d+ of 5, example 1\)/);
    expect(w.grad).toBe(5);
    expect(() => tape.run([[2, 1], [-1, 1]], { backward: false })).not.toThrow();
    const z = new Value(1, 'z');
    expect(() => compile(z.sqrt().mul(w), { inputs: [z] }).run([[4], [-4]])).toThrowError(/sqrt\(-4\) produced NaN \(in Tape\.run, at tape slot \d+ of \d+, example 1\)/);
  });
});

describe('debug mode in evaluate and the forward-mode sweeps', () => {
  it('evaluate: a NaN at the new point throws naming the op and the node, and every node keeps its data', () => {
    const x = new Value(2, 'x');
    const d = derivative(x.log().mul(x), x); // log(x) + 1
    setDebug(true);
    expect(() => evaluate(d, new Map([[x, -1]]))).toThrowError(/chainrule\.debug: log\(-1\) produced NaN \(in evaluate, at node \d+ of \d+ in topological order\)/);
    expect(x.data).toBe(2);
    expect(d.data).toBeCloseTo(Math.LN2 + 1, 15);
  });

  it('jvp, jacobian and hvp: a NaN local derivative throws naming the op', () => {
    setDebug(true);
    const f = (y: Value, x: Value) => y.atan2(x);
    expect(() => jvp(f, [0, 0], [1, 0])).toThrowError(/the local derivative of atan2\(0, 0\) is NaN \(in jvp\)/);
    expect(() => jacobian(f)(0, 0)).toThrowError(/atan2\(0, 0\) is NaN \(in jacobian\)/);
    expect(() => hvp((x: Value) => x.abs().sqrt(), [0], [1])).toThrowError(/chainrule\.debug/);
  });

  it('property: Tape.forward throws in debug mode exactly when a node of the compiled graph is NaN at the point, naming an op', () => {
    const step = fc.record({ op: fc.integer({ min: 0, max: OP_LIST.length - 1 }), picks: fc.array(fc.nat(), { minLength: 1, maxLength: 4 }) });
    const coordinate = fc.double({ min: -3, max: 3, noNaN: true });
    let nans = 0;
    fc.assert(
      fc.property(fc.array(step, { minLength: 1, maxLength: 10 }), fc.tuple(coordinate, coordinate), (steps: DagStep[], point) => {
        const build = (xs: Value[]) => {
          const pool = growDag([...xs], steps, 4);
          return pool[pool.length - 1];
        };
        const vars = [new Value(0.5), new Value(0.25)];
        const tape = compile(build(vars), { inputs: vars });
        // The graph at the point, built with debug off: does any node feeding the root hold NaN?
        const hasNaN = topologicalOrder([build(point.map((p) => new Value(p)))]).some((v) => Number.isNaN(v.data));
        setDebug(true);
        const compiled = outcome(() => tape.forward(point));
        setDebug(false);
        if (hasNaN) nans++;
        expect(compiled !== null, `NaN in the graph: ${hasNaN}, tape: ${compiled}`).toBe(hasNaN);
        if (compiled !== null) expect(compiled).toMatch(/^RangeError: chainrule\.debug: \w+\(.*\) produced NaN \(in Tape\.forward, at tape slot \d+ of \d+\)/);
      }),
      { numRuns: RUNS, seed: SEED },
    );
    expect(nans).toBeGreaterThan(RUNS / 10); // the property met NaNs often enough to mean something
  });
});

describe('debug mode in train', () => {
  /** A one-parameter model, sqrt(x − w): NaN on the third example (x = −1) whatever w has learned by then. */
  const trainAt = (engine: 'graph' | 'compiled') => {
    const w = new Value(0, 'w');
    const model = { nin: 1, forward: (x: readonly Value[]) => [x[0].sub(w).sqrt()], parameters: () => [w] };
    const data = [{ x: [1], y: [2] }, { x: [4], y: [1] }, { x: [-1], y: [0] }];
    const error = outcome(() => train(model, data, { engine, batchSize: 1, shuffle: false, lr: 0.1 }));
    return { error, w: w.data };
  };

  it('the fused step throws at the first NaN naming the op, the model as after the last applied step, as on the graph engine', () => {
    setDebug(true);
    const graph = trainAt('graph');
    const compiled = trainAt('compiled');
    expect(compiled.error).toMatch(/chainrule\.debug: sqrt\(-0\.9\d+\) produced NaN \(in train, at tape slot \d+ of \d+\)/);
    expect(graph.error).toMatch(/chainrule\.debug: sqrt\(-0\.9\d+\) produced NaN/);
    expect(compiled.w).toBe(graph.w);
    expect(compiled.w).not.toBe(0); // two steps were applied before the third example
    setDebug(false);
    expect(trainAt('compiled').error).toMatch(/RangeError: chainrule\.train: .*epoch 1, batch 3/);
  });
});
