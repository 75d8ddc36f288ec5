import fc from 'fast-check';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { Value, compile, type Operand } from '../../src/index.js';
import { Adam, ArrayOptimizer, MLP, SGD, l2Penalty, mse, train } from '../../src/nn/index.js';
import type { Example, ExampleLoss, Optimizer } from '../../src/nn/index.js';
import { TapeTrainer } from '../../src/compile/trainer.js';
import { loadDigits } from '../../examples/lib/mnist.js';
import { RUNS, SEED } from '../helpers/runs.js';

// train()'s fused step on the compiled engine (compile/trainer.ts): parameters, gradients and the
// optimizer's state live in the tape's memory and SGD, momentum and Adam are applied inside the
// kernels. It must give, bit for bit in float64, what the tape's run plus the optimizer's own step()
// on the Values gives (an optimizer wrapped in a plain object takes that path).

const wrap = (o: Optimizer): Optimizer => ({ step: () => o.step(), zeroGrad: () => o.zeroGrad() });
const state = (net: MLP) => net.parameters().map((p) => [p.data, p.grad]);

/** A regression set for a net of `nin` inputs and `nout` outputs. */
const dataFor = (nin: number, nout: number, n: number): Example[] =>
  Array.from({ length: n }, (_, i) => ({
    x: Array.from({ length: nin }, (_, j) => Math.sin(i * 7 + j)),
    y: Array.from({ length: nout }, (_, j) => Math.cos(i + j * 3) / 2),
  }));

type Make = (params: Value[]) => ArrayOptimizer;
const OPTIMIZERS: [string, Make][] = [
  ['SGD', (p) => new SGD(p, { lr: 0.05 })],
  ['SGD with momentum', (p) => new SGD(p, { lr: 0.05, momentum: 0.9 })],
  ['Adam', (p) => new Adam(p, { lr: 0.01 })],
];

/** The same training run with the fused step and with the optimizer's own step() on the Values. */
function bothPaths(sizes: { nin: number; widths: number[] }, make: Make, options: { batchSize: number; epochs: number; loss?: 'l2' | 'mse'; n?: number }) {
  return [false, true].map((wrapped) => {
    const net = new MLP(sizes.nin, sizes.widths, { activation: 'tanh', outputActivation: 'linear', seed: 3 });
    const params = net.parameters();
    const optimizer = make(params);
    const loss: ExampleLoss | undefined = options.loss === 'l2' ? (pred, y) => mse(pred, y as Operand[]).add(l2Penalty(params, 1e-3)) : undefined;
    const data = dataFor(sizes.nin, sizes.widths.at(-1)!, options.n ?? 23);
    const result = train(net, data, { epochs: options.epochs, batchSize: options.batchSize, optimizer: wrapped ? wrap(optimizer) : optimizer, ...(loss ? { loss } : {}), seed: 4 });
    return { losses: result.batchLosses, state: state(net), optimizer };
  });
}

