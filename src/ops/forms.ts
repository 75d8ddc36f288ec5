
/**
 * The export print forms of the op table: how an entry is written as ONNX (chainrule/onnx) and as
 * JavaScript (toSource). Like an entry's text and LaTeX forms they describe only how the op is
 * written, never a derivative (the exporters print those from the entry's symbolic rule or leave
 * them to the runtime). The types here and the ONNX builders the built-in entries share; a built-in op's JavaScript
 * form is generated from its forward and kept beside toSource (export/js-form.ts).
 */

/**
 * Where an op's ONNX form writes its nodes: every value is a tensor name, and a node's inputs
 * broadcast (numpy rules), so one form serves scalars, [batch] and [batch, n] tensors alike.
 * @category Export
 */
export interface OnnxGraph {
  /** The ONNX data type code of the model's tensors (1 float32, 11 float64), e.g. for Cast's `to`. */
  readonly dataType: number;
  /** Adds a node of the default ONNX domain with integer attributes; returns its one output's name. */
  node(opType: string, inputs: readonly string[], attributes?: Readonly<Record<string, number>>): string;
  /** A scalar constant of the model's element type. */
  constant(value: number): string;
}

/**
 * How an op is written in ONNX (an entry's optional `onnx` field).
 * @category Export
 */
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
 * @category Export
 */
export type JsForm = (args: readonly string[]) => string;

/** An ONNX operator of the same arity applied to the op's inputs. */
export const onnxOp = (opType: string): OnnxForm => ({ build: (g, inputs) => g.node(opType, inputs) });

/** Σ of the given terms in ONNX: nothing is 0, one term is itself, more are one Sum node. */
export function onnxSum(g: OnnxGraph, terms: readonly string[]): string {
  if (terms.length === 0) return g.constant(0);
  return terms.length === 1 ? g.node('Identity', terms) : g.node('Sum', terms);
}
