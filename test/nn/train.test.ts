import { describe, expect, it } from 'vitest';
import { MLP, SGD, lossAndGradient, makeMoons, train } from '../../src/nn/index.js';
import type { Example, TrainProgress } from '../../src/nn/index.js';

const XOR: Example[] = [
  { x: [0, 0], y: [0] },
  { x: [0, 1], y: [1] },
  { x: [1, 0], y: [1] },
  { x: [1, 1], y: [0] },
];

describe('train', () => {
  it('is deterministic: the same seeds give bit-identical losses and weights', () => {
    const go = () => {
      const net = new MLP(2, [4, 1], { seed: 3 });
      const r = train(net, makeData(40), { epochs: 3, batchSize: 7, lr: 0.5, seed: 11 });
      return { losses: r.batchLosses, weights: net.parameters().map((p) => p.data) };
    };
    const a = go();
    expect(go()).toEqual(a);
    const other = new MLP(2, [4, 1], { seed: 3 });
    train(other, makeData(40), { epochs: 3, batchSize: 7, lr: 0.5, seed: 12 });
    expect(other.parameters().map((p) => p.data)).not.toEqual(a.weights);
  });

  it('steps with the batch mean: one full-batch epoch equals one sgd step on lossAndGradient', () => {
    const data = makeData(12);
    const a = new MLP(2, [3, 1], { seed: 4 });
    const b = MLP.fromJSON(a.toJSON());
    train(a, data, { epochs: 1, batchSize: 12, lr: 0.7, shuffle: false });
    b.zeroGrad();
    lossAndGradient(b, data);
    for (const p of b.parameters()) p.data -= 0.7 * p.grad;
    expect(a.parameters().map((p) => p.data)).toEqual(b.parameters().map((p) => p.data));
  });

  it('reports progress per batch and a loss per epoch', () => {
    const seen: TrainProgress[] = [];
    const epochs: number[] = [];
    const r = train(new MLP(2, [3, 1]), makeData(25), {
      epochs: 2,
      batchSize: 10,
      onProgress: (p) => seen.push(p),
      onEpochEnd: (e) => epochs.push(e.epoch),
    });
    expect(seen.map((p) => `${p.epoch}:${p.batch}/${p.batches}`)).toEqual(['1:1/3', '1:2/3', '1:3/3', '2:1/3', '2:2/3', '2:3/3']);
    expect(seen.every((p) => p.loss >= 0 && p.examplesPerSecond > 0)).toBe(true);
    expect(epochs).toEqual([1, 2]);
    expect(r.losses).toHaveLength(2);
    expect(r.batchLosses).toHaveLength(6);
    expect(seen[2].loss).toBeCloseTo(r.losses[0], 12);
  });

  it('learns XOR with the 2-4-1 sigmoid net', () => {
    const net = new MLP(2, [4, 1], { seed: 1 });
    const r = train(net, XOR, { epochs: 2000, batchSize: 4, optimizer: new SGD(net.parameters(), { lr: 2, momentum: 0.9 }) });
    expect(r.losses[r.losses.length - 1]).toBeLessThan(r.losses[0]);
    for (const { x, y } of XOR) expect(Math.abs(net.forward(x)[0].data - y[0])).toBeLessThan(0.05);
  });

  it('rejects bad data and options before changing any weight', () => {
    const net = new MLP(2, [3, 1]);
    const before = net.parameters().map((p) => p.data);
    const data = makeData(5);
    expect(() => train(net, [...data, { x: [1], y: [0] }])).toThrow('chainrule.train: data[5].x must be an array of length 2, received an array of length 1.');
    expect(() => train(net, [...data, { x: [1, 2], y: [0, 1] }])).toThrow('chainrule.train: data[5].y must be an array of length 1, received an array of length 2.');
    expect(() => train(net, data, { batchSize: 0 })).toThrow('chainrule.train: options.batchSize must be an integer ≥ 1, received 0.');
    expect(() => train(net, data, { loss: 'l1' as never })).toThrow(/options\.loss must be one of "mse"/);
    expect(() => train(net, data, { engine: 'gpu' as never })).toThrow('chainrule.train: options.engine must be one of "compiled", "graph", received "gpu".');
    expect(() => train(net, [])).toThrow(/data must be a non-empty array/);
    expect(net.parameters().map((p) => p.data)).toEqual(before);
  });
});

describe('makeMoons', () => {
  it('is seeded, balanced and labelled ±1', () => {
    const a = makeMoons(100, { noise: 0.1, seed: 5 });
    expect(makeMoons(100, { noise: 0.1, seed: 5 })).toEqual(a);
    expect(a.x).toHaveLength(100);
    expect(a.y.filter((y) => y === 1)).toHaveLength(50);
    expect(a.y.every((y) => y === 1 || y === -1)).toBe(true);
    const clean = makeMoons(11, { noise: 0 });
    clean.x.forEach((p, i) => {
      const [cx, cy] = clean.y[i] === -1 ? [0, 0] : [1, 0.5];
      expect(Math.hypot(p[0] - cx, p[1] - cy)).toBeCloseTo(1, 12);
    });
  });
});

function makeData(n: number): Example[] {
  const { x, y } = makeMoons(n, { seed: 2 });
  return x.map((xi, i) => ({ x: xi, y: [(y[i] + 1) / 2] }));
}
