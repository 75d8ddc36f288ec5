import { Value, compile, type Tape } from '../../index.js';
import type { ExampleLoss } from '../loss-registry.js';
import type { MLP } from '../model/mlp.js';
import { RowBuffers } from './row-buffers.js';

/**
 * @internal A network's per-example loss compiled over placeholder inputs x_i and targets y_j:
 * the tape's inputs are [...x, ...y], its params the network's parameters in `parameters()` order.
 */
export interface CompiledLoss {
  readonly loss: ExampleLoss;
  readonly targets: number;
  readonly tape: Tape;
  readonly rows: RowBuffers;
}

// One entry per network: the loss it compiled last. A hoisted loss function is compiled once and
// reused by every call; an inline `(p, y) => …` is a new function each call, so it recompiles
// every time but replaces the entry instead of piling up compiled tapes.
const lastCompiled = new WeakMap<MLP, CompiledLoss>();

/**
 * @internal The compiled form of `loss` on `net` with `targets` targets per example: the cached
 * one when the loss, target count and parameter Values are the same as last time, else a new
 * compile that replaces it.
 */
export function compiledLoss(net: MLP, loss: ExampleLoss, targets: number, params: readonly Value[]): CompiledLoss {
  const cached = lastCompiled.get(net);
  if (cached !== undefined && cached.loss === loss && cached.targets === targets && sameValues(cached.tape.params, params)) return cached;
  const x = Array.from({ length: net.nin }, (_, i) => new Value(0, `x${i}`));
  const y = Array.from({ length: targets }, (_, j) => new Value(0, `y${j}`));
  const tape = compile(loss(net.forward(x), y), { inputs: [...x, ...y], params });
  const compiled: CompiledLoss = { loss, targets, tape, rows: new RowBuffers(net.nin, targets) };
  lastCompiled.set(net, compiled);
  return compiled;
}

/** True when both lists hold the same Value objects in the same order. */
export function sameValues(a: readonly Value[], b: readonly Value[]): boolean {
  if (a.length !== b.length) return false;
  for (let i = 0; i < a.length; i++) if (a[i] !== b[i]) return false;
  return true;
}
