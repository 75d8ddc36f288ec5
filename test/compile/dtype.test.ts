import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { Value, compile, dot } from '../../src/index.js';
import { MLP } from '../../src/nn/index.js';
import { RUNS, SEED } from '../helpers/runs.js';

// compile(…, { dtype: 'float32' }): a tape's values and adjoints in single precision, the dense
// layers on f32x4 kernels. Its numbers are float64's to float32 precision; its WebAssembly and
// JavaScript kernels agree bit for bit, as float64's do.

function mlpLoss(nin: number, widths: number[], seed: number) {
  const net = new MLP(nin, widths, { activation: 'tanh', seed });
  const x = Array.from({ length: nin }, () => new Value(0));
  const y = Array.from({ length: widths.at(-1)! }, () => new Value(0));
  const d = net.forward(x).map((a, j) => a.sub(y[j]));
  return { loss: dot(d, d), inputs: [...x, ...y], params: net.parameters() };
}

function runOf(dtype: 'float64' | 'float32', wasm: boolean, spec: { nin: number; widths: number[]; seed: number }, rows: number[][]) {
  const { loss, inputs, params } = mlpLoss(spec.nin, spec.widths, spec.seed);
  const tape = compile(loss, { inputs, params, dtype, wasm });
  const grads = new Float64Array(params.length);
  const outs = tape.run(rows, { params: tape.readParams(), grads, reduce: 'sum' });
  return { outs: [...outs], grads: [...grads], tape };
}

const arb = fc.record({ nin: fc.integer({ min: 1, max: 12 }), widths: fc.array(fc.integer({ min: 1, max: 10 }), { minLength: 1, maxLength: 3 }), seed: fc.integer({ min: 1, max: 99 }) })
  .chain((spec) => fc.record({
    spec: fc.constant(spec),
    rows: fc.array(fc.array(fc.double({ min: -2, max: 2, noNaN: true }), { minLength: spec.nin + spec.widths.at(-1)!, maxLength: spec.nin + spec.widths.at(-1)! }), { minLength: 1, maxLength: 9 }),
  }));

describe("compile(…, { dtype: 'float32' })", () => {
  it('property: outputs and gradients are float64’s within float32 rounding, and WebAssembly and JavaScript agree bit for bit', () => {
    fc.assert(
      fc.property(arb, ({ spec, rows }) => {
        const f64 = runOf('float64', true, spec, rows);
        const f32 = runOf('float32', true, spec, rows);
        const js = runOf('float32', false, spec, rows);
        expect(f32.tape.dtype).toBe('float32');
        expect(js.outs).toEqual(f32.outs);
        expect(js.grads).toEqual(f32.grads);
        const close = (a: number[], b: number[]) => {
          const scale = Math.max(1, ...b.map(Math.abs));
          a.forEach((v, i) => expect(Math.abs(v - b[i])).toBeLessThanOrEqual(1e-4 * scale));
        };
        close(f32.outs, f64.outs);
        close(f32.grads, f64.grads);
        expect(f32.outs.every((o) => Math.fround(o) === o)).toBe(true);
      }),
      { numRuns: Math.ceil(RUNS / 4), seed: SEED },
    );
  });

  it('one example runs in float32 too', () => {
    const x = new Value(0);
    const w = new Value(0.1);
    const tape = compile(x.mul(w).exp(), { inputs: [x], dtype: 'float32' });
    const { value, grad } = tape.valueAndGrad([1 / 3]);
    expect(value).toBe(Math.fround(Math.exp(Math.fround(Math.fround(1 / 3) * Math.fround(0.1)))));
    expect(Math.fround(grad[0])).toBe(grad[0]);
  });

  it('refuses another dtype, naming the option', () => {
    const x = new Value(0);
    expect(() => compile(x.mul(2), { inputs: [x], dtype: 'float16' as never })).toThrow('chainrule.compile: options.dtype must be "float64" or "float32", received "float16".');
  });
});
