import type { OpSpec } from './ops.js';
import type { Value } from './value.js';

/** A node's value from its inputs' current data, read off the op table (n-ary: the sum of terms). */
export function evaluateNode(spec: OpSpec, inputs: readonly Value[]): number {
  if (spec.arity === 1) return spec.forward(inputs[0].data, 0);
  if (spec.arity === 2) return spec.forward(inputs[0].data, inputs[1].data);
  const n = inputs.length / spec.group;
  let y = 0;
  for (let k = 0; k < n; k++) y += spec.forward(inputs[k].data, spec.group === 2 ? inputs[k + n].data : 0);
  return y;
}
