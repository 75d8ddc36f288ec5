import { Value, compile, type Tape } from '../../index.js';
import type { ExampleLoss } from '../loss-registry.js';
import type { Trace } from '../model/model.js';
import { RowBuffers } from './row-buffers.js';
import type { LossPlan } from './session.js';

/**
 * @internal A model's per-example loss compiled over its traced placeholder inputs x_i and
 * targets y_j: the tape's inputs are [...x, ...y], its params the model's parameters in
 * `parameters()` order.
 */
export interface CompiledLoss {
  readonly loss: ExampleLoss;
  readonly targets: number;
  readonly dtype: 'float64' | 'float32';
  readonly trace: Trace;
  readonly tape: Tape;
  readonly rows: RowBuffers;
}

// One entry per model: the loss it compiled last. A hoisted loss function is compiled once and
// reused by every call; an inline `(p, y) => …` is a new function each call, so it recompiles
// every time but replaces the entry instead of piling up compiled tapes.
const lastCompiled = new WeakMap<object, CompiledLoss>();

/**
 * @internal The compiled form of the plan's loss: the cached one when the loss, the target count,
 * the float type and the model's trace (the same parameter Values) are the same as last time,
 * else a new compile that replaces it.
 */
export function compiledLoss({ checked, loss, targets, dtype = 'float64' }: LossPlan): CompiledLoss {
  const { model, params, trace } = checked;
  const cached = lastCompiled.get(model);
  if (cached !== undefined && cached.loss === loss && cached.targets === targets && cached.trace === trace && cached.dtype === dtype) return cached;
  const y = Array.from({ length: targets }, (_, j) => new Value(0, `y${j}`));
  const tape = compile(loss(trace.outputs.slice(), y), { inputs: [...trace.inputs, ...y], params, dtype });
  const compiled: CompiledLoss = { loss, targets, dtype, trace, tape, rows: new RowBuffers(trace.inputs.length, targets) };
  lastCompiled.set(model, compiled);
  return compiled;
}
