import { describe, rangeError, typeError } from '../errors.js';
import { evaluateNode } from '../evaluate-node.js';
import { topologicalOrder } from '../graph.js';
import { Value } from '../value.js';

/**
 * y's value with some leaves set to new numbers, without rebuilding the graph and without
 * changing it: a derivative graph built once can be evaluated at many points.
 *
 * Design: evaluation is a pure function of (graph, leaf values). It recomputes every node of y in
 * topological order through evaluateNode — the same table reader the constructors use — writing
 * into the nodes' `data` slots, and restores every slot before returning (also on error). So no
 * second copy of the forward rules exists, and nodes shared with other graphs never show values
 * from another point. Leaves not in `at` keep their current data.
 *
 * @example
 * const x = new Value(1, 'x');
 * const d = derivative(x.mul(x), x);
 * evaluate(d, new Map([[x, 3]])); // 6, and x.data is still 1
 * @throws TypeError if y is not a Value or `at` is not a Map from Values to numbers;
 *   RangeError if a key is not a leaf or a value is NaN
 */
export function evaluate(y: Value, at: ReadonlyMap<Value, number>): number {
  return evaluateAll([y], at)[0];
}

/**
 * {@link evaluate} for several outputs sharing one sweep (e.g. a gradient's entries).
 * @example
 * const x = new Value(1, 'x');
 * evaluateAll([x.mul(x), x.exp()], new Map([[x, 2]])) // [4, 7.389…]
 * @throws TypeError if ys is not an array of Values or at is not a Map of leaves to numbers
 */
export function evaluateAll(ys: readonly Value[], at: ReadonlyMap<Value, number>): number[] {
  if (!Array.isArray(ys)) throw typeError('evaluate', 'ys', 'an array of Values', ys);
  ys.forEach((y, i) => {
    if (!(y instanceof Value)) throw typeError('evaluate', ys.length === 1 ? 'y' : `ys[${i}]`, 'a Value', y);
  });
  if (!(at instanceof Map)) throw typeError('evaluate', 'at', 'a Map from leaf Values to numbers', at);
  for (const [leaf, n] of at) {
    if (!(leaf instanceof Value)) throw typeError('evaluate', 'a key of at', 'a Value', leaf);
    if (leaf.spec !== null) throw rangeError('evaluate', 'a key of at', 'a leaf Value', `${leaf.op} node`, 'Only leaves can be set; interior nodes are recomputed.');
    if (typeof n !== 'number') throw typeError('evaluate', `the value of ${leafName(leaf)}`, 'a number', n);
    if (n !== n) throw rangeError('evaluate', `the value of ${leafName(leaf)}`, 'a number other than NaN', n);
  }
  const order = topologicalOrder(ys);
  const saved = new Float64Array(order.length);
  for (let i = 0; i < order.length; i++) saved[i] = order[i].data;
  try {
    for (let i = 0; i < order.length; i++) {
      const node = order[i];
      if (node.spec === null) {
        const n = at.get(node);
        if (n !== undefined) node.data = n;
      } else {
        node.data = evaluateNode(node.spec, node.inputs);
      }
    }
    return ys.map((y) => y.data);
  } finally {
    for (let i = 0; i < order.length; i++) order[i].data = saved[i];
  }
}

function leafName(leaf: Value): string {
  return leaf.label !== '' ? `leaf ${leaf.label}` : `a leaf (${describe(leaf.data)})`;
}
