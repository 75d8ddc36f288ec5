import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import * as chainrule from '../src/index.js';
import { OPS, OP_LIST, Value, applyOp, compile, constant, derivative, gradients, type OpInterval, type OpSpec } from '../src/index.js';
import { ONE, add, erfDerivativeExact, erfExact, exact, mul, neg, toNumber } from './helpers/exact.js';
import { RUNS, SEED, close } from './helpers/runs.js';

// Independent reference forwards (Math, and a BigInt series for erf), not read from the table.
const REFERENCE: Record<string, (xs: number[]) => number> = {
  sin: ([a]) => Math.sin(a),
  cos: ([a]) => Math.cos(a),
  tan: ([a]) => Math.sin(a) / Math.cos(a),
  asin: ([a]) => Math.atan(a / Math.sqrt(1 - a * a)),
  acos: ([a]) => Math.PI / 2 - Math.asin(a),
  atan: ([a]) => Math.atan(a),
  sinh: ([a]) => (Math.exp(a) - Math.exp(-a)) / 2,
  cosh: ([a]) => (Math.exp(a) + Math.exp(-a)) / 2,
  asinh: ([a]) => Math.sign(a) * Math.log(Math.abs(a) + Math.sqrt(a * a + 1)),
  acosh: ([a]) => Math.log(a + Math.sqrt(a * a - 1)),
  atanh: ([a]) => 0.5 * Math.log((1 + a) / (1 - a)),
  sqrt: ([a]) => a ** 0.5,
  cbrt: ([a]) => Math.sign(a) * Math.abs(a) ** (1 / 3),
  abs: ([a]) => (a < 0 ? -a : a),
  sign: ([a]) => (a > 0 ? 1 : a < 0 ? -1 : 0),
  log2: ([a]) => Math.log(a) / Math.LN2,
  log10: ([a]) => Math.log(a) / Math.LN10,
  log1p: ([a]) => Math.log(1 + a),
  expm1: ([a]) => Math.exp(a) - 1,
  erf: ([a]) => erfExact(a),
  max: ([a, b]) => (a >= b ? a : b),
  min: ([a, b]) => (a <= b ? a : b),
  atan2: ([y, x]) => Math.atan2(y, x),
  hypot: ([x, y]) => Math.sqrt(x * x + y * y),
};
const ELEMENTARY = OP_LIST.filter((spec) => Object.hasOwn(REFERENCE, spec.name));

/** Where to sample an input: the op's domain, kept a little inside interval ends. */
function arbInput(d: 'real' | 'positive' | OpInterval): fc.Arbitrary<number> {
  const { min, max } = d === 'real' ? { min: -3, max: 3 } : d === 'positive' ? { min: 0.2, max: 3 } : d;
  const lo = Number.isFinite(min) ? min + 0.05 * Math.min(1, (Number.isFinite(max) ? max : min + 4) - min) : -3;
  const hi = Number.isFinite(max) ? max - 0.05 * Math.min(1, max - lo) : lo + 3;
  return fc.double({ min: lo, max: hi, noNaN: true });
}

/** Operands in the op's domain where central differences see a smooth function (no kink, tie, pole or branch cut near). */
function arbOperands(spec: OpSpec): fc.Arbitrary<number[]> {
  const n = spec.arity as number;
  return fc.tuple(...spec.domain.inputs.slice(0, n).map(arbInput)).filter((xs) => {
    const { kinkAtZero, piece } = spec.domain;
    if (kinkAtZero && Math.abs(xs[0]) < 1e-2) return false;
    for (let j = 0; j < n; j++) {
      for (const s of [-3e-4, 3e-4]) {
        const moved = xs.slice();
        moved[j] += s * Math.max(1, Math.abs(xs[j]));
        if (piece !== undefined && piece(moved[0], moved[1] ?? 0) !== piece(xs[0], xs[1] ?? 0)) return false;
      }
      if (!(Math.abs(local(spec, xs, j)) < 30)) return false; // near tan's poles, atan2's origin
    }
    return true;
  });
}

