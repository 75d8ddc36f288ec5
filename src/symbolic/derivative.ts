import { typeError } from '../errors.js';
import { topologicalOrder } from '../graph.js';
import { nodeSymbolic } from '../op-layout.js';
import { Value, constant, sum } from '../value.js';

/**
 * ∂y/∂x as a Value graph: reverse mode whose adjoints are Values built from the op table's
 * `symbolic` rules (no second copy of any rule). The result shares y's forward nodes, so it can be
 * evaluated, printed, simplified and differentiated again.
 *
 * @example
 * const x = new Value(2, 'x');
 * const d = derivative(x.mul(x).sigmoid(), x); // d.data === σ'(4) · 4
 * derivative(d, x); // the second derivative
 * @param y - the expression
 * @param x - the node to differentiate with respect to (a leaf, or any node of y)
 * @throws TypeError if y or x is not a Value
 */
export function derivative(y: Value, x: Value): Value {
  if (!(x instanceof Value)) throw typeError('derivative', 'x', 'a Value', x);
  return gradientsOf('derivative', y, [x])[0];
}

/**
 * [∂y/∂x_0, …, ∂y/∂x_n−1] as Value graphs from ONE reverse sweep (they share their subgraphs).
 * A target y does not depend on gets the constant 0.
 *
 * @example
 * const [dw, db] = gradients(w.mul(a).add(b).sigmoid(), [w, b]);
 * @throws TypeError if y is not a Value or xs is not an array of Values
 */
export function gradients(y: Value, xs: readonly Value[]): Value[] {
  if (!Array.isArray(xs)) throw typeError('gradients', 'xs', 'an array of Values', xs);
  xs.forEach((x, i) => {
    if (!(x instanceof Value)) throw typeError('gradients', `xs[${i}]`, 'a Value', x);
  });
  return gradientsOf('gradients', y, xs);
}

function gradientsOf(where: string, y: Value, xs: readonly Value[]): Value[] {
  if (!(y instanceof Value)) throw typeError(where, 'y', 'a Value', y);
  const order = topologicalOrder([y]);
  const onPath = pathsTo(order, xs);
  // Each node collects the contributions adjoint · ∂consumer/∂node from its consumers; the adjoint
  // is their sum, formed once (one `sum` node for many), after every consumer has been visited.
  const parts = new Map<Value, Value[]>();
  const adjoint = new Map<Value, Value>();
  const push = (node: Value, part: Value) => {
    const list = parts.get(node);
    if (list === undefined) parts.set(node, [part]);
    else list.push(part);
  };
  if (onPath.has(y)) push(y, constant(1));
  for (let i = order.length - 1; i >= 0; i--) {
    const node = order[i];
    const list = parts.get(node);
    if (list === undefined) continue;
    parts.delete(node);
    const g = list.length === 1 ? list[0] : list.length === 2 ? list[0].add(list[1]) : sum(list);
    adjoint.set(node, g);
    if (node.spec === null) continue;
    const inputs = node.inputs;
    for (let j = 0; j < inputs.length; j++) {
      if (onPath.has(inputs[j])) push(inputs[j], times(g, localPartial(node, j)));
    }
  }
  return xs.map((x) => adjoint.get(x) ?? constant(0));
}

/**
 * ∂node/∂node.inputs[j] as a Value, from the op table's symbolic rule with y = node itself.
 * @internal
 */
export function localPartial(node: Value, j: number): Value {
  return nodeSymbolic(node, j, constant);
}

/** The nodes of `order` (a topological order) that are targets or depend on one. @internal */
export function pathsTo(order: readonly Value[], targets: readonly Value[]): Set<Value> {
  const onPath = new Set<Value>(targets);
  for (const node of order) {
    if (onPath.has(node)) continue;
    const inputs = node.inputs;
    for (let i = 0; i < inputs.length; i++) {
      if (onPath.has(inputs[i])) {
        onPath.add(node);
        break;
      }
    }
  }
  return onPath;
}

/** adjoint · partial, without building a product when either factor is the literal 1 or −1. */
function times(adjoint: Value, partial: Value): Value {
  if (isLiteral(partial, 1)) return adjoint;
  if (isLiteral(adjoint, 1)) return partial;
  if (isLiteral(partial, -1)) return adjoint.neg();
  return adjoint.mul(partial);
}

function isLiteral(v: Value, n: number): boolean {
  return v.spec === null && !v.requiresGrad && v.data === n;
}
