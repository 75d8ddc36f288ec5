import { FRACTION_BAR, NUMBER_SIGN, foldsIntoFraction, foldsIntoNumber, type NumberParts } from '../print/number.js';
import type { OpSpec } from '../ops.js';
import { applyOp, constant, type Value } from '../value.js';

/** Node ids below this pack two to a number key (2^26 · 2^26 < 2^53). */
const ID_LIMIT = 2 ** 26;

/**
 * @internal The nodes parse builds, for one input text. Each distinct subexpression is built once
 * (equal constants are one node; an op over the same input nodes is the node built before), so
 * any printed form of a graph, inline or with names, reads back as that graph with its sharing.
 * Number literals fold as toText writes numbers: a sign or a fraction bar applied to bare
 * literals makes one constant (`-2`, `5/13`, `-3/2`: the same double as the negation or division).
 */
export class ParseNodes {
  /** The number literals not yet used, named or put in parentheses, as written. */
  private readonly literals = new Map<Value, NumberParts>();
  /** The constants made from the text (vars are kept as given), and the first of each value. */
  private readonly madeConstants = new Set<Value>();
  private readonly constants = new Map<string, Value>();
  /** Each distinct node built, by op, then by its inputs' ids. */
  private readonly nodes = new Map<OpSpec, Map<number | string, Value>>();
  private readonly ids = new Map<Value, number>();

  /** The constant a number literal writes (`2`, `0.5`, `1e-7`, `Infinity`), still bare. */
  literal(text: string): Value {
    const value = constant(Number(text));
    this.literals.set(value, { negative: false, numerator: text, denominator: null });
    this.madeConstants.add(value);
    return value;
  }

  /** Marks v as no longer a bare literal: it was put in parentheses, `(2)`, or given a name. */
  enclose(v: Value): void {
    this.literals.delete(v);
  }

  /** A prefix (a null) or infix op applied to its operands, or one constant for a signed number or a fraction. */
  apply(spec: OpSpec, a: Value | null, b: Value): Value {
    const [left, right] = [a === null ? undefined : this.literals.get(a), this.literals.get(b)];
    let folded: NumberParts | null = null;
    if (a === null && spec === NUMBER_SIGN && right !== undefined && foldsIntoNumber(right)) folded = { ...right, negative: true };
    if (spec === FRACTION_BAR && left !== undefined && right !== undefined && foldsIntoFraction(left, right)) {
      folded = { negative: left.negative, numerator: left.numerator, denominator: right.numerator };
    }
    if (folded === null) return this.build(spec, a === null ? [b] : [a, b]);
    const value = constant(a === null ? -b.data : a.data / b.data);
    this.literals.set(value, folded);
    this.madeConstants.add(value);
    return value;
  }

  /** The node of `spec` over `inputs` (any arity): the one built before, if any. */
  build(spec: OpSpec, inputs: Value[]): Value {
    for (let i = 0; i < inputs.length; i++) inputs[i] = this.canonical(inputs[i]);
    // A number key for one or two inputs (ids pack exactly into a double), else text.
    const ids = inputs.map((v) => this.idOf(v));
    const key = ids.length <= 2 && this.ids.size < ID_LIMIT ? ids.reduce((k, id) => k * ID_LIMIT + id + 1, 0) : ids.join(' ');
    let nodes = this.nodes.get(spec);
    if (nodes === undefined) this.nodes.set(spec, (nodes = new Map()));
    let node = nodes.get(key);
    if (node === undefined) {
      node = applyOp(spec.name, inputs);
      nodes.set(key, node);
    }
    return node;
  }

  /** The one node used for a constant made from the text with v's value (v itself, if the first); else v. */
  private canonical(v: Value): Value {
    if (!this.madeConstants.has(v)) return v;
    const key = Object.is(v.data, -0) ? '-0' : String(v.data);
    const first = this.constants.get(key);
    if (first !== undefined) return first;
    this.constants.set(key, v);
    return v;
  }

  private idOf(v: Value): number {
    let id = this.ids.get(v);
    if (id === undefined) this.ids.set(v, (id = this.ids.size));
    return id;
  }
}
