import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { ACTIVATIONS, Adam, MLP, lossAndGradient, train, type Example, type LossName } from '../../src/nn/index.js';
import { RUNS, SEED, close } from '../helpers/runs.js';

const num = (min: number, max: number) => fc.double({ min, max, noNaN: true, noDefaultInfinity: true });

/** A small random network and a batch with targets that suit the loss (one-hot, [0, 1] or any). */
function arbSetup(loss: LossName) {
  return fc
    .record({
      nin: fc.integer({ min: 1, max: 6 }),
      hidden: fc.array(fc.integer({ min: 1, max: 6 }), { maxLength: 2 }),
      nout: loss === 'binaryCrossEntropy' ? fc.constant(1) : fc.integer({ min: 2, max: 5 }),
      activation: fc.constantFrom(...ACTIVATIONS),
      seed: fc.integer({ min: 1, max: 1000 }),
      batch: fc.integer({ min: 1, max: 6 }),
    })
    .chain((a) => {
      const target =
        loss === 'softmaxCrossEntropy'
          ? fc.integer({ min: 0, max: a.nout - 1 }).map((c) => Array.from({ length: a.nout }, (_, j) => (j === c ? 1 : 0)))
          : fc.array(loss === 'mse' ? num(-1, 1) : num(0, 1), { minLength: a.nout, maxLength: a.nout });
      const example = fc.record({ x: fc.array(num(-2, 2), { minLength: a.nin, maxLength: a.nin }), y: target });
      return fc.array(example, { minLength: a.batch, maxLength: a.batch }).map((data) => ({ ...a, data }));
    })
    .map((c) => {
      // binary cross-entropy needs a probability: a sigmoid output layer.
      const outputActivation = loss === 'mse' ? c.activation : loss === 'binaryCrossEntropy' ? 'sigmoid' : 'linear';
      const make = () => new MLP(c.nin, [...c.hidden, c.nout], { activation: c.activation, outputActivation, seed: c.seed });
      return { make, data: c.data as Example[] };
    });
}

describe('the compiled training engine agrees with the graph engine', () => {
  it.each(['mse', 'softmaxCrossEntropy', 'binaryCrossEntropy'] as const)('batch loss and every parameter gradient, loss %s', (loss) => {
    fc.assert(
      fc.property(arbSetup(loss), ({ make, data }) => {
        const [graphNet, compiledNet] = [make(), make()];
        const graphLoss = lossAndGradient(graphNet, data, { loss, engine: 'graph' });
        const compiledLoss = lossAndGradient(compiledNet, data, { loss, engine: 'compiled' });
        expect(close(compiledLoss, graphLoss, 1e-12, 1e-15)).toBe(true);
        const g = graphNet.parameters().map((p) => p.grad);
        compiledNet.parameters().forEach((p, i) => expect(close(p.grad, g[i], 1e-10, 1e-14), `param ${i}: ${p.grad} vs ${g[i]}`).toBe(true));
      }),
      { numRuns: Math.ceil(RUNS / 2), seed: SEED },
    );
  });

  it('a training run reaches the same weights with either engine (to rounding)', () => {
    const data: Example[] = [
      { x: [0, 0], y: [0] },
      { x: [0, 1], y: [1] },
      { x: [1, 0], y: [1] },
      { x: [1, 1], y: [0] },
    ];
    const nets = (['graph', 'compiled'] as const).map((engine) => {
      const net = new MLP(2, [4, 1], { seed: 3 });
      const result = train(net, data, { epochs: 50, batchSize: 2, lr: 2, seed: 9, engine });
      return { net, result };
    });
    const [g, c] = nets;
    c.result.losses.forEach((l, i) => expect(close(l, g.result.losses[i], 1e-9, 1e-12)).toBe(true));
    c.net.parameters().forEach((p, i) => expect(close(p.data, g.net.parameters()[i].data, 1e-9, 1e-12)).toBe(true));
  });
});

describe('train on the compiled engine keeps parameters in arrays between callbacks', () => {
  const data: Example[] = Array.from({ length: 24 }, (_, i) => ({ x: [Math.sin(i), Math.cos(3 * i)], y: [i % 3 === 0 ? 1 : 0] }));

  it('gives bit-identical weights and losses to stepping the Values (a custom optimizer takes that path)', () => {
    const run = (wrap: boolean) => {
      const net = new MLP(2, [5, 1], { seed: 4 });
      const adam = new Adam(net.parameters(), { lr: 0.01 });
      // Hiding stepArrays sends train down the per-Value path.
      const optimizer = wrap ? { step: () => adam.step(), zeroGrad: () => adam.zeroGrad() } : adam;
      const result = train(net, data, { epochs: 4, batchSize: 5, optimizer, seed: 2 });
      return { result, weights: net.parameters().map((p) => p.data), grads: net.parameters().map((p) => p.grad) };
    };
    const [arrays, values] = [run(false), run(true)];
    expect(arrays.result.batchLosses).toEqual(values.result.batchLosses);
    expect(arrays.weights).toEqual(values.weights);
    expect(arrays.grads).toEqual(values.grads);
  });

  it('shows callbacks the current weights', () => {
    const net = new MLP(2, [5, 1], { seed: 4 });
    const seen: number[][] = [];
    train(net, data, { epochs: 2, batchSize: 6, lr: 0.5, onEpochEnd: () => seen.push(net.parameters().map((p) => p.data)) });
    expect(seen[0]).not.toEqual(seen[1]);
    expect(seen[1]).toEqual(net.parameters().map((p) => p.data));
  });
});
