import { concat } from './concat.js';
import { checkOptionKeys, typeError } from '../errors/messages.js';
import { isNary, operandLists } from '../ops/layout.js';
import { isValue } from '../engine/is-value.js';
import type { Value } from '../engine/value.js';
import { FRACTION_BAR, NUMBER_SIGN, foldsIntoFraction, foldsIntoNumber, numberParts, numberText, type NumberParts } from './number.js';
import { printIfShort, printShared, type SharedMode, type SharedPrinter } from './shared.js';

const LEAF_PREC = 5;
const NEG_PREC = 3;

interface Printed {
  readonly text: string;
  readonly prec: number;
  /** For a constant printed as a number, how (parse folds a sign or fraction bar into it). */
  readonly number?: NumberParts;
}

/**
 * Options for {@link toText}.
 * @category Printing
 */
export interface TextOptions {
  /**
   * Print every labelled node by its label, not only leaves: with z labelled 'z', σ(z) prints as
   * `sigmoid(z)` instead of `sigmoid(w * a + b)`. @defaultValue false
   */
  stopAtLabels?: boolean;
  /**
   * How a subexpression written more than once prints. Subexpressions are told apart by their
   * text, so a graph prints the same whether or not its equal subexpressions share one node.
   * 'inline' writes each out at every use (the text of a graph with much sharing can grow
   * exponentially: y = y·y sixty times has 2^61 − 1 terms). 'let' names each repeated
   * subexpression once, sympy-cse style, readable back by parse:
   * `let t1 = a + b; t2 = t1 * t1 in t2 * t2` (LaTeX: an aligned list of definitions
   * `\begin{aligned} t_{1} &= a + b \\ … \\ & t_{2} \cdot t_{2} \end{aligned}`); the names
   * avoid every label and op name in the expression. 'auto' prints inline, as written, unless the
   * inline text would be more than 4 times as long as a named form and over 200 characters; that
   * named form names a repeated subexpression only where its binding plus its uses are shorter
   * than the copies they replace. Its output is linear in the graph's size.
   * @defaultValue 'auto'
   */
  shared?: SharedMode;
}

/**
 * Infix text for `root` with the fewest parentheses that keep its shape: `a - (b - c)`,
 * `(-a)^2`, `a^b^c` (pow is right-associative). Leaves print their label, or their value when
 * unlabelled: integers as integers, a value equal to a small fraction p/q as that fraction when
 * it reads better (0.38461538461538464 as `5/13`, 1.5 as `3/2`; 0.1 stays), which binds like a
 * division (`x / (3/2)`, `x^(3/2)`). A label that would read as something else (`a+b`, `2x`,
 * `1e3`, `Infinity`, `-x`) is quoted as a JSON string, `"a+b"`, which parse reads as that name.
 * calls list their operands: `max(a, b)`, `atan2(y, x)`, n-ary `sum(a, b)`,
 * `dot([a0, a1], [b0, b1])`. A repeated subexpression prints wherever it is used, unless the text
 * written out would be far longer than with names (and always with `shared: 'let'`):
 * `let t1 = x * x; t2 = t1 * t1 in t2 * t2`, which parse reads back to the same graph. Iterative
 * and linear in the text: deep graphs print without stack overflow.
 *
 * @example
 * toText(a.sub(b.sub(c))) // 'a - (b - c)'
 * toText(a.mul(1.5)) // 'a * (3/2)'
 * toText(z.sigmoid(), { stopAtLabels: true }) // 'sigmoid(z)' when z is labelled 'z'
 * const s = a.add(b);
 * toText(s.mul(s), { shared: 'let' }) // 'let t1 = a + b in t1 * t1'
 * toText(new Value(2, 'a+b').mul(3)) // '"a+b" * 3'
 * @throws TypeError if root is not a Value, options has an unknown key or stopAtLabels is not a boolean;
 *   RangeError if options.shared is not 'auto', 'inline' or 'let', or is 'inline' for a graph whose
 *   written-out text cannot fit in a string
 * @category Printing
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
  if (!isValue(root)) throw typeError(where, 'root', 'a Value', root);
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

/** Labels that are names by their characters but read as a number: quoted. */
const NUMBER_WORDS = new Set(['Infinity', 'NaN']);
const NAME = /^[\p{L}_][\p{L}\p{N}_]*$/u;

