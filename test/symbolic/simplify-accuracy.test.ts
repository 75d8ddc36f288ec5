import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { Value, derivative, evaluate, parse, simplify, toText } from '../../src/index.js';
import { RUNS } from '../helpers/runs.js';
import { accurateAt, sameFunctionAt } from '../helpers/same-function.js';

// simplify's accuracy contract (issue 21): wherever every node of the input y is finite,
// |simplify(y) − exact| ≤ |y − exact| + SLACK · E(y) + a few ulps of |exact|, E(y) being y's own
// rounding error bound at that point (test/helpers/same-function.ts). The exact values come from
// mpmath (test/fixtures/simplify-accuracy.py, run once): random expressions at random points and at
// points where their own differences cancel (roots of each subtraction and sum, of f, f′ and f″,
// and points near those roots).

interface AccuracyCase {
  readonly text: string;
  readonly points: readonly (readonly [number, number])[];
  /** Per point: [f, ∂f/∂x, ∂²f/∂x²], each null where not a finite real (or a kink). */
  readonly exact: readonly (readonly (number | null)[])[];
}

const fixture = JSON.parse(readFileSync(new URL('../fixtures/simplify-accuracy.json', import.meta.url), 'utf8')) as { cases: AccuracyCase[] };

/**
 * The graphs checked per case: y and its raw derivatives of orders 1 and 2, and the derivatives a
 * user chains, derivative(simplify(previous order)) — each is the input simplify must not make
 * less accurate.
 */
function inputsOf(c: AccuracyCase): { x: Value; y: Value; graphs: { name: string; order: number; g: Value }[] } {
  const x = new Value(0, 'x');
  const y = new Value(0, 'y');
  const f = parse(c.text, { x, y });
  const d1 = derivative(f, x);
  const d2 = derivative(d1, x);
  const c1 = derivative(simplify(f), x);
  const c2 = derivative(simplify(c1), x);
  return {
    x, y,
    graphs: [
      { name: 'f', order: 0, g: f },
      { name: "f' (raw)", order: 1, g: d1 },
      { name: "f'' (raw)", order: 2, g: d2 },
      { name: "f' (of simplify(f))", order: 1, g: c1 },
      { name: "f'' (chained)", order: 2, g: c2 },
    ],
  };
}

/** Cases checked: RUNS of them (all of them with FC_RUNS at or above the fixture's size). */
const cases = fixture.cases.slice(0, Math.min(RUNS, fixture.cases.length));

describe('simplify keeps the accuracy of its input (mpmath fixtures)', () => {
  it(`holds ${fixture.cases.length} cases, each at 2 or more points`, () => {
    expect(fixture.cases.length).toBeGreaterThanOrEqual(3000);
    for (const c of fixture.cases) expect(c.points.length).toBe(c.exact.length);
  });

  it(`|simplify(y) − exact| ≤ |y − exact| + ${'SLACK'}·E(y) + ulps, on y, y′, y″ (raw and chained), at random and cancelling points (${cases.length} cases)`, () => {
    const failures: string[] = [];
    let checked = 0;
    let failed = 0;
    for (const c of cases) {
      const { x, y, graphs } = inputsOf(c);
      for (const { name, order, g } of graphs) {
        const s = simplify(g);
        c.points.forEach(([px, py], p) => {
          const exact = c.exact[p][order];
          if (exact === null) return;
          const at = new Map([[x, px], [y, py]]);
          const v = accurateAt(g, s, at, exact);
          if (v.skipped) return;
          checked++;
          if (!v.ok) failed++;
          if (!v.ok && failures.length < 12) {
            failures.push(`${c.text} — ${name} at (${px}, ${py}): exact ${exact}, input ${v.original} (bound ${v.bound.toExponential(2)}), simplified ${v.candidate} (allowed ±${v.allowed.toExponential(2)})\n    ${toText(g).slice(0, 300)}\n  → ${toText(s).slice(0, 300)}`);
          }
        });
      }
    }
    expect({ failed, failures }).toEqual({ failed: 0, failures: [] });
    expect(checked).toBeGreaterThan(cases.length * 10);
  });
});

