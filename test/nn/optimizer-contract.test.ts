import { describe, expect, it } from 'vitest';
import { Value } from '../../src/index.js';
import { Adam, ArrayOptimizer, MLP, SGD, train } from '../../src/nn/index.js';
import type { Example, Optimizer, TrainEngine } from '../../src/nn/index.js';
import { close } from '../helpers/runs.js';

// The optimizer contract. An ArrayOptimizer writes its update once, in stepArrays(values, grads);
// its own step() runs that update on the Values. On the compiled engine train calls stepArrays on
// its parameter arrays instead, which is the same update by construction, as long as step() and
// zeroGrad() are ArrayOptimizer's own. Any optimizer that brings its own step() or zeroGrad() gets
// them called once per batch, on current Values, on every engine.
const ENGINES: TrainEngine[] = ['compiled', 'graph'];
const data: Example[] = Array.from({ length: 23 }, (_, i) => ({ x: [Math.sin(i), Math.cos(3 * i)], y: [i % 3 === 0 ? 1 : 0] }));
const weights = (net: MLP) => net.parameters().map((p) => p.data);
const expectClose = (a: readonly number[], b: readonly number[]) => a.forEach((x, i) => expect(close(x, b[i], 1e-9, 1e-12), `entry ${i}: ${x} vs ${b[i]}`).toBe(true));

/** sign-SGD: w ← w − α sign(g), written once, per parameter. */
class SignSGD extends ArrayOptimizer {
  constructor(
    params: readonly Value[],
    readonly lr: number,
  ) {
    super(params);
  }
  update(_i: number, w: number, g: number): number {
    return w - this.lr * Math.sign(g);
  }
}

/** SGD that records, at each step, whether the Values held the values it was given. */
class ObservedSGD extends SGD {
  readonly valuesCurrent: boolean[] = [];
  override stepArrays(values: Float64Array, grads: Float64Array): void {
    this.valuesCurrent.push(this.params.every((p, i) => p.data === values[i]));
    super.stepArrays(values, grads);
  }
}

/** SGD on the gradient clipped to global norm ≤ 1: an update that needs the whole vector, so it overrides stepArrays. */
class NormClippedSGD extends SGD {
  override stepArrays(values: Float64Array, grads: Float64Array): void {
    let norm = 0;
    for (const g of grads) norm += g * g;
    const scale = Math.min(1, 1 / Math.sqrt(norm));
    super.stepArrays(values, grads.map((g) => g * scale));
  }
}

describe('ArrayOptimizer: the update is written once', () => {
  it('step() applies update to the Values, stepArrays to arrays, identically; zeroGrad() clears the grads', () => {
    const params = [new Value(1), new Value(-2), new Value(0.5)];
    params.forEach((p, i) => (p.grad = [0.3, -4, 0][i]));
    const opt = new SignSGD(params, 0.1);
    opt.step();
    expect(params.map((p) => p.data)).toEqual([1 - 0.1, -2 + 0.1, 0.5]);
    expect(params.map((p) => p.grad)).toEqual([0.3, -4, 0]);
    const values = Float64Array.from([1, -2, 0.5]);
    opt.stepArrays(values, Float64Array.from([0.3, -4, 0]));
    expect(Array.from(values)).toEqual([1 - 0.1, -2 + 0.1, 0.5]);
    opt.zeroGrad();
    expect(params.map((p) => p.grad)).toEqual([0, 0, 0]);
  });

  it('an update that overrides stepArrays (clipping by the global norm) is the same in step() and on every engine', () => {
    const [compiled, graph] = ENGINES.map((engine) => {
      const net = new MLP(2, [4, 1], { seed: 3 });
      train(net, data, { epochs: 2, batchSize: 5, optimizer: new NormClippedSGD(net.parameters(), { lr: 2 }), engine });
      return weights(net);
    });
    expectClose(compiled, graph);
    const params = [new Value(0), new Value(0)];
    params.forEach((p, i) => (p.grad = [3, 4][i]));
    new NormClippedSGD(params, { lr: 1 }).step();
    expect(params[0].data).toBeCloseTo(-0.6, 15);
    expect(params[1].data).toBeCloseTo(-0.8, 15);
  });

  it('on the compiled engine, train runs the update on its own arrays (the Values are left alone between callbacks); on the graph engine, on the Values', () => {
    const [compiled, graph] = ENGINES.map((engine) => {
      const net = new MLP(2, [4, 1], { seed: 2 });
      const opt = new ObservedSGD(net.parameters(), { lr: 0.3 });
      train(net, data, { epochs: 2, batchSize: 5, optimizer: opt, engine });
      return { opt, weights: weights(net) };
    });
    expect(compiled.opt.valuesCurrent).toHaveLength(10);
    expect(compiled.opt.valuesCurrent.slice(1).some((current) => current)).toBe(false);
    expect(graph.opt.valuesCurrent.every((current) => current)).toBe(true);
    expectClose(compiled.weights, graph.weights);
  });

  it('a user ArrayOptimizer (sign-SGD) trains to the same weights on both engines', () => {
    const [compiled, graph] = ENGINES.map((engine) => {
      const net = new MLP(2, [4, 1], { seed: 8 });
      train(net, data, { epochs: 2, batchSize: 5, optimizer: new SignSGD(net.parameters(), 0.01), engine });
      return weights(net);
    });
    expectClose(compiled, graph);
  });

  it('SGD and Adam are ArrayOptimizers; an object with only step() and zeroGrad() is an Optimizer too', () => {
    const net = new MLP(2, [3, 1]);
    expect(new SGD(net.parameters(), { lr: 0.1 })).toBeInstanceOf(ArrayOptimizer);
    expect(new Adam(net.parameters())).toBeInstanceOf(ArrayOptimizer);
    const plain: Optimizer = { step() {}, zeroGrad() {} };
    expect(plain).not.toBeInstanceOf(ArrayOptimizer);
  });

  it('refuses params that are not an array of Values, naming the subclass', () => {
    expect(() => new SignSGD([1 as never], 0.1)).toThrow('chainrule.SignSGD: params[0] must be a Value, received 1.');
  });
});