/**
 * A label as it is written in text: as it is when it reads as one name (letters, digits and _,
 * not starting with a digit), else quoted as a JSON string, `"a+b"`, `"1e3"`, `"Infinity"`, which
 * parse reads as that one name: no label can read as another token.
 */
export function labelText(label: string): string {
  return NAME.test(label) && !NUMBER_WORDS.has(label) ? label : JSON.stringify(label);
}

/**
 * An atom's label, or its value: a fraction binds like the division it is written with, any other
 * negative value (−0 included, which simplify keeps apart from +0) like unary minus.
 */
function atomPrinted(v: Value): Printed {
  if (v.label !== '') return { text: labelText(v.label), prec: LEAF_PREC };
  const number = numberParts(v.data);
  const text = numberText(number);
  const prec = number.denominator !== null ? FRACTION_BAR.text.prec : number.negative ? NEG_PREC : LEAF_PREC;
  return { text, prec, number };
}

function textPrinter(atom: (v: Value) => boolean): SharedPrinter<Printed> {
  return {
    node: (node, printed) => printNode(node, printed, atom),
    ref: (name) => ({ text: name, prec: LEAF_PREC }),
    text: (p) => p.text,
    name: (prefix, index) => `${prefix}${index}`,
    bindingCost: ' = ; '.length,
    assemble: (bindings, body) => (bindings.length === 0 ? body : `let ${bindings.map(([name, text]) => `${name} = ${text}`).join('; ')} in ${body}`),
  };
}

function printNode(node: Value, input: (i: number) => Printed, atom: (v: Value) => boolean): Printed {
  const spec = node.spec;
  if (spec === null || atom(node)) return atomPrinted(node);
  const args = node.inputs.map((_, i) => input(i));
  const form = spec.text;
  if (isNary(spec)) {
    const lists = operandLists(spec, args).map((list) => concat(list.map((a) => a.text), ', '));
    const inner = spec.group === 1 ? lists[0] : concat(lists.map((l) => `[${l}]`), ', ');
    return { text: `${form.symbol}(${inner})`, prec: LEAF_PREC };
  }
  if (form.form === 'call') return { text: `${form.symbol}(${concat(args.map((a) => a.text), ', ')})`, prec: LEAF_PREC };
  if (form.form === 'prefix') {
    // -(-a) rather than --a: clearer, and no token merging. -(2), not -2, which parse reads as
    // the constant −2: the text of a negation of 2 must read back as that negation.
    const literal = spec === NUMBER_SIGN && args[0].number !== undefined && foldsIntoNumber(args[0].number);
    const a = args[0].prec <= form.prec || literal ? `(${args[0].text})` : args[0].text;
    return { text: `${form.symbol}${a}`, prec: form.prec };
  }
  // (3) / 2 for a division of 3 by 2, since parse reads 3 / 2 as the constant 3/2.
  const fraction = spec === FRACTION_BAR && args[0].number !== undefined && args[1].number !== undefined && foldsIntoFraction(args[0].number, args[1].number);
  const left = needsParens(args[0].prec, form.prec, form.assoc === 'right') || fraction ? `(${args[0].text})` : args[0].text;
  const right = needsParens(args[1].prec, form.prec, form.assoc === 'left') ? `(${args[1].text})` : args[1].text;
  const sep = form.symbol === '^' ? form.symbol : ` ${form.symbol} `;
  return { text: `${left}${sep}${right}`, prec: form.prec };
}

function needsParens(childPrec: number, parentPrec: number, parenOnTie: boolean): boolean {
  return childPrec < parentPrec || (childPrec === parentPrec && parenOnTie);
}
