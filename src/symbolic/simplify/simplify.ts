import { checkOptionKeys, typeError } from '../../errors/messages.js';
import { topologicalOrder, topologicalOrderAbove } from '../../engine/graph.js';
import { Value } from '../../engine/value.js';
import { isLiteral } from '../../engine/literal.js';
import { Rewriter } from './rewriter.js';

/** Passes after which simplify stops even if a rule still fires (a guard; the rules terminate). */
const MAX_PASSES = 32;

/**
 * Options of {@link simplify}.
 * @category Symbolic
 */
export interface SimplifyOptions {
  /**
   * Keep every value bit for bit (Object.is) at every point, with only the identities exact in IEEE
   * arithmetic (x·1, x + (−0), …). @defaultValue false
   */
  exact?: boolean;
}

const OPTION_KEYS = ['exact'] as const;

/**
 * A smaller graph for the same function: constant folding (through the op table's forward),
 * sums and products in a canonical form (Σ coef·term + const and coef · Π base^exp, like terms
 * and like factors collected: `x + 1 + 2x → 3 * x + 1`, `x·y − y·x → 0`, `6x/(3x) → 2`,
 * `x/(x/y) → y`, `(x^2)^3 → x^6`), `log(exp(u)) → u`, odd and even functions through negation,
 * and common-subexpression sharing. Bottom-up over the topological order (iterative), repeated
 * to a fixed point. The input graph is not changed; leaves are kept, so the result can be
 * evaluated with the same leaf Map and differentiated by the same x; labelled interior nodes are
 * kept as they are (atoms), so the result prints in the names the user gave.
 *
 * Contract (default): the result equals y AS A REAL FUNCTION wherever y is defined, and it is
 * never less accurate than y: wherever every node of y evaluates to a finite number,
 * |simplify(y) − exact| ≤ |y − exact| plus a few times the rounding error y's own evaluation can
 * carry (its first-order bound: partial sums as y computes them, each product, each function) and
 * a few ulps of |exact|. So a difference y computes as a unit stays one: (x − 1) + y prints
 * `x - 1 + y`, never `x + y - 1` (0 at x = 1, y = 1e-20, where y gives 1e-20); 3(x − 1) − 3 log x
 * prints `3 * (x - 1 - log(x))`. A sum is reordered, its constants folded or its like terms
 * collected only where every quantity the result rounds is a small combination of quantities y
 * rounds (simplify/accuracy.ts); products regroup freely (their rounding is relative). It may
 * give a value where y is undefined (x/x at 0 becomes 1), never changes a defined one, and keeps
 * the edge conventions of derivative graphs: 0 ⊙ anything = 0 (strongMul becomes a plain product
 * only where no 0·∞ can arise, or where the same product divides by that factor),
 * logpos(0) = 0, relu/step/abs at 0. A rewrite is kept only where the printed tree gets no
 * larger. Known limits: where y holds extreme values (beyond 2^±500), a regrouped product can
 * overflow or underflow where y's grouping did not ((x·y)^2 at x = 1e300, y = 0 is 0, x^2·y^2 is
 * ∞·0); at a kink (relu, step, abs, max) whose argument y computes within its own rounding of the
 * kink, the result may take the other side; and ±0 count as one number (−2x + x is −0 at x = 0
 * where y is +0), which only atan2 turns into different values. Sums print with the constant last
 * and negative coefficients as subtraction where that order keeps the accuracy (else in y's own
 * order), products with the coefficient first and negative powers as a division.
 *
 * With `{ exact: true }`: every value is kept bit for bit (Object.is: −0 stays −0, an overflow
 * stays an overflow, NaN stays NaN), so only identities exact in IEEE arithmetic apply: x·1,
 * x + (−0), x^1, x^0, −(−x), x + (−y) → x − y, x + x → 2·x, x·x → x^2, …; x·0, x − x, x/x, 1^x and
 * x + 0 are kept. Both rule lists, each rule with why it is valid, are in simplify/rules.ts.
 *
 * @example
 * const x = new Value(3, 'x');
 * simplify(x.add(1).add(x.mul(2))).toString(); // '3 * x + 1'
 * simplify(x.mul(0), { exact: true }).toString(); // '0 * x': NaN at x = Infinity and −0 at x < 0
 * @throws TypeError if y is not a Value, or options is not an object with keys among `exact`
 *   (a boolean)
 * @category Symbolic
 */