function local(spec: OpSpec, xs: readonly number[], j: number): number {
  return spec.local(j, xs[0], xs[1] ?? 0, applyOp(spec.name, xs).data);
}

function centralDifference(f: (xs: number[]) => number, xs: number[], j: number): number {
  const h = 1e-4 * Math.max(1, Math.abs(xs[j]));
  const at = (d: number) => {
    const moved = xs.slice();
    moved[j] += d;
    return f(moved);
  };
  return (8 * (at(h) - at(-h)) - (at(2 * h) - at(-2 * h))) / (12 * h);
}

/** ∂op/∂input_j on every engine: backward, derivative (symbolic), compiled tape with and without codegen. */
function partialsEverywhere(name: string, xs: number[], j: number): { backward: number; symbolic: number; tape: number; plainTape: number } {
  const leaves = xs.map((x) => new Value(x));
  const y = applyOp(name as OpSpec['name'], leaves);
  const symbolic = derivative(y, leaves[j]).data;
  y.backward();
  const tape = compile(y, { inputs: leaves, codegen: true }).valueAndGrad(xs).grad[j];
  const plainTape = compile(y, { inputs: leaves, codegen: false }).valueAndGrad(xs).grad[j];
  return { backward: leaves[j].grad, symbolic, tape, plainTape };
}

describe.each(ELEMENTARY.map((spec) => [spec.name, spec] as const))('op %s', (name, spec) => {
  it('forward matches an independent reference', () => {
    fc.assert(
      fc.property(arbOperands(spec), (xs) => {
        expect(close(applyOp(name, xs).data, REFERENCE[name](xs), 1e-13, 1e-15), `${name}(${xs})`).toBe(true);
      }),
      { numRuns: RUNS, seed: SEED },
    );
  });

  it('numeric local derivative matches central differences of the forward; backward passes it on', () => {
    fc.assert(
      fc.property(arbOperands(spec), (xs) => {
        const leaves = xs.map((x) => new Value(x));
        applyOp(name, leaves).backward();
        for (let j = 0; j < xs.length; j++) {
          const fd = centralDifference((p) => applyOp(name, p).data, xs, j);
          expect(close(local(spec, xs, j), fd, 1e-7, 1e-9), `∂${name}/∂x${j} at ${xs}`).toBe(true);
          expect(leaves[j].grad === local(spec, xs, j)).toBe(true); // === : 0 + (−0) is +0
        }
      }),
      { numRuns: RUNS, seed: SEED },
    );
  });

  it('symbolic local derivative evaluates to the numeric one, and differentiates again (order 2)', () => {
    fc.assert(
      fc.property(arbOperands(spec), (xs) => {
        for (let j = 0; j < xs.length; j++) {
          const leaves = xs.map((x) => new Value(x));
          const node = applyOp(name, leaves);
          const partial = spec.symbolic(j, leaves[0], leaves[1] ?? constant(0), node, constant);
          expect(close(partial.data, local(spec, xs, j), 1e-14, 1e-15), `∂${name}/∂x${j} at ${xs}`).toBe(true);
          partial.backward();
          leaves.forEach((leaf, i) => {
            const fd = centralDifference((p) => local(spec, p, j), xs, i);
            expect(close(leaf.grad, fd, 1e-6, 1e-8), `∂²${name}/∂x${j}∂x${i} at ${xs}`).toBe(true);
          });
        }
      }),
      { numRuns: Math.ceil(RUNS / 2), seed: SEED },
    );
  });

  it('derivative() of order 3 matches finite differences of order 2 (rules stay closed)', () => {
    fc.assert(
      fc.property(arbOperands(spec), (xs) => {
        const second = (p: number[]) => {
          const x = p.map((v) => new Value(v));
          return derivative(derivative(applyOp(name, x), x[0]), x[0]);
        };
        const leaves = xs.map((x) => new Value(x));
        const d2 = derivative(derivative(applyOp(name, leaves), leaves[0]), leaves[0]);
        const d3 = derivative(d2, leaves[0]).data;
        expect(close(d3, centralDifference((p) => second(p).data, xs, 0), 1e-5, 1e-6), `${name}''' at ${xs}`).toBe(true);
      }),
      { numRuns: Math.ceil(RUNS / 4), seed: SEED },
    );
  });

  it('every engine gives the same partials (backward, derivative, compiled with and without codegen)', () => {
    fc.assert(
      fc.property(arbOperands(spec), (xs) => {
        for (let j = 0; j < xs.length; j++) {
          const p = partialsEverywhere(name, xs, j);
          expect(p.tape === p.backward && p.plainTape === p.backward).toBe(true);
          expect(close(p.symbolic, p.backward, 1e-14, 1e-15)).toBe(true);
        }
      }),
      { numRuns: Math.ceil(RUNS / 4), seed: SEED },
    );
  });

  it('prints as a call that parse reads back', () => {
    const leaves = ['x', 'y'].slice(0, spec.arity as number).map((l) => new Value(0.5, l));
    const y = applyOp(name, leaves);
    const text = y.toString();
    expect(text).toBe(`${name}(${leaves.map((l) => l.label).join(', ')})`);
    expect(chainrule.parse(text, { x: leaves[0], ...(leaves[1] ? { y: leaves[1] } : {}) }).op).toBe(name);
  });
});

