import { isDebug } from './debug.js';
import { nanResultError } from './errors.js';
import { countConsumers } from './graph.js';
import type { Value } from './value.js';

/**
 * Reverse-mode sweep from `root`: ∂root/∂root = 1, then every node, once all of its consumers are
 * done, gives each input that needs a gradient grad += node.grad · ∂node/∂input (the table's
 * `local`). A node reached by several paths sums them. Interior grads are reset, leaves accumulate.
 *
 * Two breadth-first passes over one queue, and no topological-order array: the first
 * (countConsumers) finds the nodes that need a gradient and counts their consumers (`pending`);
 * the second releases a node when its count reaches zero, a reverse topological order (Kahn's
 * algorithm). Constants and subgraphs made only of constants are never visited. Nothing is
 * allocated per node.
 */
export function backward(root: Value): void {
  // Debug mode validates the whole sweep before changing any grad, so a throw leaves them as they were.
  if (isDebug()) checkSweep(root);
  const queue = scratch;
  const reached = countConsumers([root], queue, true); // queue[0] is root
  root.grad += 1;
  try {
    sweep(queue);
  } finally {
    // Drop the references (the graph may be garbage now) but keep the capacity.
    queue.fill(undefined as unknown as Value, 0, reached);
  }
}

/** The second pass: release nodes whose consumers are done, pushing gradients to their inputs. */
function sweep(queue: Value[]): void {
  let head = 0;
  let tail = 1;
  while (head < tail) {
    const node = queue[head++];
    const spec = node.spec;
    if (spec === null) continue;
    const g = node.grad;
    const y = node.data;
    const inputs = node.inputs;
    if (spec.arity === 1) {
      const a = inputs[0];
      a.grad += g * spec.local(0, a.data, 0, y);
      if (--a.pending === 0) queue[tail++] = a;
    } else if (spec.arity === 2) {
      const a = inputs[0];
      const b = inputs[1];
      if (a.requiresGrad) {
        a.grad += g * spec.local(0, a.data, b.data, y);
        if (--a.pending === 0) queue[tail++] = a;
      }
      if (b.requiresGrad) {
        b.grad += g * spec.local(1, a.data, b.data, y);
        if (--b.pending === 0) queue[tail++] = b;
      }
    } else {
      const n = inputs.length / spec.group;
      for (let k = 0; k < n; k++) {
        const a = inputs[k];
        const b = spec.group === 2 ? inputs[k + n] : a;
        const bData = spec.group === 2 ? b.data : 0;
        if (a.requiresGrad) {
          a.grad += g * spec.local(0, a.data, bData, y);
          if (--a.pending === 0) queue[tail++] = a;
        }
        if (spec.group === 2 && b.requiresGrad) {
          b.grad += g * spec.local(1, a.data, bData, y);
          if (--b.pending === 0) queue[tail++] = b;
        }
      }
    }
  }
}

// One queue reused by every backward: growing a fresh array to a million entries costs more than
// the sweep itself (reallocation and GC write barriers). It is emptied after each use.
const scratch: Value[] = [];

/**
 * Debug mode, before anything changes: visits the nodes in the sweep's own order (Kahn's, over the
 * edges that need a gradient) and throws at the first whose local derivative is NaN. Counts live
 * in a Map, not in the nodes, so nothing is written.
 */
function checkSweep(root: Value): void {
  const pending = new Map<Value, number>([[root, 0]]);
  const queue: Value[] = [root];
  for (let head = 0; head < queue.length; head++) {
    for (const child of queue[head].inputs) {
      if (!child.requiresGrad) continue;
      const count = pending.get(child);
      if (count === undefined) queue.push(child);
      pending.set(child, (count ?? 0) + 1);
    }
  }
  queue.length = 1;
  for (let head = 0; head < queue.length; head++) {
    const node = queue[head];
    if (node.spec === null) continue;
    checkLocals(node);
    for (const child of node.inputs) {
      if (!child.requiresGrad) continue;
      const count = pending.get(child)! - 1;
      pending.set(child, count);
      if (count === 0) queue.push(child);
    }
  }
}

/** Debug mode: throws if a local derivative of `node` is NaN. */
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
