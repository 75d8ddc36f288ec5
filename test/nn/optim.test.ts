import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { Value } from '../../src/index.js';
import { Adam, SGD, sgd } from '../../src/nn/index.js';

const RUNS = Number(process.env.FC_RUNS ?? 100);
const SEED = Number(process.env.FC_SEED ?? 99); // FC_SEED overrides, as everywhere
// Rates and momenta on a uniform grid: fc.double spreads its draws over the exponents (lr = 6e-323,
// μ = 3e-165), where a wrong update (a dampened momentum) moves w by less than its rounding.
const grid = (min: number, max: number) => fc.integer({ min: Math.round(min * 1000), max: Math.round(max * 1000) }).map((k) => k / 1000);
const num = (min: number, max: number) => fc.double({ min, max, noNaN: true, noDefaultInfinity: true });
const grads = fc.array(fc.array(num(-3, 3), { minLength: 3, maxLength: 3 }), { minLength: 1, maxLength: 6 });

/** Params [0.5, -1, 2]; each step sets the grads to the next row, then steps. */
function run(make: (ps: Value[]) => { step(): void; zeroGrad(): void }, rows: number[][]): number[] {
  const ps = [0.5, -1, 2].map((x) => new Value(x));
  const opt = make(ps);
  for (const row of rows) {
    opt.zeroGrad();
    ps.forEach((p, i) => (p.grad += row[i]));
    opt.step();
  }
  return ps.map((p) => p.data);
}

describe('optimizers', () => {
  it('SGD without momentum is sgd(): w ← w − α g', () => {
    fc.assert(
      fc.property(grads, grid(0, 2), (rows, lr) => {
        const viaFunction = run((ps) => ({ step: () => sgd(ps, lr), zeroGrad: () => ps.forEach((p) => (p.grad = 0)) }), rows);
        expect(run((ps) => new SGD(ps, { lr }), rows)).toEqual(viaFunction);
      }),
      { seed: SEED, numRuns: RUNS },
    );
  });

  it('SGD with momentum follows v ← μv + g, w ← w − αv', () => {
    fc.assert(
      fc.property(grads, grid(0, 2), grid(0, 0.99), (rows, lr, mu) => {
        const w = [0.5, -1, 2];
        const v = [0, 0, 0];
        for (const g of rows) for (let i = 0; i < 3; i++) (v[i] = mu * v[i] + g[i]), (w[i] -= lr * v[i]);
        expect(run((ps) => new SGD(ps, { lr, momentum: mu }), rows)).toEqual(w);
      }),
      { seed: SEED, numRuns: RUNS },
    );
  });

  it('Adam follows Kingma & Ba with bias correction', () => {
    fc.assert(
      fc.property(grads, grid(0.001, 0.1), (rows, lr) => {
        const [b1, b2, eps] = [0.9, 0.999, 1e-8];
        const w = [0.5, -1, 2];
        const m = [0, 0, 0];
        const v = [0, 0, 0];
        rows.forEach((g, t) => {
          for (let i = 0; i < 3; i++) {
            m[i] = b1 * m[i] + (1 - b1) * g[i];
            v[i] = b2 * v[i] + (1 - b2) * g[i] * g[i];
            const mh = m[i] / (1 - b1 ** (t + 1));
            const vh = v[i] / (1 - b2 ** (t + 1));
            w[i] -= (lr * mh) / (Math.sqrt(vh) + eps);
          }
        });
        const got = run((ps) => new Adam(ps, { lr }), rows);
        got.forEach((x, i) => expect(Math.abs(x - w[i])).toBeLessThanOrEqual(1e-14));
      }),
      { seed: SEED, numRuns: RUNS },
    );
  });

  it('Adam’s first step moves each parameter by lr against the sign of its gradient', () => {
    const ps = [new Value(1), new Value(1)];
    ps[0].grad = 5;
    ps[1].grad = -0.001;
    new Adam(ps, { lr: 0.01 }).step();
    expect(ps[0].data).toBeCloseTo(0.99, 9);
    expect(ps[1].data).toBeCloseTo(1.01, 6);
  });

  it('reject bad options', () => {
    const ps = [new Value(1)];
    expect(() => sgd(ps, NaN)).toThrow('chainrule.sgd: lr must be a nonnegative finite number, received NaN.');
    expect(() => new SGD(ps, { lr: 0.1, momentum: 1 })).toThrow('chainrule.SGD: options.momentum must be a number in [0, 1), received 1.');
    expect(() => new Adam(ps, { beta2: 1.5 })).toThrow('chainrule.Adam: options.beta2 must be a number in [0, 1), received 1.5.');
    expect(() => new Adam([1 as never])).toThrow('chainrule.Adam: params[0] must be a Value, received 1.');
  });
});
