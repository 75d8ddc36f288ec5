import { Value, compile, evaluateAll, gradients, jacobian } from '../../src/index.js';

/** A function of leaves, as every engine is given it. */
export type Built = (...xs: Value[]) => Value;

/** One engine's answer at a point: the value and ∂/∂x_i. */
export interface EngineResult {
  readonly value: number;
  readonly grad: readonly number[];
}

/**
 * f's value and gradient at `point` from every engine, by name: backward on the graph, the
 * symbolic gradient (derivative graphs' data), evaluate() of a graph built elsewhere and moved to
 * the point, jvp (one Jacobian row), and the compiled tape — one example with and without codegen
 * (or only without, `codegen: false`), and a batch of two identical examples with the leaves as parameters.
 */
export function everyEngine(f: Built, point: readonly number[], { codegen: withCodegen = true } = {}): Record<string, EngineResult> {
  const out: Record<string, EngineResult> = {};
  const leaves = point.map((x) => new Value(x));
  const y = f(...leaves);
  y.backward();
  out.backward = { value: y.data, grad: leaves.map((l) => l.grad) };
  const fresh = point.map((x) => new Value(x));
  const z = f(...fresh);
  out.derivative = { value: z.data, grad: gradients(z, fresh).map((d) => d.data) };
  // evaluate: the graph and its gradient built at a harmless point, then evaluated at this one.
  const moved = point.map(() => new Value(0.5));
  const w = f(...moved);
  const [value, ...grad] = evaluateAll([w, ...gradients(w, moved)], new Map(moved.map((l, i) => [l, point[i]])));
  out.evaluate = { value, grad };
  const row = jacobian(f)(...point)[0];
  out.jvp = { value: y.data, grad: row };
  // Generated sweeps compute what the plain loops do, bit for bit (test/compile/agreement.test.ts).
  for (const codegen of withCodegen ? [true, false] : [false]) {
    const xs = point.map((x) => new Value(x));
    const tape = compile(f(...xs), { inputs: xs, codegen });
    const r = tape.valueAndGrad(point);
    out[`tape (codegen ${codegen})`] = { value: r.value, grad: [...r.grad] };
    const ps = point.map((x) => new Value(x));
    const batch = compile(f(...ps), { inputs: [], params: ps, codegen });
    const values = batch.run([[], []], { reduce: 'mean' });
    out[`batch (codegen ${codegen})`] = { value: values[0], grad: ps.map((p) => p.grad) };
  }
  return out;
}

/** The same IEEE result: equal (−0 = 0), or both NaN. */
export function sameNumber(a: number, b: number): boolean {
  return a === b || (Number.isNaN(a) && Number.isNaN(b));
}
