import type { OpName } from '../index.js';

/**
 * Where an op's ONNX form writes its nodes: every value is a tensor name; a node's inputs
 * broadcast (numpy rules), so one form serves scalars and [batch] tensors alike.
 */
export interface OnnxGraph {
  /** The ONNX data type code of the model's tensors (1 float32, 11 float64), e.g. for Cast's `to`. */
  readonly dataType: number;
  /** Adds a node of the default ONNX domain with integer attributes; returns its one output's name. */
  node(opType: string, inputs: readonly string[], attributes?: Readonly<Record<string, number>>): string;
  /** A scalar constant of the model's element type. */
  constant(value: number): string;
}

/** How an op exports to ONNX: a print form, like its text and LaTeX forms. */
export interface OnnxForm {
  /**
   * Writes the op's node(s) over the names of its inputs, laid out as the op's inputs are (n-ary
   * ops get the whole list); returns the name of the op's value.
   */
  build(g: OnnxGraph, inputs: readonly string[]): string;
  /** True when the op is Σ_k a_k·b_k over inputs [a_0 … a_n−1, b_0 … b_n−1]: a layer of such nodes over the same operands exports as one MatMul. */
  readonly sumOfProducts?: boolean;
}

const unary = (opType: string): OnnxForm => ({ build: (g, [a]) => g.node(opType, [a]) });
const binary = (opType: string): OnnxForm => ({ build: (g, [a, b]) => g.node(opType, [a, b]) });

/** Σ of the given terms: nothing is 0, one term is itself, more are one Sum node. */
function sumOf(g: OnnxGraph, terms: readonly string[]): string {
  if (terms.length === 0) return g.constant(0);
  return terms.length === 1 ? g.node('Identity', terms) : g.node('Sum', terms);
}

/** Each op's ONNX form; an op without one cannot be exported. */
export const ONNX_FORMS: Readonly<Partial<Record<OpName, OnnxForm>>> = {
  add: binary('Add'),
  sub: binary('Sub'),
  mul: binary('Mul'),
  div: binary('Div'),
  neg: unary('Neg'),
  pow: binary('Pow'),
  exp: unary('Exp'),
  log: unary('Log'),
  sigmoid: unary('Sigmoid'),
  tanh: unary('Tanh'),
  relu: unary('Relu'),
  // step(a) = 1 where a > 0, else 0 (step(0) = 0, as the table's forward)
  step: { build: (g, [a]) => g.node('Cast', [g.node('Greater', [a, g.constant(0)])], { to: g.dataType }) },
  // logpos(a) = ln a where a > 0, else 0: Where picks 0 before the NaN of Log can matter
  logpos: { build: (g, [a]) => g.node('Where', [g.node('Greater', [a, g.constant(0)]), g.node('Log', [a]), g.constant(0)]) },
  sum: { build: sumOf },
  dot: {
    build: (g, inputs) => {
      const n = inputs.length / 2;
      return sumOf(g, Array.from({ length: n }, (_, k) => g.node('Mul', [inputs[k], inputs[k + n]])));
    },
    sumOfProducts: true,
  },
};