describe('the fused step is the optimizer\u2019s own update, bit for bit (float64)', () => {
  afterEach(() => vi.restoreAllMocks());

  it.each(OPTIMIZERS)('%s: a wide net (the update applied inside the ∂W kernels), with and without an L2 penalty in the loss', (_name, make) => {
    const fused = vi.spyOn(TapeTrainer.prototype as unknown as { layersCertified: () => boolean }, 'layersCertified');
    for (const loss of ['mse', 'l2'] as const) {
      // Act: 64-32-8 in batches of 4 (the last one of 3): the fused update pays off there.
      const [a, b] = bothPaths({ nin: 64, widths: [32, 8] }, make, { batchSize: 4, epochs: 2, loss });
      // Assert
      expect(a.losses).toEqual(b.losses);
      expect(a.state).toEqual(b.state);
    }
    expect(fused).toHaveBeenCalled();
    expect(fused.mock.results.every((r) => r.value === true)).toBe(true);
  });

  it.each(OPTIMIZERS)('%s: a small net (two passes: every gradient, then the update)', (_name, make) => {
    const fused = vi.spyOn(TapeTrainer.prototype as unknown as { layersCertified: () => boolean }, 'layersCertified');
    const [a, b] = bothPaths({ nin: 2, widths: [5, 3, 1] }, make, { batchSize: 5, epochs: 3, loss: 'l2' });
    expect(a.losses).toEqual(b.losses);
    expect(a.state).toEqual(b.state);
    expect(fused).not.toHaveBeenCalled();
  });

  it('property: random nets, batch sizes and optimizers, fused path or not', () => {
    const arb = fc.record({
      nin: fc.integer({ min: 1, max: 40 }),
      widths: fc.array(fc.integer({ min: 1, max: 24 }), { minLength: 1, maxLength: 3 }),
      batchSize: fc.integer({ min: 1, max: 9 }),
      which: fc.integer({ min: 0, max: 2 }),
      l2: fc.boolean(),
    });
    fc.assert(
      fc.property(arb, ({ nin, widths, batchSize, which, l2 }) => {
        const [a, b] = bothPaths({ nin, widths }, OPTIMIZERS[which][1], { batchSize, epochs: 2, loss: l2 ? 'l2' : 'mse', n: 13 });
        expect(a.losses).toEqual(b.losses);
        expect(a.state).toEqual(b.state);
      }),
      { numRuns: Math.min(RUNS, 30), seed: SEED },
    );
  });

  it('when the bound cannot prove a gradient finite, the step checks every gradient first: the same numbers', () => {
    const run = (certify: boolean) => {
      if (!certify) vi.spyOn(TapeTrainer.prototype as unknown as { layersCertified: () => boolean }, 'layersCertified').mockReturnValue(false);
      const net = new MLP(64, [32, 8], { activation: 'relu', seed: 2 });
      const result = train(net, dataFor(64, 8, 20), { epochs: 2, batchSize: 4, optimizer: new Adam(net.parameters(), { lr: 0.01 }) });
      vi.restoreAllMocks();
      return { losses: result.batchLosses, state: state(net) };
    };
    expect(run(false)).toEqual(run(true));
  });

  it('the optimizer object is current after training (Adam’s t, m and v; SGD’s velocity): stepping on by hand continues the same run', () => {
    const [fused, values] = bothPaths({ nin: 64, widths: [32, 8] }, (p) => new Adam(p, { lr: 0.01 }), { batchSize: 4, epochs: 1 });
    expect((fused.optimizer as Adam).t).toBe((values.optimizer as Adam).t);
    // Its own fields (t, the bias corrections, m and v), the parameter list aside.
    const own = (o: ArrayOptimizer) => JSON.stringify({ ...o, params: undefined });
    expect(own(fused.optimizer)).toBe(own(values.optimizer));
    const [withMomentum, reference] = bothPaths({ nin: 64, widths: [32, 8] }, (p) => new SGD(p, { lr: 0.05, momentum: 0.9 }), { batchSize: 4, epochs: 1 });
    expect(own(withMomentum.optimizer)).toBe(own(reference.optimizer));
  });
});

describe('the fused step keeps train’s contracts', () => {
  it('a finite loss with a NaN gradient on a wide net (fused path) throws naming the parameter, before any weight changes', () => {
    const nanGradient: ExampleLoss = (pred) => pred[0].mul(0).pow(0.5);
    const net = new MLP(64, [32, 1], { seed: 1 });
    const before = net.parameters().map((p) => p.data);
    expect(() => train(net, dataFor(64, 1, 8), { loss: nanGradient, batchSize: 4, optimizer: new SGD(net.parameters(), { lr: 0.1 }) })).toThrow(
      /^chainrule\.train: the gradient of layers\[\d\]\.neurons\[\d+\]\.(w\[\d+\]|b) at epoch 1, batch 1 must be finite, received NaN\./,
    );
    expect(net.parameters().map((p) => p.data)).toEqual(before);
    expect(net.parameters().some((p) => Number.isNaN(p.grad))).toBe(true); // the failing batch's gradient, for inspection
  });

  it('a user ArrayOptimizer that overrides update runs its own update on the step’s arrays (never dropped)', () => {
    class HalfSGD extends SGD {
      override update(i: number, w: number, g: number): number {
        return w - 0.5 * this.lr * g;
      }
    }
    const run = (wrapped: boolean) => {
      const net = new MLP(64, [32, 8], { seed: 5 });
      const o = new HalfSGD(net.parameters(), { lr: 0.1 });
      train(net, dataFor(64, 8, 12), { epochs: 2, batchSize: 4, optimizer: wrapped ? wrap(o) : o });
      return state(net);
    };
    expect(run(false)).toEqual(run(true));
  });
});

