import { describe, expect, it } from 'vitest';
import { Value, derivative, evaluate, simplify, toText } from '../../src/index.js';
import { erfDerivativeExact } from '../helpers/exact.js';

// derivative() of erf reaches the numeric rule's precision in the tails: its symbolic partial is
// 2/√π · expNegSquare(x), an op of the table that splits x² as Cody does (ops/numerics.ts), where
// 2/√π · exp(−x·x) loses x²·2^-53 to the rounding of x·x (5.6e-14 relative at |x| = 25.5).

const relative = (got: number, want: number) => Math.abs(got - want) / Math.abs(want);

describe("derivative of erf", () => {
  it('is within 1e-15 relative of 2/√π·e^(−x²) out to |x| = 26 (e^(−x²) still normal), raw and simplified', () => {
    const x = new Value(0, 'x');
    const d = derivative(x.erf(), x);
    const s = simplify(d);
    let worst = 0;
    for (let k = 0; k <= 520; k++) {
      const p = ((k / 20) * (k % 2 === 0 ? 1 : -1) * (1 + (k % 7) * 1e-4));
      const want = erfDerivativeExact(p);
      const at = new Map([[x, p]]);
      worst = Math.max(worst, relative(evaluate(d, at), want), relative(evaluate(s, at), want));
    }
    expect(worst).toBeLessThan(1e-15);
    // The tail the issue measured: |x| ≈ 25.5, on a graph built there.
    for (const p of [25.5, -25.5, 25.49, 25.9]) {
      const at = new Value(p, 'x');
      expect(relative(derivative(at.erf(), at).data, erfDerivativeExact(p))).toBeLessThan(1e-15);
    }
  });

  it('prints with the op, and its own derivative is −2x·expNegSquare(x), from the output', () => {
    const x = new Value(25.5, 'x');
    const d = derivative(x.erf(), x);
    expect(toText(simplify(d))).toMatchInlineSnapshot(`"1.1283791670955126 * expNegSquare(x)"`);
    const d2 = derivative(d, x);
    expect(toText(simplify(d2))).toMatchInlineSnapshot(`"-2.256758334191025 * x * expNegSquare(x)"`);
    // d²/dx² erf = −2x · 2/√π e^(−x²)
    expect(relative(d2.data, -2 * 25.5 * erfDerivativeExact(25.5))).toBeLessThan(2e-15);
  });
});
