import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { Value } from '../../src/index.js';
import { MLP, binaryCrossEntropy, hingeLoss, l2Penalty, lossAndGradient, meanLoss, mse, softmaxCrossEntropy } from '../../src/nn/index.js';

const RUNS = Number(process.env.FC_RUNS ?? 100);
const SEED = Number(process.env.FC_SEED ?? 777); // FC_SEED overrides, as everywhere
const num = (min: number, max: number) => fc.double({ min, max, noNaN: true, noDefaultInfinity: true });
const leaves = (xs: readonly number[]) => xs.map((x) => new Value(x));
const close = (a: number, b: number, rtol = 1e-12) => Math.abs(a - b) <= rtol * Math.max(1, Math.abs(a), Math.abs(b));

describe('mse (the notes’ C0)', () => {
  it('is Σ_j (a_j − y_j)² with ∂C0/∂a_j = 2(a_j − y_j)', () => {
    fc.assert(
      fc.property(fc.array(fc.tuple(num(-5, 5), num(-5, 5)), { minLength: 1, maxLength: 10 }), (pairs) => {
        const a = leaves(pairs.map((p) => p[0]));
        const y = pairs.map((p) => p[1]);
        const c = mse(a, y);
        c.backward();
        expect(close(c.data, pairs.reduce((s, [p, t]) => s + (p - t) ** 2, 0))).toBe(true);
        a.forEach((v, j) => expect(v.grad).toBe(2 * (v.data - y[j])));
      }),
      { seed: SEED, numRuns: RUNS },
    );
  });

  it('rejects mismatched targets', () => {
    expect(() => mse(leaves([1, 2]), [1])).toThrow('chainrule.mse: target must be an array of length 2 (as pred), received an array of length 1.');
    expect(() => mse(leaves([1]), [NaN])).toThrow('chainrule.mse: target[0] must be a finite number, received NaN.');
    expect(() => mse([], [])).toThrow(/pred must be a non-empty array of Value/);
  });
});

describe('meanLoss', () => {
  it('is (1/n) Σ_k C_k, each C_k weighted 1/n in the gradient', () => {
    const cs = leaves([1, 2, 6]);
    const m = meanLoss(cs);
    m.backward();
    expect(m.data).toBe(3);
    cs.forEach((c) => expect(c.grad).toBeCloseTo(1 / 3, 15));
  });
});

describe('softmaxCrossEntropy', () => {
  it('equals ln Σ e^l − l_label and has gradient softmax − onehot', () => {
    fc.assert(
      fc.property(fc.array(num(-20, 20), { minLength: 1, maxLength: 8 }), fc.nat(), (ls, pick) => {
        const label = pick % ls.length;
        const logits = leaves(ls);
        const c = softmaxCrossEntropy(logits, label);
        c.backward();
        const m = Math.max(...ls);
        const z = ls.reduce((s, l) => s + Math.exp(l - m), 0);
        expect(close(c.data, m + Math.log(z) - ls[label], 1e-10)).toBe(true);
        logits.forEach((v, i) => expect(close(v.grad, Math.exp(ls[i] - m) / z - (i === label ? 1 : 0), 1e-10)).toBe(true));
      }),
      { seed: SEED, numRuns: RUNS },
    );
  });

  it('is stable for huge logits (log-sum-exp shift)', () => {
    const logits = leaves([1000, 999, -1000]);
    const c = softmaxCrossEntropy(logits, 1);
    c.backward();
    expect(c.data).toBeCloseTo(1 + Math.log(1 + Math.exp(-1)), 12);
    expect(Number.isFinite(logits[0].grad)).toBe(true);
    expect(() => softmaxCrossEntropy(logits, 3)).toThrow('chainrule.softmaxCrossEntropy: label must be an integer in [0, 2], received 3.');
  });
});

describe('binaryCrossEntropy', () => {
  it('is −[y ln p + (1 − y) ln(1 − p)] with gradient (p − y) / (p(1 − p))', () => {
    fc.assert(
      fc.property(num(0.01, 0.99), num(0, 1), (pv, y) => {
        const p = new Value(pv);
        const c = binaryCrossEntropy(p, y);
        c.backward();
        expect(close(c.data, -(y * Math.log(pv) + (1 - y) * Math.log(1 - pv)), 1e-12)).toBe(true);
        expect(close(p.grad, (pv - y) / (pv * (1 - pv)), 1e-9)).toBe(true);
      }),
      { seed: SEED, numRuns: RUNS },
    );
  });

  it('drops the zero-weight term of a hard target (no 0 · ln 0)', () => {
    expect(binaryCrossEntropy(new Value(1), 1).data).toBe(-0);
    expect(binaryCrossEntropy(new Value(0), 0).data).toBe(-0);
    expect(() => binaryCrossEntropy(new Value(0.5), 2)).toThrow('chainrule.binaryCrossEntropy: y must be a number in [0, 1], received 2.');
  });
});

describe('hingeLoss and l2Penalty (micrograd’s moons loss)', () => {
  it('hinge is the mean of relu(1 − y s); l2 is alpha · Σ p²', () => {
    const s = leaves([2, 0.5, -0.3]);
    const h = hingeLoss(s, [1, 1, 1]);
    h.backward();
    expect(h.data).toBeCloseTo((0 + 0.5 + 1.3) / 3, 15);
    expect(s.map((v) => v.grad)).toEqual([0, -1 / 3, -1 / 3]);
    const ps = leaves([1, -2]);
    const r = l2Penalty(ps, 1e-4);
    r.backward();
    expect(r.data).toBeCloseTo(5e-4, 18);
    expect(ps.map((p) => p.grad)).toEqual([2e-4, -4e-4]);
    expect(() => hingeLoss(s, [1, 0, 1])).toThrow('chainrule.hingeLoss: labels[1] must be 1 or -1, received 0.');
    expect(() => l2Penalty(ps, -1)).toThrow('chainrule.l2Penalty: alpha must be a nonnegative finite number, received -1.');
  });
});

describe("train's built-in 'binaryCrossEntropy' on a model of several outputs", () => {
  it('property: the cost of an example is Σ_j BCE(p_j, y_j) over every output, on both engines (independent labels)', () => {
    fc.assert(
      fc.property(fc.integer({ min: 1, max: 4 }), fc.integer({ min: 1, max: 1000 }), fc.array(fc.constantFrom(0, 1, 0.25), { minLength: 4, maxLength: 4 }), (nout, seed, labels) => {
        const y = labels.slice(0, nout);
        const x = [0.5, -1.5];
        const make = () => new MLP(2, [3, nout], { seed, outputActivation: 'sigmoid' });
        const p = make().forward(x) as Value[];
        const want = p.reduce((s, pj, j) => s + binaryCrossEntropy(pj, y[j]).data, 0);
        for (const engine of ['graph', 'compiled'] as const) {
          const got = lossAndGradient(make(), [{ x, y }], { loss: 'binaryCrossEntropy', engine });
          expect(Math.abs(got - want), `${engine}, ${nout} outputs: ${got} against ${want}`).toBeLessThanOrEqual(1e-12 * Math.max(1, want));
        }
      }),
      { numRuns: Math.min(RUNS, 50), seed: SEED },
    );
  });
});
