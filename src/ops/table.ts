import { concat } from '../print/concat.js';
import { JS_NUMBER, jsCall, jsInfix, jsSum, onnxOp, onnxSum, type JsForm, type OnnxForm, type OnnxGraph } from './forms.js';
import type { Value } from '../engine/value.js';
import { ELEMENTARY_OPS, type ElementaryOpName } from './elementary.js';

/**
 * THE op table. Every primitive is one entry: forward value, numeric local derivative (used by
 * backward and the compiled tape), symbolic local derivative (Value expressions, used by
 * derivative()), text/LaTeX/Graphviz forms and the domain facts the test arbitraries need.
 * Nothing else in chainrule knows a derivative rule.
 *
 * Numeric conventions: unary ops ignore `b`; `y` is the op's own output, reused where the
 * derivative is cheaper in terms of it (exp, sigmoid, tanh), as JAX's defjvp2 does.
 *
 * n-ary ops (sum, dot) are sums of terms over groups of inputs: with g inputs per group and
 * n = inputs.length / g groups, group k is (inputs[k], inputs[k + n], …). `forward` and `local`
 * then describe one term: sum's term is a, dot's is a·b. So a neuron's weighted sum is one node.
 * A general n-ary op (logsumexp) is not a sum of terms: it has group 1 and `forwardAll`, the value
 * from all operands at once; its `local(0, a_k, 0, y)` is ∂y/∂a_k. ops/layout.ts is the one reader
 * of this layout. The table is frozen (entries and nested objects); user ops live in registry.ts.
 */

/** The name of a primitive op; also the Value method name and `Value.op`. */
export type OpName =
  | 'add' | 'sub' | 'mul' | 'div' | 'neg' | 'pow'
  | 'exp' | 'log' | 'sigmoid' | 'tanh' | 'relu' | 'step' | 'logpos'
  | 'sum' | 'dot'
  | ElementaryOpName
  | 'softplus' | 'stopGradient' | 'logsumexp' | 'strongMul';

/** Makes a constant (no-gradient) Value; symbolic rules use it for literal numbers. */
export type ConstantMaker = (n: number) => Value;

/** How an op prints as text: infix `a + b`, prefix `-a`, or a call `exp(a)`. */
export interface TextForm {
  /** Where the symbol goes: between the operands, before the one operand, or as a call name. */
  readonly form: 'infix' | 'prefix' | 'call';
  /** The printed operator or function name ('+', '-', 'exp'). */
  readonly symbol: string;
  /** Binding strength: higher binds tighter (add 1, mul 2, neg 3, pow 4, calls and leaves 5). */
  readonly prec: number;
  /** Which operand may sit at equal precedence without parentheses. */
  readonly assoc?: 'left' | 'right';
}

/** An open interval min < x < max (either end may be infinite): where an input of asin, acosh, … lies. */
export interface OpInterval {
  /** The open interval's lower end. */
  readonly min: number;
  /** The open interval's upper end. */
  readonly max: number;
}

/** What the test arbitraries need to know about where an op is defined and smooth. */
export interface OpDomain {
  /**
   * Per input: 'positive' where the op needs a positive operand (log, the pow base, the div
   * denominator), an open interval where it needs another range (asin: −1 < x < 1), else 'real'.
   */
  readonly inputs: readonly ('real' | 'positive' | OpInterval)[];
  /** The output's sign: always positive, positive when every input is, or anything. */
  readonly sign: 'positive' | 'keeps-positive' | 'any';
  /** True for ops with a kink or jump at input 0 (relu, step): finite differences fail there. */
  readonly kinkAtZero: boolean;
  /**
   * For ops smooth except on boundaries elsewhere than input 0 (tan's poles, max's ties, atan2's
   * branch cut): which smooth piece the operands are in. Central differences are valid only
   * between points of the same piece.
   */
  readonly piece?: (a: number, b: number) => number;
  /**
   * For periodic ops (sin, cos, tan): the period. Central differences see an oscillation only
   * when the operand moves by much less than it, so the arbitraries treat each 1/16 of a period
   * as a piece (sin of a steep argument is screened out like a kink).
   */
  readonly period?: number;
  /**
   * True when the derivative is 0 by definition rather than the derivative of the forward
   * (stopGradient): finite differences of the value do not apply, so test arbitraries skip it.
   */
  readonly stopsGradient?: boolean;
}

