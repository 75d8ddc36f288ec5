import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { Adam, MLP, SGD, lossAndGradient, mse, train } from '../../src/nn/index.js';
import type { Example, ExampleLoss, TrainEngine, TrainOptions } from '../../src/nn/index.js';
import type { Operand, Value } from '../../src/index.js';
import { RUNS, SEED, close } from '../helpers/runs.js';

// train()'s contract with user code: optimizers, callbacks, custom losses, non-finite losses.
const ENGINES: TrainEngine[] = ['compiled', 'graph'];
const data: Example[] = Array.from({ length: 23 }, (_, i) => ({ x: [Math.sin(i), Math.cos(3 * i)], y: [i % 3 === 0 ? 1 : 0] }));
const weights = (net: MLP) => net.parameters().map((p) => p.data);
const state = (net: MLP) => JSON.stringify(net.parameters().map((p) => [p.data, p.grad]));

describe('train calls the optimizer it is given', () => {
  class CountingSGD extends SGD {
    steps = 0;
    override step(): void {
      this.steps++;
      super.step();
    }
  }

  it('a subclass that overrides step() without stepArrays gets step() every batch, on every engine', () => {
    const runs = ENGINES.map((engine) => {
      const net = new MLP(2, [4, 1], { seed: 2 });
      const optimizer = new CountingSGD(net.parameters(), { lr: 0.3 });
      train(net, data, { epochs: 2, batchSize: 5, optimizer, engine });
      return { steps: optimizer.steps, weights: weights(net) };
    });
    expect(runs[0].steps).toBe(10); // 2 epochs × ⌈23/5⌉ batches
    expect(runs[1].steps).toBe(10);
    runs[0].weights.forEach((w, i) => expect(close(w, runs[1].weights[i], 1e-9, 1e-12)).toBe(true));
  });

  it('a subclass that overrides both step() and stepArrays() gets step() every batch, which runs its stepArrays', () => {
    class BothAdam extends Adam {
      calls = { step: 0, arrays: 0 };
      override step(): void {
        this.calls.step++;
        super.step();
      }
      override stepArrays(params: Float64Array, grads: Float64Array): void {
        this.calls.arrays++;
        super.stepArrays(params, grads);
      }
    }
    const net = new MLP(2, [3, 1], { seed: 2 });
    const optimizer = new BothAdam(net.parameters(), { lr: 0.01 });
    train(net, data, { epochs: 1, batchSize: 10, optimizer });
    expect(optimizer.calls).toEqual({ step: 3, arrays: 3 });
  });

  it('a plain-object optimizer with only step() and zeroGrad() is stepped every batch', () => {
    const net = new MLP(2, [3, 1], { seed: 2 });
    let steps = 0;
    const optimizer = { step: () => void steps++, zeroGrad: () => net.zeroGrad() };
    train(net, data, { epochs: 3, batchSize: 23, optimizer });
    expect(steps).toBe(3);
  });

  it('an optimizer over other Values than the network’s parameters takes the step() path', () => {
    const net = new MLP(2, [3, 1], { seed: 2 });
    const firstLayer = net.layers[0].parameters();
    const frozen = net.layers[1].parameters().map((p) => p.data);
    train(net, data, { epochs: 2, batchSize: 6, optimizer: new SGD(firstLayer, { lr: 0.5 }) });
    expect(net.layers[1].parameters().map((p) => p.data)).toEqual(frozen);
  });
});

