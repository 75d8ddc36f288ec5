import { OP_LIST, lookupOp, type OnnxForm } from '../../index.js';
import { describe, leafDataError, rangeError } from '../../errors/messages.js';
import type { Activation, MLP } from '../../nn/index.js';
import { GraphBuilder, type OnnxDType } from './builder.js';

/**
 * The ONNX model of an MLP whose forward is what its layers describe (`net.forwardMatchesLayers()`):
 * per layer one Gemm (X·Wᵀ + b, W of shape [nout, nin] with W[j][k] = w_jk) and the activation's
 * ONNX form, read off its op's table entry (user ops included); input `input` [batch, nin],
 * output `output` [batch, nout]. The weights are the network's current values.
 * @category Export
 */
export function mlpToOnnx(net: MLP, dtype: OnnxDType): Uint8Array {
  const forms = net.layers.map((layer, l) => activationForm(layer.activation, l));
  const g = new GraphBuilder(dtype);
  let x = 'input';
  net.layers.forEach((layer, l) => {
    const w = layer.neurons.flatMap((n) => n.w.map((v) => v.data));
    const b = layer.neurons.map((n) => n.b.data);
    const z = g.node('Gemm', [x, g.tensor(`W${l}`, [layer.neurons.length, layer.neurons[0].nin], w), g.tensor(`b${l}`, [layer.neurons.length], b)], { transB: 1 });
    const form = forms[l];
    x = form === null ? z : form.build(g, [z]);
  });
  g.output(x, 'output');
  const widths = [net.nin, ...net.layers.map((layer) => layer.neurons.length)].join('-');
  return g.encode('chainrule_mlp', net.nin, net.layers[net.layers.length - 1].neurons.length, `chainrule MLP ${widths}`);
}

/**
 * The ONNX form of layer l's activation σ (null for linear: z itself), from its op's entry.
 * @throws RangeError naming the op when it has no ONNX form, before anything is built
 */
function activationForm(activation: Activation, l: number): OnnxForm | null {
  if (activation === 'linear') return null;
  const spec = lookupOp(activation);
  if (spec?.onnx !== undefined) return spec.onnx;
  const hint = spec !== undefined && OP_LIST.includes(spec) ? 'This built-in op has no ONNX form.' : `Give defineOp({ name: ${describe(activation)}, … }) an onnx field to export it.`;
  throw rangeError('toOnnx', `the activation of layers[${l}]`, 'an op with an ONNX form', activation, hint);
}

/**
 * Throws naming the first weight or bias whose data is not a number: it would become a NaN in a
 * tensor (or stop forward with an unnamed error: a bigint cannot mix with numbers).
 * @category Export
 */
export function checkWeights(net: MLP): void {
  net.layers.forEach((layer, l) => layer.neurons.forEach((n, j) => {
    n.w.forEach((v, k) => {
      if (typeof v.data !== 'number') throw leafDataError('toOnnx', `layers[${l}].neurons[${j}].w[${k}]`, v.data);
    });
    if (typeof n.b.data !== 'number') throw leafDataError('toOnnx', `layers[${l}].neurons[${j}].b`, n.b.data);
  }));
}
