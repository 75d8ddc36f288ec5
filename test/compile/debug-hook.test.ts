import { afterEach, describe, expect, it } from 'vitest';
import { Value, compile } from '../../src/index.js';
import { MLP, train } from '../../src/nn/index.js';
import { TAPE_CHECKS } from '../../src/compile/debug-hook.js';

// The place a debugging check (setDebug over the compiled tape) reads a tape's values: after every
// batch's forward (Tape.run, the fused training step) and after one example's forward.

describe('the tape’s debug hook', () => {
  afterEach(() => {
    TAPE_CHECKS.batch = null;
    TAPE_CHECKS.example = null;
  });

  it('sees every batch’s values after the forward, on run and on the fused step, and one example’s', () => {
    const seen: number[] = [];
    TAPE_CHECKS.batch = (plan, batch) => seen.push(batch.M[batch.off[plan.outputSlots[0]]]);
    const x = new Value(0);
    const w = new Value(3);
    const tape = compile(x.mul(w), { inputs: [x] });
    tape.run([[2], [5]]);
    expect(seen).toEqual([6]);
    const net = new MLP(1, [2, 1], { seed: 1 });
    train(net, [{ x: [1], y: [0] }, { x: [2], y: [1] }], { epochs: 3, batchSize: 2 });
    expect(seen).toHaveLength(4);
    let one = NaN;
    TAPE_CHECKS.example = (plan, V) => (one = V[plan.outputSlots[0]]);
    tape.forward([4]);
    expect(one).toBe(12);
  });
});
