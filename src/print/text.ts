import { topologicalOrder } from '../graph.js';
import { isNary, operandLists } from '../op-layout.js';
import type { Value } from '../value.js';

const LEAF_PREC = 5;
const NEG_PREC = 3;

interface Printed {
  readonly text: string;
  readonly prec: number;
}

/** Options for {@link toText}. */
export interface TextOptions {
  /**
   * Print every labelled node by its label, not only leaves: with z labelled 'z', σ(z) prints as
   * `sigmoid(z)` instead of `sigmoid(w * a + b)`. @defaultValue false
   */
  stopAtLabels?: boolean;
}

/**
 * Infix text for `root` with the fewest parentheses that keep its shape: `a - (b - c)`,
 * `(-a)^2`, `a^b^c` (pow is right-associative). Leaves print their label, or their value when
 * unlabelled. n-ary nodes print as calls: `sum(a, b)`, `dot([a0, a1], [b0, b1])`. A shared
 * subgraph prints wherever it is used. Iterative: deep graphs print without stack overflow.
 *
 * @example
 * toText(a.sub(b.sub(c))) // 'a - (b - c)'
 * toText(z.sigmoid(), { stopAtLabels: true }) // 'sigmoid(z)' when z is labelled 'z'
 */
export function toText(root: Value, options: TextOptions = {}): string {
  // Atoms print by name without looking inside: leaves, and with stopAtLabels labelled nodes too.
  const atom = options.stopAtLabels === true ? isLabelledOrLeaf : isLeaf;
  const printed = new Map<Value, Printed>();
  for (const node of topologicalOrder([root])) printed.set(node, printNode(node, printed, atom));
  return printed.get(root)!.text;
}

/** True for leaves. */
export function isLeaf(v: Value): boolean {
  return v.spec === null;
}

/** True for leaves and labelled nodes (the atoms of `stopAtLabels` printing). */
export function isLabelledOrLeaf(v: Value): boolean {
  return v.spec === null || v.label !== '';
}

/** An atom's label, or its value (negative values bind like unary minus). */
function atomText(v: Value): string {
  return v.label !== '' ? v.label : String(v.data);
}

function printNode(node: Value, printed: Map<Value, Printed>, atom: (v: Value) => boolean): Printed {
  const spec = node.spec;
  if (spec === null || atom(node)) {
    const text = atomText(node);
    return { text, prec: text.startsWith('-') ? NEG_PREC : LEAF_PREC };
  }
  const args = node.inputs.map((v) => printed.get(v)!);
  const form = spec.text;
  if (isNary(spec)) {
    const lists = operandLists(spec, args).map((list) => list.map((a) => a.text).join(', '));
    const inner = spec.group === 1 ? lists[0] : lists.map((l) => `[${l}]`).join(', ');
    return { text: `${form.symbol}(${inner})`, prec: LEAF_PREC };
  }
  if (form.form === 'call') return { text: `${form.symbol}(${args.map((a) => a.text).join(', ')})`, prec: LEAF_PREC };
  if (form.form === 'prefix') {
    // -(-a) rather than --a: clearer, and no token merging.
    const a = args[0].prec <= form.prec ? `(${args[0].text})` : args[0].text;
    return { text: `${form.symbol}${a}`, prec: form.prec };
  }
  const left = needsParens(args[0].prec, form.prec, form.assoc === 'right') ? `(${args[0].text})` : args[0].text;
  const right = needsParens(args[1].prec, form.prec, form.assoc === 'left') ? `(${args[1].text})` : args[1].text;
  const sep = form.symbol === '^' ? form.symbol : ` ${form.symbol} `;
  return { text: `${left}${sep}${right}`, prec: form.prec };
}

function needsParens(childPrec: number, parentPrec: number, parenOnTie: boolean): boolean {
  return childPrec < parentPrec || (childPrec === parentPrec && parenOnTie);
}
