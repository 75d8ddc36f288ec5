import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { Value } from '../../src/index.js';
import { MLP, binaryCrossEntropy, binaryCrossEntropyWithLogits, lossAndGradient, type Example } from '../../src/nn/index.js';
import { RUNS, SEED, close } from '../helpers/runs.js';

/** A 1-input network with every weight set to w and biases 0: its outputs are w·x per unit (before σ). */
function net(nout: number, w: readonly number[], outputActivation: 'sigmoid' | 'linear'): MLP {
  const m = new MLP(1, [nout], { outputActivation, seed: 1 });
  m.parameters().forEach((p, i) => {
    p.data = i % 2 === 0 && i / 2 < w.length ? w[i / 2] : 0; // [w0, b0, w1, b1, …]
  });
  return m;
}

/** Loss and gradients on both engines, for nets built identically. */
function bothEngines(make: () => MLP, batch: Example[], loss: 'binaryCrossEntropy' | 'softmaxCrossEntropy') {
  return (['graph', 'compiled'] as const).map((engine) => {
    const m = make();
    const value = lossAndGradient(m, batch, { loss, engine });
    return { value, grads: m.parameters().map((p) => p.grad) };
  });
}

describe('losses stay finite when the network saturates', () => {
  it('binary cross-entropy of a sigmoid saturated at 40 with target 1: loss 0 on both engines', () => {
    const [graph, compiled] = bothEngines(() => net(1, [50], 'sigmoid'), [{ x: [40], y: [1] }], 'binaryCrossEntropy');
    expect(graph.value).toBe(0);
    expect(compiled.value).toBe(0);
    compiled.grads.forEach((g, i) => expect(close(g, graph.grads[i], 1e-12, 1e-300)).toBe(true));
  });

  it('binary cross-entropy: logits up to ±1e4, any target in [0, 1], finite and equal on both engines', () => {
    fc.assert(
      fc.property(fc.double({ min: -1e4, max: 1e4, noNaN: true }), fc.constantFrom(0, 1, 0.25), (z, y) => {
        const [graph, compiled] = bothEngines(() => net(1, [z], 'sigmoid'), [{ x: [1], y: [y] }, { x: [-1], y: [1 - y] }], 'binaryCrossEntropy');
        expect(Number.isFinite(graph.value)).toBe(true);
        expect(close(compiled.value, graph.value, 1e-12, 1e-300)).toBe(true);
        compiled.grads.forEach((g, i) => {
          expect(Number.isFinite(g)).toBe(true);
          expect(close(g, graph.grads[i], 1e-12, 1e-300)).toBe(true);
        });
      }),
      { numRuns: RUNS, seed: SEED },
    );
  });

  it('softmax cross-entropy: logits ±800 and up to ±1e4, finite and equal on both engines', () => {
    const [graph, compiled] = bothEngines(() => net(2, [800, -800], 'linear'), [{ x: [1], y: [1, 0] }, { x: [1], y: [0, 1] }], 'softmaxCrossEntropy');
    expect(graph.value).toBe(800);
    expect(compiled.value).toBe(800);
    fc.assert(
      fc.property(fc.array(fc.double({ min: -1e4, max: 1e4, noNaN: true }), { minLength: 3, maxLength: 3 }), fc.integer({ min: 0, max: 2 }), (w, c) => {
        const y = [0, 0, 0].map((_, j) => (j === c ? 1 : 0));
        const [g, k] = bothEngines(() => net(3, w, 'linear'), [{ x: [1], y }, { x: [-0.5], y }], 'softmaxCrossEntropy');
        expect(Number.isFinite(g.value)).toBe(true);
        expect(close(k.value, g.value, 1e-12, 1e-300)).toBe(true);
        k.grads.forEach((d, i) => {
          expect(Number.isFinite(d)).toBe(true);
          expect(close(d, g.grads[i], 1e-12, 1e-300)).toBe(true);
        });
      }),
      { numRuns: RUNS, seed: SEED },
    );
  });

  it('binaryCrossEntropyWithLogits is −ln σ(z) / −ln(1 − σ(z)) in full precision, with derivative σ(z) − y', () => {
    const z = new Value(40);
    const l = binaryCrossEntropyWithLogits(z, 1);
    l.backward();
    expect(close(l.data, Math.exp(-40), 1e-15, 0)).toBe(true); // −ln σ(40) = ln(1 + e^−40) ≈ e^−40
    expect(close(z.grad, -Math.exp(-40) / (1 + Math.exp(-40)), 1e-15, 0)).toBe(true);
    expect(binaryCrossEntropy(new Value(-1e4).sigmoid(), 1).data).toBe(1e4);
    expect(() => binaryCrossEntropyWithLogits(z, 2)).toThrowErrorMatchingInlineSnapshot(`[RangeError: chainrule.binaryCrossEntropyWithLogits: y must be a number in [0, 1], received 2.]`);
  });
});
