import { describe, expect, it } from 'vitest';
import { MLP, hingeLoss, l2Penalty, makeMoons, sgd } from '../../src/nn/index.js';
import { loadDigits } from '../../examples/lib/mnist.js';

describe('examples’ building blocks', () => {
  it('loadDigits splits each class: first 800 train, the rest test, one-hot targets, pixels in [0, 1]', () => {
    const { train, test } = loadDigits();
    expect(train).toHaveLength(8000);
    expect(train.length + test.length).toBe(10000);
    for (let c = 0; c < 10; c++) expect(train.filter((d) => d.label === c)).toHaveLength(800);
    expect(test.every((d) => d.x.length === 784 && d.y[d.label] === 1 && d.y.reduce((s, v) => s + v, 0) === 1)).toBe(true);
    expect(train.every((d) => d.x.every((p) => p >= 0 && p <= 1))).toBe(true);
    expect(loadDigits().test[0].x).toEqual(test[0].x);
  });

  it('the moons configuration (micrograd’s demo) reaches 100% training accuracy in 100 steps', () => {
    const { x, y } = makeMoons(100, { noise: 0.1, seed: 1 });
    const net = new MLP(2, [16, 16, 1], { activation: 'relu', outputActivation: 'linear', init: 'uniform', seed: 1 });
    const params = net.parameters();
    const scores = () => x.map((p) => net.forward(p)[0]);
    for (let k = 0; k < 100; k++) {
      const loss = hingeLoss(scores(), y).add(l2Penalty(params, 1e-4));
      net.zeroGrad();
      loss.backward();
      sgd(params, 1.0 - (0.9 * k) / 100);
    }
    expect(scores().filter((s, i) => s.data > 0 === y[i] > 0)).toHaveLength(100);
  });
});
