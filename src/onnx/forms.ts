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
  // softplus as the table computes it, a + ln(1 + e^−a) for a > 0 and ln(1 + e^a) otherwise (ONNX
  // Softplus has no float64 kernel in ONNX Runtime; ln(1 + e) differs from log1p by < 1e-16 absolute)
  softplus: {
    build: (g, [a]) => {
      const one = g.constant(1);
      const positive = g.node('Add', [a, g.node('Log', [g.node('Add', [one, g.node('Exp', [g.node('Neg', [a])])])])]);
      const other = g.node('Log', [g.node('Add', [one, g.node('Exp', [a])])]);
      return g.node('Where', [g.node('Greater', [a, g.constant(0)]), positive, other]);
    },
  },
  stopGradient: unary('Identity'),
  // ln Σ e^(x_i − m) + m with m = max x_i (no exp overflows); m itself where m is ±∞ or NaN, as the table
  logsumexp: {
    build: (g, xs) => {
      if (xs.length === 0) return g.constant(-Infinity);
      const m = g.node('Max', xs);
      const shifted = g.node('Add', [m, g.node('Log', [sumOf(g, xs.map((x) => g.node('Exp', [g.node('Sub', [x, m])])))])]);
      return g.node('Where', [g.node('Or', [g.node('IsInf', [m]), g.node('IsNaN', [m])]), m, shifted]);
    },
  },
  // a ⊙ b = 0 where either operand is 0 (so 0 ⊙ ∞ = 0), else a·b
  strongMul: {
    build: (g, [a, b]) => {
      const zero = g.constant(0);
      return g.node('Where', [g.node('Or', [g.node('Equal', [a, zero]), g.node('Equal', [b, zero])]), zero, g.node('Mul', [a, b])]);
    },
  },
  sum: { build: sumOf },
  dot: {
    build: (g, inputs) => {
      const n = inputs.length / 2;
      return sumOf(g, Array.from({ length: n }, (_, k) => g.node('Mul', [inputs[k], inputs[k + n]])));
    },
    sumOfProducts: true,
  },
};
