import { Value, lookupOp, topologicalOrder, type OnnxForm } from '../../index.js';
import { holeError, leafDataError, leafName, rangeError, typeError } from '../../errors/messages.js';
import { GraphBuilder, type OnnxDType } from './builder.js';

/** A dot node whose one side is all weights (non-input leaves) and whose other side varies. */
interface LayerDot {
  readonly node: Value;
  readonly varying: readonly Value[];
  readonly weights: readonly Value[];
}

/**
 * The ONNX model of `outputs` as functions of `inputs`: input `input` [batch, inputs.length],
 * output `output` [batch, outputs.length]; every other leaf's current value is baked in.
 * @category Export
 */
export function valuesToOnnx(outputs: readonly Value[], inputs: readonly Value[], dtype: OnnxDType): Uint8Array {
  const order = topologicalOrder(outputs);
  for (let s = 0; s < order.length; s++) {
    const node = order[s];
    // A leaf's data is a public field: only a number may become an initializer (never a silent NaN).
    if (node.op === '' && typeof node.data !== 'number') throw leafDataError('toOnnx', leafName(node.label, `node ${s} of topologicalOrder(outputs)`), node.data);
    if (node.op !== '' && formOf(node) === undefined) {
      throw rangeError('toOnnx', 'every op of the graph', 'an op with an ONNX form', node.op, 'Give its table entry an onnx field to export it.');
    }
  }
  const g = new GraphBuilder(dtype);
  const column = columns(g);
  const inputIndex = new Map(inputs.map((x, i) => [x, i]));
  const varies = new Set<Value>();
  const names = new Map<Value, string>();
  const layers = layerDots(order, inputIndex, varies);
  let tensors = 0;
  // Leaves get their tensor when first used: weights that only feed a MatMul need no scalar.
  const nameOf = (v: Value): string => {
    let name = names.get(v);
    if (name === undefined) {
      const i = inputIndex.get(v);
      name = i !== undefined ? column('input', i) : v.requiresGrad ? g.tensor(`param_${tensors++}`, [], [v.data]) : g.constant(v.data);
      names.set(v, name);
    }
    return name;
  };
  for (const node of order) {
    if (node.op === '' || names.has(node)) continue; // a leaf, or a dot computed with its layer's MatMul
    const layer = layers.get(node);
    if (layer !== undefined) {
      const x = g.node('Concat', layer[0].varying.map((v) => g.node('Unsqueeze', [nameOf(v), column.axis1])), { axis: 1 });
      const m = layer.length;
      const w = new Array<number>(layer[0].weights.length * m);
      layer.forEach((d, j) => d.weights.forEach((wk, k) => (w[k * m + j] = wk.data)));
      const y = g.node('MatMul', [x, g.tensor(`layer_${tensors++}`, [layer[0].weights.length, m], w)]);
      layer.forEach((d, j) => names.set(d.node, column(y, j)));
      continue;
    }
    names.set(node, formOf(node)!.build(g, node.inputs.map(nameOf)));
  }
  // An output that does not depend on the inputs is a scalar: broadcast it to [batch].
  const batch = g.node('Slice', [g.node('Shape', ['input']), g.int64('start', [1], [0]), g.int64('end', [1], [1])]);
  const columnsOut = outputs.map((y) => {
    const name = varies.has(y) ? nameOf(y) : g.node('Expand', [nameOf(y), batch]);
    return g.node('Unsqueeze', [name, column.axis1]);
  });
  g.output(g.node('Concat', columnsOut, { axis: 1 }), 'output');
  return g.encode('chainrule', inputs.length, outputs.length, `chainrule graph: ${inputs.length} inputs, ${outputs.length} outputs`);
}

/**
 * Checks the Value-graph form's arguments before anything is built. (The core's toSource makes the
 * same checks with src/errors/check-arguments.ts; a subpath imports only the public core and the message
 * builders, so this stays its own.)
 * @category Export
 */
export function checkValues(outputs: unknown, inputs: unknown): void {
  if (!Array.isArray(outputs) || outputs.length === 0) throw typeError('toOnnx', 'outputs', 'a non-empty array of Values (or a Model, such as an MLP)', outputs);
  // Plain loops: forEach would skip a hole.
  for (let i = 0; i < outputs.length; i++) {
    if (!(outputs[i] instanceof Value)) throw i in outputs ? typeError('toOnnx', `outputs[${i}]`, 'a Value', outputs[i]) : holeError('toOnnx', `outputs[${i}]`, 'a Value');
  }
  if (!Array.isArray(inputs)) throw typeError('toOnnx', 'options.inputs', 'an array of leaf Values', inputs);
  const seen = new Set<Value>();
  for (let i = 0; i < inputs.length; i++) {
    const x: unknown = inputs[i];
    if (!(x instanceof Value)) throw i in inputs ? typeError('toOnnx', `options.inputs[${i}]`, 'a Value', x) : holeError('toOnnx', `options.inputs[${i}]`, 'a Value');
    if (x.op !== '') throw rangeError('toOnnx', `options.inputs[${i}]`, 'a leaf Value', `a ${x.op} node`);
    if (seen.has(x)) throw rangeError('toOnnx', `options.inputs[${i}]`, 'a Value not listed before', x.label || x.data);
    seen.add(x);
  }
}

/** Column j of a [batch, n] tensor as a [batch] tensor, with the int64 indices shared. */
function columns(g: GraphBuilder): ((tensor: string, j: number) => string) & { axis1: string } {
  const indices = new Map<number, string>();
  const column = (tensor: string, j: number) => {
    let index = indices.get(j);
    if (index === undefined) indices.set(j, (index = g.int64(`index_${j}`, [], [j])));
    return g.node('Gather', [tensor, index], { axis: 1 });
  };
  return Object.assign(column, { axis1: g.int64('axis_1', [1], [1]) });
}

/**
 * Marks in `varies` every node that depends on an input, and groups the dot nodes that form a
 * layer: the same varying operands (all input-dependent) against weights that are non-input
 * leaves. Each such node maps to its whole group, in order; one MatMul computes the group.
 */
function layerDots(order: readonly Value[], inputIndex: ReadonlyMap<Value, number>, varies: Set<Value>): Map<Value, LayerDot[]> {
  const ids = new Map(order.map((v, i) => [v, i]));
  const groups = new Map<string, LayerDot[]>();
  const byNode = new Map<Value, LayerDot[]>();
  for (const node of order) {
    if (node.op === '' ? inputIndex.has(node) : node.inputs.some((v) => varies.has(v))) varies.add(node);
    if (node.op === '' || lookupOp(node.op)?.sumOfProducts !== true) continue;
    const n = node.inputs.length / 2;
    if (n < 2) continue;
    const left = node.inputs.slice(0, n);
    const right = node.inputs.slice(n);
    const isWeight = (v: Value) => v.op === '' && !inputIndex.has(v);
    const side = left.every(isWeight) && right.every((v) => varies.has(v)) ? { weights: left, varying: right }
      : right.every(isWeight) && left.every((v) => varies.has(v)) ? { weights: right, varying: left } : null;
    if (side === null) continue;
    const key = side.varying.map((v) => ids.get(v)).join(',');
    const group = groups.get(key) ?? [];
    groups.set(key, group);
    group.push({ node, ...side });
    byNode.set(node, group);
  }
  return byNode;
}

/** The ONNX form of a node's op, read off its table entry (built-in or defined). */
function formOf(node: Value): OnnxForm | undefined {
  return lookupOp(node.op)?.onnx;
}
