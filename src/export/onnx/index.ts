/**
 * `toOnnx`: a trained network or any Value graph as an ONNX model for ONNX Runtime and other ONNX
 * tools. Needs the optional peer `protobufjs` (`npm install protobufjs`).
 *
 * @module chainrule/onnx
 */
import type { Value } from '../../index.js';
import { checkOptionKeys, rangeError, typeError } from '../../errors/messages.js';
import { MLP, type Model } from '../../nn/index.js';
import type { OnnxDType } from './builder.js';
import { checkWeights, mlpToOnnx } from './from-mlp.js';
import { modelToOnnx } from './from-model.js';
import { checkValues, valuesToOnnx } from './from-values.js';

export type { OnnxDType } from './builder.js';
export type { OnnxForm, OnnxGraph } from '../../index.js';

/**
 * Options of {@link toOnnx} for a model (an MLP or any other).
 * @category Export
 */
export interface MLPOnnxOptions {
  /** The element type of the model's tensors. @defaultValue 'float32' */
  dtype?: OnnxDType;
}

/**
 * Options of {@link toOnnx} for a Value graph.
 * @category Export
 */
export interface GraphOnnxOptions extends MLPOnnxOptions {
  /** The placeholder leaves, in column order of the model's input; every other leaf is baked in. */
  inputs: readonly Value[];
}

/**
 * An ONNX model (ModelProto bytes, opset 17) of a trained network or of any Value graph, for ONNX
 * Runtime and other ONNX tools. Both forms read input `input` of shape [batch, nin] and write output
 * `output` of shape [batch, nout]; the batch dimension is dynamic, parameters are baked in at
 * their current values.
 *
 * - `toOnnx(net)` for an MLP: one Gemm (y = x·Wᵀ + b) and the activation's op per layer (a user
 *   op's `onnx` form included).
 * - `toOnnx(model)` for any other model (see `Model` in chainrule/nn), or an MLP whose forward a
 *   subclass changed (`net.forwardMatchesLayers()` is false): what `forward` computes, traced
 *   over placeholder inputs and exported as its Value graph. What is exported is always forward.
 * - `toOnnx(outputs, { inputs })`: each scalar slot is a [batch] tensor and each op is written by its
 *   ONNX form; a `dot` over a layer (the same input-dependent operands, weights that are leaves)
 *   becomes one MatMul.
 *
 * Needs the optional peer dependency `protobufjs` (npm install protobufjs).
 *
 * @category Export
 * @example
 * const net = new MLP(2, [16, 16, 1], { activation: 'relu', seed: 1 });
 * const bytes = toOnnx(net); // Uint8Array: ort.InferenceSession.create(bytes)
 * @throws TypeError / RangeError for bad arguments (before anything is built): an unknown or
 * inherited option key, `inputs` given with a model, a weight whose data is not a number; RangeError
 * naming an op that has no ONNX form
 */
export function toOnnx(model: Model, options?: MLPOnnxOptions): Uint8Array;
export function toOnnx(outputs: readonly Value[], options: GraphOnnxOptions): Uint8Array;
export function toOnnx(model: Model | readonly Value[], options: Partial<GraphOnnxOptions> = {}): Uint8Array {
  if (typeof options !== 'object' || options === null || Array.isArray(options)) throw typeError('toOnnx', 'options', 'an object', options);
  checkKeys(Array.isArray(model), options);
  const dtype = options.dtype ?? 'float32';
  if (dtype !== 'float32' && dtype !== 'float64') throw rangeError('toOnnx', 'options.dtype', '"float32" or "float64"', dtype);
  if (model instanceof MLP) checkWeights(model); // before forward reads them
  if (model instanceof MLP && model.forwardMatchesLayers()) return mlpToOnnx(model, dtype);
  if (typeof model === 'object' && model !== null && !Array.isArray(model)) return modelToOnnx(model as Model, dtype);
  checkValues(model, options.inputs);
  return valuesToOnnx(model as readonly Value[], options.inputs!, dtype);
}

/**
 * Own, known keys only: a typo (`dtyp`) would export float32 silently, and `inputs` given with a
 * model would be ignored (a model is exported over its own nin placeholders).
 */
function checkKeys(graph: boolean, options: object): void {
  if (!graph && Object.hasOwn(options, 'inputs')) {
    const hint = 'A model is exported over its own nin inputs: toOnnx(model) or toOnnx(model, { dtype }); options.inputs is for a Value graph, toOnnx(outputs, { inputs }).';
    throw typeError('toOnnx', 'the keys of options', 'among dtype', 'inputs', hint);
  }
  checkOptionKeys('toOnnx', options, graph ? ['inputs', 'dtype'] : ['dtype']);
}
