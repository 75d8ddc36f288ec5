import { describe, expect, it } from 'vitest';
import { Value } from '../../src/index.js';
import { Adam, MLP, SGD, lossAndGradient, train } from '../../src/nn/index.js';
import type { Example, Model, TrainEngine } from '../../src/nn/index.js';
import { softsign } from '../helpers/softsign.js';

// train() and lossAndGradient() take any model that meets the documented Model interface
// (nin, forward(x) on Values, parameters()), not only an MLP, and both engines train it alike.
const ENGINES: TrainEngine[] = ['compiled', 'graph'];

/** A hand-built two-parameter model, y = a·x + b: not an MLP, no layers. */
class Line implements Model {
  readonly nin = 1;
  readonly a = new Value(0.5, 'a');
  readonly b = new Value(-0.25, 'b');
  forward([x]: readonly Value[]): Value[] {
    return [x.mul(this.a).add(this.b)];
  }
  parameters(): Value[] {
    return [this.a, this.b];
  }
}

const line: Example[] = Array.from({ length: 12 }, (_, i) => ({ x: [i / 4 - 1.5], y: [3 * (i / 4 - 1.5) - 1] }));
const state = (m: Model) => m.parameters().map((p) => [p.data, p.grad]);

describe('train and lossAndGradient accept any Model', () => {
  it('a two-parameter model trains to the same weights and losses, bit for bit, on both engines', () => {
    const [compiled, graph] = ENGINES.map((engine) => {
      const model = new Line();
      const result = train(model, line, { epochs: 40, batchSize: 4, lr: 0.1, seed: 3, engine });
      return { result, weights: model.parameters().map((p) => p.data) };
    });
    expect(compiled.result.batchLosses).toEqual(graph.result.batchLosses);
    expect(compiled.weights).toEqual(graph.weights);
    // It learned y = 3x − 1.
    expect(compiled.weights[0]).toBeCloseTo(3, 6);
    expect(compiled.weights[1]).toBeCloseTo(-1, 6);
  });

  it('the same holds with Adam (the array fast path on the compiled engine, step() on the Values for the graph)', () => {
    const [compiled, graph] = ENGINES.map((engine) => {
      const model = new Line();
      train(model, line, { epochs: 5, batchSize: 3, optimizer: new Adam(model.parameters(), { lr: 0.05 }), engine });
      return model.parameters().map((p) => p.data);
    });
    expect(compiled).toEqual(graph);
  });

  it('lossAndGradient gives the batch mean loss and gradient of a model on both engines', () => {
    const [compiled, graph] = ENGINES.map((engine) => {
      const model = new Line();
      const loss = lossAndGradient(model, line.slice(0, 5), { engine });
      return { loss, grads: model.parameters().map((p) => p.grad) };
    });
    // By hand: C = (1/n) Σ (a x + b − y)², ∂C/∂a = (2/n) Σ (a x + b − y) x, ∂C/∂b = (2/n) Σ (a x + b − y).
    const r = line.slice(0, 5).map((e) => 0.5 * e.x[0] - 0.25 - e.y[0]);
    expect(compiled.loss).toBeCloseTo(r.reduce((s, d) => s + d * d, 0) / 5, 12);
    expect(compiled.grads[0]).toBeCloseTo((2 / 5) * r.reduce((s, d, k) => s + d * line[k].x[0], 0), 12);
    expect(compiled.grads[1]).toBeCloseTo((2 / 5) * r.reduce((s, d) => s + d, 0), 12);
    expect(compiled).toEqual(graph);
  });

  it('a plain-object model whose forward uses a user op compiles and trains like on the graph engine', () => {
    const make = () => {
      const w = [new Value(0.3), new Value(-0.4)];
      const c = new Value(0.1);
      const model: Model = {
        nin: 2,
        forward: (x) => [softsign(x[0].mul(w[0]).add(x[1].mul(w[1]))).add(c)],
        parameters: () => [...w, c],
      };
      return model;
    };
    const data: Example[] = Array.from({ length: 10 }, (_, i) => ({ x: [Math.sin(i), Math.cos(i)], y: [i % 2] }));
    const [compiled, graph] = ENGINES.map((engine) => {
      const model = make();
      const result = train(model, data, { epochs: 3, batchSize: 5, lr: 0.5, engine });
      return { losses: result.batchLosses, weights: model.parameters().map((p) => p.data) };
    });
    compiled.losses.forEach((l, i) => expect(l).toBeCloseTo(graph.losses[i], 12));
    compiled.weights.forEach((w, i) => expect(w).toBeCloseTo(graph.weights[i], 12));
  });

  it.each(ENGINES)('%s: weights a callback sets on a model are the ones the next step uses', (engine) => {
    const model = new Line();
    train(model, line, { epochs: 2, batchSize: 6, lr: 0.1, shuffle: false, engine, onEpochEnd: (e) => void (e.epoch === 1 && ((model.a.data = 2), (model.b.data = 0))) });
    const fresh = new Line();
    fresh.a.data = 2;
    fresh.b.data = 0;
    train(fresh, line, { epochs: 1, batchSize: 6, lr: 0.1, shuffle: false, engine });
    expect(model.parameters().map((p) => p.data)).toEqual(fresh.parameters().map((p) => p.data));
  });

  it('an MLP still trains exactly as before through the same interface', () => {
    const net = new MLP(1, [3, 1], { seed: 2 });
    const model: Model = net;
    train(model, line, { epochs: 2, lr: 0.05 });
    expect(net.parameters().every((p) => Number.isFinite(p.data))).toBe(true);
  });

  it('a non-finite gradient of a model names the parameter by its index and label', () => {
    const model = new Line();
    const bad: Example[] = [{ x: [1], y: [0] }];
    // sqrt at 0: the loss is finite (0) but its gradient is infinite.
    const loss = (pred: Value[]) => pred[0].mul(0).pow(0.5);
    expect(() => train(model, bad, { loss, engine: 'graph' })).toThrow(/^chainrule\.train: the gradient of parameters\(\)\[0\] \("a"\) at epoch 1, batch 1 must be finite/);
  });
});

