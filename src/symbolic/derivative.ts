import { checkValueList } from '../errors/check-arguments.js';
import { checkOptionKeys, rangeError, typeError } from '../errors/messages.js';
import { topologicalOrder } from '../engine/graph.js';
import { nodeSymbolic } from '../ops/layout.js';
import { Value, constant, sum } from '../engine/value.js';
import { isLiteral } from '../engine/literal.js';
import { simplify } from './simplify/simplify.js';

/**
 * Options of {@link derivative}.
 * @category Symbolic
 */
export interface DerivativeOptions {
  /**
   * Simplify each order's graph (with {@link simplify}) before taking the next, and the result:
   * smaller graphs, the same values up to simplify's rewrites. Needs x to be a leaf.
   * @defaultValue false
   */
  simplify?: boolean;
}

/**
 * The most orders derivative() builds for an expression whose derivatives neither vanish nor
 * repeat: each order walks and extends the previous one's graph (sin's grows by half a node per
 * order, log's by two), so n orders take time growing as n²; past this a call would run for
 * minutes, or never return.
 */
const MAX_ORDER = 1000;

/**
 * ∂ⁿy/∂xⁿ as a Value graph: reverse mode whose adjoints are Values built from the op table's
 * `symbolic` rules (no second copy of any rule), repeated n times: each order is a derivative of
 * the previous order's graph and shares its nodes, as the first shares y's forward nodes, so the
 * result can be evaluated, printed, simplified and differentiated again. Without options it is the
 * graph n calls of `derivative(·, x)` build, so it computes the same doubles; n = 0 returns y. It
 * stops early once an order is the constant 0 (every later one is 0: x·x to order 1e9 is 0 at
 * once) or is the previous order's node itself (e^x): the same result.
 *
 * @example
 * const x = new Value(2, 'x');
 * const d = derivative(x.mul(x).sigmoid(), x); // d.data === σ'(4) · 4
 * derivative(x.pow(3), x, 2).data; // 12: the second derivative 6x
 * derivative(x.pow(3), x, 3, { simplify: true }).data; // 6 again, from graphs simplified after each order
 * @param y - the expression
 * @param x - the node to differentiate with respect to (a leaf, or any node of y)
 * @param n - the order, a non-negative integer
 * @param options - `simplify: true` simplifies between orders (x must then be a leaf)
 * @throws TypeError if y or x is not a Value, n is not a number or options has an unknown key;
 *   RangeError if n is not a non-negative integer, or x is not a leaf with `simplify: true`, or
 *   n > 1000 and the first 1000 orders neither vanish nor repeat
 * @category Symbolic
 */
export function derivative(y: Value, x: Value, n = 1, options?: DerivativeOptions): Value {
  if (!(y instanceof Value)) throw typeError('derivative', 'y', 'a Value', y);
  if (!(x instanceof Value)) throw typeError('derivative', 'x', 'a Value', x);
  if (typeof n !== 'number') throw typeError('derivative', 'n', 'a non-negative integer', n);
  if (!(Number.isInteger(n) && n >= 0)) throw rangeError('derivative', 'n', 'a non-negative integer', n);
  checkOptionKeys('derivative', options, ['simplify']);
  const simplifying = options?.simplify ?? false;
  if (typeof simplifying !== 'boolean') throw typeError('derivative', 'options.simplify', 'true or false', simplifying);
  if (simplifying && x.spec !== null) {
    // simplify may rewrite x itself (x·1 → the node below it), after which x is no longer in the graph.
    throw rangeError('derivative', 'x', 'a leaf Value when options.simplify is true', `a ${x.op} node`, 'Simplifying between orders may rewrite an interior node away; differentiate with respect to a leaf.');
  }
  // No cache of local derivatives across orders: sharing them would make an order's graph a DAG
  // whose sums group differently from repeated derivative(), changing last bits from order 3 on.
  let d = y;
  for (let k = 0; k < n; k++) {
    if (k === MAX_ORDER) {
      throw rangeError('derivative', 'n', `at most ${MAX_ORDER} where the derivatives neither vanish nor repeat (each order's graph is larger than the last, and the time grows as n²)`, n);
    }
    let next = gradientSweep(d, [x], null)[0];
    if (simplifying) next = simplify(next);
    // Every further order is then the same: d itself (e^x), or a constant 0 (x·x from order 3).
    if (next === d || (isLiteral(next) && Object.is(next.data, 0))) return next;
    d = next;
  }
  return d;
}

/**
 * [∂y/∂x_0, …, ∂y/∂x_n−1] as Value graphs from ONE reverse sweep (they share their subgraphs).
 * A target y does not depend on gets the constant 0.
 *
 * @example
 * const [dw, db] = gradients(w.mul(a).add(b).sigmoid(), [w, b]);
 * @throws TypeError if y is not a Value or xs is not an array of Values
 * @category Symbolic
 */
export function gradients(y: Value, xs: readonly Value[]): Value[] {
  checkValueList('gradients', 'xs', xs);
  if (!(y instanceof Value)) throw typeError('gradients', 'y', 'a Value', y);
  return gradientSweep(y, xs, null);
}

/**
 * The reverse sweep behind {@link gradients}, on checked arguments. With a `partials` cache, the
 * local derivatives ∂node/∂input it builds are kept there and reused by later sweeps over the same
 * nodes (Jacobian rows, Hessian rows), so those graphs share them. A single sweep computes the
 * same doubles with or without the cache (a local derivative's value does not depend on which
 * node holds it).
 * @internal
 */
export function gradientSweep(y: Value, xs: readonly Value[], partials: Map<Value, Value[]> | null): Value[] {
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
      if (onPath.has(inputs[j])) push(inputs[j], times(g, partials === null ? localPartial(node, j) : cachedPartial(partials, node, j)));
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

/** localPartial through the cache: built on first use, the same node afterwards. */
function cachedPartial(partials: Map<Value, Value[]>, node: Value, j: number): Value {
  let list = partials.get(node);
  if (list === undefined) partials.set(node, (list = new Array<Value>(node.inputs.length)));
  return (list[j] ??= localPartial(node, j));
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
  if (isLiteral(partial) && partial.data === 1) return adjoint;
  if (isLiteral(adjoint) && adjoint.data === 1) return partial;
  if (isLiteral(partial) && partial.data === -1) return adjoint.neg();
  return adjoint.mul(partial);
}
