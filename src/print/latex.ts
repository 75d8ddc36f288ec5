import { isSumOfTerms, roleOf } from '../ops/layout.js';
import { OPS, type OpSpec } from '../ops/table.js';
import type { Value } from '../engine/value.js';
import { numberParts } from './number.js';
import { printShared, type SharedPrinter } from './shared.js';
import { checkTextArguments, isLabelledOrLeaf, isLeaf, type TextOptions } from './text.js';

const LEAF_PREC = 5;
const NEG_PREC = OPS.neg.text.prec;
const ADD_PREC = OPS.add.text.prec;
const MUL_PREC = OPS.mul.text.prec;
/** How \frac binds: as the division it prints. */
const FRACTION_PREC = OPS.div.latexLayout?.prec ?? OPS.div.text.prec;

interface Printed {
  readonly tex: string;
  readonly prec: number;
}

/**
 * LaTeX for `root`, from each op's `latex` template: σ, \frac, powers, e^{…}, \cdot, with
 * `\left( \right)` only where precedence needs them. Leaf labels pass through unchanged (so
 * `a^{(L-1)}` stays LaTeX); unlabelled leaves print their value as toText does (1.5 as
 * `\frac{3}{2}`, −1.5 as `-\frac{3}{2}`), 1e-7 as `1 \cdot 10^{-7}`.
 * With `stopAtLabels`, labelled interior nodes print by label too (σ'(z) as a^{(L)}…).
 * Shared subexpressions print as in {@link toText} (option `shared`): named t_{1}, t_{2}, … in an
 * aligned list of definitions, `\begin{aligned} t_{1} &= … \\ & t_{1} \cdot t_{1} \end{aligned}`,
 * the expression on its last line. Iterative: deep graphs print without stack overflow.
 *
 * @example
 * toLatex(w.mul(a).add(b).sigmoid()) // '\\sigma\\left(w \\cdot a + b\\right)'
 * toLatex(a.mul(-1.5)) // 'a \\cdot \\left(-\\frac{3}{2}\\right)'
 * const s = a.add(b);
 * toLatex(s.mul(s), { shared: 'let' }) // '\\begin{aligned} t_{1} &= a + b \\\\ & t_{1} \\cdot t_{1} \\end{aligned}'
 * @throws TypeError if root is not a Value, options has an unknown key or stopAtLabels is not a boolean;
 *   RangeError for a bad options.shared (see toText)
 * @category Printing
 */
export function toLatex(root: Value, options: TextOptions = {}): string {
  checkTextArguments('toLatex', root, options);
  const atom = options.stopAtLabels === true ? isLabelledOrLeaf : isLeaf;
  const printer: SharedPrinter<Printed> = {
    node: (node, printed) => (node.spec === null || atom(node) ? leafLatex(node) : opLatex(node.spec, node.inputs.map((_, i) => printed(i)))),
    ref: (name) => ({ tex: name, prec: LEAF_PREC }),
    text: (p) => p.tex,
    name: (prefix, index) => `${prefix}_{${index}}`,
    bindingCost: ' &=  \\\\ '.length,
    assemble: (bindings, body) => (bindings.length === 0 ? body : `\\begin{aligned} ${bindings.map(([name, tex]) => `${name} &= ${tex} \\\\ `).join('')}& ${body} \\end{aligned}`),
  };
  return printShared('toLatex', root, atom, options.shared, printer);
}

/**
 * A number in LaTeX, as toText chooses it: a fraction as \frac, exponent notation as a power of
 * ten, infinity as \infty. A leading minus binds like unary minus, \frac like the division.
 */
function numberLatex(n: number): Printed {
  const { negative, numerator, denominator } = numberParts(n);
  const sign = negative ? '-' : '';
  if (denominator !== null) return { tex: `${sign}\\frac{${numerator}}{${denominator}}`, prec: negative ? NEG_PREC : FRACTION_PREC };
  const e = numerator.indexOf('e');
  const tex = numerator === 'Infinity' ? '\\infty' : e < 0 ? numerator : `${numerator.slice(0, e)} \\cdot 10^{${numerator.slice(e + 1).replace(/^\+/, '')}}`;
  return { tex: sign + tex, prec: negative ? NEG_PREC : e >= 0 ? MUL_PREC : LEAF_PREC };
}

function leafLatex(v: Value): Printed {
  return v.label !== '' ? { tex: v.label, prec: LEAF_PREC } : numberLatex(v.data);
}

function opLatex(spec: OpSpec, args: readonly Printed[]): Printed {
  const form = spec.text;
  const layout = spec.latexLayout ?? { prec: form.prec, grouped: form.form === 'call' ? 'all' : [] };
  const wrap = (a: Printed, parens: boolean) => (parens ? `\\left(${a.tex}\\right)` : a.tex);
  let texts: string[];
  if (isSumOfTerms(spec)) {
    // A sum of terms; with groups of two each term is a product a_k · b_k (ops/layout.ts).
    texts = args.map((a, j) => {
      if (spec.group === 1) return wrap(a, j > 0 && (needsParens(a.prec, ADD_PREC, true) || signed(a)));
      const right = roleOf(spec, args.length, j) === 1;
      return wrap(a, needsParens(a.prec, MUL_PREC, right) || (right && signed(a)));
    });
  } else if (layout.grouped === 'all') {
    texts = args.map((a) => a.tex);
  } else if (form.form === 'prefix') {
    texts = [wrap(args[0], args[0].prec <= layout.prec)];
  } else {
    const grouped = layout.grouped;
    texts = args.map((a, i) => {
      if (grouped.includes(i)) return a.tex;
      const parenOnTie = i === 0 ? form.assoc === 'right' : form.assoc === 'left';
      return wrap(a, needsParens(a.prec, layout.prec, parenOnTie) || (i > 0 && signed(a)));
    });
  }
  return { tex: spec.latex(texts), prec: layout.prec };
}

/** A right operand with a leading minus is wrapped: a \\cdot \\left(-2\\right), never a \\cdot -2. */
function signed(a: Printed): boolean {
  return a.tex.startsWith('-');
}

function needsParens(childPrec: number, parentPrec: number, parenOnTie: boolean): boolean {
  return childPrec < parentPrec || (childPrec === parentPrec && parenOnTie);
}
