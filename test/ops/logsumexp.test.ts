import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { Value, derivative, logsumexp } from '../../src/index.js';
import { everyEngine, sameNumber } from '../helpers/engines.js';
import { RUNS, SEED } from '../helpers/runs.js';

/** softmax from the exponentials shifted by the max: each e^(x_k − m) has an exact argument where the operands are within a factor 2 (Sterbenz). */
function softmax(xs: readonly number[]): number[] {
  const m = Math.max(...xs);
  const e = xs.map((x) => Math.exp(x - m));
  const s = e.reduce((a, b) => a + b, 0);
  return e.map((v) => v / s);
}

/**
 * softmax_k's own condition: e^(x_k − shift) moves by |x_k − shift| · ε relative when the
 * subtraction rounds (either shift, m or y ≤ m + ln n), plus a few roundings of the quotient.
 */
function close(got: number, want: number, xs: readonly number[], k: number): boolean {
  const spread = Math.abs(xs[k] - Math.max(...xs)) + Math.log(xs.length);
  return got === want || Math.abs(got - want) <= (8 + 2 * spread) * Number.EPSILON * Math.abs(want);
}

const lse = (...xs: Value[]) => logsumexp(xs);

// Operands c + k·u for small integers k, u a power of 2 at least c's last place: at c = 1e17 or 1e300
// the log of the number of ties is below half an ulp of the value, so y = c exactly.
const offset = fc.oneof(
  fc.constantFrom(0, 1, -1e4, 1e4, 1e15, -1e17, 1e17, 2 ** 60, 1e300, -1e300, 1.7e308),
  fc.double({ min: -1e300, max: 1e300, noNaN: true }),
);
const arbOperands = fc.tuple(offset, fc.array(fc.integer({ min: -3, max: 3 }), { minLength: 1, maxLength: 5 })).map(([c, ks]) => {
  const u = Math.max(2 ** -4, 2 ** Math.ceil(Math.log2(Math.max(Math.abs(c), 1) * Number.EPSILON)));
  return ks.map((k) => c + k * u);
});

describe('logsumexp: its partials are the softmax of its operands', () => {
  it('∂/∂x_k = softmax_k from the shifted exponentials, to the rounding of x_k − shift, on every engine (huge and equal operands included)', () => {
    fc.assert(
      fc.property(fc.oneof(arbOperands, fc.array(fc.double({ min: -40, max: 40, noNaN: true }), { minLength: 1, maxLength: 6 })), (xs) => {
        const want = softmax(xs);
        for (const [engine, { grad }] of Object.entries(everyEngine(lse, xs))) {
          grad.forEach((g, k) => expect(close(g, want[k], xs, k), `${engine} ∂/∂x${k} at [${xs}]: ${g}, softmax ${want[k]}`).toBe(true));
        }
      }),
      { numRuns: Math.ceil(RUNS / 4), seed: SEED },
    );
  });

  it('logsumexp([1e300, 1e300]): ½ each, and the second derivatives of the softmax (¼, −¼)', () => {
    const [a, b] = [new Value(1e300), new Value(1e300)];
    const y = logsumexp([a, b]);
    y.backward();
    expect([a.grad, b.grad]).toEqual([0.5, 0.5]);
    const da = derivative(y, a);
    expect(derivative(da, a).data).toBe(0.25);
    expect(derivative(da, b).data).toBe(-0.25);
  });
});

describe('logsumexp: NaN in, NaN out', () => {
  // An operand is NaN as log(−1) (leaves cannot hold NaN); the others from finite and infinite values.
  const special = fc.constantFrom(-Infinity, Infinity, 0, -1e300, 1e300, 3);
  const arbWithNaN = fc.tuple(fc.array(special, { minLength: 0, maxLength: 4 }), fc.nat()).map(([others, at]) => {
    const point = [...others];
    point.splice(at % (others.length + 1), 0, -1);
    return { point, nanAt: at % (others.length + 1) };
  });

  it('the value and every partial are NaN on every engine wherever an operand is NaN (as ONNX Runtime gives)', () => {
    fc.assert(
      fc.property(arbWithNaN, ({ point, nanAt }) => {
        const f = (...xs: Value[]) => logsumexp(xs.map((x, i) => (i === nanAt ? x.log() : x)));
        for (const [engine, { value, grad }] of Object.entries(everyEngine(f, point))) {
          expect(value, `${engine} at [${point}], NaN at ${nanAt}`).toBeNaN();
          grad.forEach((g, k) => expect(g, `${engine} ∂/∂x${k}`).toBeNaN());
        }
      }),
      { numRuns: Math.ceil(RUNS / 4), seed: SEED },
    );
  });

  it('the issue’s cases: [log(−1)], [NaN, −∞], [∞, NaN]', () => {
    const nan = () => new Value(-1).log();
    expect(logsumexp([nan()]).data).toBeNaN();
    expect(logsumexp([nan(), -Infinity]).data).toBeNaN();
    expect(logsumexp([Infinity, nan()]).data).toBeNaN();
  });

  it('with ±∞ and no NaN the conventions stay: ∞ wins (its own partial NaN, the others 0), all −∞ is −∞', () => {
    for (const { value, grad } of Object.values(everyEngine(lse, [Infinity, 1, -Infinity]))) {
      expect(value).toBe(Infinity);
      expect(grad.map((g, k) => (k === 0 ? Number.isNaN(g) : sameNumber(g, 0)))).toEqual([true, true, true]);
    }
    expect(logsumexp([-Infinity, -Infinity]).data).toBe(-Infinity);
  });
});
