import { typeError } from '../errors.js';
import { evaluateNode } from '../evaluate-node.js';
import { topologicalOrder } from '../graph.js';
import { OPS, type OpName, type OpSpec } from '../ops.js';
import { Value, applyOp, constant } from '../value.js';
import { RULES, type RewriteContext, type Rule } from './simplify-rules.js';

/** Passes after which simplify stops even if a rule still fires (a guard; the rules terminate). */
const MAX_PASSES = 32;

/** The rules grouped by the op they rewrite, in their listed order. */
const RULES_BY_OP = new Map<string, Rule[]>();
for (const rule of RULES) RULES_BY_OP.set(rule.op, [...(RULES_BY_OP.get(rule.op) ?? []), rule]);
const NO_RULES: readonly Rule[] = [];

/**
 * An equivalent, smaller graph: constant folding (through the op table's forward), identities
 * (x+0, x·1, x·0, x^1, x^0, −(−x), x−x, x/x where x is provably nonzero, …), cheap collection of
 * repeated terms and factors (x+x → 2·x, x·x → x^2), and common-subexpression sharing:
 * structurally equal subgraphs become one node. Bottom-up over the topological order (iterative),
 * repeated to a fixed point. The input graph is not changed; leaves (variables) are kept as they
 * are, so the result can be evaluated with the same leaf Map and differentiated by the same x.
 *
 * Values are preserved wherever the original is finite (x·0 → 0 and x − x → 0 assume finite x;
 * reassociating constants, c1·(c2·x) → (c1c2)·x, may change the last bits). The rules are listed
 * in simplify-rules.ts.
 *
 * @example
 * const x = new Value(3, 'x');
 * simplify(x.mul(1).add(0).add(x)).toString(); // '2 * x'
 * @throws TypeError if y is not a Value
 */
export function simplify(y: Value): Value {
  if (!(y instanceof Value)) throw typeError('simplify', 'y', 'a Value', y);
  let current = y;
  for (let pass = 0; pass < MAX_PASSES; pass++) {
    const next = new Rewriter().run(current);
    if (next === current) return current;
    current = next;
  }
  return current;
}

/** One bottom-up pass with hash-consing: structurally equal nodes are built once. */
class Rewriter implements RewriteContext {
  private readonly ids = new Map<Value, number>();
  private readonly table = new Map<string, Value>();

  run(root: Value): Value {
    const image = new Map<Value, Value>();
    for (const node of topologicalOrder([root])) {
      if (node.spec === null) image.set(node, this.leaf(node));
      else image.set(node, this.build(node.spec, node.inputs.map((v) => image.get(v)!), node));
    }
    return image.get(root)!;
  }

  /** The number held by a literal constant (an unlabelled leaf that needs no gradient), or null. */
  numberOf(v: Value): number | null {
    return v.spec === null && !v.requiresGrad && v.label === '' ? v.data : null;
  }

  num(n: number): Value {
    const key = Object.is(n, -0) ? 'c-0' : `c${n}`;
    const found = this.table.get(key);
    if (found !== undefined) return found;
    return this.remember(key, constant(n));
  }

  make(op: OpName, inputs: readonly Value[]): Value {
    return this.build(OPS[op], inputs, null);
  }

  private leaf(node: Value): Value {
    const n = this.numberOf(node);
    if (n === null) {
      this.idOf(node);
      return node;
    }
    const key = Object.is(n, -0) ? 'c-0' : `c${n}`;
    return this.table.get(key) ?? this.remember(key, node);
  }

  /**
   * The simplest node for op(inputs), whose inputs are already simplified: the first rule that
   * applies (its result is built through `make`, so it is simplified in turn; this recursion is
   * bounded by the rule chain, not by the graph), else the shared node with this structure.
   */
  private build(spec: OpSpec, inputs: readonly Value[], original: Value | null): Value {
    if (inputs.every((v) => this.numberOf(v) !== null)) return this.num(evaluateNode(spec, inputs));
    for (const rule of RULES_BY_OP.get(spec.name) ?? NO_RULES) {
      const rewritten = rule.apply(inputs, this);
      if (rewritten !== null) return rewritten;
    }
    let key = spec.name;
    for (const v of inputs) key += `,${this.idOf(v)}`;
    const found = this.table.get(key);
    if (found !== undefined) return found;
    const same = original !== null && original.inputs.every((v, i) => v === inputs[i]);
    const node = same ? original : applyOp(spec.name, inputs);
    if (!same && original !== null) node.label = original.label;
    return this.remember(key, node);
  }

  private remember(key: string, node: Value): Value {
    this.idOf(node);
    this.table.set(key, node);
    return node;
  }

  private idOf(node: Value): number {
    let id = this.ids.get(node);
    if (id === undefined) this.ids.set(node, (id = this.ids.size));
    return id;
  }
}