describe('known values', () => {
  it.each([
    ['sin', [Math.PI / 6], 0.49999999999999994],
    ['cos', [0], 1],
    ['tan', [Math.PI / 4], 0.9999999999999999],
    ['asin', [1], Math.PI / 2],
    ['acos', [-1], Math.PI],
    ['atan', [1], Math.PI / 4],
    ['cosh', [0], 1],
    ['acosh', [1], 0],
    ['atanh', [0.5], 0.5493061443340548],
    ['sqrt', [2], Math.SQRT2],
    ['cbrt', [-8], -2],
    ['abs', [-3], 3],
    ['sign', [-3], -1],
    ['log2', [8], 3],
    ['log10', [1000], 3],
    ['log1p', [1e-20], 1e-20],
    ['expm1', [1e-20], 1e-20],
    ['erf', [1], 0.8427007929497149],
    ['erf', [-0.5], -0.5204998778130465],
    ['erf', [Infinity], 1],
    ['erf', [-30], -1],
    ['max', [2, -3], 2],
    ['min', [2, -3], -3],
    ['atan2', [1, -1], (3 * Math.PI) / 4],
    ['atan2', [-0, -1], -Math.PI],
    ['hypot', [3, -4], 5],
    ['hypot', [1e300, 1e300], 1.4142135623730952e300], // x² overflows
    ['hypot', [1e308, -1e308], 1.4142135623730951e308],
    ['hypot', [1e-300, 1e-300], 1.414213562373095e-300], // x² underflows
    ['hypot', [3e-310, 4e-310], 5e-310],
    ['hypot', [1e300, 1e-300], 1e300],
  ] as const)('%s(%s) = %s (within an ulp)', (name, xs, want) => {
    expect(close(applyOp(name, [...xs]).data, want, 2.3e-16, 0)).toBe(true);
  });

  it('asin, acos, atanh outside [−1, 1] and acosh below 1 are NaN, as Math gives (not an error outside debug mode)', () => {
    for (const [name, x] of [['asin', 1.5], ['acos', -2], ['atanh', 2], ['acosh', 0.5], ['sqrt', -1]] as const) {
      expect(applyOp(name, [x]).data).toBeNaN();
    }
    expect(Number.isNaN(OPS.erf.forward(NaN, 0))).toBe(true);
  });
});

