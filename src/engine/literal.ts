import type { Value } from './value.js';

/**
 * True for a literal number of a graph: a leaf that needs no gradient and has no label —
 * `constant(2)`, or a number given as an operand (`x.mul(2)`). The one test of it: the symbolic
 * rules, derivative, simplify and explain all read this. A labelled constant is a name the user
 * gave (it prints by name, and evaluate or substitute may rebind it), so no rule folds its value in.
 * @internal
 */
export function isLiteral(v: Value): boolean {
  return v.spec === null && !v.requiresGrad && v.label === '';
}
