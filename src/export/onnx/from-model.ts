import { Value } from '../../index.js';
import { rangeError, typeError } from '../../errors/messages.js';
import type { Model } from '../../nn/index.js';
import type { OnnxDType } from './builder.js';
import { valuesToOnnx } from './from-values.js';

/**
 * The ONNX model of what `model.forward` computes: forward traced once over `nin` placeholder
 * inputs, then exported as a Value graph (each op by its ONNX form, layers of dot nodes as MatMul,
 * the parameters baked in at their current values). Nothing but forward is read, so a model whose
 * forward a subclass changed exports as that forward, never as its layers alone.
 * @category Export
 * @throws TypeError / RangeError naming the model member that is missing or wrong, or an op without an ONNX form
 */
export function modelToOnnx(model: Model, dtype: OnnxDType): Uint8Array {
  const { nin, forward } = model as Partial<Model>;
  if (typeof nin !== 'number') throw typeError('toOnnx', 'model.nin', 'an integer', nin);
  if (!Number.isInteger(nin) || nin < 1) throw rangeError('toOnnx', 'model.nin', 'an integer ≥ 1', nin);
  if (typeof forward !== 'function') throw typeError('toOnnx', 'model.forward', 'a function (x: Value[]) => Value[]', forward);
  const inputs = Array.from({ length: nin }, (_, i) => new Value(0, `x${i}`));
  const outputs: unknown = forward.call(model, inputs);
  if (!Array.isArray(outputs) || outputs.length === 0) throw typeError('toOnnx', 'model.forward(x)', 'a non-empty array of Values', outputs);
  outputs.forEach((y, j) => {
    if (!(y instanceof Value)) throw typeError('toOnnx', `model.forward(x)[${j}]`, 'a Value', y);
  });
  return valuesToOnnx(outputs as Value[], inputs, dtype);
}
