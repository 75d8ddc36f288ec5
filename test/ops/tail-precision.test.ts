import { describe, expect, it } from 'vitest';
import { OPS } from '../../src/index.js';
import { ONE, add, erfDerivativeExact, erfExact, exact, mul, neg, toNumber } from '../helpers/exact.js';

describe('precision in the tails, against exact references', () => {
  const relative = (got: number, want: number) => Math.abs(got - want) / Math.abs(want);
  const worst = (xs: readonly number[], f: (x: number) => [number, number]) => Math.max(...xs.map((x) => relative(...f(x))));
  const grid = (from: number, to: number, n: number) => Array.from({ length: n }, (_, i) => from + ((to - from) * (i + 0.5)) / n);

  it('erf: within 1e-15 relative of a 70-digit series on [−6, 6] and at tiny arguments (measured worst ≈ 4.5e-16)', () => {
    const xs = [...grid(-6, 6, 300), ...grid(-20, -1, 40).map((e) => 10 ** e), -1e-300, 5e-324];
    expect(worst(xs, (x) => [OPS.erf.forward(x, 0), erfExact(x)])).toBeLessThan(1e-15);
  });

  it("erf': the numeric rule within 2e-15 relative of 2/√π·e^(−x²) out to x = 26.5 (the obvious e^(−x·x) loses 1e-13)", () => {
    const xs = grid(-26.5, 26.5, 200);
    const rule = (x: number) => OPS.erf.local(0, x, 0, OPS.erf.forward(x, 0));
    expect(worst(xs, (x) => [rule(x), erfDerivativeExact(x)])).toBeLessThan(2e-15);
    // The same check fails for the unsplit formula, so it can tell the difference:
    expect(worst(xs, (x) => [1.1283791670955126 * Math.exp(-x * x), erfDerivativeExact(x)])).toBeGreaterThan(1e-14);
  });

  // 1 − x², x² − 1 are exact rationals for a double x: the reference rounds once.
  const oneMinusSquare = (x: number) => toNumber(add(ONE, neg(mul(exact(x), exact(x)))));
  const nearOne = [1 - 2 ** -52, 1 - 2 ** -40, 1 - 1e-9, 1 - 1e-5, 0.999];

  it("asin', acos', atanh' near ±1 within 4e-16 relative (1 − x·x would lose half the digits)", () => {
    for (const x of [...nearOne, ...nearOne.map((v) => -v)]) {
      const u = oneMinusSquare(x);
      expect(relative(OPS.asin.local(0, x, 0, 0), 1 / Math.sqrt(u)), `asin' ${x}`).toBeLessThan(4e-16);
      expect(relative(OPS.acos.local(0, x, 0, 0), -1 / Math.sqrt(u)), `acos' ${x}`).toBeLessThan(4e-16);
      expect(relative(OPS.atanh.local(0, x, 0, 0), 1 / u), `atanh' ${x}`).toBeLessThan(4e-16);
    }
    expect(relative(1 / Math.sqrt(1 - (1 - 1e-9) ** 2), 1 / Math.sqrt(oneMinusSquare(1 - 1e-9)))).toBeGreaterThan(1e-11);
  });

  it("acosh' near 1 and for huge x within 4e-16 relative", () => {
    for (const x of [1 + 2 ** -52, 1 + 1e-9, 1.001, 1e10]) {
      const u = toNumber(add(mul(exact(x), exact(x)), neg(ONE)));
      expect(relative(OPS.acosh.local(0, x, 0, 0), 1 / Math.sqrt(u)), `acosh' ${x}`).toBeLessThan(4e-16);
    }
    expect(relative(OPS.acosh.local(0, 1e200, 0, 0), 1e-200)).toBeLessThan(4e-16); // x² would overflow
  });

  it("log1p' near −1 and expm1' far below 0 keep every digit", () => {
    for (const x of [-1 + 2 ** -40, -0.999999, -0.5]) expect(relative(OPS.log1p.local(0, x, 0, 0), 1 / toNumber(add(ONE, exact(x))))).toBeLessThan(2.3e-16);
    for (const x of [-40, -300, -700]) expect(OPS.expm1.local(0, x, 0, OPS.expm1.forward(x, 0))).toBe(Math.exp(x));
  });
});