describe('an optimizer’s own step() and zeroGrad() run once per batch, on current Values, on every engine', () => {
  class CountingSGD extends SGD {
    calls = { step: 0, zeroGrad: 0 };
    override step(): void {
      this.calls.step++;
      super.step();
    }
    override zeroGrad(): void {
      this.calls.zeroGrad++;
      super.zeroGrad();
    }
  }

  it('a subclass that wraps step() and zeroGrad() (calling super) gets both called every batch', () => {
    const runs = ENGINES.map((engine) => {
      const net = new MLP(2, [4, 1], { seed: 2 });
      const opt = new CountingSGD(net.parameters(), { lr: 0.3, momentum: 0.5 });
      train(net, data, { epochs: 2, batchSize: 5, optimizer: opt, engine });
      return { calls: opt.calls, weights: weights(net) };
    });
    for (const run of runs) expect(run.calls).toEqual({ step: 10, zeroGrad: 10 });
    expectClose(runs[0].weights, runs[1].weights);
  });

  it('a subclass whose step() updates the Values itself (never calling super) gets exactly the graph engine’s result', () => {
    class ValuesSGD extends SGD {
      override step(): void {
        for (const p of this.params) p.data -= this.lr * p.grad;
      }
    }
    const [compiled, graph] = ENGINES.map((engine) => {
      const net = new MLP(2, [4, 1], { seed: 5 });
      train(net, data, { epochs: 3, batchSize: 4, optimizer: new ValuesSGD(net.parameters(), { lr: 0.4 }), engine });
      return weights(net);
    });
    expectClose(compiled, graph);
    const untrained = weights(new MLP(2, [4, 1], { seed: 5 }));
    expect(compiled).not.toEqual(untrained);
  });

  it('a subclass whose step() clips the gradient on the Values before super.step() is honoured on every engine', () => {
    // Reading and writing the Values inside step() is allowed: the clipping must not be lost.
    class ClippedSGD extends SGD {
      override step(): void {
        for (const p of this.params) p.grad = Math.max(-0.01, Math.min(0.01, p.grad));
        super.step();
      }
    }
    const [compiled, graph, unclipped] = [...ENGINES, 'plain' as const].map((engine) => {
      const net = new MLP(2, [4, 1], { seed: 5 });
      const optimizer = engine === 'plain' ? new SGD(net.parameters(), { lr: 1 }) : new ClippedSGD(net.parameters(), { lr: 1 });
      train(net, data, { epochs: 2, batchSize: 4, optimizer, engine: engine === 'plain' ? 'graph' : engine });
      return weights(net);
    });
    expectClose(compiled, graph);
    expect(compiled).not.toEqual(unclipped);
  });

  it('a step() that skips some updates (a schedule) gives the graph engine’s result', () => {
    class EveryOther extends SGD {
      private k = 0;
      override step(): void {
        if (this.k++ % 2 === 0) super.step();
      }
    }
    const [compiled, graph] = ENGINES.map((engine) => {
      const net = new MLP(2, [3, 1], { seed: 6 });
      train(net, data, { epochs: 2, batchSize: 5, optimizer: new EveryOther(net.parameters(), { lr: 0.5 }), engine });
      return weights(net);
    });
    expectClose(compiled, graph);
  });

  it('an optimizer stepped by hand inside a callback moves the weights on every engine alike', () => {
    const [compiled, graph] = ENGINES.map((engine) => {
      const net = new MLP(2, [3, 1], { seed: 7 });
      const opt = new SGD(net.parameters(), { lr: 0.2 });
      train(net, data, { epochs: 2, batchSize: 6, optimizer: opt, engine, onEpochEnd: () => opt.step() });
      return weights(net);
    });
    expectClose(compiled, graph);
  });

  it('an ArrayOptimizer over other Values than the model’s parameters steps the Values', () => {
    const net = new MLP(2, [3, 1], { seed: 2 });
    const frozen = net.layers[1].parameters().map((p) => p.data);
    const [compiled, graph] = ENGINES.map((engine) => {
      const copy = MLP.fromJSON(net.toJSON());
      train(copy, data, { epochs: 2, batchSize: 6, optimizer: new Adam(copy.layers[0].parameters(), { lr: 0.05 }), engine });
      expect(copy.layers[1].parameters().map((p) => p.data)).toEqual(frozen);
      return weights(copy);
    });
    expectClose(compiled, graph);
  });
});
