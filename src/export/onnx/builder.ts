import { ATTRIBUTE_TYPE, DATA_TYPE, encodeModel, type Attribute, type NodeMessage, type TensorMessage, type ValueInfoMessage } from './proto.js';
import type { OnnxGraph } from '../../index.js';

/**
 * The element type of an exported model's tensors.
 * @category Export
 */
export type OnnxDType = 'float32' | 'float64';

/**
 * The name of the dynamic batch dimension of every exported model's input and output.
 * @category Export
 */
export const BATCH = 'batch';

/**
 * Builds one ONNX graph: named nodes and initializers, scalar constants shared by value. It is the
 * {@link OnnxGraph} the ops' ONNX forms write into.
 * @category Export
 */
export class GraphBuilder implements OnnxGraph {
  readonly dataType: number;
  private readonly nodes: NodeMessage[] = [];
  private readonly initializers: TensorMessage[] = [];
  private readonly scalars = new Map<string, string>();
  private count = 0;

  constructor(readonly dtype: OnnxDType) {
    this.dataType = DATA_TYPE[dtype];
  }

  node(opType: string, inputs: readonly string[], attributes: Readonly<Record<string, number>> = {}): string {
    const output = `${opType.toLowerCase()}_${this.count++}`;
    const attribute: Attribute[] = Object.entries(attributes).map(([name, i]) => ({ name, type: ATTRIBUTE_TYPE.int, i }));
    this.nodes.push({ opType, input: inputs.slice(), output: [output], name: output, ...(attribute.length ? { attribute } : {}) });
    return output;
  }

  constant(value: number): string {
    const key = Object.is(value, -0) ? '-0' : String(value);
    let name = this.scalars.get(key);
    if (name === undefined) {
      name = this.tensor(`c_${this.scalars.size}`, [], [value]);
      this.scalars.set(key, name);
    }
    return name;
  }

  /** A tensor initializer of the model's element type, values row-major. */
  tensor(name: string, dims: readonly number[], values: readonly number[]): string {
    const data = this.dtype === 'float32' ? { floatData: values } : { doubleData: values };
    this.initializers.push({ name, dims, dataType: this.dataType, ...data });
    return name;
  }

  /** An int64 tensor initializer (indices and axes). */
  int64(name: string, dims: readonly number[], values: readonly number[]): string {
    this.initializers.push({ name, dims, dataType: DATA_TYPE.int64, int64Data: values });
    return name;
  }

  /** Renames the value `from` to the graph output name `to`. */
  output(from: string, to: string): void {
    this.nodes.push({ opType: 'Identity', input: [from], output: [to], name: `${to}_identity` });
  }

  /** The model bytes, with the input `input` [batch, nin] and the output `output` [batch, nout]. */
  encode(name: string, nin: number, nout: number, docString: string): Uint8Array {
    const io = (n: string, width: number): ValueInfoMessage => ({ name: n, elemType: this.dataType, shape: [BATCH, width] });
    return encodeModel({ name, opset: OPSET, nodes: this.nodes, initializers: this.initializers, inputs: [io('input', nin)], outputs: [io('output', nout)], docString });
  }
}

/** The ONNX opset the exporters target (Unsqueeze takes its axes as an input from 13 on). */
const OPSET = 17;
