import { typeError } from '../errors/messages.js';
import { Value } from '../engine/value.js';
import { gradientSweep } from './derivative.js';
import { checkValueList } from '../errors/check-arguments.js';

/**
 * The Hessian H[i][j] = ∂²y/∂xs[i]∂xs[j] as Value graphs: one reverse sweep for the gradient
 * g = ∇y, then one sweep per entry g[i] for the upper triangle H[i][j], j ≥ i, only. The lower
 * triangle is the upper one: H[j][i] is the same node as H[i][j], which halves the work. Where y
 * is twice continuously differentiable its Hessian is symmetric, so this loses nothing; at a kink
 * (relu, abs, max at a tie) the mirror entry is the upper one, ∂g[i]/∂xs[j] with i ≤ j. All sweeps
 * share one cache of local derivatives, so the entries share their subgraphs. The symbolic
 * counterpart of the numeric {@link hessian}, whose upper triangle it computes bit for bit: evaluate
 * these graphs at any point (e.g. with {@link evaluateAll}), or print, simplify or compile them.
 *
 * @example
 * const x = new Value(3, 'x');
 * const y = new Value(2, 'y');
 * const H = hessianGraph(x.mul(x).mul(y), [x, y]);
 * H.map((row) => row.map((d) => d.data)); // [[4, 6], [6, 0]], as hessian((x, y) => x.mul(x).mul(y))(3, 2)
 * H[1][0] === H[0][1]; // true: one node
 * @param y - the expression
 * @param xs - the nodes to differentiate with respect to (leaves, or any nodes of y)
 * @throws TypeError if y is not a Value or xs is not an array of Values
 * @category Symbolic
 */
export function hessianGraph(y: Value, xs: readonly Value[]): Value[][] {
  if (!(y instanceof Value)) throw typeError('hessianGraph', 'y', 'a Value', y);
  checkValueList('hessianGraph', 'xs', xs);
  const partials = new Map<Value, Value[]>();
  const g = gradientSweep(y, xs, partials);
  const H: Value[][] = xs.map(() => new Array<Value>(xs.length));
  for (let i = 0; i < xs.length; i++) {
    const upper = gradientSweep(g[i], xs.slice(i), partials);
    for (let j = i; j < xs.length; j++) H[i][j] = H[j][i] = upper[j - i];
  }
  return H;
}
