import { describe, expect, it } from 'vitest';
import { defineOp, type Value } from '../../src/index.js';
import { MLP, lossAndGradient, mse, type Example } from '../../src/nn/index.js';

// A call that throws changes nothing: lossAndGradient on the graph engine leaves every parameter's
// grad as it was when an example after the first throws (a custom loss, or a user op in it).

/** A user op (x/2) whose local rule throws once `fuse` calls have run. */
let fuse = Infinity;
const fragile = defineOp({
  name: 'fragileHalf',
  arity: 1,
  forward: (a) => a / 2,
  local: () => {
    if (--fuse < 0) throw new Error('fragileHalf: local failed');
    return 0.5;
  },
});

const data: Example[] = [{ x: [0.5, -1], y: [1] }, { x: [2, 0.25], y: [0] }, { x: [-1, 1], y: [1] }];

function net(): MLP {
  const m = new MLP(2, [3, 1], { seed: 7 });
  m.parameters().forEach((p, i) => (p.grad = 0.5 * i - 1)); // grads a caller already holds
  return m;
}

describe('lossAndGradient (graph engine): a throw on a later example changes no grad', () => {
  it('a custom loss that throws on the 2nd example: every p.grad as it was', () => {
    const m = net();
    const before = m.parameters().map((p) => p.grad);
    let calls = 0;
    const loss = (pred: Value[], y: readonly (number | Value)[]) => {
      if (++calls === 2) throw new Error('loss failed on example 2');
      return mse(pred, y);
    };
    expect(() => lossAndGradient(m, data, { loss, engine: 'graph' })).toThrow('loss failed on example 2');
    expect(m.parameters().map((p) => p.grad)).toEqual(before);
  });

  it('a user op whose local throws in the 3rd example’s backward: every p.grad as it was', () => {
    const m = net();
    const before = m.parameters().map((p) => p.grad);
    fuse = 2; // two backward sweeps pass, the third throws
    try {
      expect(() => lossAndGradient(m, data, { loss: (pred, y) => mse(pred, y).add(fragile(pred[0])), engine: 'graph' })).toThrow('fragileHalf: local failed');
    } finally {
      fuse = Infinity;
    }
    expect(m.parameters().map((p) => p.grad)).toEqual(before);
  });
});
