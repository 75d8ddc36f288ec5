import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { Value, constant, derivative, hessian, hvp } from '../../src/index.js';
import { HyperDual, UNARY_REFERENCE } from '../helpers/hyper-dual.js';
import { RUNS, SEED } from '../helpers/runs.js';

// Second derivatives where activations saturate: derivative∘derivative, hessian and hvp against
// hyper-dual numbers (an independent forward evaluation of f, f′ and f″ per function). A symbolic
// rule that forms 0·∞ there (tanh' = cosh^−2 differentiates to −2 cosh^−3 · sinh: 0 · ∞ once cosh
// overflows) gives NaN where the second derivative is a number (0 or tiny).

/** An expression tree in x and z: leaves, +, ·, and unary functions of a scaled argument (×1 to ×1000, either sign). */
type Tree = { kind: 'x' | 'z' } | { kind: 'c'; c: number } | { kind: '+' | '*'; a: Tree; b: Tree } | { kind: 'u'; op: string; scale: number; a: Tree };

const UNARY = Object.keys(UNARY_REFERENCE);
const arbTree: fc.Arbitrary<Tree> = fc.letrec<{ tree: Tree }>((tie) => ({
  tree: fc.oneof(
    { depthSize: 'small', withCrossShrink: true },
    fc.constantFrom<Tree>({ kind: 'x' }, { kind: 'z' }),
    fc.double({ min: -3, max: 3, noNaN: true }).map((c): Tree => ({ kind: 'c', c })),
    fc.record({ kind: fc.constantFrom<'+' | '*'>('+', '*'), a: tie('tree'), b: tie('tree') }),
    fc.record({ kind: fc.constant<'u'>('u'), op: fc.constantFrom(...UNARY), scale: fc.constantFrom(1, 30, 1000, -1000, 5e5), a: tie('tree') }),
  ),
})).tree;

function build(t: Tree, x: Value, z: Value): Value {
  switch (t.kind) {
    case 'x': return x;
    case 'z': return z;
    case 'c': return constant(t.c);
    case '+': return build(t.a, x, z).add(build(t.b, x, z));
    case '*': return build(t.a, x, z).mul(build(t.b, x, z));
    case 'u': return (build(t.a, x, z).mul(t.scale) as unknown as Record<string, () => Value>)[t.op]();
  }
}

/** The tree on hyper-duals, and on their magnitudes (the scale of the rounding of d12). */
function dual(t: Tree, x: HyperDual, z: HyperDual, magnitudes: boolean): HyperDual {
  switch (t.kind) {
    case 'x': return magnitudes ? x.abs() : x;
    case 'z': return magnitudes ? z.abs() : z;
    case 'c': return HyperDual.constant(magnitudes ? Math.abs(t.c) : t.c);
    case '+': return dual(t.a, x, z, magnitudes).add(dual(t.b, x, z, magnitudes));
    case '*': return dual(t.a, x, z, magnitudes).mul(dual(t.b, x, z, magnitudes));
    case 'u': {
      const inner = dual(t.a, x, z, false).mul(HyperDual.constant(t.scale));
      const [f, f1, f2] = UNARY_REFERENCE[t.op](inner.v);
      if (!magnitudes) return inner.apply(f, f1, f2);
      // f″ is taken at the scale of f′ as well: σ'' and tanh'' come out of the chain rule as
      // differences of terms of size f′ (σ(t)σ(−t)·(σ(−t) − σ(t))), which cancel near t = 0.
      return dual(t.a, x, z, true).mul(HyperDual.constant(Math.abs(t.scale))).apply(Math.abs(f), Math.abs(f1), Math.max(Math.abs(f2), Math.abs(f1)));
    }
  }
}

/** ∂²f/∂v_i∂v_j and its scale from hyper-duals seeded along i and j. */
function reference(t: Tree, point: readonly [number, number], i: number, j: number): { value: number; d2: number; scale: number } {
  const seed = (k: number) => HyperDual.variable(point[k], i === k ? 1 : 0, j === k ? 1 : 0);
  const h = dual(t, seed(0), seed(1), false);
  return { value: h.v, d2: h.d12, scale: dual(t, seed(0), seed(1), true).d12 };
}

describe('second derivatives at saturation agree with hyper-dual numbers', () => {
  it('derivative∘derivative, hessian and hvp: finite and within rounding of the hyper-dual value wherever it is finite', () => {
    // Coordinates off the underflow range (products of two below 1e-154 lose terms in the reference).
    const coordinate = fc.oneof(fc.integer({ min: -192, max: 192 }).map((k) => k / 64), fc.double({ min: -3, max: 3, noNaN: true }).filter((v) => v === 0 || Math.abs(v) > 1e-100));
    fc.assert(
      fc.property(arbTree, coordinate, coordinate, (t, px, pz) => {
        const point = [px, pz] as const;
        const f = (x: Value, z: Value) => build(t, x, z);
        const H = hessian(f)(...point);
        for (let i = 0; i < 2; i++) {
          const Hv = hvp(f, [...point], [i === 0 ? 1 : 0, i === 1 ? 1 : 0]);
          for (let j = 0; j < 2; j++) {
            const want = reference(t, point, i, j);
            if (!Number.isFinite(want.value) || !Number.isFinite(want.d2) || !Number.isFinite(want.scale)) continue;
            const leaves = point.map((p) => new Value(p));
            const nested = derivative(derivative(f(leaves[0], leaves[1]), leaves[i]), leaves[j]).data;
            const tolerance = 1e-9 * want.scale + 1e-290;
            for (const [engine, got] of [['derivative∘derivative', nested], ['hessian', H[i][j]], ['hvp', Hv[j]]] as const) {
              expect(Math.abs(got - want.d2) <= tolerance, `${engine} ∂²/∂${i}∂${j} at (${px}, ${pz}) = ${got}, hyper-dual ${want.d2}`).toBe(true);
            }
          }
        }
      }),
      { numRuns: RUNS, seed: SEED },
    );
  });

  it('tanh saturated: tanh(1000·x·z) at (1, 1) has every second derivative 0, not NaN', () => {
    const f = (x: Value, z: Value) => x.mul(z).mul(1000).tanh();
    for (const row of hessian(f)(1, 1)) for (const h of row) expect(h === 0).toBe(true);
  });
});