/** One primitive op (built-in, or made by defineOp with a name of its own). */
export interface OpSpec {
  /** The op's name: its table key, Value method and `Value.op`. */
  readonly name: OpName | (string & {});
  /** Inputs per node: 1, 2, or 'n' for the n-ary sums of terms. */
  readonly arity: 1 | 2 | 'n';
  /** Inputs per term of an n-ary op (sum 1, dot 2); equals arity for unary and binary ops. */
  readonly group: 1 | 2;
  /** Forward value on numbers (for n-ary ops: one term; with `forwardAll`, a single operand). */
  readonly forward: (a: number, b: number) => number;
  /**
   * A general n-ary op (not a sum of terms): the value from all operands in order. Algorithms test
   * `forwardAll !== undefined`, never the op's name. Absent for every other op.
   */
  readonly forwardAll?: (values: ArrayLike<number>) => number;
  /** ∂y/∂input_i on numbers, given the operands and the output y (n-ary: ∂term/∂input_i). */
  readonly local: (i: number, a: number, b: number, y: number) => number;
  /** ∂y/∂input_i as a Value expression built from table ops only, so it can be differentiated again. */
  readonly symbolic: (i: number, a: Value, b: Value, y: Value, k: ConstantMaker) => Value;
  /** How the op prints as text (toText, toString, parse reads it back). */
  readonly text: TextForm;
  /** LaTeX from the operands' LaTeX (already parenthesised where precedence needs it). */
  readonly latex: (args: readonly string[]) => string;
  /** Label of the op's node in Graphviz output. */
  readonly dot: string;
  /**
   * Printing only: how the LaTeX form binds when it differs from `text` — its precedence, and
   * the operands it already groups (in braces or \frac) that never need parentheses. Calls
   * group every operand; n-ary ops print as sums of terms (of products when group is 2).
   */
  readonly latexLayout?: {
    /** Binding strength of the LaTeX form, on the scale of {@link TextForm.prec}. */
    readonly prec: number;
    /** The operands (indices, or all) that the LaTeX form already groups. */
    readonly grouped: 'all' | readonly number[];
  };
  /** Where the op is defined and smooth, for the test arbitraries. */
  readonly domain: OpDomain;
  /** Export only: how the op is written in ONNX (chainrule/onnx); an op without it cannot be exported there. */
  readonly onnx?: OnnxForm;
  /** Export only: the op's forward value as a JavaScript expression (toSource); an op without it cannot be written there. */
  readonly js?: JsForm;
  /** The op's conventions where its derivative is undefined or infinite (the README's Ops table prints it). */
  readonly convention?: string;
}

const REAL1: OpDomain = { inputs: ['real'], sign: 'any', kinkAtZero: false };
const REAL2: OpDomain = { inputs: ['real', 'real'], sign: 'any', kinkAtZero: false };
const call = (symbol: string): TextForm => ({ form: 'call', symbol, prec: 5 });

/** Numerically stable logistic: never evaluates exp of a large positive number. */
function sigmoid(a: number): number {
  if (a >= 0) return 1 / (1 + Math.exp(-a));
  const e = Math.exp(a);
  return e / (1 + e);
}

/** tanh'(a) = 4e/(1 + e)², e = e^(−2|a|): every factor positive, so no digit is lost in the tails. */
function tanhTail(a: number): number {
  const e = Math.exp(-2 * Math.abs(a));
  return (4 * e) / ((1 + e) * (1 + e));
}

/** softplus(a) = ln(1 + eᵃ) without overflow: a + ln(1 + e⁻ᵃ) for a > 0, log1p(eᵃ) otherwise. */
function softplus(a: number): number {
  return a > 0 ? a + Math.log1p(Math.exp(-a)) : Math.log1p(Math.exp(a));
}