describe('simplify keeps a difference the input computes as a unit', () => {
  const x = new Value(1, 'x');
  const y = new Value(1e-20, 'y');
  const s = (v: Value) => toText(simplify(v));

  it("keeps the issue's examples as accurate as written", () => {
    expect(s(x.sub(1).add(y))).toMatchInlineSnapshot(`"x - 1 + y"`);
    expect(s(x.sub(1).sub(x.log()))).toMatchInlineSnapshot(`"x - 1 - log(x)"`);
    expect(s(x.sub(1).mul(3).sub(x.log().mul(3)))).toMatchInlineSnapshot(`"3 * (x - 1 - log(x))"`);
    expect(s(y.mul(x.sub(1)).sub(y.mul(x.log())))).toMatchInlineSnapshot(`"y * (x - 1 - log(x))"`);
    expect(s(x.sub(1).add(1e-9))).toMatchInlineSnapshot(`"x - 1 + 1e-9"`);
    // The values the issue measured: each is now the input's own.
    const p = 1 + 2 ** -30;
    const at = (f: Value, px: number, py = 0) => {
      const [dx, dy] = [x.data, y.data];
      x.data = px;
      y.data = py;
      const v = [evaluate(f, new Map([[x, px], [y, py]])), evaluate(simplify(f), new Map([[x, px], [y, py]]))];
      [x.data, y.data] = [dx, dy];
      return v;
    };
    expect(at(x.sub(1).add(y), 1, 1e-20)).toEqual([1e-20, 1e-20]);
    const [input, simplified] = at(x.sub(1).sub(x.log()), p);
    expect(simplified).toBe(input);
    expect(input).toBeCloseTo(4.3368086899420177e-19, 27);
    expect(at(x.sub(1).add(1e-9), 1)).toEqual([1e-9, 1e-9]);
  });
});

describe('the accuracy helper sees what a rewrite loses', () => {
  const x = new Value(1, 'x');
  const y = new Value(1e-20, 'y');
  const at = (px: number, py = 0) => new Map([[x, px], [y, py]]);

  it("rejects the issue's rewrites: each loses what the input computed exactly", () => {
    // (x − 1) + y → x + y − 1 at x = 1, y = 1e-20: the input gives 1e-20 exactly, the rewrite 0.
    expect(accurateAt(x.sub(1).add(y), x.add(y).sub(1), at(1, 1e-20), 1e-20).ok).toBe(false);
    // (x − 1) − log x → x − log x − 1 at x = 1 + 2^-30 (exact 4.3368e-19 from mpmath).
    const p = 1 + 2 ** -30;
    const exact = 4.336808689942017e-19;
    expect(accurateAt(x.sub(1).sub(x.log()), x.sub(x.log()).sub(1), at(p), exact).ok).toBe(false);
    expect(accurateAt(x.sub(1).mul(3).sub(x.log().mul(3)), x.mul(3).sub(x.log().mul(3)).sub(3), at(p), 3 * exact).ok).toBe(false);
    // (x − 1) + 1e-9 → x − 0.999999999 at x = 1.
    expect(accurateAt(x.sub(1).add(1e-9), x.sub(1 - 1e-9), at(1), 1e-9).ok).toBe(false);
    // …and the same without the exact value.
    expect(sameFunctionAt(x.sub(1).add(y), x.add(y).sub(1), at(1, 1e-20)).ok).toBe(false);
    expect(sameFunctionAt(x.sub(1).sub(x.log()), x.sub(x.log()).sub(1), at(p)).ok).toBe(false);
  });

  it('accepts a regrouping that keeps the input\'s accuracy, and the input itself', () => {
    const p = 1 + 2 ** -30;
    expect(accurateAt(x.sub(1).sub(x.log()), x.sub(1).sub(x.log()), at(p), 4.336808689942017e-19).ok).toBe(true);
    // 3(x − 1) for 3x − 3: the rewrite is more accurate than the input.
    expect(accurateAt(x.mul(3).sub(3), x.sub(1).mul(3), at(p), 3 * 2 ** -30).ok).toBe(true);
    // x·y·x → x²·y: products regroup within their own rounding.
    expect(sameFunctionAt(x.mul(y).mul(x), x.pow(2).mul(y), at(0.7, 1.3)).ok).toBe(true);
  });

  it('rejects a different function, and a value changed where the input is defined', () => {
    expect(sameFunctionAt(x.add(1), x.add(2), at(0.5)).ok).toBe(false);
    expect(sameFunctionAt(x.sin(), x, at(0.5)).ok).toBe(false);
    expect(sameFunctionAt(x.add(1), x.add(1 + 1e-12), at(1)).ok).toBe(false);
    expect(sameFunctionAt(x.exp().logpos(), x.exp().log(), at(-800)).ok).toBe(false);
    // Skipped where the input is undefined (x/x at 0).
    expect(sameFunctionAt(x.div(x), x.div(x).add(0), at(0)).skipped).toBe(true);
  });
});
