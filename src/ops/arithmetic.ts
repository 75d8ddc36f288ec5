import { concat } from '../print/concat.js';
import { onnxOp, onnxSum, type OnnxGraph } from './forms.js';
import type { OpDomain, OpSpec, TextForm } from './spec.js';
import type { Value } from '../engine/value.js';
import { isLiteral } from '../engine/literal.js';

/**
 * The arithmetic of the op table and what is built on it: + − · / neg pow exp log, the
 * activations (sigmoid, tanh, relu, softplus) with the ops their derivatives are written in (step,
 * logpos, strongMul, stopGradient), and the n-ary ops (sum, dot, logsumexp). ops/table.ts
 * assembles these and ops/elementary.ts's into OPS; the entry's shape is ops/spec.ts.
 */

const REAL1: OpDomain = { inputs: ['real'], sign: 'any', kinkAtZero: false };
const REAL2: OpDomain = { inputs: ['real', 'real'], sign: 'any', kinkAtZero: false };
const call = (symbol: string): TextForm => ({ form: 'call', symbol, prec: 5 });

// Every entry's forward (inline, or sigmoid, softplus and logsumexp below) is the op's one
// definition: the JavaScript text toSource writes is generated from this source (npm run ops:js).

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

/**
 * ln Σ e^(v_i), shifted by m = max v_i at every call so no exp overflows; ln 0 = −Infinity for no
 * operands; NaN if any operand is NaN (a max that skipped it would hide it).
 */
function logsumexp(values: ArrayLike<number>): number {
  let m = -Infinity;
  for (let i = 0; i < values.length; i++) if (values[i] > m) m = values[i];
  // Where m is finite a NaN operand makes the sum NaN; only an infinite m (or none) needs a look.
  // (The common path has one loop shape and no early return: V8 then inlines the function into
  // the tape's kernels without boxing its result.)
  if (m === -Infinity || m === Infinity) return hasNaN(values) ? Number.NaN : m;
  let s = 0;
  for (let i = 0; i < values.length; i++) s += Math.exp(values[i] - m);
  return m + Math.log(s);
}

function hasNaN(values: ArrayLike<number>): boolean {
  for (let i = 0; i < values.length; i++) if (values[i] !== values[i]) return true;
  return false;
}

/** Σ_j e^(v_j − y), summed from 0 left to right as a sum node is: logsumexp's shared normaliser. */
function softmaxNormaliser(values: ArrayLike<number>, y: number): number {
  let s = 0;
  for (let i = 0; i < values.length; i++) s += Math.exp(values[i] - y);
  return s;
}

/** a ⊙ b on numbers, as the strongMul entry computes it. */
function strongProduct(a: number, b: number): number {
  return a === 0 || b === 0 ? 0 : a * b;
}

/**
 * logsumexp's normaliser as Values, built once per node (every partial of the node shares it, so a
 * gradient of n operands costs O(n) nodes): shift = stopGradient(y), inverse = (Σ_j e^(a_j − shift))^−1,
 * the sum a chain of adds (equal, bit for bit, to softmaxNormaliser's loop).
 */