/** ln Σ e^(v_i), shifted by m = max v_i at every call so no exp overflows; ln 0 = −Infinity for no operands. */
function logsumexp(values: ArrayLike<number>): number {
  let m = -Infinity;
  for (let i = 0; i < values.length; i++) if (values[i] > m) m = values[i];
  if (m === -Infinity || m === Infinity || m !== m) return m;
  let s = 0;
  for (let i = 0; i < values.length; i++) s += Math.exp(values[i] - m);
  return m + Math.log(s);
}

/** softplus in ONNX as the entry computes it: a + ln(1 + e^−a) for a > 0, ln(1 + e^a) otherwise (ONNX Runtime has no float64 Softplus). */
function softplusOnnx(g: OnnxGraph, [a]: readonly string[]): string {
  const one = g.constant(1);
  const positive = g.node('Add', [a, g.node('Log', [g.node('Add', [one, g.node('Exp', [g.node('Neg', [a])])])])]);
  const other = g.node('Log', [g.node('Add', [one, g.node('Exp', [a])])]);
  return g.node('Where', [g.node('Greater', [a, g.constant(0)]), positive, other]);
}

/** logsumexp in ONNX: m + ln Σ e^(x_i − m) with m = max x_i, and m itself where m is ±∞ or NaN (as the entry). */
function logsumexpOnnx(g: OnnxGraph, xs: readonly string[]): string {
  if (xs.length === 0) return g.constant(-Infinity);
  const m = g.node('Max', xs);
  const shifted = g.node('Add', [m, g.node('Log', [onnxSum(g, xs.map((x) => g.node('Exp', [g.node('Sub', [x, m])])))])]);
  return g.node('Where', [g.node('Or', [g.node('IsInf', [m]), g.node('IsNaN', [m])]), m, shifted]);
}

/** a ⊙ b in ONNX: 0 where either operand is 0 (so 0 ⊙ ∞ = 0), else a·b. */
function strongMulOnnx(g: OnnxGraph, [a, b]: readonly string[]): string {
  const zero = g.constant(0);
  return g.node('Where', [g.node('Or', [g.node('Equal', [a, zero]), g.node('Equal', [b, zero])]), zero, g.node('Mul', [a, b])]);
}

/**
 * The built-in entries by name, frozen deeply (entries, text forms, domains): no rule can change
 * after load. User ops are added with defineOp and found with lookupOp, never written here.
 * @example OPS.mul.forward(3, 4) // 12
 * @throws TypeError (in strict mode) on any assignment, e.g. `OPS.mul.forward = …`
 */
