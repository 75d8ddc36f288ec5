import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { Value, compile, constant, derivative, gradients, jacobian, logsumexp, type Operand } from '../../src/index.js';
import { SEED } from '../helpers/runs.js';

interface EdgeCase {
  readonly name: string;
  readonly f: (...xs: Value[]) => Value;
  readonly point: readonly number[];
  /** The documented gradient (README conventions). */
  readonly grad: readonly number[];
}

const c = (n: number): Operand => constant(n);

// Each convention at its edge point, saturated tails included.
const CASES: readonly EdgeCase[] = [
  { name: 'x^e at x = 0, e = 0: both partials 0', f: (x, e) => x.pow(e), point: [0, 0], grad: [0, 0] },
  { name: 'x^e at x = 0, e = −1: ∂x = −∞, ∂e = 0', f: (x, e) => x.pow(e), point: [0, -1], grad: [-Infinity, 0] },
  { name: 'x^e at x = 0, e = 2', f: (x, e) => x.pow(e), point: [0, 2], grad: [0, 0] },
  { name: 'x^e at x = −2, e = 3: ∂e = 0 (ln of a negative base)', f: (x, e) => x.pow(e), point: [-2, 3], grad: [12, 0] },
  { name: '(−8)^x at x = 1/3: value NaN, ∂x = 0', f: (x) => (c(-8) as Value).pow(x), point: [1 / 3], grad: [0] },
  { name: 'logpos(x) at x = 0', f: (x) => x.logpos(), point: [0], grad: [0] },
  { name: 'logpos(x) at x = −1', f: (x) => x.logpos(), point: [-1], grad: [0] },
  { name: 'relu(x) at x = 0', f: (x) => x.relu(), point: [0], grad: [0] },
  { name: 'tanh(x) at x = 20', f: (x) => x.tanh(), point: [20], grad: [1 / Math.cosh(20) ** 2] },
  { name: 'σ(x) at x = 40', f: (x) => x.sigmoid(), point: [40], grad: [Math.exp(-40) / (1 + Math.exp(-40)) ** 2] },
  { name: 'softplus(x) at x = 800', f: (x) => x.softplus(), point: [800], grad: [1] },
  { name: 'softplus(x) at x = −800', f: (x) => x.softplus(), point: [-800], grad: [0] },
  { name: 'logsumexp at ±1e4', f: (x, y) => logsumexp([x, y]), point: [1e4, -1e4], grad: [1, 0] },
  { name: 'stopGradient(x)·x', f: (x) => x.stopGradient().mul(x), point: [3], grad: [3] },
];

/** Equal as IEEE results: same number (1e-14 relative), or both NaN. */
function same(a: number, b: number): boolean {
  if (Object.is(a, b) || a === b || (Number.isNaN(a) && Number.isNaN(b))) return true;
  return Math.abs(a - b) <= 1e-14 * Math.max(Math.abs(a), Math.abs(b));
}

/** The gradient at the point from every engine, by name. */
function engines({ f, point }: EdgeCase): Record<string, number[]> {
  const out: Record<string, number[]> = {};
  const leaves = point.map((x) => new Value(x));
  const y = f(...leaves);
  y.backward();
  out.backward = leaves.map((l) => l.grad);
  const fresh = point.map((x) => new Value(x));
  out.derivative = gradients(f(...fresh), fresh).map((d) => d.data);
  for (const codegen of [true, false]) {
    const xs = point.map((x) => new Value(x));
    const tape = compile(f(...xs), { inputs: xs, codegen });
    out[`compile (codegen ${codegen})`] = [...tape.valueAndGrad(point).grad];
    // The batch path: the same example twice, gradients w.r.t. params (here: the leaves as params).
    const ps = point.map((x) => new Value(x));
    const batchTape = compile(f(...ps), { inputs: [], params: ps, codegen });
    batchTape.run([[], []], { reduce: 'mean' });
    out[`batch (codegen ${codegen})`] = ps.map((p) => p.grad);
  }
  out.jvp = jacobian(f)(...point)[0];
  return out;
}

describe('every convention holds on every engine', () => {
  it('at every edge point, backward, derivative, compile (scalar and batch, codegen on/off) and jvp give the documented gradient', () => {
    // Every case, each engine: exhaustive rather than sampled, so no edge point is ever skipped.
    for (const edge of CASES) {
      for (const [engine, grad] of Object.entries(engines(edge))) {
        grad.forEach((g, i) => expect(same(g, edge.grad[i]), `${edge.name}: ${engine} ∂${i} = ${g}, documented ${edge.grad[i]}`).toBe(true));
      }
    }
  });

  it('the same engines agree near the edges too (points drawn around 0 and in the saturated tails)', () => {
    const near = fc.oneof(fc.constantFrom(0, -0, 1e-300, -1e-300), fc.double({ min: -1e3, max: 1e3, noNaN: true }));
    fc.assert(
      fc.property(fc.constantFrom(...CASES), near, (edge, x) => {
        const moved = { ...edge, point: edge.point.map((p, i) => (i === 0 ? x : p)) };
        const all = Object.values(engines(moved));
        for (const grad of all.slice(1)) grad.forEach((g, i) => expect(same(g, all[0][i]), `${edge.name} at ${x}`).toBe(true));
      }),
      { numRuns: 100, seed: SEED },
    );
  });
});

describe('second derivatives at the convention points', () => {
  it('|x|\'\' = sign\' = max\'\' = 0, with no NaN from 0·∞', () => {
    const x = new Value(0);
    expect(derivative(derivative(x.abs(), x), x).data).toBe(0);
    const a = new Value(2);
    const b = new Value(2);
    const [da] = gradients(a.max(b), [a]);
    expect(gradients(da, [a, b]).every((d) => d.data === 0)).toBe(true);
  });
});
