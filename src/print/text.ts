import { checkOptionKeys, typeError } from '../errors.js';
import { isNary, operandLists } from '../op-layout.js';
import { Value } from '../value.js';
import { printIfShort, printShared, type SharedMode, type SharedPrinter } from './shared.js';

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
  /**
   * How a subgraph used more than once prints. 'inline' writes it out at every use (the text of a
   * graph with much sharing can grow exponentially: y = y·y sixty times has 2^61 − 1 terms).
   * 'let' names each shared subexpression once, sympy-cse style, readable back by parse:
   * `t1 = a + b; t2 = t1 * t1; t2 * t2` (LaTeX: `… \quad\text{where}\quad t_{1} = a + b,\; …`).
   * 'auto' prints inline while that is at most 1,000 terms or 4 terms per node, else as 'let'.
   * @defaultValue 'auto'
   */
  shared?: SharedMode;
}

/**
 * Infix text for `root` with the fewest parentheses that keep its shape: `a - (b - c)`,
 * `(-a)^2`, `a^b^c` (pow is right-associative). Leaves print their label, or their value when
 * unlabelled. calls list their operands: `max(a, b)`, `atan2(y, x)`, n-ary `sum(a, b)`, `dot([a0, a1], [b0, b1])`. A shared
 * subgraph prints wherever it is used, unless that would blow the text up: then (and always with
 * `shared: 'let'`) shared subexpressions get names, `t1 = x * x; t2 = t1 * t1; t2 * t2`, which
 * parse reads back. Iterative and linear in the text: deep graphs print without stack overflow.
 *
 * @example
 * toText(a.sub(b.sub(c))) // 'a - (b - c)'
 * toText(z.sigmoid(), { stopAtLabels: true }) // 'sigmoid(z)' when z is labelled 'z'
 * const s = a.add(b);
 * toText(s.mul(s), { shared: 'let' }) // 't1 = a + b; t1 * t1'
 * @throws TypeError if root is not a Value, options has an unknown key or stopAtLabels is not a boolean;
 *   RangeError if options.shared is not 'auto', 'inline' or 'let', or is 'inline' for a graph whose
 *   written-out text cannot fit in a string
 */
export function toText(root: Value, options: TextOptions = {}): string {
  checkTextArguments('toText', root, options);
  // Atoms print by name without looking inside: leaves, and with stopAtLabels labelled nodes too.
  const atom = options.stopAtLabels === true ? isLabelledOrLeaf : isLeaf;
  return printShared('toText', root, atom, options.shared, atom === isLeaf ? PRINT_TO_LEAVES : PRINT_TO_LABELS);
}

/** @internal toText(root, { stopAtLabels: true }) if it has at most maxTerms terms, else null; O(maxTerms). */
export function textIfShort(root: Value, maxTerms: number): string | null {
  return printIfShort(root, isLabelledOrLeaf, maxTerms, PRINT_TO_LABELS);
}

/** @internal The checks toText and toLatex share: a Value root and valid {@link TextOptions}. */
export function checkTextArguments(where: string, root: unknown, options: unknown): void {
  if (!(root instanceof Value)) throw typeError(where, 'root', 'a Value', root);
  checkOptionKeys(where, options, ['stopAtLabels', 'shared']);
  const stop = (options as TextOptions | undefined)?.stopAtLabels;
  if (stop !== undefined && typeof stop !== 'boolean') throw typeError(where, 'options.stopAtLabels', 'true or false', stop);
}

/** True for leaves. */
export function isLeaf(v: Value): boolean {
  return v.spec === null;
}

/** True for leaves and labelled nodes (the atoms of `stopAtLabels` printing). */
export function isLabelledOrLeaf(v: Value): boolean {
  return v.spec === null || v.label !== '';
}

const PRINT_TO_LEAVES = textPrinter(isLeaf);
const PRINT_TO_LABELS = textPrinter(isLabelledOrLeaf);

/** An atom's label, or its value (negative values, −0 included, bind like unary minus). */
function atomText(v: Value): string {
  // String(-0) is '0'; simplify keeps −0 apart from +0, and so must the text parse reads back.
  return v.label !== '' ? v.label : Object.is(v.data, -0) ? '-0' : String(v.data);
}

function textPrinter(atom: (v: Value) => boolean): SharedPrinter<Printed> {
  return {
    node: (node, printed) => printNode(node, printed, atom),
    ref: (name) => ({ text: name, prec: LEAF_PREC }),
    text: (p) => p.text,
    name: (prefix, index) => `${prefix}${index}`,
    assemble: (bindings, body) => bindings.map(([name, text]) => `${name} = ${text}; `).join('') + body,
  };
}

function printNode(node: Value, printed: ReadonlyMap<Value, Printed>, atom: (v: Value) => boolean): Printed {
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