export const OPS: { readonly [K in OpName]: OpSpec } = {
  // d(a+b) = da + db
  add: {
    name: 'add', arity: 2, group: 2,
    forward: (a, b) => a + b,
    local: () => 1,
    symbolic: (_i, _a, _b, _y, k) => k(1),
    text: { form: 'infix', symbol: '+', prec: 1, assoc: 'left' },
    latex: ([a, b]) => `${a} + ${b}`,
    dot: '+',
    domain: { inputs: ['real', 'real'], sign: 'keeps-positive', kinkAtZero: false },
    onnx: onnxOp('Add'),
    js: jsInfix('+'),
  },
  // d(a-b) = da - db
  sub: {
    name: 'sub', arity: 2, group: 2,
    forward: (a, b) => a - b,
    local: (i) => (i === 0 ? 1 : -1),
    symbolic: (i, _a, _b, _y, k) => k(i === 0 ? 1 : -1),
    text: { form: 'infix', symbol: '-', prec: 1, assoc: 'left' },
    latex: ([a, b]) => `${a} - ${b}`,
    dot: '-',
    domain: REAL2,
    onnx: onnxOp('Sub'),
    js: jsInfix('-'),
  },
  // d(ab) = b da + a db
  mul: {
    name: 'mul', arity: 2, group: 2,
    forward: (a, b) => a * b,
    local: (i, a, b) => (i === 0 ? b : a),
    symbolic: (i, a, b) => (i === 0 ? b : a),
    text: { form: 'infix', symbol: '*', prec: 2, assoc: 'left' },
    latex: ([a, b]) => `${a} \\cdot ${b}`,
    dot: '*',
    domain: { inputs: ['real', 'real'], sign: 'keeps-positive', kinkAtZero: false },
    onnx: onnxOp('Mul'),
    js: jsInfix('*'),
  },
  // d(a/b) = da/b - a db/b²
  div: {
    name: 'div', arity: 2, group: 2,
    forward: (a, b) => a / b,
    local: (i, a, b) => (i === 0 ? 1 / b : -a / (b * b)),
    symbolic: (i, a, b) => (i === 0 ? b.pow(-1) : a.neg().div(b.pow(2))),
    text: { form: 'infix', symbol: '/', prec: 2, assoc: 'left' },
    latex: ([a, b]) => `\\frac{${a}}{${b}}`,
    dot: '/',
    latexLayout: { prec: 4, grouped: 'all' }, // a fraction needs parentheses only as a power's base
    domain: { inputs: ['real', 'positive'], sign: 'keeps-positive', kinkAtZero: false },
    onnx: onnxOp('Div'),
    js: jsInfix('/'),
  },
  // d(-a) = -da
  neg: {
    name: 'neg', arity: 1, group: 1,
    forward: (a) => -a,
    local: () => -1,
    symbolic: (_i, _a, _b, _y, k) => k(-1),
    text: { form: 'prefix', symbol: '-', prec: 3 },
    latex: ([a]) => `-${a}`,
    dot: 'neg',
    domain: REAL1,
    onnx: onnxOp('Neg'),
    js: ([a]) => `-${a}`,
  },
  // d(a^b) = b a^(b-1) da + a^b ln(a) db. Conventions: the first term is 0 when b = 0 (no 0·∞ at
  // a = 0); the second is 0 where a ≤ 0, where ln a is undefined (tfjs Pow_grad guards it alike).
  // The symbolic rules keep both conventions with strongMul (0 ⊙ anything = 0), so derivative()
  // gives the same 0 where a plain product would form 0·∞ or 0·NaN.
  pow: {
    name: 'pow', arity: 2, group: 2,
    // a² is the commonest power by far: a·a is exactly Math.pow(a, 2), without the libm call.
    forward: (a, b) => (b === 2 ? a * a : Math.pow(a, b)),
    local: (i, a, b, y) => (i === 0 ? (b === 2 ? 2 * a : b === 0 ? 0 : b * Math.pow(a, b - 1)) : a > 0 ? y * Math.log(a) : 0),
    symbolic: (i, a, b, y, k) => {
      if (i === 1) return y.strongMul(a.logpos());
      const constantExponent = b.op === '' && !b.requiresGrad;
      if (!constantExponent) return b.strongMul(a.pow(b.sub(1)));
      return b.data === 0 ? k(0) : b.mul(a.pow(k(b.data - 1)));
    },
    text: { form: 'infix', symbol: '^', prec: 4, assoc: 'right' },
    latex: ([a, b]) => `{${a}}^{${b}}`,
    dot: '^',
    latexLayout: { prec: 4, grouped: [1] },
    domain: { inputs: ['positive', 'real'], sign: 'keeps-positive', kinkAtZero: false },
    onnx: onnxOp('Pow'),
    js: ([a, b]) => (b === '2' ? `${a} * ${a}` : JS_NUMBER.test(b) ? `Math.pow(${a}, ${b})` : `${b} === 2 ? ${a} * ${a} : Math.pow(${a}, ${b})`),
  },
  // d exp(a) = exp(a) da
  exp: {
    name: 'exp', arity: 1, group: 1,
    forward: (a) => Math.exp(a),
    local: (_i, _a, _b, y) => y,
    symbolic: (_i, _a, _b, y) => y,
    text: call('exp'),
    latex: ([a]) => `e^{${a}}`,
    dot: 'exp',
    latexLayout: { prec: 4, grouped: 'all' },
    domain: { inputs: ['real'], sign: 'positive', kinkAtZero: false },
    onnx: onnxOp('Exp'),
    js: jsCall('Math.exp'),
  },
  // d ln(a) = da / a; ln 0 = -Infinity as in IEEE arithmetic
  log: {
    name: 'log', arity: 1, group: 1,
    forward: (a) => Math.log(a),
    local: (_i, a) => 1 / a,
    symbolic: (_i, a) => a.pow(-1),
    text: call('log'),
    latex: ([a]) => `\\ln\\left(${a}\\right)`,
    dot: 'log',
    domain: { inputs: ['positive'], sign: 'any', kinkAtZero: false },
    onnx: onnxOp('Log'),
    js: jsCall('Math.log'),
  },
  // d σ(a) = σ(a)σ(−a) da. Not y(1 − y): for large a, 1 − y cancels to 0 while σ'(40) = 4.2e-18;
  // σ(−a) keeps full relative precision in both tails (numeric: y(1 − y) is exact enough for y ≤ ½).
  sigmoid: {
    name: 'sigmoid', arity: 1, group: 1,
    forward: sigmoid,
    local: (_i, a, _b, y) => (y <= 0.5 ? y * (1 - y) : y * sigmoid(-a)),
    symbolic: (_i, a, _b, y) => y.mul(a.neg().sigmoid()),
    text: call('sigmoid'),
    latex: ([a]) => `\\sigma\\left(${a}\\right)`,
    dot: 'σ',
    domain: { inputs: ['real'], sign: 'positive', kinkAtZero: false },
    onnx: onnxOp('Sigmoid'),
    js: ([a]) => `${a} >= 0 ? 1 / (1 + Math.exp(-${a})) : Math.exp(${a}) / (1 + Math.exp(${a}))`,
  },
  // d tanh(a) = sech²(a) da. Not 1 − y²: it cancels to 0 where tanh saturates (tanh'(20) = 1.7e-17).
  // Numeric: 1 − y² while |y| < ½ (no cancellation), else 4e/(1 + e)² with e = e^(−2|a|).
  // Symbolic: cosh(a)^−2 (sech², as math.js prints it): Math.pow never forms cosh², so it is
  // accurate everywhere, subnormal tails included, and 0 only where sech² underflows.
  tanh: {
    name: 'tanh', arity: 1, group: 1,
    forward: (a) => Math.tanh(a),
    local: (_i, a, _b, y) => (Math.abs(y) < 0.5 ? 1 - y * y : tanhTail(a)),
    symbolic: (_i, a, _b, _y, k) => a.cosh().pow(k(-2)),
    text: call('tanh'),
    latex: ([a]) => `\\tanh\\left(${a}\\right)`,
    dot: 'tanh',
    domain: { inputs: ['real'], sign: 'keeps-positive', kinkAtZero: false },
    onnx: onnxOp('Tanh'),
    js: jsCall('Math.tanh'),
  },
  // d relu(a) = step(a) da; relu'(0) = 0 by convention
  relu: {
    name: 'relu', arity: 1, group: 1,
    forward: (a) => (a > 0 ? a : 0),
    local: (_i, a) => (a > 0 ? 1 : 0),
    symbolic: (_i, a) => a.step(),
    text: call('relu'),
    latex: ([a]) => `\\operatorname{ReLU}\\left(${a}\\right)`,
    dot: 'ReLU',
    domain: { inputs: ['real'], sign: 'keeps-positive', kinkAtZero: true },
    onnx: onnxOp('Relu'),
    js: ([a]) => `${a} > 0 ? ${a} : 0`,
  },
  // step(a) = 1 for a > 0 else 0: relu's derivative; piecewise constant, so its derivative is 0
  step: {
    name: 'step', arity: 1, group: 1,
    forward: (a) => (a > 0 ? 1 : 0),
    local: () => 0,
    symbolic: (_i, _a, _b, _y, k) => k(0),
    text: call('step'),
    latex: ([a]) => `H\\left(${a}\\right)`,
    dot: 'step',
    domain: { inputs: ['real'], sign: 'keeps-positive', kinkAtZero: true },
    onnx: { build: (g, [a]) => g.node('Cast', [g.node('Greater', [a, g.constant(0)])], { to: g.dataType }) },
    js: ([a]) => `${a} > 0 ? 1 : 0`,
  },
  // logpos(a) = ln a for a > 0 else 0: the guarded log in pow's exponent partial. Its derivative
  // is 1/a for a > 0 else 0, also at a = 0 (step(a) ⊙ a⁻¹, never the 0/0 of step(a)/a).
  logpos: {
    name: 'logpos', arity: 1, group: 1,
    forward: (a) => (a > 0 ? Math.log(a) : 0),
    local: (_i, a) => (a > 0 ? 1 / a : 0),
    symbolic: (_i, a) => a.step().strongMul(a.pow(-1)),
    text: call('logpos'),
    latex: ([a]) => `\\ln^{+}\\left(${a}\\right)`,
    dot: 'log⁺',
    domain: { inputs: ['positive'], sign: 'any', kinkAtZero: false },
    onnx: { build: (g, [a]) => g.node('Where', [g.node('Greater', [a, g.constant(0)]), g.node('Log', [a]), g.constant(0)]) },
    js: ([a]) => `${a} > 0 ? Math.log(${a}) : 0`,
  },
  // d Σ a_k = Σ da_k
  sum: {
    name: 'sum', arity: 'n', group: 1,
    forward: (a) => a,
    local: () => 1,
    symbolic: (_i, _a, _b, _y, k) => k(1),
    text: call('sum'),
    latex: (args) => (args.length === 0 ? '0' : concat(args, ' + ')),
    dot: 'Σ',
    latexLayout: { prec: 1, grouped: [] },
    domain: { inputs: ['real'], sign: 'keeps-positive', kinkAtZero: false },
    onnx: { build: onnxSum },
    js: jsSum,
  },
  // d Σ a_k b_k = Σ (b_k da_k + a_k db_k)
  dot: {
    name: 'dot', arity: 'n', group: 2,
    forward: (a, b) => a * b,
    local: (i, a, b) => (i === 0 ? b : a),
    symbolic: (i, a, b) => (i === 0 ? b : a),
    text: call('dot'),
    latex: (args) => dotLatex(args),
    dot: 'dot',
    latexLayout: { prec: 1, grouped: [] },
    domain: { inputs: ['real', 'real'], sign: 'keeps-positive', kinkAtZero: false },
    onnx: { build: (g, xs) => onnxSum(g, xs.slice(0, xs.length / 2).map((a, k) => g.node('Mul', [a, xs[k + xs.length / 2]]))), sumOfProducts: true },
    js: (xs) => jsSum(xs.slice(0, xs.length / 2).map((a, k) => `${a} * ${xs[k + xs.length / 2]}`)),
  },
  // sin … erf, max, min, atan2: one entry each in ops/elementary.ts.
  ...ELEMENTARY_OPS,
  // softplus(a) = ln(1 + eᵃ), computed without overflow (softplus(800) = 800); d softplus = σ(a) da
  softplus: {
    name: 'softplus', arity: 1, group: 1,
    forward: softplus,
    local: (_i, a) => sigmoid(a),
    symbolic: (_i, a) => a.sigmoid(),
    text: call('softplus'),
    latex: ([a]) => `\\operatorname{softplus}\\left(${a}\\right)`,
    dot: 'softplus',
    domain: { inputs: ['real'], sign: 'positive', kinkAtZero: false },
    onnx: { build: softplusOnnx },
    js: ([a]) => `${a} > 0 ? ${a} + Math.log1p(Math.exp(-${a})) : Math.log1p(Math.exp(${a}))`,
  },
  // stopGradient(a) = a with derivative 0 everywhere (JAX's stop_gradient, PyTorch's detach)
  stopGradient: {
    name: 'stopGradient', arity: 1, group: 1,
    forward: (a) => a,
    local: () => 0,
    symbolic: (_i, _a, _b, _y, k) => k(0),
    text: call('stopGradient'),
    latex: ([a]) => `\\operatorname{sg}\\left(${a}\\right)`,
    dot: 'stop',
    domain: { inputs: ['real'], sign: 'keeps-positive', kinkAtZero: false, stopsGradient: true },
    onnx: onnxOp('Identity'),
    js: ([a]) => a,
  },
  // y = ln Σ e^(a_k), shifted by the max at every evaluation; ∂y/∂a_k = e^(a_k − y) = softmax_k.
  // Not a sum of terms: forwardAll gives the value, `forward` is the one-operand case.
  logsumexp: {
    name: 'logsumexp', arity: 'n', group: 1,
    forward: (a) => a,
    forwardAll: logsumexp,
    local: (_i, a, _b, y) => Math.exp(a - y),
    symbolic: (_i, a, _b, y) => a.sub(y).exp(),
    text: call('logsumexp'),
    latex: (args) => `\\operatorname{logsumexp}\\left(${concat(args, ', ')}\\right)`,
    dot: 'logsumexp',
    domain: { inputs: ['real'], sign: 'any', kinkAtZero: false },
    onnx: { build: logsumexpOnnx },
    js: (xs) => `((v) => { let m = -Infinity; for (const x of v) if (x > m) m = x; if (m === -Infinity || m === Infinity || m !== m) return m; let s = 0; for (const x of v) s += Math.exp(x - m); return m + Math.log(s); })([${xs.join(', ')}])`,
  },
  // a ⊙ b = a·b, except that 0 ⊙ anything = anything ⊙ 0 = 0 (also ∞ and NaN): the "strong zero"
  // product symbolic rules use where a numeric rule's convention returns 0 (pow, logpos). Its
  // partials are mul's.
  strongMul: {
    name: 'strongMul', arity: 2, group: 2,
    forward: (a, b) => (a === 0 || b === 0 ? 0 : a * b),
    local: (i, a, b) => (i === 0 ? b : a),
    symbolic: (i, a, b) => (i === 0 ? b : a),
    text: { form: 'infix', symbol: '⊙', prec: 2, assoc: 'left' },
    latex: ([a, b]) => `${a} \\odot ${b}`,
    dot: '⊙',
    domain: { inputs: ['real', 'real'], sign: 'keeps-positive', kinkAtZero: false },
    onnx: { build: strongMulOnnx },
    js: ([a, b]) => `${a} === 0 || ${b} === 0 ? 0 : ${a} * ${b}`,
  },
};

for (const spec of Object.values(OPS)) freezeSpec(spec);
Object.freeze(OPS);

/** The built-in ops in a fixed order; a compiled tape's opcode is the index here (user ops follow, see registry.ts). */
export const OP_LIST: readonly OpSpec[] = Object.freeze(Object.values(OPS));

/** @internal Freezes an entry and every object inside it, so no rule can be changed after the fact. */
export function freezeSpec(spec: OpSpec): OpSpec {
  Object.freeze(spec.text);
  Object.freeze(spec.domain.inputs);
  Object.freeze(spec.domain);
  if (spec.onnx !== undefined) Object.freeze(spec.onnx);
  if (spec.latexLayout !== undefined) {
    if (Array.isArray(spec.latexLayout.grouped)) Object.freeze(spec.latexLayout.grouped);
    Object.freeze(spec.latexLayout);
  }
  return Object.freeze(spec);
}

function dotLatex(args: readonly string[]): string {
  const n = args.length / 2;
  if (n === 0) return '0';
  const terms: string[] = [];
  for (let k = 0; k < n; k++) terms.push(`${args[k]} \\cdot ${args[k + n]}`);
  return concat(terms, ' + ');
}