describe("dtype: 'float32'", () => {
  it('trains the wide digits net (784-128-64-10) to the test accuracy of float64 within 0.3 points', () => {
    const { train: all, test } = loadDigits();
    const data = all.filter((_, i) => i % 4 === 0);
    const digits = test.filter((_, i) => i % 2 === 0);
    const accuracy = (dtype: 'float64' | 'float32') => {
      const net = new MLP(784, [128, 64, 10], { activation: 'relu', outputActivation: 'linear', seed: 5 });
      train(net, data, { epochs: 1, batchSize: 32, lr: 0.05, loss: 'softmaxCrossEntropy', seed: 1, dtype });
      const x = Array.from({ length: 784 }, () => new Value(0));
      const out = compile(net.forward(x), { inputs: x }).run(digits.map((e) => e.x), { backward: false });
      const right = digits.filter((e, k) => {
        let best = 0;
        for (let j = 1; j < 10; j++) if (out[k * 10 + j] > out[k * 10 + best]) best = j;
        return best === e.label;
      }).length;
      return (100 * right) / digits.length;
    };
    const [f64, f32] = [accuracy('float64'), accuracy('float32')];
    expect(f64).toBeGreaterThan(70);
    expect(Math.abs(f32 - f64)).toBeLessThanOrEqual(0.3);
  });

  it('the first batch loss agrees with float64 to float32 precision, and the weights come back as float32 numbers', () => {
    const runs = (['float64', 'float32'] as const).map((dtype) => {
      const net = new MLP(64, [32, 8], { activation: 'tanh', seed: 3 });
      const r = train(net, dataFor(64, 8, 16), { epochs: 1, batchSize: 8, lr: 0.1, dtype });
      return { loss: r.batchLosses[0], weights: net.parameters().map((p) => p.data) };
    });
    expect(Math.abs(runs[1].loss - runs[0].loss)).toBeLessThan(1e-6 * Math.abs(runs[0].loss));
    expect(runs[1].weights.every((w) => Math.fround(w) === w)).toBe(true);
    runs[1].weights.forEach((w, i) => expect(Math.abs(w - runs[0].weights[i])).toBeLessThan(1e-5));
  });

  it('a custom ArrayOptimizer runs its update on float64 copies of the float32 arrays', () => {
    class SignSGD extends ArrayOptimizer {
      update(_i: number, w: number, g: number): number {
        return w - 0.01 * Math.sign(g);
      }
    }
    const runs = (['float64', 'float32'] as const).map((dtype) => {
      const net = new MLP(3, [4, 2], { seed: 3 });
      train(net, dataFor(3, 2, 10), { epochs: 2, batchSize: 5, optimizer: new SignSGD(net.parameters()), dtype });
      return net.parameters().map((p) => p.data);
    });
    runs[1].forEach((w, i) => expect(Math.abs(w - runs[0][i])).toBeLessThan(1e-6));
  });

  it('is refused on the graph engine, and any other value, before anything changes', () => {
    const net = new MLP(2, [3, 1]);
    const before = state(net);
    expect(() => train(net, dataFor(2, 1, 4), { dtype: 'float32', engine: 'graph' })).toThrow(
      'chainrule.train: options.dtype must be "float64" on the graph engine (its Values are float64), received "float32". Use engine: \'compiled\' for float32.',
    );
    expect(() => train(net, dataFor(2, 1, 4), { dtype: 'float16' as never })).toThrow('chainrule.train: options.dtype must be "float64" or "float32", received "float16".');
    expect(state(net)).toEqual(before);
  });
});
