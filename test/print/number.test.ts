import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { Value, constant, countNodes, parse, toLatex, toText } from '../../src/index.js';
import { RUNS, SEED } from '../helpers/runs.js';

const x = new Value(0.7, 'x');

/** The fraction p/q with the smallest q in 2…1000 such that p / q === n, by brute force. */
function smallestFractionByScan(n: number): [number, number] | null {
  for (let q = 2; q <= 1000; q++) {
    const p = Math.round(n * q);
    if (p / q === n) return [p, q];
  }
  return null;
}

describe('constants print as exact-looking fractions', () => {
  it('prints p/q where that reads better, and keeps integers and short or inexact decimals', () => {
    const cases: [number, string][] = [
      [0.38461538461538464, '5/13'],
      [1 / 3, '1/3'],
      [1.5, '3/2'],
      [0.25, '1/4'],
      [0.5, '1/2'],
      [-1.5, '-3/2'],
      [355 / 113, '355/113'],
      [2, '2'],
      [-0, '-0'],
      [1e21, '1e+21'],
      [0.1, '0.1'],
      [0.2, '0.2'], // tie in length, but fifths read as decimals
      [0.05, '0.05'],
      [123456.5, '123456.5'], // tie in length, numerator too long
      [1e-7, '1e-7'],
      [1 / 1001, '0.000999000999000999'], // q past 1000
      [Math.PI, '3.141592653589793'],
      [0.1 + 0.2, '0.30000000000000004'],
      [Infinity, 'Infinity'],
      [-Infinity, '-Infinity'],
    ];
    for (const [n, text] of cases) expect([n, toText(constant(n))]).toEqual([n, text]);
  });

  it('finds the smallest denominator that gives the same double (property, against a scan)', () => {
    fc.assert(
      fc.property(fc.integer({ min: -1_000_000, max: 1_000_000 }), fc.integer({ min: 2, max: 1000 }), (p, q) => {
        // Arrange: a double that equals some p/q exactly
        const n = p / q;
        fc.pre(!Number.isInteger(n));
        // Act
        const text = toText(constant(Math.abs(n)));
        // Assert: a fraction is printed only as the smallest one, and it is the same double; a
        // decimal only where the smallest fraction is not shorter.
        const best = smallestFractionByScan(Math.abs(n))!;
        const match = /^(\d+)\/(\d+)$/.exec(text);
        if (match !== null) {
          expect([Number(match[1]), Number(match[2])]).toEqual(best);
          expect(Number(match[1]) / Number(match[2])).toBe(Math.abs(n));
        } else {
          expect(text).toBe(String(Math.abs(n)));
          expect(`${best[0]}/${best[1]}`.length).toBeGreaterThanOrEqual(text.length);
        }
      }),
      { numRuns: RUNS, seed: SEED },
    );
  });

  it('a fraction binds like a division, a negative one keeps its sign in front', () => {
    const half = constant(1.5);
    expect(toText(x.div(half))).toMatchInlineSnapshot(`"x / (3/2)"`);
    expect(toText(half.div(x))).toMatchInlineSnapshot(`"3/2 / x"`);
    expect(toText(x.pow(half))).toMatchInlineSnapshot(`"x^(3/2)"`);
    expect(toText(half.pow(x))).toMatchInlineSnapshot(`"(3/2)^x"`);
    expect(toText(half.mul(x))).toMatchInlineSnapshot(`"3/2 * x"`);
    expect(toText(x.mul(half))).toMatchInlineSnapshot(`"x * (3/2)"`);
    expect(toText(x.add(half))).toMatchInlineSnapshot(`"x + 3/2"`);
    expect(toText(half.neg())).toMatchInlineSnapshot(`"-(3/2)"`);
    expect(toText(x.sub(-1.5))).toMatchInlineSnapshot(`"x - -3/2"`);
    expect(toText(x.mul(-1.5))).toMatchInlineSnapshot(`"x * (-3/2)"`);
    expect(toText(constant(-1.5).mul(x))).toMatchInlineSnapshot(`"-3/2 * x"`);
    expect(toText(x.pow(-1.5))).toMatchInlineSnapshot(`"x^(-3/2)"`);
  });

  it('in LaTeX, as \\frac, binding like the division (or unary minus when negative)', () => {
    expect(toLatex(constant(5 / 13).mul(x))).toMatchInlineSnapshot(`"\\frac{5}{13} \\cdot x"`);
    expect(toLatex(x.mul(-1.5))).toMatchInlineSnapshot(`"x \\cdot \\left(-\\frac{3}{2}\\right)"`);
    expect(toLatex(constant(-1.5).add(x))).toMatchInlineSnapshot(`"-\\frac{3}{2} + x"`);
    expect(toLatex(x.pow(1.5))).toMatchInlineSnapshot(`"{x}^{\\frac{3}{2}}"`);
    expect(toLatex(constant(1.5).pow(x))).toMatchInlineSnapshot(`"{\\left(\\frac{3}{2}\\right)}^{x}"`);
    expect(toLatex(constant(0.1).add(constant(-1e-7)))).toMatchInlineSnapshot(`"0.1 + \\left(-1 \\cdot 10^{-7}\\right)"`);
  });

  it('prints a leaf whose data was set to NaN as NaN', () => {
    const c = constant(1);
    c.data = NaN;
    expect(toText(c.mul(x))).toMatchInlineSnapshot(`"NaN * x"`);
  });

  it('parse reads each printed number back as one constant, the same double', () => {
    for (const n of [5 / 13, -1.5, 0.1, -0, -2, 1e-7, -1e-300, 1e21, -Infinity]) {
      const back = parse(toText(constant(n)));
      expect(countNodes(back)).toBe(1);
      expect(Object.is(back.data, n)).toBe(true);
    }
  });

  it('keeps a negation or division of numbers apart from the number it equals', () => {
    // -(2) and (3) / 2 print so, since parse reads -2 and 3/2 as single constants.
    expect(toText(constant(2).neg())).toMatchInlineSnapshot(`"-(2)"`);
    expect(toText(constant(Infinity).neg())).toMatchInlineSnapshot(`"-(Infinity)"`);
    expect(toText(constant(3).div(2))).toMatchInlineSnapshot(`"(3) / 2"`);
    expect(toText(constant(-3).div(2))).toMatchInlineSnapshot(`"(-3) / 2"`);
    expect(toText(constant(3).div(-2))).toMatchInlineSnapshot(`"3 / -2"`);
    expect(toText(constant(0.5).div(2))).toMatchInlineSnapshot(`"1/2 / 2"`);
    for (const e of [constant(2).neg(), constant(3).div(2), constant(-3).div(2), constant(3).div(-2), constant(-1.5).neg()]) {
      const back = parse(toText(e));
      expect([toText(back), countNodes(back), back.op]).toEqual([toText(e), countNodes(e), e.op]);
    }
  });

  it('prints any double so that parse gives it back bit for bit (property)', () => {
    fc.assert(
      fc.property(fc.double({ noNaN: true }), (n) => {
        // Act
        const back = parse(toText(constant(n)));
        // Assert
        expect(Object.is(back.data, n)).toBe(true);
        expect(countNodes(back)).toBe(1);
      }),
      { numRuns: RUNS, seed: SEED },
    );
  });
});