describe('conventions hold on every engine', () => {
  const cases: [string, number[], number, number][] = [
    // op, operands, input index, documented partial
    ['abs', [0], 0, 0],
    ['abs', [-0], 0, 0],
    ['sign', [0], 0, 0],
    ['sign', [2.5], 0, 0],
    ['max', [2, 2], 0, 0.5],
    ['max', [2, 2], 1, 0.5],
    ['min', [2, 2], 0, 0.5],
    ['min', [2, 2], 1, 0.5],
    ['max', [Infinity, Infinity], 0, 0.5],
    ['min', [-Infinity, -Infinity], 1, 0.5],
    ['max', [-0, 0], 0, 0.5],
    ['max', [1e308, -1e308], 0, 1],
    ['min', [1e308, -1e308], 1, 1],
    ['sqrt', [0], 0, Infinity],
    ['cbrt', [0], 0, Infinity],
    ['asin', [1], 0, Infinity],
    ['acos', [-1], 0, -Infinity],
    ['acosh', [1], 0, Infinity],
    ['atanh', [-1], 0, Infinity],
    ['expm1', [-40], 0, Math.exp(-40)],
    ['erf', [30], 0, 0],
    ['atan2', [0, 0], 0, NaN],
    ['atan2', [0, 0], 1, NaN],
    ['hypot', [0, 0], 0, NaN],
    ['hypot', [0, 0], 1, NaN],
    ['hypot', [0, 2], 0, 0],
    ['hypot', [1e300, 1e300], 0, 0.7071067811865475], // as PyTorch: no overflow in the partial either
  ];
  it.each(cases)('%s(%s): ∂/∂input %s = %s', (name, xs, j, want) => {
    const p = partialsEverywhere(name, xs, j);
    // === (not Object.is): a partial of −0 is the documented 0.
    for (const got of [p.backward, p.symbolic, p.tape, p.plainTape]) expect(got === want || (Number.isNaN(got) && Number.isNaN(want)), `${got}`).toBe(true);
  });

  it('second derivatives at the conventions points: |x|\'\' = sign\' = max\'\' = 0, with no NaN from 0·∞', () => {
    const x = new Value(0);
    expect(derivative(derivative(x.abs(), x), x).data).toBe(0);
    const a = new Value(2);
    const b = new Value(2);
    const [da] = gradients(a.max(b), [a]);
    expect(gradients(da, [a, b]).every((d) => d.data === 0)).toBe(true);
  });
});

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

describe('free functions', () => {
  const x = new Value(0.7, 'x');
  const y = new Value(-1.3, 'y');

  it('exist for every unary and binary op of the table, and build the node its method builds', () => {
    for (const spec of OP_LIST.filter((s) => s.arity !== 'n')) {
      const free = (chainrule as unknown as Record<string, (...args: unknown[]) => Value>)[spec.name];
      expect(typeof free, spec.name).toBe('function');
      const operands = spec.arity === 1 ? [x] : [x, y];
      const node = free(...operands);
      expect(node.op).toBe(spec.name);
      expect(node.inputs).toEqual(operands);
      expect(Object.is(node.data, applyOp(spec.name, operands).data)).toBe(true);
    }
  });

  it('take numbers for every operand: sub(2, x), pow(2, x), max(0, x)', () => {
    const { sub, pow, max, atan2, sin } = chainrule;
    expect(sub(2, x).data).toBe(2 - 0.7);
    expect(pow(2, x).data).toBe(2 ** 0.7);
    expect(max(0, y).data).toBe(0);
    expect(atan2(1, -1).data).toBe((3 * Math.PI) / 4);
    expect(sin(0).data).toBe(0);
    const z = sub(2, x);
    z.backward();
    expect(x.grad).toBe(-1);
    expect(z.inputs[0].requiresGrad).toBe(false);
  });

  it('reject what is neither a Value nor a number, naming the function and the operand', () => {
    expect(() => chainrule.sub(2, 'x' as unknown as number)).toThrowErrorMatchingInlineSnapshot(`[TypeError: chainrule.sub: b must be a Value or a number, received "x".]`);
    expect(() => chainrule.atan2(NaN, 1)).toThrowErrorMatchingInlineSnapshot(`[RangeError: chainrule.atan2: y must be a number other than NaN, received NaN.]`);
    expect(() => chainrule.sin(undefined as unknown as number)).toThrowErrorMatchingInlineSnapshot(`[TypeError: chainrule.sin: x must be a Value or a number, received undefined.]`);
    expect(() => x.max(null as unknown as number)).toThrowErrorMatchingInlineSnapshot(`[TypeError: chainrule.max: operand must be a Value or a number, received null.]`);
  });
});
