import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { Value, gradients, hessian, hvp } from '../../src/index.js';

// Exact first and second derivatives of div, atan, asinh and atan2 across the double range, from
// mpmath at 60 digits rounded once (scripts/range-fixtures.py). A rule must stay in range wherever
// its result does — no square that overflows while the derivative is a normal number — and keep
// its precision everywhere else.

type Num = number | 'Infinity' | '-Infinity';
interface Case {
  readonly op: 'div' | 'atan' | 'asinh' | 'atan2';
  readonly at: readonly number[];
  readonly d: readonly Num[];
  readonly dd: readonly (readonly Num[])[];
  /** The largest term of each second derivative's formula: how far rounding the operands can move it. */
  readonly ddScale: readonly (readonly Num[])[];
}
const { cases } = JSON.parse(readFileSync(new URL('../fixtures/range-derivatives.json', import.meta.url), 'utf8')) as { cases: Case[] };
const num = (x: Num): number => (typeof x === 'number' ? x : x === 'Infinity' ? Infinity : -Infinity);

const FUNCTIONS: Record<Case['op'], (...xs: Value[]) => Value> = {
  div: (a, b) => a.div(b),
  atan: (x) => x.atan(),
  asinh: (x) => x.asinh(),
  atan2: (y, x) => y.atan2(x),
};

/**
 * Within `ulps` of the exact double relative to `scale` (the result's magnitude, or its largest term
 * where it is a difference), with a few units of the subnormal spacing where the result is that small.
 */
function near(got: number, want: number, ulps: number, scale = Math.abs(want)): boolean {
  if (got === want) return true;
  if (!Number.isFinite(want)) return false;
  return Math.abs(got - want) <= ulps * Number.EPSILON * scale + 4 * Number.MIN_VALUE;
}

/** The cases where `check` fails, described (empty when all pass). */
function failures(check: (c: Case) => string[]): string[] {
  return cases.flatMap((c) => check(c).map((m) => `${c.op}(${c.at.join(', ')}): ${m}`));
}

describe('rules that stay in range: div, atan, asinh and atan2 against mpmath', () => {
  it('first derivatives within 4 ulps on the graph (numeric rules) and the symbolic engine, 1e-300 to 1e300', () => {
    const bad = failures((c) => {
      const xs = c.at.map((x) => new Value(x));
      const y = FUNCTIONS[c.op](...xs);
      const symbolic = gradients(y, xs).map((d) => d.data);
      y.backward();
      return c.d.flatMap((want, i) => {
        const w = num(want);
        const wrong: string[] = [];
        if (!near(xs[i].grad, w, 4)) wrong.push(`backward ∂${i} = ${xs[i].grad}, exact ${w}`);
        if (!near(symbolic[i], w, 4)) wrong.push(`derivative ∂${i} = ${symbolic[i]}, exact ${w}`);
        return wrong;
      });
    });
    expect(bad).toEqual([]);
  });

  it('second derivatives within 16 ulps of their scale by hessian and hvp, wherever that scale is a double', () => {
    // atan2's second derivatives pass through partials of size 1/r² (∂/∂r of 1/r, formed by the
    // chain rule), and its mixed partial (y² − x²)/r⁴ is a difference of terms of that size: below
    // r ≈ 1e-154 they overflow even where the result would not, so atan2's second derivatives are
    // claimed only where 1/r² is a double (ddScale "Infinity" otherwise). div, atan and asinh: everywhere.
    const bad = failures((c) => {
      const f = FUNCTIONS[c.op];
      const H = hessian(f)(...c.at);
      return c.dd.flatMap((row, i) => {
        const Hv = hvp(f, c.at, c.at.map((_, j) => (j === i ? 1 : 0)));
        return row.flatMap((want, j) => {
          const [w, scale] = [num(want), num(c.ddScale[i][j])];
          if (scale === Infinity) return [];
          const wrong: string[] = [];
          if (!near(H[i][j], w, 16, scale)) wrong.push(`hessian [${i}][${j}] = ${H[i][j]}, exact ${w}`);
          if (!near(Hv[j], w, 16, scale)) wrong.push(`hvp [${i}][${j}] = ${Hv[j]}, exact ${w}`);
          return wrong;
        });
      });
    });
    expect(bad).toEqual([]);
  });

  it('the issue’s points: ∂²(x/y)/∂y² at (1, 1e-100) is 2e300 (was Infinity) and at (1, 1e80) 2e-240 (was 0)', () => {
    const f = (x: Value, y: Value) => x.div(y);
    expect(near(hessian(f)(1, 1e-100)[1][1], 1.9999999999999998e300, 2)).toBe(true);
    expect(near(hessian(f)(1, 1e80)[1][1], 2e-240, 2)).toBe(true);
  });
});
