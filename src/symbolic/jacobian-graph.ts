import { checkValueList } from '../errors/check-arguments.js';
import type { Value } from '../engine/value.js';
import { gradientSweep } from './derivative.js';

/**
 * The Jacobian J[i][j] = ∂ys[i]/∂xs[j] as Value graphs: one reverse sweep per output (as
 * {@link gradients} does), all sweeps sharing one cache of local derivatives, so the rows share
 * y's forward nodes and every ∂node/∂input they have in common; row i computes what
 * `gradients(ys[i], xs)` computes, bit for bit. The symbolic counterpart of the
 * numeric {@link jacobian} (forward mode, numbers at one point): evaluate these graphs (e.g. with
 * {@link evaluateAll}) at any point instead of rebuilding them, or print, simplify or compile them.
 *
 * @example
 * const x = new Value(2, 'x');
 * const y = new Value(3, 'y');
 * const J = jacobianGraph([x.mul(y), x.add(y)], [x, y]);
 * J.map((row) => row.map((d) => d.data)); // [[3, 2], [1, 1]], as jacobian((x, y) => [x.mul(y), x.add(y)])(2, 3)
 * @param ys - the outputs (rows)
 * @param xs - the nodes to differentiate with respect to (columns; leaves, or any nodes of the ys)
 * @throws TypeError if ys or xs is not an array of Values
 * @category Symbolic
 */
export function jacobianGraph(ys: readonly Value[], xs: readonly Value[]): Value[][] {
  checkValueList('jacobianGraph', 'ys', ys);
  checkValueList('jacobianGraph', 'xs', xs);
  const partials = new Map<Value, Value[]>();
  return ys.map((y) => gradientSweep(y, xs, partials));
}
