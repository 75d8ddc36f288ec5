import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { OP_LIST, Value, applyOp, constant, defineOp, type OpSpec } from '../src/index.js';
import { RUNS, SEED, close } from './helpers/runs.js';

// A sample user op (issue 9 §2): the table test treats it exactly like a built-in entry.
const softsign = defineOp({
  name: 'softsign',
  arity: 1,
  forward: (a) => a / (1 + Math.abs(a)),
  local: (_i, a) => 1 / (1 + Math.abs(a)) ** 2,
  // |a| from table ops: a · (2·step(a) − 1)
  symbolic: (_i, a, _b, _y, k) => a.mul(a.step().mul(2).sub(1)).add(k(1)).pow(-2),
  domain: { inputs: ['real'], sign: 'any', kinkAtZero: true }, // |a| has a kink at 0 (smooth first derivative, not second)
});

/** Every built-in entry, then the user op. */
const ENTRIES: readonly OpSpec[] = [...OP_LIST, softsign.spec];

// Independent reference forwards (not read from the table) for the value check.
const REFERENCE: Record<string, (xs: number[]) => number> = {
  add: ([a, b]) => a + b,
  sub: ([a, b]) => a - b,
  mul: ([a, b]) => a * b,
  div: ([a, b]) => a / b,
  neg: ([a]) => -a,
  pow: ([a, b]) => a ** b,
  exp: ([a]) => Math.exp(a),
  log: ([a]) => Math.log(a),
  sigmoid: ([a]) => 1 / (1 + Math.exp(-a)),
  tanh: ([a]) => (Math.exp(a) - Math.exp(-a)) / (Math.exp(a) + Math.exp(-a)),
  relu: ([a]) => Math.max(a, 0),
  step: ([a]) => (a > 0 ? 1 : 0),
  logpos: ([a]) => (a > 0 ? Math.log(a) : 0),
  sum: (xs) => xs.reduce((s, x) => s + x, 0),
  dot: (xs) => xs.slice(0, xs.length / 2).reduce((s, x, k) => s + x * xs[k + xs.length / 2], 0),
  softplus: ([a]) => Math.log(1 + Math.exp(a)),
  stopGradient: ([a]) => a,
  logsumexp: (xs) => Math.log(xs.reduce((s, x) => s + Math.exp(x), 0)),
  strongMul: ([a, b]) => (a === 0 || b === 0 ? 0 : a * b),
  softsign: ([a]) => a / (1 + Math.abs(a)),
};

const TERMS = 3; // n-ary ops are tested with 3 terms

function inputCount(spec: OpSpec): number {
  return spec.arity === 'n' ? TERMS * spec.group : spec.arity;
}

/** Operands from the op's declared domain, kept off kinks (finite differences need smoothness there). */
function arbOperands(spec: OpSpec): fc.Arbitrary<number[]> {
  const n = inputCount(spec);
  const domainOf = (i: number) => spec.domain.inputs[spec.arity === 'n' ? Math.floor(i / TERMS) : i];
  const coords = Array.from({ length: n }, (_, i) =>
    domainOf(i) === 'positive'
      ? fc.double({ min: 0.2, max: 3, noNaN: true })
      : fc.double({ min: -3, max: 3, noNaN: true }).filter((x) => !spec.domain.kinkAtZero || Math.abs(x) > 1e-2),
  );
  return fc.tuple(...coords);
}

/** ∂node/∂input_j from the table's numeric rule, via the same term layout backward uses. */
function numericLocal(spec: OpSpec, xs: number[], j: number): number {
  const node = applyOp(spec.name, xs);
  const n = xs.length / spec.group;
  const k = j % n;
  return spec.local(Math.floor(j / n), xs[k], spec.group === 2 ? xs[k + n] : 0, node.data);
}

function centralDifference(f: (xs: number[]) => number, xs: number[], j: number, h = 1e-4): number {
  const at = (d: number) => {
    const moved = xs.slice();
    moved[j] += d;
    return f(moved);
  };
  return (8 * (at(h) - at(-h)) - (at(2 * h) - at(-2 * h))) / (12 * h);
}

describe.each(ENTRIES.map((spec) => [spec.name, spec] as const))('op %s', (_name, spec) => {
  it('forward matches an independent reference', () => {
    fc.assert(
      fc.property(arbOperands(spec), (xs) => {
        expect(close(applyOp(spec.name, xs).data, REFERENCE[spec.name](xs), 1e-12, 1e-15)).toBe(true);
      }),
      { numRuns: RUNS, seed: SEED },
    );
  });

  it('numeric local derivative matches central differences of the forward', () => {
    fc.assert(
      fc.property(arbOperands(spec), (xs) => {
        for (let j = 0; j < xs.length; j++) {
          // An op whose derivative is 0 by definition (stopGradient) is checked against that.
          const fd = spec.domain.stopsGradient === true ? 0 : centralDifference((p) => applyOp(spec.name, p).data, xs, j);
          expect(close(numericLocal(spec, xs, j), fd, 1e-6, 1e-8)).toBe(true);
        }
      }),
      { numRuns: RUNS, seed: SEED },
    );
  });

  it('backward gives each input its local derivative', () => {
    fc.assert(
      fc.property(arbOperands(spec), (xs) => {
        const leaves = xs.map((x) => new Value(x));
        applyOp(spec.name, leaves).backward();
        leaves.forEach((leaf, j) => expect(leaf.grad === numericLocal(spec, xs, j)).toBe(true)); // === : 0 + (−0) is +0
      }),
      { numRuns: RUNS, seed: SEED },
    );
  });

  it('symbolic local derivative evaluates to the numeric one, and differentiates again (order 2)', () => {
    fc.assert(
      fc.property(arbOperands(spec), (xs) => {
        const n = xs.length / spec.group;
        for (let j = 0; j < xs.length; j++) {
          const leaves = xs.map((x) => new Value(x));
          const node = applyOp(spec.name, leaves);
          const k = j % n;
          const partial = spec.symbolic(Math.floor(j / n), leaves[k], spec.group === 2 ? leaves[k + n] : constant(0), node, constant);
          expect(close(partial.data, numericLocal(spec, xs, j), 1e-12, 1e-14)).toBe(true);
          // Order 2: backward through the symbolic partial vs differences of the numeric partial.
          partial.backward();
          leaves.forEach((leaf, i) => {
            const fd = centralDifference((p) => numericLocal(spec, p, j), xs, i);
            expect(close(leaf.grad, fd, 1e-5, 1e-7)).toBe(true);
          });
        }
      }),
      { numRuns: Math.ceil(RUNS / 2), seed: SEED },
    );
  });
});