describe('weights set in a callback are the ones the next step uses', () => {
  // The callback overwrites every weight at one point; both engines must continue from there.
  const runWith = (engine: TrainEngine, where: 'onProgress' | 'onEpochEnd') => {
    const net = new MLP(2, [4, 1], { seed: 3 });
    const reset = () => net.parameters().forEach((p, i) => (p.data = 0.1 * Math.sin(i + 1)));
    const options: TrainOptions = { epochs: 2, batchSize: 5, lr: 0.4, engine, shuffle: false };
    if (where === 'onProgress') options.onProgress = (p) => void (p.epoch === 1 && p.batch === 2 && reset());
    else options.onEpochEnd = (e) => void (e.epoch === 1 && reset());
    const result = train(net, data, options);
    return { net, result, reset };
  };

  it.each(['onProgress', 'onEpochEnd'] as const)('%s: the compiled engine continues from the new weights, as the graph engine does', (where) => {
    const [compiled, graph] = ENGINES.map((engine) => runWith(engine, where));
    compiled.result.batchLosses.forEach((l, i) => expect(close(l, graph.result.batchLosses[i], 1e-9, 1e-12)).toBe(true));
    weights(compiled.net).forEach((w, i) => expect(close(w, weights(graph.net)[i], 1e-9, 1e-12)).toBe(true));
  });

  it('property: wherever a callback sets weights, the compiled engine continues exactly as the graph engine does', () => {
    const arb = fc.record({
      seed: fc.integer({ min: 1, max: 1000 }),
      batchSize: fc.integer({ min: 1, max: 8 }),
      at: fc.integer({ min: 1, max: 6 }),
      scale: fc.double({ min: -2, max: 2, noNaN: true }),
      momentum: fc.constantFrom(0, 0.5),
    });
    fc.assert(
      fc.property(arb, ({ seed, batchSize, at, scale, momentum }) => {
        // Arrange: the same net, data and optimizer on both engines; progress call `at` rewrites every weight.
        const run = (engine: TrainEngine) => {
          const net = new MLP(2, [3, 1], { activation: 'tanh', seed });
          const optimizer = new SGD(net.parameters(), { lr: 0.2, momentum });
          let calls = 0;
          const onProgress = () => void (++calls === at && net.parameters().forEach((p, i) => (p.data = scale * Math.cos(i))));
          const result = train(net, data, { epochs: 2, batchSize, optimizer, engine, seed, onProgress });
          return { result, weights: weights(net) };
        };
        // Act
        const [compiled, graph] = ENGINES.map(run);
        // Assert
        compiled.result.batchLosses.forEach((l, i) => expect(close(l, graph.result.batchLosses[i], 1e-9, 1e-12)).toBe(true));
        compiled.weights.forEach((w, i) => expect(close(w, graph.weights[i], 1e-9, 1e-12)).toBe(true));
      }),
      { seed: SEED, numRuns: Math.min(RUNS, 40) },
    );
  });

  it('onEpochEnd: the second epoch equals a fresh one-epoch run from the weights the callback set', () => {
    const { net } = runWith('compiled', 'onEpochEnd');
    const fresh = new MLP(2, [4, 1], { seed: 3 });
    fresh.parameters().forEach((p, i) => (p.data = 0.1 * Math.sin(i + 1)));
    train(fresh, data, { epochs: 1, batchSize: 5, lr: 0.4, shuffle: false });
    expect(weights(net)).toEqual(weights(fresh));
  });
});

describe('the compile cache keeps one compiled loss per network', () => {
  const counting = () => {
    const calls = { n: 0 };
    const loss: ExampleLoss = (pred, y) => (calls.n++, mse(pred, y));
    return { calls, loss };
  };

  it('a hoisted loss is compiled once and reused by every call', () => {
    const net = new MLP(2, [3, 1]);
    const { calls, loss } = counting();
    for (let i = 0; i < 5; i++) lossAndGradient(net, data, { loss });
    train(net, data, { epochs: 2, loss });
    expect(calls.n).toBe(1);
  });

  it('a second loss replaces the first (so inline loss functions do not pile up)', () => {
    const net = new MLP(2, [3, 1]);
    const a = counting();
    const b = counting();
    for (const loss of [a.loss, b.loss, a.loss]) lossAndGradient(net, data, { loss });
    expect([a.calls.n, b.calls.n]).toEqual([2, 1]);
  });
});

describe('custom-loss targets are checked against the compiled loss', () => {
  const firstTarget: ExampleLoss = (pred: Value[], y: readonly Operand[]) => pred[0].sub(y[0]).pow(2);

  it.each(ENGINES)('%s: a target of another length than data[0].y is rejected, naming the example, before any change', (engine) => {
    const net = new MLP(2, [3, 2]);
    const before = state(net);
    const bad = [{ x: [1, 2], y: [1] }, { x: [0, 1], y: [0] }, { x: [3, 1], y: [1, 0] }];
    expect(() => train(net, bad, { loss: firstTarget, engine })).toThrow(
      'chainrule.train: data[2].y must be an array of length 1 (one number per target of the loss, as data[0].y), received an array of length 2.',
    );
    expect(() => lossAndGradient(net, bad, { loss: firstTarget, engine })).toThrow(/^chainrule\.lossAndGradient: data\[2\]\.y must be an array of length 1/);
    expect(state(net)).toBe(before);
  });

  it('targets of one consistent length (here 1 for 2 outputs) give the same loss and gradient on both engines', () => {
    const examples = [{ x: [1, 2], y: [1] }, { x: [0, 1], y: [0.5] }];
    const [c, g] = ENGINES.map((engine) => {
      const net = new MLP(2, [3, 2], { seed: 4 });
      net.zeroGrad();
      return { loss: lossAndGradient(net, examples, { loss: firstTarget, engine }), grads: net.parameters().map((p) => p.grad) };
    });
    expect(close(c.loss, g.loss, 1e-12)).toBe(true);
    c.grads.forEach((d, i) => expect(close(d, g.grads[i], 1e-9, 1e-12)).toBe(true));
  });

  it('switching to data with another target length recompiles instead of cutting targets', () => {
    const net = new MLP(2, [3, 2], { seed: 4 });
    const sumTargets: ExampleLoss = (pred, y) => y.reduce<Value>((acc, t) => acc.add(pred[0].sub(t).pow(2)), pred[0].mul(0));
    const one = lossAndGradient(net, [{ x: [1, 2], y: [1] }], { loss: sumTargets });
    const two = lossAndGradient(net, [{ x: [1, 2], y: [1, 1] }], { loss: sumTargets });
    expect(close(two, 2 * one, 1e-12)).toBe(true);
  });
});

