/**
 * The core: scalar {@link Value} graphs built from one op table, `backward` and its functional
 * forms (`grad`, `jvp`, `hessian`), derivatives as graphs, simplify, parse, the text, LaTeX and
 * Graphviz printers, the compiled typed-array tape and standalone-JavaScript export. No runtime
 * dependencies; runs in browsers and Node.
 *
 * @module chainrule
 */
// The engine: Values, the op table, backward and its functional forms.
export { Value, applyOp, constant, sum, dot, logsumexp, zeroGrad } from './engine/value.js';
export type { Operand } from './engine/value.js';
export {
  add, sub, mul, div, pow, neg, exp, log, sigmoid, tanh, relu, step, logpos,
  sin, cos, tan, asin, acos, atan, sinh, cosh, asinh, acosh, atanh,
  sqrt, cbrt, abs, sign, log2, log10, log1p, expm1, erf, expNegSquare, max, min, atan2, hypot,
  softplus, stopGradient, strongMul,
} from './engine/functions.js';
export { grad, valueAndGrad } from './engine/grad.js';
export type { ScalarFunction } from './engine/grad.js';
export { topologicalOrder, countNodes } from './engine/graph.js';
export { setDebug, isDebug } from './engine/debug.js';
export { OPS, OP_LIST } from './ops/table.js';
export type { OpName, OpSpec, OpDomain, OpInterval, TextForm, ConstantMaker } from './ops/table.js';
export type { ElementaryOpName } from './ops/elementary.js';
export { lookupOp, allOps } from './ops/registry.js';
export { defineOp } from './ops/define-op.js';
export type { OpDefinition, DefinedOp } from './ops/define-op.js';

// Symbolic: derivatives as graphs, evaluation at new points, simplification, parsing, the explainer.
export { derivative, gradients } from './symbolic/derivative.js';
export type { DerivativeOptions } from './symbolic/derivative.js';
export { substitute } from './symbolic/substitute.js';
export { jacobianGraph } from './symbolic/jacobian-graph.js';
export { hessianGraph } from './symbolic/hessian-graph.js';
export { hessian } from './symbolic/hessian.js';
export { jvp, hvp, jacobian } from './engine/forward.js';
export type { JvpResult, VectorFunction } from './engine/forward.js';
export { evaluate, evaluateAll } from './symbolic/evaluate.js';
export { simplify, type SimplifyOptions } from './symbolic/simplify/simplify.js';
export { parse } from './symbolic/parse/parse.js';
export { ParseError } from './errors/messages.js';
export { explain } from './symbolic/explain.js';
export type { Explanation, ExplainOptions, ChainPath, ChainFactor } from './symbolic/explain.js';

// Printing: text, LaTeX, Graphviz.
export { toText } from './print/text.js';
export type { TextOptions } from './print/text.js';
export type { SharedMode } from './print/shared.js';
export { toLatex } from './print/latex.js';
export { toDot } from './print/dot.js';
export type { DotOptions } from './print/dot.js';

// The compiled fast path: a Value graph flattened once into a typed-array tape.
export { compile } from './compile/compile.js';
export type { CompileOptions } from './compile/compile.js';
export { Tape } from './compile/tape.js';
export type { RunOptions } from './compile/tape.js';

// Export: a graph as a standalone JavaScript module.
export { toSource } from './export/to-source.js';
export type { SourceOptions } from './export/to-source.js';
export type { OnnxForm, OnnxGraph, JsForm } from './ops/forms.js';
