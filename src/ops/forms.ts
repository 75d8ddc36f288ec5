import { ALL, TERMS1, TERMS2, kindOf } from './layout.js';
import type { OpSpec } from './spec.js';

/**
 * The export print forms of the op table: how an entry is written as ONNX (chainrule/onnx) and as
 * JavaScript (toSource). Like an entry's text and LaTeX forms they describe only how the op is
 * written, never a derivative (the exporters print those from the entry's symbolic rule or leave
 * them to the runtime). The types here, the ONNX builders the built-in entries share, and the
 * built-in JavaScript forms, made from the text generated from each entry's forward (forward-js.ts).
 */

/**
 * Where an op's ONNX form writes its nodes: every value is a tensor name, and a node's inputs
 * broadcast (numpy rules), so one form serves scalars, [batch] and [batch, n] tensors alike.
 */
export interface OnnxGraph {
  /** The ONNX data type code of the model's tensors (1 float32, 11 float64), e.g. for Cast's `to`. */
  readonly dataType: number;
  /** Adds a node of the default ONNX domain with integer attributes; returns its one output's name. */
  node(opType: string, inputs: readonly string[], attributes?: Readonly<Record<string, number>>): string;
  /** A scalar constant of the model's element type. */
  constant(value: number): string;
}

/** How an op is written in ONNX (an entry's optional `onnx` field). */
export interface OnnxForm {
  /**
   * Writes the op's node(s) over the names of its inputs, laid out as the op's inputs are (n-ary
   * ops get the whole list); returns the name of the op's value.
   */
  build(g: OnnxGraph, inputs: readonly string[]): string;
}

/**
 * How an op is written in JavaScript (an entry's optional `js` field): the expression of its
 * forward value over its operands, each a plain identifier or a parenthesised literal (so an
 * operand may appear twice); n-ary ops get the whole input list. It computes exactly what the
 * entry's `forward` computes (the same operations in the same order), so exported code agrees with
 * the tape to the bit.
 */
export type JsForm = (args: readonly string[]) => string;

/** An ONNX operator of the same arity applied to the op's inputs. */
export const onnxOp = (opType: string): OnnxForm => ({ build: (g, inputs) => g.node(opType, inputs) });

/** Σ of the given terms in ONNX: nothing is 0, one term is itself, more are one Sum node. */
export function onnxSum(g: OnnxGraph, terms: readonly string[]): string {
  if (terms.length === 0) return g.constant(0);
  return terms.length === 1 ? g.node('Identity', terms) : g.node('Sum', terms);
}

/**
 * @internal The JavaScript text of a built-in forward, generated from the entry's own source
 * (scripts/forward-js.ts): an expression with operand i written $i (`$0 + $1`), or one that calls
 * a function of the op's own (`erf($0)`) together with the declarations of that function.
 */
export type ForwardJs = string | { readonly template: string; readonly prelude: string };

/**
 * @internal An entry's `js` (and `jsPrelude`) from its generated forward text, laid out as the op's
 * nodes are: one term per node, or a sum of terms from 0 left to right as the tape sums them, or
 * (a forwardAll op) one call on the list of operands.
 */
export function jsFormOf(spec: OpSpec, source: ForwardJs): { js: JsForm; jsPrelude?: string } {
  const template = typeof source === 'string' ? source : source.template;
  const term = (args: readonly string[]) => template.replace(/\$(\d)/g, (_, i: string) => args[Number(i)]);
  const kind = kindOf(spec);
  const js: JsForm = kind === ALL ? (args) => term([`[${args.join(', ')}]`])
    : kind === TERMS1 ? (args) => ['0', ...args.map((a) => term([a]))].join(' + ')
    : kind === TERMS2 ? (args) => ['0', ...args.slice(0, args.length / 2).map((a, k) => term([a, args[k + args.length / 2]]))].join(' + ')
    : term;
  return typeof source === 'string' ? { js } : { js, jsPrelude: source.prelude };
}
