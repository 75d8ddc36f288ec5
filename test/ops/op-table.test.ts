import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { OPS, Value, allOps, applyOp, compile, constant, derivative, jvp, parse, type OpInterval, type OpSpec } from '../../src/index.js';
import { namesMismatch } from '../helpers/names-mismatch.js';
import { RUNS, SEED, close } from '../helpers/runs.js';
import { DEFAULT_TOLERANCE, OP_TEST_SPECS, type OpTestSpec, type Tolerance } from './op-specs.js';

// Every op of allOps() through the same checks, read from its row in op-specs.ts (JAX's
// GradTestSpec + check_grads): forward vs an independent reference; the numeric local rule vs
// central differences; the symbolic rule vs the numeric one and differentiated again (order 2);
// derivative() to order 3; backward, derivative, the compiled tape and jvp agreeing exactly.

const TERMS = 3; // n-ary ops are drawn with 3 terms

/** The row of `name`; an op without one still runs every check that needs no reference (and the row test fails). */
function rowOf(name: string): OpTestSpec {
  if (Object.hasOwn(OP_TEST_SPECS, name)) return OP_TEST_SPECS[name];
  return {
    reference: () => {
      throw new Error(`${name} has no row in test/ops/op-specs.ts`);
    },
  };
}

function toleranceOf(row: OpTestSpec): Tolerance {
  return { ...DEFAULT_TOLERANCE, ...row.tolerance };
}

function inputCount(spec: OpSpec): number {
  return spec.arity === 'n' ? TERMS * spec.group : spec.arity;
}

/** Where to sample an input: the op's domain, kept a little inside interval ends. */
function arbInput(d: 'real' | 'positive' | OpInterval): fc.Arbitrary<number> {
  const { min, max } = d === 'real' ? { min: -3, max: 3 } : d === 'positive' ? { min: 0.2, max: 3 } : d;
  const lo = Number.isFinite(min) ? min + 0.05 * Math.min(1, (Number.isFinite(max) ? max : min + 4) - min) : -3;
  const hi = Number.isFinite(max) ? max - 0.05 * Math.min(1, max - lo) : lo + 3;
  return fc.double({ min: lo, max: hi, noNaN: true });
}

/** Operands in the op's domain where central differences see a smooth function (no kink, tie, pole or branch cut near). */
function arbOperands(spec: OpSpec): fc.Arbitrary<number[]> {
  const n = inputCount(spec);
  const domainOf = (i: number) => spec.domain.inputs[spec.arity === 'n' ? Math.floor(i / TERMS) : i];
  return fc.tuple(...Array.from({ length: n }, (_, i) => arbInput(domainOf(i)))).filter((xs) => {
    const { kinkAtZero, piece } = spec.domain;
    if (kinkAtZero && Math.abs(xs[0]) < 1e-2) return false;
    for (let j = 0; j < n; j++) {
      for (const s of [-3e-4, 3e-4]) {
        const moved = xs.slice();
        moved[j] += s * Math.max(1, Math.abs(xs[j]));
        if (piece !== undefined && piece(moved[0], moved[1] ?? 0) !== piece(xs[0], xs[1] ?? 0)) return false;
      }
      if (!(Math.abs(local(spec, xs, j)) < 30)) return false; // near tan's poles, atan2's origin, a steep pow
    }
    return true;
  });
}

/** The term of input j: n-ary ops are sums over groups (inputs[k], inputs[k + n]); group index i says which operand j is. */
function termOf(spec: OpSpec, count: number, j: number): { i: number; k: number; n: number } {
  const n = count / spec.group;
  return { i: Math.floor(j / n), k: j % n, n };
}

/** ∂op/∂input_j from the table's numeric rule, through the term layout backward uses (a general n-ary op gets its localShared as b). */
function local(spec: OpSpec, xs: readonly number[], j: number): number {
  const { i, k, n } = termOf(spec, xs.length, j);
  const y = applyOp(spec.name, xs).data;
  const b = spec.group === 2 ? xs[k + n] : (spec.localShared?.(xs, y) ?? 0);
  return spec.local(i, xs[k], b, y);
}

