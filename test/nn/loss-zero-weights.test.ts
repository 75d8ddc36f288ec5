import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { Value, compile } from '../../src/index.js';
import { binaryCrossEntropy, softmaxCrossEntropy } from '../../src/nn/index.js';
import { RUNS, SEED } from '../helpers/runs.js';

// A target weight of 0 removes its term, value and gradient alike: it never meets −∞ (a masked
// logit, ln 0 at a saturated probability) as 0 · ∞ = NaN. Number targets and Value targets (the
// placeholders of a compiled loss) give the same loss and gradients.

/** The loss and ∂/∂logits on the graph, from logits at `point` and targets built by `target`. */
function graphLoss(point: readonly number[], loss: (logits: Value[]) => Value): { value: number; grad: number[] } {
  const logits = point.map((l) => new Value(l));
  const c = loss(logits);
  c.backward();
  return { value: c.data, grad: logits.map((l) => l.grad) };
}

/** The same loss compiled with the targets as placeholders fed `targets`. */
function compiledLoss(point: readonly number[], targets: readonly number[], loss: (logits: Value[], y: Value[]) => Value): { value: number; grad: number[] } {
  const logits = point.map((l) => new Value(l));
  const y = targets.map(() => new Value(0));
  const tape = compile(loss(logits, y), { inputs: y, params: logits });
  const value = tape.run([targets], { reduce: 'sum' })[0];
  return { value, grad: logits.map((l) => l.grad) };
}

describe('softmaxCrossEntropy with masked (−∞) logits', () => {
  it('the issue’s case: logits [−∞, 0, 1], class 1: 1.3133 with a one-hot target as with the class index', () => {
    const byIndex = graphLoss([-Infinity, 0, 1], (l) => softmaxCrossEntropy(l, 1));
    const oneHot = graphLoss([-Infinity, 0, 1], (l) => softmaxCrossEntropy(l, [0, 1, 0]));
    expect(byIndex.value).toBeCloseTo(1.3132616875182228, 15);
    expect(oneHot).toEqual(byIndex);
  });

  it('one-hot and soft targets with 0 on every masked class: finite, and the same with number and Value targets, graph and compiled', () => {
    const arb = fc
      .tuple(fc.array(fc.double({ min: -30, max: 30, noNaN: true }), { minLength: 2, maxLength: 6 }), fc.nat(), fc.array(fc.boolean(), { minLength: 6, maxLength: 6 }), fc.boolean())
      .map(([logits, c, mask, soft]) => {
        const label = c % logits.length;
        const point = logits.map((l, j) => (mask[j] && j !== label ? -Infinity : l));
        // Soft: weight ½ on the label, ½ spread over the other unmasked classes (or all on the label).
        const open = point.map((l, j) => j !== label && l !== -Infinity);
        const others = open.filter(Boolean).length;
        const y = point.map((_, j) => (j === label ? (soft && others > 0 ? 0.5 : 1) : soft && open[j] ? 0.5 / others : 0));
        return { point, label, y, soft };
      });
    fc.assert(
      fc.property(arb, ({ point, label, y, soft }) => {
        const numbers = graphLoss(point, (l) => softmaxCrossEntropy(l, y));
        const values = graphLoss(point, (l) => softmaxCrossEntropy(l, y.map((t) => new Value(t))));
        const compiled = compiledLoss(point, y, (l, t) => softmaxCrossEntropy(l, t));
        expect(Number.isFinite(numbers.value), `${point} ${y}`).toBe(true);
        for (const g of numbers.grad) expect(Number.isFinite(g)).toBe(true);
        if (!soft) expect(numbers).toEqual(graphLoss(point, (l) => softmaxCrossEntropy(l, label)));
        for (const other of [values, compiled]) {
          expect(other.value).toBeCloseTo(numbers.value, 12);
          other.grad.forEach((g, j) => expect(g).toBeCloseTo(numbers.grad[j], 12));
        }
      }),
      { numRuns: Math.ceil(RUNS / 2), seed: SEED },
    );
  });
});

describe('binaryCrossEntropy with a Value target at p = 0 and p = 1', () => {
  it('p = 1, y = 1: loss 0 and ∂/∂p = −1; p = 0, y = 0: loss 0 and ∂/∂p = 1, as with the number target', () => {
    for (const [p, y, grad] of [[1, 1, -1], [0, 0, 1]]) {
      const byNumber = graphLoss([p], ([q]) => binaryCrossEntropy(q, y));
      const byValue = graphLoss([p], ([q]) => binaryCrossEntropy(q, new Value(y)));
      expect(byNumber.value === 0 && byNumber.grad[0] === grad).toBe(true); // === : the loss is −ln 1 = −0
      expect(byValue.value === 0 && byValue.grad[0] === grad, `p = ${p}, y = ${y}: ${JSON.stringify(byValue)}`).toBe(true);
      const compiled = compiledLoss([p], [y], ([q], [t]) => binaryCrossEntropy(q, t));
      expect(compiled.value === 0 && compiled.grad[0] === grad, `compiled p = ${p}, y = ${y}: ${JSON.stringify(compiled)}`).toBe(true);
    }
  });

  it('any p in [0, 1] and target in [0, 1]: a Value target gives the number target’s loss and gradient, bit for bit', () => {
    const probability = fc.oneof(fc.constantFrom(0, 1, 0.5, 1e-300, 1 - 2 ** -53), fc.double({ min: 0, max: 1, noNaN: true }));
    fc.assert(
      fc.property(probability, probability, (p, y) => {
        const byNumber = graphLoss([p], ([q]) => binaryCrossEntropy(q, y));
        const byValue = graphLoss([p], ([q]) => binaryCrossEntropy(q, new Value(y)));
        const same = (a: number, b: number) => a === b || (Number.isNaN(a) && Number.isNaN(b));
        expect(same(byValue.value, byNumber.value) && same(byValue.grad[0], byNumber.grad[0]), `p = ${p}, y = ${y}: ${JSON.stringify([byNumber, byValue])}`).toBe(true);
      }),
      { numRuns: RUNS, seed: SEED },
    );
  });
});
