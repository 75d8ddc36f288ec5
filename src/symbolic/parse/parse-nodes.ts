import { FRACTION_BAR, NUMBER_SIGN, foldsIntoFraction, foldsIntoNumber, type NumberParts } from '../../print/number.js';
import type { OpSpec } from '../../ops/table.js';
import { applyOp, constant, type Value } from '../../engine/value.js';

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
  /**
   * The number literals not yet used, named or put in parentheses, as written: each is a fresh
   * constant until then, and is replaced by the one constant of its value when it is.
   */
  private readonly literals = new Map<Value, NumberParts>();
  /** The one constant made from the text for each value (vars are kept as given). */
  private readonly constants = new Map<string, Value>();
  /** Each distinct node built, by op, then by its inputs' ids. */
  private readonly nodes = new Map<OpSpec, Map<number | string, Value>>();
  private readonly ids = new Map<Value, number>();

  /** The constant a number literal writes (`2`, `0.5`, `1e-7`, `Infinity`), still bare. */
  literal(text: string): Value {
    const value = constant(Number(text));
    this.literals.set(value, { negative: false, numerator: text, denominator: null });
    return value;
  }

  /** v, no longer a bare literal: put in parentheses, `(2)`, or given a name. Use the result for v. */
  enclose(v: Value): Value {
    return this.canonical(v);
  }

  /** A prefix (a null) or infix op applied to its operands, or one constant for a signed number or a fraction. */
  apply(spec: OpSpec, a: Value | null, b: Value): Value {
    const [left, right] = [a === null ? undefined : this.literals.get(a), this.literals.get(b)];
    let folded: NumberParts | null = null;
    if (a === null && spec === NUMBER_SIGN && right !== undefined && foldsIntoNumber(right)) folded = { ...right, negative: true };
    // 0/0 has no constant (none is NaN): it stays the division node, NaN, as constant(0).div(0) is.
    if (spec === FRACTION_BAR && left !== undefined && right !== undefined && foldsIntoFraction(left, right) && !Number.isNaN(a!.data / b.data)) {
      folded = { negative: left.negative, numerator: left.numerator, denominator: right.numerator };
    }
    if (folded === null) return this.build(spec, a === null ? [b] : [a, b]);
    if (a !== null) this.literals.delete(a);
    this.literals.delete(b);
    const value = constant(a === null ? -b.data : a.data / b.data);
    this.literals.set(value, folded);
    return value;
  }

  /** The node of `spec` over `inputs` (any arity): the one built before, if any. */
  build(spec: OpSpec, inputs: Value[]): Value {
    // A number key for one or two inputs (their ids pack exactly into a double), else text.
    const packed = inputs.length <= 2 && this.ids.size < ID_LIMIT - 2;
    let key: number | string = packed ? 0 : '';
    for (let i = 0; i < inputs.length; i++) {
      const id = this.idOf((inputs[i] = this.canonical(inputs[i])));
      key = packed ? (key as number) * ID_LIMIT + id + 1 : `${key} ${id}`;
    }
    let nodes = this.nodes.get(spec);
    if (nodes === undefined) this.nodes.set(spec, (nodes = new Map()));
    let node = nodes.get(key);
    if (node === undefined) {
      node = applyOp(spec.name, inputs);
      nodes.set(key, node);
    }
    return node;
  }

  /** For a bare literal, the one constant of its value (v itself, if the first); else v. */
  private canonical(v: Value): Value {
    if (!this.literals.delete(v)) return v;
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
