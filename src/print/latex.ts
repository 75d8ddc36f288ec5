import { typeError } from '../errors.js';
import { topologicalOrder } from '../graph.js';
import { isSumOfTerms, roleOf } from '../op-layout.js';
import { OPS, type OpSpec } from '../ops.js';
import { Value } from '../value.js';
import { isLabelledOrLeaf, isLeaf, type TextOptions } from './text.js';

const LEAF_PREC = 5;
const NEG_PREC = OPS.neg.text.prec;
const ADD_PREC = OPS.add.text.prec;
const MUL_PREC = OPS.mul.text.prec;

interface Printed {
  readonly tex: string;
  readonly prec: number;
}

/**
 * LaTeX for `root`, from each op's `latex` template: σ, \frac, powers, e^{…}, \cdot, with
 * `\left( \right)` only where precedence needs them. Leaf labels pass through unchanged (so
 * `a^{(L-1)}` stays LaTeX); unlabelled leaves print their value, 1e-7 as `1 \cdot 10^{-7}`.
 * With `stopAtLabels`, labelled interior nodes print by label too (σ'(z) as a^{(L)}…).
 * Iterative: deep graphs print without stack overflow.
 *
 * @example
 * toLatex(w.mul(a).add(b).sigmoid()) // '\\sigma\\left(w \\cdot a + b\\right)'
 * @throws TypeError if root is not a Value
 */
export function toLatex(root: Value, options: TextOptions = {}): string {
  if (!(root instanceof Value)) throw typeError('toLatex', 'root', 'a Value', root);
  const atom = options.stopAtLabels === true ? isLabelledOrLeaf : isLeaf;
  const printed = new Map<Value, Printed>();
  for (const node of topologicalOrder([root])) {
    printed.set(node, node.spec === null || atom(node) ? leafLatex(node) : opLatex(node.spec, node.inputs.map((v) => printed.get(v)!)));
  }
  return printed.get(root)!.tex;
}

/** A number in LaTeX: exponent notation as a power of ten, infinities as \infty. */
function numberLatex(n: number): string {
  if (n === Infinity) return '\\infty';
  if (n === -Infinity) return '-\\infty';
  const text = String(n);
  const e = text.indexOf('e');
  if (e < 0) return text;
  const mantissa = text.slice(0, e);
  const exponent = text.slice(e + 1).replace(/^\+/, '');
  return `${mantissa} \\cdot 10^{${exponent}}`;
}

function leafLatex(v: Value): Printed {
  if (v.label !== '') return { tex: v.label, prec: LEAF_PREC };
  const tex = numberLatex(v.data);
  return { tex, prec: tex.startsWith('-') ? NEG_PREC : tex.includes('\\cdot') ? MUL_PREC : LEAF_PREC };
}

function opLatex(spec: OpSpec, args: readonly Printed[]): Printed {
  const form = spec.text;
  const layout = spec.latexLayout ?? { prec: form.prec, grouped: form.form === 'call' ? 'all' : [] };
  const wrap = (a: Printed, parens: boolean) => (parens ? `\\left(${a.tex}\\right)` : a.tex);
  let texts: string[];
  if (isSumOfTerms(spec)) {
    // A sum of terms; with groups of two each term is a product a_k · b_k (op-layout.ts).
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