describe('a value that is not a Model is refused, naming what is missing, before anything changes', () => {
  const good = () => new Line();
  const cases: [string, () => unknown, RegExp][] = [
    ['not an object', () => 3, /^chainrule\.train: model must be a Model \{ nin, forward\(x\), parameters\(\) \}, received 3\.$/],
    ['nin missing', () => ({ forward: () => [], parameters: () => [] }), /^chainrule\.train: model\.nin must be an integer, received undefined\.$/],
    ['nin 0', () => Object.assign(good(), { nin: 0 }), /^chainrule\.train: model\.nin must be an integer ≥ 1, received 0\.$/],
    ['forward not a function', () => ({ nin: 1, forward: 1, parameters: () => [] }), /^chainrule\.train: model\.forward must be a function \(x: Value\[\]\) => Value\[\], received 1\.$/],
    ['parameters not a function', () => ({ nin: 1, forward: () => [] }), /^chainrule\.train: model\.parameters must be a function returning the trainable Values, received undefined\.$/],
    ['parameters() not Values', () => ({ nin: 1, forward: () => [], parameters: () => [1] }), /^chainrule\.train: model\.parameters\(\)\[0\] must be a Value, received 1\.$/],
    ['an empty parameters()', () => ({ nin: 1, forward: () => [], parameters: () => [] }), /^chainrule\.train: model\.parameters\(\) must be a non-empty array of Values/],
    ['a parameter that is not a leaf', () => Object.assign(good(), { parameters: () => [new Value(1).mul(2)] }), /^chainrule\.train: model\.parameters\(\)\[0\] must be a leaf Value \(a weight, not a computed node\), received a Value\. It is the output of a mul node\.$/],
    ['a parameter listed twice', () => { const m = good(); return Object.assign(m, { parameters: () => [m.a, m.a] }); }, /^chainrule\.train: model\.parameters\(\)\[1\] must be a Value not listed before/],
    ['forward returning no array', () => Object.assign(good(), { forward: () => new Value(1) }), /^chainrule\.train: model\.forward\(x\) must be a non-empty array of Values, received a Value\.$/],
    ['forward returning numbers', () => Object.assign(good(), { forward: () => [1] }), /^chainrule\.train: model\.forward\(x\)\[0\] must be a Value, received 1\.$/],
  ];

  it.each(cases)('%s', (_name, make, message) => {
    const model = make();
    const before = typeof model === 'object' && model !== null && 'a' in model ? state(model as Line) : [];
    expect(() => train(model as Model, line)).toThrow(message);
    expect(() => lossAndGradient(model as Model, line)).toThrow(new RegExp(message.source.replace('chainrule\\.train', 'chainrule\\.lossAndGradient')));
    if (before.length > 0) expect(state(model as Line)).toEqual(before);
  });

  it('the optimizer must update the model: train builds SGD over its parameters by default', () => {
    const model = new Line();
    const other = new Value(1);
    // An optimizer over other Values is the user's choice: it runs, and the model's weights stay.
    train(model, line, { optimizer: new SGD([other], { lr: 0.1 }) });
    expect(model.parameters().map((p) => p.data)).toEqual([0.5, -0.25]);
  });

  it('a model sees its inputs as Values (constants on the graph engine, placeholders on the compiled one)', () => {
    const seen: boolean[] = [];
    const model = Object.assign(new Line(), {
      forward(this: Line, x: readonly Value[]) {
        seen.push(x.every((v) => v instanceof Value));
        return Line.prototype.forward.call(this, x);
      },
    });
    for (const engine of ENGINES) train(model, line.slice(0, 2), { engine });
    expect(seen.every(Boolean)).toBe(true);
  });
});
