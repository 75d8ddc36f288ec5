import * as ort from 'onnxruntime-web';
import type { OnnxDType } from '../../src/export/onnx/index.js';

ort.env.wasm.numThreads = 1;
ort.env.logLevel = 'error';

/** Runs an exported model in ONNX Runtime on rows (a [batch, nin] input); its [batch, nout] output, row-major. */
export async function runOnnx(bytes: Uint8Array, dtype: OnnxDType, rows: readonly number[][]): Promise<number[]> {
  const session = await ort.InferenceSession.create(bytes);
  const data = dtype === 'float32' ? Float32Array.from(rows.flat()) : Float64Array.from(rows.flat());
  const result = await session.run({ input: new ort.Tensor(dtype, data, [rows.length, rows[0]?.length ?? 0]) });
  await session.release();
  return Array.from(result.output.data as Float32Array | Float64Array);
}

/** How many nodes of ONNX operator `op` a model has (NodeProto.op_type is field 4: byte 0x22, the length, the name). */
export function countOps(bytes: Uint8Array, op: string): number {
  return new TextDecoder('latin1').decode(bytes).split(`\u0022${String.fromCharCode(op.length)}${op}`).length - 1;
}
