import { topologicalOrder, type Value } from '../../src/index.js';

/**
 * The number of distinct subexpressions of root's graph: nodes with the same op over the same
 * distinct inputs count once, unlabelled leaves (constants) with the same value count once, and
 * labelled leaves by identity. This is the node count of the maximally shared graph that parse
 * builds from any printed form of root.
 */
export function countDistinct(root: Value): number {
  const idOf = new Map<Value, number>();
  const byKey = new Map<string, number>();
  let labelled = 0;
  for (const node of topologicalOrder([root])) {
    const key =
      node.op !== '' ? `${node.op}(${node.inputs.map((v) => idOf.get(v)).join(', ')})`
      : node.label !== '' ? `leaf ${labelled++}`
      : `constant ${Object.is(node.data, -0) ? '-0' : String(node.data)}`;
    if (!byKey.has(key)) byKey.set(key, byKey.size);
    idOf.set(node, byKey.get(key)!);
  }
  return byKey.size;
}
