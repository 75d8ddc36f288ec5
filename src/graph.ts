import type { Value } from './value.js';

// Each walk stamps the nodes it reaches with a fresh epoch, so "visited" costs no Set and no
// per-walk allocation. Walks never nest (each runs to completion), so one counter suffices.
let epoch = 0;

/**
 * Every node that feeds `roots` (roots included), each once, inputs before the nodes that use
 * them. Iterative, with explicit queues: a 1,000,000-node chain is fine.
 *
 * Kahn's algorithm rather than a depth-first post-order: a breadth-first walk follows the order
 * nodes were allocated in, where a depth-first one chains dependent cache misses (2× slower at 1e6).
 *
 * @example
 * const x = new Value(1);
 * const y = x.exp().add(x);
 * topologicalOrder([y]); // [x, exp(x), y]: inputs first, y last
 * @throws never; roots must be Values (not checked: graph walks are hot paths)
 */
export function topologicalOrder(roots: readonly Value[]): Value[] {
  const queue: Value[] = [];
  const reached = countConsumers(roots, queue, false);
  // Release each node once every consumer is released: a reverse topological order.
  let tail = 0;
  for (const root of new Set(roots)) if (root.pending === 0) queue[tail++] = root;
  for (let head = 0; head < tail; head++) {
    const inputs = queue[head].inputs;
    for (let i = 0; i < inputs.length; i++) {
      const child = inputs[i];
      if (--child.pending === 0) queue[tail++] = child;
    }
  }
  if (tail !== reached) throw new Error('chainrule internal error: the graph has a cycle.');
  queue.length = tail;
  return queue.reverse();
}

/**
 * @internal First pass of a Kahn walk: stamps every node below `roots` (with `forBackward`, only
 * nodes that need a gradient, resetting interior grads), sets `pending` to its number of consumer
 * edges in the walked subgraph, and returns how many nodes it reached. `queue` is scratch space.
 */
export function countConsumers(roots: readonly Value[], queue: Value[], forBackward: boolean): number {
  const mark = ++epoch;
  let tail = 0;
  for (let r = 0; r < roots.length; r++) {
    const root = roots[r];
    if (root.mark === mark) continue;
    root.mark = mark;
    root.pending = 0;
    if (forBackward && root.spec !== null) root.grad = 0;
    queue[tail++] = root;
  }
  // Roots feeding other roots get their consumer counts below like any node.
  for (let head = 0; head < tail; head++) {
    const inputs = queue[head].inputs;
    for (let i = 0; i < inputs.length; i++) {
      const child = inputs[i];
      if (forBackward && !child.requiresGrad) continue;
      if (child.mark === mark) {
        child.pending++;
      } else {
        child.mark = mark;
        child.pending = 1;
        if (forBackward && child.spec !== null) child.grad = 0;
        queue[tail++] = child;
      }
    }
  }
  return tail;
}

/**
 * The number of distinct nodes feeding `root`, root included (iterative: deep graphs are fine).
 * @example const x = new Value(1); countNodes(x.mul(x).add(1)) // 4: x, x·x, the constant 1 and the sum
 * @throws never; root must be a Value (not checked: graph walks are hot paths)
 */
export function countNodes(root: Value): number {
  return countConsumers([root], [], false);
}
