import { Value } from '../../index.js';
import type { Layer } from './layer.js';
import { neuronOutput } from './neuron.js';

/**
 * @internal True when `forward` builds, over fresh input leaves, exactly the graph that the layers'
 * data describe (each neuron σ(w · x + b) over the same weight Values): what toJSON saves and
 * what MLP.fromJSON rebuilds. A subclass (of MLP, Layer or Neuron) whose forward computes
 * something else, or reads other Values, fails it.
 */
export function forwardMatchesLayers(nin: number, layers: readonly Layer[], forward: (x: Value[]) => unknown): boolean {
  const x = Array.from({ length: nin }, (_, i) => new Value(0, `x${i}`));
  const got = forward(x);
  if (!Array.isArray(got) || !got.every((y) => y instanceof Value)) return false;
  let a: Value[] = x;
  for (const layer of layers) a = layer.neurons.map((n) => neuronOutput(n.w, n.b, n.activation, a));
  return sameGraph(got, a);
}

/**
 * True when the graphs of `a` and `b` have the same ops over the same leaves: leaf Values must be
 * the same objects, except constants (leaves that need no grad), which may be equal numbers. An
 * explicit stack of node pairs, each pair compared once: graphs of any depth, linear time.
 */
function sameGraph(a: readonly Value[], b: readonly Value[]): boolean {
  if (a.length !== b.length) return false;
  const matched = new Map<Value, Value>();
  const stack: [Value, Value][] = a.map((u, i) => [u, b[i]]);
  while (stack.length > 0) {
    const [u, v] = stack.pop()!;
    const seen = matched.get(u);
    if (seen !== undefined) {
      if (seen !== v) return false;
      continue;
    }
    matched.set(u, v);
    if (u === v) continue;
    if (u.op !== v.op || u.inputs.length !== v.inputs.length) return false;
    if (u.op === '') {
      if (u.requiresGrad || v.requiresGrad || !Object.is(u.data, v.data)) return false;
      continue;
    }
    for (let i = 0; i < u.inputs.length; i++) stack.push([u.inputs[i], v.inputs[i]]);
  }
  return true;
}