export function simplify(y: Value, options?: SimplifyOptions): Value {
  if (!(y instanceof Value)) throw typeError('simplify', 'y', 'a Value', y);
  checkOptionKeys('simplify', options, OPTION_KEYS);
  const exact = options?.exact ?? false;
  if (typeof exact !== 'boolean') throw typeError('simplify', 'options.exact', 'a boolean', exact);
  if (exact) return toFixedPoint(y, (root) => topologicalOrder([root]), null, true);
  // A labelled interior node is a name the user gave (z, a^(L)): kept as it is, an atom, so the
  // result still prints and explains in those names and shares those nodes with the input.
  const named = (v: Value) => v !== y && v.spec !== null && v.label !== '';
  let walked = 0;
  const order = (root: Value) => {
    const nodes = topologicalOrderAbove(root, named)!;
    if (root === y) walked = nodes.length;
    return nodes;
  };
  // The canonical fixed point; never a graph larger than y (shared nodes counted once), so
  // simplify(simplify(y)) is simplify(y).
  const result = toFixedPoint(y, order, named, false);
  if (result === y) return y;
  // sharedSize(y) counts at least one per node of y's graph, so at least the nodes walked above
  // the named ones: a result no larger than that needs no walk of all of y (1e6 nodes on a chain).
  const size = sharedSize(result);
  return size <= walked || size <= sharedSize(y) ? result : y;
}

/** Operators and leaves of the graph, each shared node once (a sum of k terms counts k − 1 operators, a dot 2k − 1). */
function sharedSize(root: Value): number {
  let size = 0;
  for (const node of topologicalOrder([root])) {
    const spec = node.spec;
    size += spec === null || spec.arity !== 'n' ? 1 : Math.max(1, (node.inputs.length / spec.group) * spec.group - 1);
  }
  return size;
}

/**
 * @internal simplify for the part of y above `kept`: nodes for which `kept` is true are left as
 * they are and not looked into, so the cost depends on that part only (explain simplifies each
 * local derivative this way, keeping the graph it was read from).
 */
export function simplifyAbove(y: Value, kept: (v: Value) => boolean): Value {
  return toFixedPoint(y, (root) => topologicalOrderAbove(root, kept)!, kept, false);
}

function toFixedPoint(y: Value, orderOf: (root: Value) => readonly Value[], kept: ((v: Value) => boolean) | null, exact: boolean): Value {
  let current = y;
  let order = orderOf(current);
  let size = Infinity;
  for (let pass = 0; pass < MAX_PASSES; pass++) {
    // On a large graph the canonical passes can creep, a level of a deep composition per pass (the
    // third derivative of 100 nested sigmoids): a pass that removes under 1/STALL of the nodes ends
    // the loop, so the cost stays a few passes, not one per level.
    if (!exact && order.length > LARGE_GRAPH) {
      if (order.length > size - order.length / STALL) return current;
      size = order.length;
    }
    const next = new Rewriter(exact).run(order, kept);
    if (next === current) return current;
    const nextOrder = orderOf(next);
    // A pass can rebuild a graph node for node (new nodes, the same structure): that is the fixed
    // point too (the next pass would do the same again), and the graph it was given is kept.
    if (sameStructure(order, nextOrder)) return current;
    current = next;
    order = nextOrder;
  }
  return current;
}

/**
 * True when two topological orders (made by the same walk) are the same graph: node i of one is
 * node i of the other, or has the same op, label and inputs at the same positions (a constant the
 * same literal number, Object.is). Other leaves, and the nodes not walked into, must be the same
 * objects.
 */
function sameStructure(a: readonly Value[], b: readonly Value[]): boolean {
  if (a.length !== b.length) return false;
  const at = new Map<Value, number>();
  const bt = new Map<Value, number>();
  for (let i = 0; i < a.length; i++) {
    const u = a[i];
    const v = b[i];
    at.set(u, i);
    bt.set(v, i);
    if (u === v) continue;
    if (u.spec !== v.spec || u.label !== v.label || u.inputs.length !== v.inputs.length) return false;
    if (u.spec === null) {
      if (!isLiteral(u) || !isLiteral(v) || !Object.is(u.data, v.data)) return false;
      continue;
    }
    for (let k = 0; k < u.inputs.length; k++) {
      const p = u.inputs[k];
      const q = v.inputs[k];
      const ip = at.get(p);
      if (ip === undefined ? p !== q : ip !== bt.get(q)) return false;
    }
  }
  return true;
}

/** Graphs of more nodes stop the canonical passes once a pass gains little (see toFixedPoint). */
const LARGE_GRAPH = 1000;
/** A pass must remove at least 1/STALL of a large graph's nodes for another to follow. */
const STALL = 100;

