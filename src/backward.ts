import { isDebug } from './debug.js';
import { nanResultError } from './errors.js';
import { topologicalOrder } from './graph.js';
import type { Value } from './value.js';

/**
 * Reverse-mode sweep from `root`: ∂root/∂root = 1, then for each node in reverse topological
 * order, each input that needs a gradient gets grad += node.grad · ∂node/∂input (the table's
 * `local`). A node reached by several paths sums them. Interior grads are reset first, leaves
 * accumulate. The loop allocates nothing per node.
 */
export function backward(root: Value): void {
  const order = topologicalOrder([root]);
  for (let i = 0; i < order.length; i++) {
    const node = order[i];
    if (node.spec !== null) node.grad = 0;
  }
  root.grad += 1;
  const debug = isDebug();
  for (let i = order.length - 1; i >= 0; i--) {
    const node = order[i];
    const spec = node.spec;
    if (spec === null || !node.requiresGrad) continue;
    const g = node.grad;
    const y = node.data;
    const inputs = node.inputs;
    if (debug) checkLocals(node);
    if (spec.arity === 1) {
      const a = inputs[0];
      a.grad += g * spec.local(0, a.data, 0, y);
    } else if (spec.arity === 2) {
      const a = inputs[0];
      const b = inputs[1];
      if (a.requiresGrad) a.grad += g * spec.local(0, a.data, b.data, y);
      if (b.requiresGrad) b.grad += g * spec.local(1, a.data, b.data, y);
    } else if (spec.group === 1) {
      for (let k = 0; k < inputs.length; k++) {
        const a = inputs[k];
        if (a.requiresGrad) a.grad += g * spec.local(0, a.data, 0, y);
      }
    } else {
      const n = inputs.length >> 1;
      for (let k = 0; k < n; k++) {
        const a = inputs[k];
        const b = inputs[k + n];
        if (a.requiresGrad) a.grad += g * spec.local(0, a.data, b.data, y);
        if (b.requiresGrad) b.grad += g * spec.local(1, a.data, b.data, y);
      }
    }
  }
}

/** Debug mode: throws at the first node whose local derivative is NaN. */
function checkLocals(node: Value): void {
  const spec = node.spec!;
  const inputs = node.inputs;
  const n = inputs.length / spec.group;
  for (let j = 0; j < inputs.length; j++) {
    const k = j % n;
    const a = inputs[k].data;
    const b = spec.group === 2 ? inputs[k + n].data : 0;
    const d = spec.local(Math.floor(j / n), a, b, node.data);
    if (d !== d) throw nanResultError(spec.name, inputs.map((v) => v.data), 'backward');
  }
}
