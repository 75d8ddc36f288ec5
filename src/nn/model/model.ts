import { Value } from '../../index.js';
import { checkInteger, rangeError, typeError } from '../errors.js';

/**
 * What `train` and `lossAndGradient` need of a model: its input width, a forward pass built from
 * Value ops, and its trainable Values. {@link MLP} is one; any object or class with these three
 * members is another.
 *
 * - `forward(x)` receives `nin` Values (constants on the graph engine, placeholders on the
 *   compiled one) and returns the outputs as Values computed from `x` and the parameters with any
 *   ops of the table, built-in or from `defineOp`. The compiled engine compiles that graph once
 *   per model, so its shape must depend only on `x` and the parameters, not on their values.
 * - `parameters()` returns the same leaf Values on every call, in a fixed order: the ones the
 *   optimizer updates and whose `grad` train fills.
 * - The number of outputs is whatever `forward` returns (a built-in loss takes one target per output).
 * @category Neural nets
 * @example
 * const a = new Value(0.5), b = new Value(0);
 * const line: Model = { nin: 1, forward: ([x]) => [x.mul(a).add(b)], parameters: () => [a, b] };
 * train(line, [{ x: [1], y: [2] }, { x: [2], y: [3] }], { epochs: 100, lr: 0.1 });
 */
export interface Model {
  /** The number of inputs forward takes. */
  readonly nin: number;
  /** The outputs for inputs `x` (an array of `nin` Values). */
  forward(x: readonly Value[]): Value[];
  /** The trainable leaf Values, the same ones in the same order on every call. */
  parameters(): Value[];
}

/**
 * @internal A model's forward pass traced once over placeholder inputs: the compiled engine
 * compiles it, and its output count is the number of targets a built-in loss takes.
 */
export interface Trace {
  readonly inputs: readonly Value[];
  readonly outputs: readonly Value[];
}

/** @internal A model checked against {@link Model}, with its parameters and its trace. */
export interface CheckedModel {
  readonly model: Model;
  readonly params: readonly Value[];
  readonly trace: Trace;
}

// The last check of each model, reused while parameters() returns the same Values (a training
// loop that calls lossAndGradient every batch pays for one identity comparison, not a new trace).
const checked = new WeakMap<object, CheckedModel>();

/**
 * @internal Checks that `model` meets {@link Model} and traces its forward pass (user code runs
 * here, before anything changes: forward builds nodes and must not change the parameters).
 * @throws TypeError / RangeError naming the missing or wrong member, e.g. `model.parameters()[3]`
 */
export function checkModel(where: string, model: unknown): CheckedModel {
  if (typeof model !== 'object' || model === null) throw typeError(where, 'model', 'a Model { nin, forward(x), parameters() }', model);
  const m = model as Partial<Model>;
  const nin = checkInteger(where, 'model.nin', m.nin, 1);
  if (typeof m.forward !== 'function') throw typeError(where, 'model.forward', 'a function (x: Value[]) => Value[]', m.forward);
  if (typeof m.parameters !== 'function') throw typeError(where, 'model.parameters', 'a function returning the trainable Values', m.parameters);
  const params: unknown = m.parameters();
  const cached = checked.get(model);
  if (cached !== undefined && Array.isArray(params) && cached.trace.inputs.length === nin && sameValues(cached.params, params)) return cached;
  checkParameters(where, params);
  const inputs = Array.from({ length: nin }, (_, i) => new Value(0, `x${i}`));
  const outputs: unknown = m.forward(inputs);
  if (!Array.isArray(outputs) || outputs.length === 0) throw typeError(where, 'model.forward(x)', 'a non-empty array of Values', outputs);
  outputs.forEach((y, j) => {
    if (!(y instanceof Value)) throw typeError(where, `model.forward(x)[${j}]`, 'a Value', y);
  });
  const result: CheckedModel = { model: model as Model, params: params as Value[], trace: { inputs, outputs } };
  checked.set(model, result);
  return result;
}

/**
 * True when both lists hold the same Value objects in the same order.
 * @category Neural nets
 */
export function sameValues(a: readonly unknown[], b: readonly unknown[]): boolean {
  if (a.length !== b.length) return false;
  for (let i = 0; i < a.length; i++) if (a[i] !== b[i]) return false;
  return true;
}

/** parameters(): a non-empty array of distinct leaf Values. */
function checkParameters(where: string, params: unknown): asserts params is Value[] {
  const what = 'model.parameters()';
  if (!Array.isArray(params)) throw typeError(where, what, 'an array of Values', params);
  if (params.length === 0) throw rangeError(where, what, 'a non-empty array of Values (the weights to train)', params);
  const seen = new Set<Value>();
  params.forEach((p, i) => {
    if (!(p instanceof Value)) throw typeError(where, `${what}[${i}]`, 'a Value', p);
    if (p.op !== '') throw rangeError(where, `${what}[${i}]`, 'a leaf Value (a weight, not a computed node)', p, `It is the output of a ${p.op} node.`);
    if (seen.has(p)) throw rangeError(where, `${what}[${i}]`, 'a Value not listed before (each parameter once)', p.label || p.data);
    seen.add(p);
  });
}
