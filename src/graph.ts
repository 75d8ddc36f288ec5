import type { Value } from './value.js';

// Each walk stamps the nodes it reaches with a fresh epoch, so "visited" costs no Set and no
// per-walk allocation. Walks never nest (each runs to completion), so one counter suffices.
let epoch = 0;

/**
 * Every node that feeds `roots` (roots included), each once, inputs before the nodes that use
 * them. Iterative depth-first post-order with an explicit stack: a 1,000,000-node chain is fine.
 *
 * @example
 * const order = topologicalOrder([y]); // order[order.length - 1] === y
 */
export function topologicalOrder(roots: readonly Value[]): Value[] {
  const mark = ++epoch;
  const order: Value[] = [];
  const nodes: Value[] = [];
  const next: number[] = []; // index of the next input to visit, per stack entry
  for (const root of roots) {
    if (root.mark === mark) continue;
    root.mark = mark;
    nodes.push(root);
    next.push(0);
    while (nodes.length > 0) {
      const top = nodes.length - 1;
      const node = nodes[top];
      const inputs = node.inputs;
      let i = next[top];
      // Skip inputs already reached; descend into the first new one.
      while (i < inputs.length && inputs[i].mark === mark) i++;
      if (i < inputs.length) {
        next[top] = i + 1;
        const child = inputs[i];
        child.mark = mark;
        nodes.push(child);
        next.push(0);
      } else {
        nodes.pop();
        next.pop();
        order.push(node);
      }
    }
  }
  return order;
}

/** The number of distinct nodes feeding `root`, root included. */
export function countNodes(root: Value): number {
  return topologicalOrder([root]).length;
}
