import { isDebug } from './debug.js';
import { nanResultError } from '../errors/messages.js';
import { countConsumers } from './graph.js';
import { nodeLocal, nodeShared, termCount } from '../ops/layout.js';
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
 *
 * Frozen values: a Value whose `requiresGrad` is false at the time of the call (constants, nodes
 * made only of constants, and leaves frozen after the graph was built) receives no gradient and
 * passes none on, whatever kind of node consumes it; a root that needs no gradient is a no-op.
 */
export function backward(root: Value): void {
  // A Value that needs no gradient never receives one, root included (constant(2).exp().backward()
  // leaves the constant as it was).
  if (!root.requiresGrad) return;
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
    // One rule for every kind of node: an input whose requiresGrad is false (read now, so a leaf
    // frozen after the graph was built counts as frozen) is skipped, as countConsumers skipped it.
    // The branches are ops/layout.ts's nodeLocal written out per kind: this is the hottest loop of
    // the graph engine, and a call per input costs 2–4× here.
    if (spec.arity === 1) {
      const a = inputs[0];
      if (a.requiresGrad) {
        a.grad += g * spec.local(0, a.data, 0, y);
        if (--a.pending === 0) queue[tail++] = a;
      }
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
    } else if (spec.group === 1) {
      const b = spec.localShared === undefined ? 0 : nodeShared(node);
      for (let k = 0; k < inputs.length; k++) {
        const a = inputs[k];
        if (a.requiresGrad) {
          a.grad += g * spec.local(0, a.data, b, y);
          if (--a.pending === 0) queue[tail++] = a;
        }
      }
    } else {
      const n = termCount(spec, inputs.length);
      for (let k = 0; k < n; k++) {
        const a = inputs[k];
        const b = inputs[k + n];
        if (a.requiresGrad) {
          a.grad += g * spec.local(0, a.data, b.data, y);
          if (--a.pending === 0) queue[tail++] = a;
        }
        if (b.requiresGrad) {
          b.grad += g * spec.local(1, a.data, b.data, y);
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
  for (let j = 0; j < node.inputs.length; j++) {
    const d = nodeLocal(node, j);
    if (d !== d) throw nanResultError(node.spec!.name, node.inputs.map((v) => v.data), 'backward');
  }
}
