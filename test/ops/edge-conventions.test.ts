import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { Value, allOps, applyOp, compile, constant, derivative, gradients, jacobian, logsumexp, type OpSpec, type Operand } from '../../src/index.js';
import { nodeLocal, nodeSymbolic } from '../../src/ops/layout.js';
import { everyEngine } from '../helpers/engines.js';
import { RUNS, SEED } from '../helpers/runs.js';

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
  { name: 'abs(log(x)) at x = −1: NaN in, NaN out (abs′(NaN) is NaN)', f: (x) => x.log().abs(), point: [-1], grad: [NaN] },
  { name: 'x^e at x = ∞, e = −1: ∂x = 0, ∂e = 0 (the limit of x^e ln x)', f: (x, e) => x.pow(e), point: [Infinity, -1], grad: [0, 0] },
  { name: 'x^e at x = ∞, e = −∞: both partials 0', f: (x, e) => x.pow(e), point: [Infinity, -Infinity], grad: [0, 0] },
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

// The values every rule is tried at: NaN, ±∞, ±0, subnormal, tiny and huge magnitudes, and the
// saturated tails of the activations.
const SPECIAL = [NaN, Infinity, -Infinity, 0, -0, 5e-324, -5e-324, 1e-300, -1e-300, 1e300, -1e300, 1.7976931348623157e308, 1, -1, 0.5, -0.5, 2, -2, 3, 20, -20, 40, -40, 800, -800];

/** Same IEEE class and, when finite, within 1e-14 relative (the two rules may round differently). */
function agree(a: number, b: number): boolean {
  if (a === b || (Number.isNaN(a) && Number.isNaN(b))) return true;
  return Number.isFinite(a) && Number.isFinite(b) && Math.abs(a - b) <= 1e-14 * Math.max(Math.abs(a), Math.abs(b));
}

/** Operand tuples for `spec` from SPECIAL (n-ary ops: two operands, one term of dot). */
function specialOperands(spec: OpSpec): number[][] {
  const n = spec.arity === 'n' ? 2 : spec.arity;
  return n === 1 ? SPECIAL.map((a) => [a]) : SPECIAL.flatMap((a) => SPECIAL.map((b) => [a, b]));
}

describe('the numeric and the symbolic rule of every op agree at NaN, ±∞, ±0, huge and saturated operands', () => {
  it.each(allOps().map((spec) => [spec.name, spec] as const))('%s', (_name, spec) => {
    const wrong: string[] = [];
    for (const xs of specialOperands(spec)) {
      // Leaves hold the operands as data (a Value cannot be made NaN, but its data can be set).
      const leaves = xs.map(() => new Value(0));
      xs.forEach((x, i) => (leaves[i].data = x));
      const node = applyOp(spec.name, leaves);
      for (let j = 0; j < xs.length; j++) {
        const numeric = nodeLocal(node, j);
        const symbolic = nodeSymbolic(node, j, constant).data;
        if (!agree(numeric, symbolic)) wrong.push(`∂/∂x${j} at (${xs.join(', ')}): numeric ${numeric}, symbolic ${symbolic}`);
      }
    }
    expect(wrong).toEqual([]);
  });
});

describe('every engine agrees at NaN, ±∞ and saturation, op by op', () => {
  /** f with operand i a leaf, or log of a leaf at −1 where values[i] is NaN (jvp and the tape take no NaN input). */
  function checkEngines(spec: OpSpec, values: readonly number[]): void {
    const point = values.map((v) => (Number.isNaN(v) ? -1 : v));
    const f = (...xs: Value[]) => applyOp(spec.name, xs.map((x, i) => (Number.isNaN(values[i]) ? x.log() : x)));
    const all = everyEngine(f, point, { codegen: false });
    const { backward } = all;
    for (const [engine, got] of Object.entries(all)) {
      expect(agree(got.value, backward.value), `${spec.name}(${values}): ${engine} value ${got.value}, backward ${backward.value}`).toBe(true);
      got.grad.forEach((g, i) => expect(agree(g, backward.grad[i]), `${spec.name}(${values}): ${engine} ∂${i} ${g}, backward ${backward.grad[i]}`).toBe(true));
    }
  }

  // Unary ops at every special value; the others at pairs drawn from them.
  it.each(allOps().map((spec) => [spec.name, spec] as const))('%s: backward, derivative, evaluate, jvp, the tape and its batch give the same value and gradient', (_name, spec) => {
    if (spec.arity === 1) {
      for (const x of SPECIAL) checkEngines(spec, [x]);
      return;
    }
    fc.assert(
      fc.property(fc.array(fc.constantFrom(...SPECIAL), { minLength: 2, maxLength: 2 }), (pair) => checkEngines(spec, pair)),
      { numRuns: Math.ceil(RUNS / 5), seed: SEED },
    );
  });
});
