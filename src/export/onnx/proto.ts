import type * as Protobuf from 'protobufjs/light.js';
import { protobuf } from './load-protobuf.js';

// The subset of onnx.proto (github.com/onnx/onnx, onnx/onnx.proto, field numbers as published)
// that a model of element-wise ops, Gemm and MatMul needs, as a protobufjs reflection descriptor.
const ONNX_SCHEMA = {
  nested: {
    onnx: {
      nested: {
        ModelProto: {
          fields: {
            irVersion: { type: 'int64', id: 1 },
            opsetImport: { rule: 'repeated', type: 'OperatorSetIdProto', id: 8 },
            producerName: { type: 'string', id: 2 },
            producerVersion: { type: 'string', id: 3 },
            docString: { type: 'string', id: 6 },
            graph: { type: 'GraphProto', id: 7 },
          },
        },
        OperatorSetIdProto: { fields: { domain: { type: 'string', id: 1 }, version: { type: 'int64', id: 2 } } },
        GraphProto: {
          fields: {
            node: { rule: 'repeated', type: 'NodeProto', id: 1 },
            name: { type: 'string', id: 2 },
            initializer: { rule: 'repeated', type: 'TensorProto', id: 5 },
            input: { rule: 'repeated', type: 'ValueInfoProto', id: 11 },
            output: { rule: 'repeated', type: 'ValueInfoProto', id: 12 },
          },
        },
        NodeProto: {
          fields: {
            input: { rule: 'repeated', type: 'string', id: 1 },
            output: { rule: 'repeated', type: 'string', id: 2 },
            name: { type: 'string', id: 3 },
            opType: { type: 'string', id: 4 },
            attribute: { rule: 'repeated', type: 'AttributeProto', id: 5 },
          },
        },
        AttributeProto: {
          fields: {
            name: { type: 'string', id: 1 },
            f: { type: 'float', id: 2 },
            i: { type: 'int64', id: 3 },
            type: { type: 'int32', id: 20 },
          },
        },
        TensorProto: {
          fields: {
            dims: { rule: 'repeated', type: 'int64', id: 1 },
            dataType: { type: 'int32', id: 2 },
            floatData: { rule: 'repeated', type: 'float', id: 4 },
            int64Data: { rule: 'repeated', type: 'int64', id: 7 },
            name: { type: 'string', id: 8 },
            doubleData: { rule: 'repeated', type: 'double', id: 10 },
          },
        },
        ValueInfoProto: { fields: { name: { type: 'string', id: 1 }, type: { type: 'TypeProto', id: 2 } } },
        TypeProto: { fields: { tensorType: { type: 'TypeProtoTensor', id: 1 } } },
        TypeProtoTensor: { fields: { elemType: { type: 'int32', id: 1 }, shape: { type: 'TensorShapeProto', id: 2 } } },
        TensorShapeProto: { fields: { dim: { rule: 'repeated', type: 'Dimension', id: 1 } } },
        Dimension: { fields: { dimValue: { type: 'int64', id: 1 }, dimParam: { type: 'string', id: 2 } } },
      },
    },
  },
};

/**
 * ONNX TensorProto.DataType codes used here.
 * @category Export
 */
export const DATA_TYPE = { float32: 1, int64: 7, float64: 11 } as const;
/**
 * ONNX AttributeProto.AttributeType codes used here.
 * @category Export
 */
export const ATTRIBUTE_TYPE = { float: 1, int: 2 } as const;

/**
 * A node attribute: a float or an integer.
 * @category Export
 */
export interface Attribute {
  readonly name: string;
  readonly type: number;
  readonly f?: number;
  readonly i?: number;
}

/**
 * One operator application.
 * @category Export
 */
export interface NodeMessage {
  readonly opType: string;
  readonly input: readonly string[];
  readonly output: readonly string[];
  readonly name: string;
  readonly attribute?: readonly Attribute[];
}

/**
 * A constant tensor baked into the model.
 * @category Export
 */
export interface TensorMessage {
  readonly name: string;
  readonly dims: readonly number[];
  readonly dataType: number;
  readonly floatData?: readonly number[];
  readonly doubleData?: readonly number[];
  readonly int64Data?: readonly number[];
}

/**
 * A graph input or output: its element type and shape (a string for a dynamic dimension).
 * @category Export
 */
export interface ValueInfoMessage {
  readonly name: string;
  readonly elemType: number;
  readonly shape: readonly (number | string)[];
}

/**
 * What {@link encodeModel} serialises: one graph at one opset of the default domain.
 * @category Export
 */
export interface GraphMessage {
  readonly name: string;
  readonly opset: number;
  readonly nodes: readonly NodeMessage[];
  readonly initializers: readonly TensorMessage[];
  readonly inputs: readonly ValueInfoMessage[];
  readonly outputs: readonly ValueInfoMessage[];
  readonly docString: string;
}

let modelType: Protobuf.Type | undefined;

/**
 * The ModelProto bytes of a graph (IR version 8).
 * @category Export
 */
export function encodeModel(graph: GraphMessage): Uint8Array {
  modelType ??= protobuf.Root.fromJSON(ONNX_SCHEMA).lookupType('onnx.ModelProto');
  const valueInfo = (v: ValueInfoMessage) => ({
    name: v.name,
    type: { tensorType: { elemType: v.elemType, shape: { dim: v.shape.map((d) => (typeof d === 'number' ? { dimValue: d } : { dimParam: d })) } } },
  });
  const message = modelType.fromObject({
    irVersion: 8,
    producerName: 'chainrule',
    producerVersion: '0.1.0',
    docString: graph.docString,
    opsetImport: [{ domain: '', version: graph.opset }],
    graph: {
      name: graph.name,
      node: graph.nodes,
      initializer: graph.initializers,
      input: graph.inputs.map(valueInfo),
      output: graph.outputs.map(valueInfo),
    },
  });
  return modelType.encode(message).finish();
}
