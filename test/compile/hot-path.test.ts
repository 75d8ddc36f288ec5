import { afterEach, describe, expect, it, vi } from 'vitest';
import { Tape, Value, compile } from '../../src/index.js';
import { MLP, SGD, train } from '../../src/nn/index.js';
import type { Example } from '../../src/nn/index.js';
import { RowBuffers } from '../../src/nn/train/row-buffers.js';
import { TapeTrainer } from '../../src/compile/trainer.js';

// The tape's hot path: train validated its data once, so its batches take
// the unchecked path, and a batch size seen before (the full and the partial last batch of every
// epoch) reuses its buffers instead of reallocating them.

function smallTape(): { tape: Tape; w: Value } {
  const x = new Value(0, 'x');
  const w = new Value(0.5, 'w');
  const y = x.mul(w).tanh().add(w.mul(w));
  return { tape: compile(y, { inputs: [x], params: [w] }), w };
}

const rows = (n: number, shift: number) => Array.from({ length: n }, (_, k) => [Math.sin(k + shift)]);

describe('the tape hot path allocates nothing per batch', () => {
  afterEach(() => {
    vi.restoreAllMocks();
  });

  it('alternating batch sizes (5, 3, 5, 3) reuse one set of buffers (a smaller batch is laid out in the larger one)', () => {
    // Arrange
    const { tape } = smallTape();
    const params = tape.readParams();
    const grads = new Float64Array(params.length);
    const options = { reduce: 'mean', params, grads } as const;
    const buffers = () => (tape as unknown as { batch: { M: Float64Array; G: Float64Array } }).batch;
    // Act
    const outs = [5, 3, 5, 3].map((n, i) => {
      const out = tape.runTrusted(rows(n, i), options);
      return { out: [...out], M: buffers().M, G: buffers().G };
    });
    // Assert: the same value and adjoint arrays every batch, and the values of run.
    for (const o of outs) {
      expect(o.M).toBe(outs[0].M);
      expect(o.G).toBe(outs[0].G);
    }
    expect(outs[3].out).toEqual([...tape.run(rows(3, 3), { backward: false })]);
  });

  it('runTrusted gives the outputs and gradients of run', () => {
    const a = smallTape();
    const b = smallTape();
    const batch = rows(7, 1);
    const outA = [...a.tape.run(batch)];
    const outB = [...b.tape.runTrusted(batch, {})];
    expect(outB).toEqual(outA);
    expect(b.w.grad).toBe(a.w.grad);
  });

  it('train on the compiled engine runs every batch unchecked: the fused step (built-in SGD) or runTrusted (the Values path), never the checking run', () => {
    // Arrange
    const data: Example[] = Array.from({ length: 23 }, (_, i) => ({ x: [Math.sin(i)], y: [Math.cos(i)] }));
    const checked = vi.spyOn(Tape.prototype, 'run');
    const trusted = vi.spyOn(Tape.prototype, 'runTrusted');
    const fused = vi.spyOn(TapeTrainer.prototype, 'forward');
    for (const optimizer of [undefined, 'values' as const]) {
      checked.mockClear();
      trusted.mockClear();
      fused.mockClear();
      const net = new MLP(1, [3, 1], { seed: 4 });
      // Act: the fused path (built-in SGD) and the Values path (a subclass overriding step()).
      const opt = optimizer === undefined ? undefined : new (class extends SGD {
        override step(): void {
          super.step();
        }
      })(net.parameters(), { lr: 0.1 });
      train(net, data, { epochs: 2, batchSize: 5, engine: 'compiled', ...(opt === undefined ? {} : { optimizer: opt }) });
      // Assert: 2 epochs × ⌈23/5⌉ batches
      expect(optimizer === undefined ? fused : trusted).toHaveBeenCalledTimes(10);
      expect(optimizer === undefined ? trusted : fused).not.toHaveBeenCalled();
      expect(checked).not.toHaveBeenCalled();
    }
  });

  it('the rows of a partial batch are the same array every epoch, as are the full ones', () => {
    const buffers = new RowBuffers(1, 1);
    const batch = (n: number): Example[] => Array.from({ length: n }, (_, k) => ({ x: [k], y: [-k] }));
    const seen = [5, 3, 5, 3].map((n) => buffers.fill(batch(n)));
    expect(seen[2]).toBe(seen[0]);
    expect(seen[3]).toBe(seen[1]);
    expect(seen[3].map((row) => [...row])).toEqual([[0, -0], [1, -1], [2, -2]]);
  });
});