describe('a loss that becomes NaN or Infinity stops training', () => {
  const regression: Example[] = Array.from({ length: 16 }, (_, i) => ({ x: [i / 4 - 2], y: [Math.sin(i)] }));

  it.each(ENGINES)('%s: throws naming epoch and batch, and leaves the last finite weights in the network', (engine) => {
    const net = new MLP(1, [8, 8, 1], { activation: 'tanh', outputActivation: 'linear', seed: 1 });
    let lastFinite: number[] = [];
    let error: unknown;
    try {
      train(net, regression, { lr: 1e100, epochs: 5, batchSize: 4, engine, onProgress: () => (lastFinite = weights(net)) });
    } catch (e) {
      error = e;
    }
    expect(error).toBeInstanceOf(RangeError);
    expect((error as Error).message).toMatch(
      /^chainrule\.train: the loss at epoch \d+, batch \d+ must be finite, received (NaN|Infinity)\. The loss became NaN\/Infinity: lower the learning rate/,
    );
    expect(weights(net).every(Number.isFinite)).toBe(true);
    expect(weights(net)).toEqual(lastFinite);
    expect(MLP.fromJSON(JSON.parse(JSON.stringify(net))).parameters().map((p) => p.data)).toEqual(weights(net));
  });

  it.each(ENGINES)('%s: a finite loss with a NaN gradient throws naming the parameter, before the step', (engine) => {
    // 0^0.5 is 0, but its base partial is ∞, and ∞ · 0 (the mul's partial) is NaN.
    const nanGradient: ExampleLoss = (pred) => pred[0].mul(0).pow(0.5);
    const net = new MLP(1, [2, 1], { seed: 1 });
    const before = weights(net);
    expect(() => train(net, regression, { engine, loss: nanGradient, optimizer: new SGD(net.parameters(), { lr: 0.1 }) })).toThrow(
      "chainrule.train: the gradient of layers[0].neurons[0].w[0] at epoch 1, batch 1 must be finite, received NaN. It is not finite before any step, so the learning rate is not the cause: check the loss function's domain at the model's initial outputs (ln of 0 or of a negative, √ of a negative) and the model's forward.",
    );
    expect(weights(net)).toEqual(before);
  });

  it('toJSON refuses a non-finite weight, naming the parameter', () => {
    const net = new MLP(2, [3, 1]);
    net.layers[0].neurons[2].w[1].data = NaN;
    expect(() => net.toJSON()).toThrow('chainrule.MLP.toJSON: layers[0].neurons[2].w[1] must be a finite number, received NaN. A saved model must load back: train with a lower learning rate, or reset the weight.');
    net.layers[0].neurons[2].w[1].data = 0;
    net.layers[1].neurons[0].b.data = -Infinity;
    expect(() => JSON.stringify(net)).toThrow(/layers\[1\]\.neurons\[0\]\.b must be a finite number, received -Infinity/);
  });
});

describe('train validates every option before acting', () => {
  const cases: [string, TrainOptions, string][] = [
    ['a non-function onProgress', { onProgress: 'x' as never }, 'chainrule.train: options.onProgress must be a function or undefined, received "x".'],
    ['a non-function onEpochEnd', { onEpochEnd: 1 as never }, 'chainrule.train: options.onEpochEnd must be a function or undefined, received 1.'],
    ['a non-boolean shuffle', { shuffle: 'no' as never }, 'chainrule.train: options.shuffle must be a boolean or undefined, received "no".'],
    ['an unknown key', { epoch: 5 } as never, 'chainrule.train: options.epoch must be a known option (one of "epochs", "batchSize", "optimizer", "lr", "seed", "shuffle", "onProgress", "progressEvery", "onEpochEnd", "dtype", "loss", "engine"), received 5. Did you mean "epochs"?'],
    ['a negative lr', { lr: -1 }, 'chainrule.train: options.lr must be a nonnegative finite number, received -1.'],
  ];
  it.each(cases)('%s throws before any step, leaving the network and optimizer as they were', (_name, options, message) => {
    const net = new MLP(2, [3, 1]);
    const before = state(net);
    expect(() => train(net, data, { epochs: 1, ...options })).toThrow(message);
    expect(state(net)).toBe(before);
  });

  it('an lr beside an optimizer is rejected (it would be ignored)', () => {
    const net = new MLP(2, [3, 1]);
    const optimizer = new Adam(net.parameters());
    const before = JSON.stringify(optimizer);
    expect(() => train(net, data, { optimizer, lr: 0.1 })).toThrow(/^chainrule\.train: options\.lr must be undefined when options\.optimizer is given/);
    expect(JSON.stringify(optimizer)).toBe(before);
  });
});