const normalisers = new WeakMap<Value, { readonly shift: Value; readonly inverse: Value }>();
function normaliserOf(y: Value): { readonly shift: Value; readonly inverse: Value } {
  let found = normalisers.get(y);
  if (found === undefined) {
    const shift = y.stopGradient();
    let s = y.inputs[0].sub(shift).exp();
    for (let j = 1; j < y.inputs.length; j++) s = s.add(y.inputs[j].sub(shift).exp());
    found = { shift, inverse: s.pow(-1) };
    normalisers.set(y, found);
  }
  return found;
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
 * The entries, keyed by name; ops/table.ts assembles them into OPS (read them there, as `OPS.mul`).
 * @example ARITHMETIC_OPS.mul.forward(3, 4) // 12
 */
export const ARITHMETIC_OPS = {
  /** d(a+b) = da + db */
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
  },
  /** d(a-b) = da - db */
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
  },
  /** d(ab) = b da + a db */
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
  },
  /**
   * d(a/b) = da/b − (a/b) db/b, reusing the output: −y/b stays in range wherever −a/b² does, where
   * a/(b·b) leaves it once |b| < 1e-154 or > 1e154 (b·b over- or underflows: at b = 1e-160 the
   * partial of 1e-300/b was 1.00001e20, at a = 1, b = 1e155 it was 0, not −1e-310), and so do its
   * derivatives (∂²(a/b)/∂b² at b = 1e-100 is 2e300, not Infinity).
   */
  div: {
    name: 'div', arity: 2, group: 2,
    forward: (a, b) => a / b,
    local: (i, _a, b, y) => (i === 0 ? 1 / b : -y / b),
    symbolic: (i, _a, b, y) => (i === 0 ? b.pow(-1) : y.neg().div(b)),
    text: { form: 'infix', symbol: '/', prec: 2, assoc: 'left' },
    latex: ([a, b]) => `\\frac{${a}}{${b}}`,
    dot: '/',
    latexLayout: { prec: 4, grouped: 'all' }, // a fraction needs parentheses only as a power's base
    domain: { inputs: ['real', 'positive'], sign: 'keeps-positive', kinkAtZero: false },
    onnx: onnxOp('Div'),
  },
  /** d(-a) = -da */
  neg: {
    name: 'neg', arity: 1, group: 1,
    forward: (a) => -a,
    local: () => -1,
    symbolic: (_i, _a, _b, _y, k) => k(-1),
    text: { form: 'prefix', symbol: '-', prec: 3 },
    latex: ([a]) => `-${a}`,
    dot: 'neg',
    domain: REAL1,
    keepsFinite: true,
    onnx: onnxOp('Neg'),
  },
  /**
   * d(a^b) = b ⊙ a^(b-1) da + a^b ⊙ ln(a) db, with the strong product (0 ⊙ anything = 0) in the
   * numeric and the symbolic rules alike. Conventions: the first term is 0 when b = 0 (no 0·∞ at
   * a = 0) or a^(b−1) is 0 (a = ∞, b = −∞); the second is 0 where a ≤ 0, where ln a is undefined
   * (tfjs Pow_grad guards it alike), and where a^b is 0 — at a = ∞, b < 0 the limit of a^b ln a
   * (PyTorch forms 0·∞ = NaN there).
   */
  pow: {
    name: 'pow', arity: 2, group: 2, operandNames: ['base', 'exponent'],
    // a² is the commonest power by far: a·a is exactly Math.pow(a, 2), without the libm call.
    forward: (a, b) => (b === 2 ? a * a : Math.pow(a, b)),
    local: (i, a, b, y) => (i === 0 ? (b === 2 ? 2 * a : strongProduct(b, Math.pow(a, b - 1))) : a > 0 ? strongProduct(y, Math.log(a)) : 0),
    symbolic: (i, a, b, y, k) => {
      if (i === 1) return y.strongMul(a.logpos());
      // A finite literal exponent folds (3·x^2); a named constant stays a name (n ⊙ x^(n − 1)).
      if (!isLiteral(b) || !Number.isFinite(b.data)) return b.strongMul(a.pow(b.sub(1)));
      return b.data === 0 ? k(0) : b.mul(a.pow(k(b.data - 1)));
    },
    text: { form: 'infix', symbol: '^', prec: 4, assoc: 'right' },
    latex: ([a, b]) => `{${a}}^{${b}}`,
    dot: '^',
    latexLayout: { prec: 4, grouped: [1] },
    domain: { inputs: ['positive', 'real'], sign: 'keeps-positive', kinkAtZero: false },
    convention: '∂/∂base = 0 where exponent = 0; ∂/∂exponent = 0 where base ≤ 0 or base^exponent = 0',
    onnx: onnxOp('Pow'),
  },
  /** d exp(a) = exp(a) da */
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
    inverseOf: 'log',
    onnx: onnxOp('Exp'),
  },
  /** d ln(a) = da / a; ln 0 = -Infinity as in IEEE arithmetic */
  log: {
    name: 'log', arity: 1, group: 1,
    forward: (a) => Math.log(a),
    local: (_i, a) => 1 / a,
    symbolic: (_i, a) => a.pow(-1),
    text: call('log'),
    latex: ([a]) => `\\ln\\left(${a}\\right)`,
    dot: 'log',
    domain: { inputs: ['positive'], sign: 'any', kinkAtZero: false },
    inverseOf: 'exp',
    onnx: onnxOp('Log'),
  },
  /**
   * d σ(a) = σ(a)σ(−a) da. Not y(1 − y): for large a, 1 − y cancels to 0 while σ'(40) = 4.2e-18;
   * σ(−a) keeps full relative precision in both tails (numeric: y(1 − y) is exact enough for y ≤ ½).
   */
  sigmoid: {
    name: 'sigmoid', arity: 1, group: 1,
    forward: sigmoid,
    local: (_i, a, _b, y) => (y <= 0.5 ? y * (1 - y) : y * sigmoid(-a)),
    symbolic: (_i, a, _b, y) => y.mul(a.neg().sigmoid()),
    text: call('sigmoid'),
    latex: ([a]) => `\\sigma\\left(${a}\\right)`,
    dot: 'σ',
    domain: { inputs: ['real'], sign: 'positive', kinkAtZero: false },
    keepsFinite: true,
    onnx: onnxOp('Sigmoid'),
  },
  /**
   * d tanh(a) = sech²(a) da. Not 1 − y²: it cancels to 0 where tanh saturates (tanh'(20) = 1.7e-17).
   * Numeric: 1 − y² while |y| < ½ (no cancellation), else 4e/(1 + e)² with e = e^(−2|a|).
   * Symbolic: 4 σ(2a) σ(−2a), the same 4e/(1 + e)² in table ops whose every factor lies in [0, 1],
   * so no derivative of it meets 0·∞. (cosh(a)^−2 did: its derivative −2 cosh^−3 · sinh is 0 · ∞
   * = NaN once cosh overflows, |a| > 710, where tanh'' is 0.) Near a = 0 its derivative is, as
   * sigmoid's, a difference of terms near 1: tanh'' is exact there to about 1e-16 absolute.
   */
  tanh: {
    name: 'tanh', arity: 1, group: 1,
    forward: (a) => Math.tanh(a),
    local: (_i, a, _b, y) => (Math.abs(y) < 0.5 ? 1 - y * y : tanhTail(a)),
    symbolic: (_i, a, _b, _y, k) => k(4).mul(k(2).mul(a).sigmoid()).mul(k(-2).mul(a).sigmoid()),
    text: call('tanh'),
    latex: ([a]) => `\\tanh\\left(${a}\\right)`,
    dot: 'tanh',
    domain: { inputs: ['real'], sign: 'keeps-positive', kinkAtZero: false },
    parity: 'odd', inverseOf: 'atanh', keepsFinite: true,
    onnx: onnxOp('Tanh'),
  },
  /** d relu(a) = step(a) da; relu'(0) = 0 by convention */
  relu: {
    name: 'relu', arity: 1, group: 1,
    forward: (a) => (a > 0 || a !== a ? a : 0), // NaN in, NaN out (as PyTorch); relu′(NaN) is 0, as PyTorch's
    local: (_i, a) => (a > 0 ? 1 : 0),
    symbolic: (_i, a) => a.step(),
    text: call('relu'),
    latex: ([a]) => `\\operatorname{ReLU}\\left(${a}\\right)`,
    dot: 'ReLU',
    domain: { inputs: ['real'], sign: 'keeps-positive', kinkAtZero: true },
    atLeast: 0, keepsFinite: true,
    onnx: onnxOp('Relu'),
  },
  /** step(a) = 1 for a > 0 else 0: relu's derivative; piecewise constant, so its derivative is 0 */
  step: {
    name: 'step', arity: 1, group: 1,
    forward: (a) => (a > 0 ? 1 : 0),
    local: () => 0,
    symbolic: (_i, _a, _b, _y, k) => k(0),
    text: call('step'),
    latex: ([a]) => `H\\left(${a}\\right)`,
    dot: 'step',
    domain: { inputs: ['real'], sign: 'keeps-positive', kinkAtZero: true },
    atLeast: 0, keepsFinite: true,
    onnx: { build: (g, [a]) => g.node('Cast', [g.node('Greater', [a, g.constant(0)])], { to: g.dataType }) },
  },
  /**
   * logpos(a) = ln a for a > 0 else 0: the guarded log in pow's exponent partial. Its derivative
   * is 1/a for a > 0 else 0, also at a = 0 (step(a) ⊙ a⁻¹, never the 0/0 of step(a)/a).
   */
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
  },
  /** d Σ a_k = Σ da_k */
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
  },
  /** d Σ a_k b_k = Σ (b_k da_k + a_k db_k) */
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
    sumOfProducts: true,
    onnx: { build: (g, xs) => onnxSum(g, xs.slice(0, xs.length / 2).map((a, k) => g.node('Mul', [a, xs[k + xs.length / 2]]))) },
  },
  /** softplus(a) = ln(1 + eᵃ), computed without overflow (softplus(800) = 800); d softplus = σ(a) da */
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
  },
  /** stopGradient(a) = a with derivative 0 everywhere (JAX's stop_gradient, PyTorch's detach) */
  stopGradient: {
    name: 'stopGradient', arity: 1, group: 1,
    forward: (a) => a,
    local: () => 0,
    symbolic: (_i, _a, _b, _y, k) => k(0),
    text: call('stopGradient'),
    latex: ([a]) => `\\operatorname{sg}\\left(${a}\\right)`,
    dot: 'stop',
    domain: { inputs: ['real'], sign: 'keeps-positive', kinkAtZero: false, stopsGradient: true },
    keepsFinite: true,
    onnx: onnxOp('Identity'),
  },
  /**
   * y = ln Σ e^(a_k), shifted by the max at every evaluation; ∂y/∂a_k = softmax_k = e^(a_k − y) / s
   * with s = Σ_j e^(a_j − y) (`localShared`). s is 1 up to the rounding of y, and that rounding is
   * the point: at [1e300, 1e300] y absorbs ln 2, so e^(a_k − y) alone is 1 where softmax_k is ½.
   * Symbolic: the same quotient, with y held by stopGradient (the quotient does not depend on the
   * shift, so every order stays exact) and s built once per node. The product is strong (0 ⊙ NaN
   * = 0), so where an operand is +∞ the finite ones still get 0 (its own partial is NaN), and a
   * NaN operand makes the value and every partial NaN.
   * Not a sum of terms: forwardAll gives the value, `forward` is the one-operand case.
   */
  logsumexp: {
    name: 'logsumexp', arity: 'n', group: 1,
    forward: (a) => a,
    forwardAll: logsumexp,
    localShared: softmaxNormaliser,
    local: (_i, a, s, y) => strongProduct(Math.exp(a - y), Math.pow(s, -1)),
    symbolic: (_i, a, _b, y) => {
      const { shift, inverse } = normaliserOf(y);
      return a.sub(shift).exp().strongMul(inverse);
    },
    text: call('logsumexp'),
    latex: (args) => `\\operatorname{logsumexp}\\left(${concat(args, ', ')}\\right)`,
    dot: 'logsumexp',
    domain: { inputs: ['real'], sign: 'any', kinkAtZero: false },
    onnx: { build: logsumexpOnnx },
  },
  /**
   * a ⊙ b = a·b, except that 0 ⊙ anything = anything ⊙ 0 = 0 (also ∞ and NaN): the "strong zero"
   * product symbolic rules use where a numeric rule's convention returns 0 (pow, logpos). Its
   * partials are mul's.
   */
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
  },
} satisfies Record<string, OpSpec>;

function dotLatex(args: readonly string[]): string {
  const n = args.length / 2;
  if (n === 0) return '0';
  const terms: string[] = [];
  for (let k = 0; k < n; k++) terms.push(`${args[k]} \\cdot ${args[k + n]}`);
  return concat(terms, ' + ');
}