/** ∂op/∂input_j from the table's symbolic rule, as a Value over `leaves`. */
function symbolicLocal(spec: OpSpec, leaves: readonly Value[], node: Value, j: number): Value {
  const { i, k, n } = termOf(spec, leaves.length, j);
  return spec.symbolic(i, leaves[k], spec.group === 2 ? leaves[k + n] : constant(0), node, constant);
}

/** Fourth-order central difference of f in coordinate j, step scaled to the operand. */
function centralDifference(f: (xs: number[]) => number, xs: number[], j: number): number {
  const h = 1e-4 * Math.max(1, Math.abs(xs[j]));
  const at = (d: number) => {
    const moved = xs.slice();
    moved[j] += d;
    return f(moved);
  };
  return (8 * (at(h) - at(-h)) - (at(2 * h) - at(-2 * h))) / (12 * h);
}

/** ∂op/∂input_j on every engine: backward, derivative (symbolic), jvp, compiled tape with and without codegen. */
function partialsEverywhere(name: string, xs: readonly number[], j: number): Record<string, number> {
  const leaves = xs.map((x) => new Value(x));
  const y = applyOp(name, leaves);
  const symbolic = derivative(y, leaves[j]).data;
  y.backward();
  const tape = compile(y, { inputs: leaves, codegen: true }).valueAndGrad(xs).grad[j];
  const plainTape = compile(y, { inputs: leaves, codegen: false }).valueAndGrad(xs).grad[j];
  const forward = jvp((...vs: Value[]) => applyOp(name, vs), xs, xs.map((_, i) => (i === j ? 1 : 0))).tangent;
  return { backward: leaves[j].grad, symbolic, tape, plainTape, jvp: forward };
}

describe('the op test table', () => {
  it('has one row per op of allOps(), and no row without an op', () => {
    const ops = allOps().map((spec) => spec.name);
    expect(ops).toContain('softsign'); // the user op: registered by op-specs.ts, so it is listed with the built-ins
    expect(namesMismatch(Object.keys(OP_TEST_SPECS), ops)).toEqual({ withoutRow: [], withoutName: [] });
  });

  it('the comparison fails for a missing row, a row without an op and a duplicated op', () => {
    const ops = ['add', 'erf', 'sin'];
    expect(namesMismatch(['add', 'erf', 'sin'], ops)).toEqual({ withoutRow: [], withoutName: [] });
    expect(namesMismatch(['add', 'sin'], ops)).toEqual({ withoutRow: ['erf'], withoutName: [] });
    expect(namesMismatch(['add', 'erf', 'sin', 'sine'], ops)).toEqual({ withoutRow: [], withoutName: ['sine'] });
    expect(namesMismatch(['add', 'erf', 'sin'], [...ops, 'add'])).toEqual({ withoutRow: ['add (listed twice)'], withoutName: [] });
  });
});

