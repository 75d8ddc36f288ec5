import { describe, expect, it } from 'vitest';
import { Value, defineOp, type OnnxGraph } from '../../src/index.js';
import { MLP, type Model } from '../../src/nn/index.js';
import { toOnnx } from '../../src/export/onnx/index.js';
import { countOps, runOnnx } from '../helpers/onnx-runtime.js';
import { softsign } from '../helpers/softsign.js';

// toOnnx(model) exports what the model's forward computes: a plain MLP as one Gemm per layer
// (its activation's ONNX form after it, user ops included), anything else by tracing forward.
const rows = [[0.3, -1.2], [2, 0.5], [-4, 3], [0, 0]];
const close = (got: number[], want: number[]) => want.forEach((w, i) => expect(Math.abs(got[i] - w)).toBeLessThanOrEqual(1e-12 * Math.max(1, Math.abs(w))));
const outputs = (forward: (x: number[]) => Value[]) => rows.flatMap((r) => forward(r).map((v) => v.data));

const softsignOnnx = defineOp({
  name: 'softsignWithOnnx',
  arity: 1,
  forward: (a) => a / (1 + Math.abs(a)),
  local: (_i, a) => (1 + Math.abs(a)) ** -2,
  // a / (1 + |a|) from Div, Add and Abs (ONNX Runtime has no float64 kernel for Softsign).
  onnx: { build: (g: OnnxGraph, [a]: readonly string[]) => g.node('Div', [a, g.node('Add', [g.constant(1), g.node('Abs', [a])])]) },
});

describe('toOnnx of a network with a user-op activation (defect 3)', () => {
  it('a defined op with an ONNX form exports after each Gemm and agrees with ONNX Runtime', async () => {
    const net = new MLP(2, [4, 3], { activation: softsignOnnx.spec.name, outputActivation: 'tanh', seed: 5 });
    const bytes = toOnnx(net, { dtype: 'float64' });
    expect(countOps(bytes, 'Gemm')).toBe(2);
    expect(countOps(bytes, 'Abs')).toBe(1);
    close(await runOnnx(bytes, 'float64', rows), outputs((x) => net.forward(x)));
  });

  it('an activation op without an ONNX form is named, with how to give it one', () => {
    const net = new MLP(2, [3, 1], { activation: 'softsign', seed: 1 });
    expect(() => toOnnx(net)).toThrow(
      'chainrule.toOnnx: the activation of layers[0] must be an op with an ONNX form, received "softsign". Give defineOp({ name: "softsign", … }) an onnx field to export it.',
    );
  });
});

describe('toOnnx never exports a function other than forward (defect 3)', () => {
  // The case: a subclass that applies its op in forward while its layers say linear.
  class SoftsignNet extends MLP {
    override forward(x: readonly (Value | number)[]): Value[] {
      let a = x.map((v) => (v instanceof Value ? v : new Value(v)));
      for (const layer of this.layers) a = layer.forward(a).map((z) => softsignOnnx(z));
      return a;
    }
  }

  it('a subclass overriding forward is exported by tracing its forward (not as linear Gemm layers)', async () => {
    const net = new SoftsignNet(2, [4, 1], { activation: 'linear', seed: 7 });
    const bytes = toOnnx(net, { dtype: 'float64' });
    expect(countOps(bytes, 'Gemm')).toBe(0);
    expect(countOps(bytes, 'Abs')).toBe(5);
    close(await runOnnx(bytes, 'float64', rows), outputs((x) => net.forward(x)));
  });

  it('a traced forward with an op that has no ONNX form is refused, naming the op', () => {
    class Bare extends MLP {
      override forward(x: readonly (Value | number)[]): Value[] {
        return super.forward(x).map((v) => softsign(v));
      }
    }
    expect(() => toOnnx(new Bare(2, [2], { seed: 1 }))).toThrow(
      'chainrule.toOnnx: every op of the graph must be an op with an ONNX form, received "softsign". Give its table entry an onnx field to export it.',
    );
  });

  it('any Model exports: a hand-built two-parameter model, traced', async () => {
    const a = new Value(1.5);
    const b = new Value(-0.5);
    const model: Model = { nin: 2, forward: ([x, y]) => [x.mul(a).add(y.mul(b)).tanh(), x.mul(y)], parameters: () => [a, b] };
    const bytes = toOnnx(model, { dtype: 'float64' });
    close(await runOnnx(bytes, 'float64', rows), outputs((x) => model.forward(x.map((v) => new Value(v)))));
  });

  it('a value that is neither a model nor an array of Values is refused', () => {
    expect(() => toOnnx({ nin: 2 } as never)).toThrow('chainrule.toOnnx: model.forward must be a function (x: Value[]) => Value[], received undefined.');
    expect(() => toOnnx({ nin: 0, forward: () => [] } as never)).toThrow('chainrule.toOnnx: model.nin must be an integer ≥ 1, received 0.');
  });
});
