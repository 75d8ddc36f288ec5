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
  const mark = newMark();
  const order: Value[] = [];
  // An explicit stack with its own top index: Array push/pop would shrink and regrow the
  // backing store as a deep walk oscillates, which costs more than the walk itself.
  const nodes: Value[] = [];
  let next: Int32Array = new Int32Array(1024); // per stack entry: the index of the next input to visit
  for (const root of roots) {
    if (root.mark === mark) continue;
    root.mark = mark;
    nodes[0] = root;
    next[0] = 0;
    let top = 0;
    while (top >= 0) {
      const node = nodes[top];
      const inputs = node.inputs;
      let i = next[top];
      // Skip inputs already reached; descend into the first new one.
      while (i < inputs.length && inputs[i].mark === mark) i++;
      if (i < inputs.length) {
        next[top] = i + 1;
        const child = inputs[i];
        child.mark = mark;
        top++;
        if (top === next.length) next = grow(next);
        nodes[top] = child;
        next[top] = 0;
      } else {
        order.push(node);
        top--;
      }
    }
  }
  return order;
}

/** @internal A fresh traversal mark for a walk that stamps `Value.mark` itself (backward's sweep). */
export function newMark(): number {
  return ++epoch;
}

/** The number of distinct nodes feeding `root`, root included. */
export function countNodes(root: Value): number {
  return topologicalOrder([root]).length;
}

function grow(stack: Int32Array): Int32Array {
  const bigger = new Int32Array(stack.length * 2);
  bigger.set(stack);
  return bigger;
}
