import { Value, lookupOp, type OnnxForm } from '../../index.js';
import { rangeError } from '../../errors/messages.js';
import { Neuron, type Activation, type MLP } from '../../nn/index.js';
import { GraphBuilder, type OnnxDType } from './builder.js';

/**
 * The ONNX model of an MLP: per layer one Gemm (X·Wᵀ + b, W of shape [nout, nin] with
 * W[j][k] = w_jk) and the activation's ONNX form; input `input` [batch, nin], output `output`
 * [batch, nout]. The weights are the network's current values.
 */
export function mlpToOnnx(net: MLP, dtype: OnnxDType): Uint8Array {
  const g = new GraphBuilder(dtype);
  let x = 'input';
  net.layers.forEach((layer, l) => {
    const w = layer.neurons.flatMap((n) => n.w.map((v) => v.data));
    const b = layer.neurons.map((n) => n.b.data);
    const z = g.node('Gemm', [x, g.tensor(`W${l}`, [layer.neurons.length, layer.neurons[0].nin], w), g.tensor(`b${l}`, [layer.neurons.length], b)], { transB: 1 });
    const op = activationOp(layer.activation);
    x = op === null ? z : op.build(g, [z]);
  });
  g.output(x, 'output');
  const widths = [net.nin, ...net.layers.map((layer) => layer.neurons.length)].join('-');
  return g.encode('chainrule_mlp', net.nin, net.layers[net.layers.length - 1].neurons.length, `chainrule MLP ${widths}`);
}

/** The ONNX form of the op σ that a neuron with this activation applies to z, read off a one-input neuron's graph (null: none). */
function activationOp(activation: Activation): OnnxForm | null {
  const b = new Value(0);
  const y = new Neuron([new Value(1)], b, activation).forward([new Value(1)]);
  if (y.inputs.includes(b)) return null; // y is z = w·x + b itself
  const form = lookupOp(y.op)?.onnx;
  if (form === undefined) throw rangeError('toOnnx', `the activation ${activation}`, 'an op with an ONNX form', y.op);
  return form;
}