describe.each(allOps().map((spec) => [spec.name, spec, rowOf(spec.name)] as const))('op %s', (name, spec, row) => {
  const tol = toleranceOf(row);
  const order = row.order ?? 3;

  it('forward matches an independent reference', () => {
    fc.assert(
      fc.property(arbOperands(spec), (xs) => {
        expect(close(applyOp(name, xs).data, row.reference(xs), ...tol.forward), `${name}(${xs})`).toBe(true);
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
          // An op whose derivative is 0 by definition (stopGradient) is checked against that.
          const fd = spec.domain.stopsGradient === true ? 0 : centralDifference((p) => applyOp(name, p).data, xs, j);
          expect(close(local(spec, xs, j), fd, ...tol.local), `∂${name}/∂x${j} at ${xs}`).toBe(true);
          expect(leaves[j].grad === local(spec, xs, j)).toBe(true); // === : 0 + (−0) is +0
        }
      }),
      { numRuns: RUNS, seed: SEED },
    );
  });

  it.runIf(order >= 2)('symbolic local derivative evaluates to the numeric one, and differentiates again (order 2)', () => {
    fc.assert(
      fc.property(arbOperands(spec), (xs) => {
        for (let j = 0; j < xs.length; j++) {
          const leaves = xs.map((x) => new Value(x));
          const partial = symbolicLocal(spec, leaves, applyOp(name, leaves), j);
          expect(close(partial.data, local(spec, xs, j), ...tol.symbolic), `∂${name}/∂x${j} at ${xs}`).toBe(true);
          // Order 2: backward through the symbolic partial vs differences of the numeric partial.
          partial.backward();
          leaves.forEach((leaf, i) => {
            const fd = centralDifference((p) => local(spec, p, j), xs, i);
            expect(close(leaf.grad, fd, ...tol.order2), `∂²${name}/∂x${j}∂x${i} at ${xs}`).toBe(true);
          });
        }
      }),
      { numRuns: Math.ceil(RUNS / 2), seed: SEED },
    );
  });

  it.runIf(order >= 3)('derivative() of order 3 matches central differences of order 2, in every input (rules stay closed)', () => {
    fc.assert(
      fc.property(arbOperands(spec), (xs) => {
        for (let j = 0; j < xs.length; j++) {
          // Arrange: ∂²y/∂x_j² as a function of the operands
          const second = (p: number[]) => {
            const leaves = p.map((v) => new Value(v));
            return derivative(derivative(applyOp(name, leaves), leaves[j]), leaves[j]).data;
          };
          const leaves = xs.map((x) => new Value(x));
          // Act
          const third = derivative(derivative(derivative(applyOp(name, leaves), leaves[j]), leaves[j]), leaves[j]).data;
          // Assert
          expect(close(third, centralDifference(second, xs, j), ...tol.order3), `${name}''' in input ${j} at ${xs}`).toBe(true);
        }
      }),
      { numRuns: Math.ceil(RUNS / 4), seed: SEED },
    );
  });

  it('every engine gives the same partials (backward, derivative, jvp, compiled with and without codegen)', () => {
    fc.assert(
      fc.property(arbOperands(spec), (xs) => {
        for (let j = 0; j < xs.length; j++) {
          const p = partialsEverywhere(name, xs, j);
          expect(p.tape === p.backward && p.plainTape === p.backward && p.jvp === p.backward, `${name} ∂${j} at ${xs}: ${JSON.stringify(p)}`).toBe(true);
          expect(close(p.symbolic, p.backward, ...tol.symbolic)).toBe(true);
        }
      }),
      { numRuns: Math.ceil(RUNS / 4), seed: SEED },
    );
  });

  it('prints as text that parse reads back to the same value (a call form: the same op)', () => {
    const labels = Array.from({ length: inputCount(spec) }, (_, i) => `x${i}`);
    const leaves = labels.map((l, i) => new Value(0.5 + i / 8, l));
    const y = applyOp(name, leaves);
    const text = y.toString();
    const back = parse(text, Object.fromEntries(leaves.map((l) => [l.label, l])));
    expect(back.toString()).toBe(text);
    expect(Object.is(back.data, y.data)).toBe(true);
    if (spec.text.form === 'call') {
      // n-ary calls may group their operands (dot([a, b], [c, d])); unary and binary ones list them.
      if (spec.arity === 'n') expect(text.startsWith(`${spec.text.symbol}(`), text).toBe(true);
      else expect(text).toBe(`${spec.text.symbol}(${labels.join(', ')})`);
      expect(back.op).toBe(name);
    }
  });
});

describe('known values', () => {
  const known = allOps().flatMap((spec) => (rowOf(spec.name).known ?? []).map(([xs, want]) => [spec.name, xs, want] as const));
  it.each(known)('%s(%s) = %s (within an ulp)', (name, xs, want) => {
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
  const edges = allOps().flatMap((spec) => (rowOf(spec.name).edges ?? []).map(([xs, j, want]) => [spec.name, xs, j, want] as const));
  it.each(edges)('%s(%s): ∂/∂input %s = %s', (name, xs, j, want) => {
    // === (not Object.is): a partial of −0 is the documented 0.
    for (const [engine, got] of Object.entries(partialsEverywhere(name, xs, j))) {
      expect(got === want || (Number.isNaN(got) && Number.isNaN(want)), `${engine}: ${got}`).toBe(true);
    }
  });
});
