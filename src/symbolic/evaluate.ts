import { clip, describe, nanResultError, rangeError, typeError } from '../errors/messages.js';
import { isDebug } from '../engine/debug.js';
import { nodeForward } from '../ops/layout.js';
import { topologicalOrder } from '../engine/graph.js';
import { Value } from '../engine/value.js';

/**
 * y's value with some leaves set to new numbers, without rebuilding the graph and without
 * changing it: a derivative graph built once can be evaluated at many points.
 *
 * Design: evaluation is a pure function of (graph, leaf values). It recomputes every node of y in
 * topological order through nodeForward — the same table reader the constructors use — writing
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
 * @category Symbolic
 */
export function evaluate(y: Value, at: ReadonlyMap<Value, number>): number {
  if (!(y instanceof Value)) throw typeError('evaluate', 'y', 'a Value', y);
  checkAt('evaluate', at);
  return evaluateChecked([y], at)[0];
}

/**
 * {@link evaluate} for several outputs sharing one sweep (e.g. a gradient's entries).
 * @example evaluateAll(gradients(y, [x, w]), new Map([[x, 3]])) // [∂y/∂x, ∂y/∂w] at x = 3
 * @throws TypeError if ys is not an array of Values or `at` is not a Map from Values to numbers;
 *   RangeError if a key is not a leaf or a value is NaN
 * @category Symbolic
 */
export function evaluateAll(ys: readonly Value[], at: ReadonlyMap<Value, number>): number[] {
  if (!Array.isArray(ys)) throw typeError('evaluateAll', 'ys', 'an array of Values', ys);
  ys.forEach((y, i) => {
    if (!(y instanceof Value)) throw typeError('evaluateAll', `ys[${i}]`, 'a Value', y);
  });
  checkAt('evaluateAll', at);
  return evaluateChecked(ys, at);
}

/** The sweep itself, once the arguments are checked. */
function evaluateChecked(ys: readonly Value[], at: ReadonlyMap<Value, number>): number[] {
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
        const y = nodeForward(node.spec, node.inputs);
        if (y !== y && isDebug()) {
          const at = `in evaluate, at node ${i + 1} of ${order.length} in topological order${node.label === '' ? '' : ` (${describe(node.label)})`}`;
          throw nanResultError(node.spec.name, node.inputs.map((v) => v.data), 'forward', at);
        }
        node.data = y;
      }
    }
    return ys.map((y) => y.data);
  } finally {
    for (let i = 0; i < order.length; i++) order[i].data = saved[i];
  }
}

function checkAt(where: string, at: unknown): void {
  if (!(at instanceof Map)) throw typeError(where, 'at', 'a Map from leaf Values to numbers', at);
  for (const [leaf, n] of at as Map<unknown, unknown>) {
    if (!(leaf instanceof Value)) throw typeError(where, 'a key of at', 'a Value', leaf);
    if (leaf.spec !== null) throw rangeError(where, 'a key of at', 'a leaf Value', `${leaf.op} node`, 'Only leaves can be set; interior nodes are recomputed.');
    if (typeof n !== 'number') throw typeError(where, `the value of ${leafName(leaf)}`, 'a number', n);
    if (n !== n) throw rangeError(where, `the value of ${leafName(leaf)}`, 'a number other than NaN', n);
  }
}

function leafName(leaf: Value): string {
  return leaf.label !== '' ? `leaf ${clip(leaf.label)}` : `a leaf (${describe(leaf.data)})`;
}
