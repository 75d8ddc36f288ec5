import { TWO_OVER_SQRT_PI, erf, expNegSquare } from './numerics.js';
import { onnxOp, type OnnxGraph } from './forms.js';
import type { ConstantMaker, OpDomain, OpSpec, TextForm } from './spec.js';
import type { Value } from '../engine/value.js';

/**
 * The standard scalar math ops, as entries of THE op table (ops/table.ts spreads this record into OPS):
 * trigonometric, hyperbolic and their inverses, roots, abs/sign, logs, erf, max, min and atan2.
 * Same shape and rules as every entry of ops/table.ts: `local` is the numeric partial, `symbolic` the
 * same formula built from table ops only (so derivative() of any order works), and both use the
 * same arithmetic so every engine gives the same numbers.
 *
 * Precision: each partial is written where it does not cancel — (1 − a)(1 + a) rather than
 * 1 − a² near |a| = 1, e^a rather than y + 1 for expm1 — and stays in range wherever its value
 * does: atan', asinh' and atan2' use hypot (which scales) instead of squaring their operands,
 * which overflowed beyond |a| ≈ 1e154 and underflowed below 1e-154.
 */

const call = (symbol: string): TextForm => ({ form: 'call', symbol, prec: 5 });
const fn = (name: string) => ([a]: readonly string[]) => `${name}\\left(${a}\\right)`;
const domain = (
  inputs: OpDomain['inputs'], sign: OpDomain['sign'], extra: Partial<Pick<OpDomain, 'kinkAtZero' | 'piece' | 'period'>> = {},
): OpDomain => ({ inputs, sign, kinkAtZero: false, ...extra });
const UNIT = { min: -1, max: 1 } as const;
const LN2_INV = Math.LOG2E;
const LN10_INV = Math.LOG10E;

/**
 * The entries, keyed by name; ops/table.ts assembles them into OPS (read them there, as `OPS.sin`).
 * @example ELEMENTARY_OPS.sin.local(0, 0, 0, 0) // cos(0) = 1
 */
export const ELEMENTARY_OPS = {
  /** d sin(a) = cos(a) da */
  sin: {
    name: 'sin', arity: 1, group: 1,
    forward: (a) => Math.sin(a),
    local: (_i, a) => Math.cos(a),
    symbolic: (_i, a) => a.cos(),
    text: call('sin'), latex: fn('\\sin'), dot: 'sin',
    domain: domain(['real'], 'any', { period: 2 * Math.PI }),
    parity: 'odd', inverseOf: 'asin', keepsFinite: true,
    onnx: onnxOp('Sin'),
  },
  /** d cos(a) = −sin(a) da */
  cos: {
    name: 'cos', arity: 1, group: 1,
    forward: (a) => Math.cos(a),
    local: (_i, a) => -Math.sin(a),
    symbolic: (_i, a) => a.sin().neg(),
    text: call('cos'), latex: fn('\\cos'), dot: 'cos',
    domain: domain(['real'], 'any', { period: 2 * Math.PI }),
    // Not inverseOf acos: acos(0) rounds to π/2, where cos is 6e-17, not 0.
    parity: 'even', keepsFinite: true,
    onnx: onnxOp('Cos'),
  },
  /** d tan(a) = sec²(a) da = cos(a)^−2 da. Poles at π/2 + kπ. */
  tan: {
    name: 'tan', arity: 1, group: 1,
    forward: (a) => Math.tan(a),
    // sec²(a) as cos(a)^−2 (1 + tan² in fewer terms, as sympy prints it): cos is accurate to the
    // last bits for every double, so this is as precise as 1 + y², and its derivatives are shorter.
    local: (_i, a) => Math.pow(Math.cos(a), -2),
    symbolic: (_i, a, _b, _y, k) => a.cos().pow(k(-2)),
    text: call('tan'), latex: fn('\\tan'), dot: 'tan',
    domain: domain(['real'], 'any', { piece: (a) => Math.round(a / Math.PI), period: Math.PI }),
    // Not inverseOf atan: atan(1e20) rounds to π/2, where tan is 1.6e16 (a pole missed by rounding).
    parity: 'odd',
    onnx: onnxOp('Tan'),
  },
  /**
   * d asin(a) = da / √((1 − a)(1 + a)); the factored form keeps precision near |a| = 1.
   * Outside [−1, 1] the value and the partial are NaN (as Math.asin); at ±1 the partial is +Infinity.
   */
  asin: {
    name: 'asin', arity: 1, group: 1,
    forward: (a) => Math.asin(a),
    local: (_i, a) => 1 / Math.sqrt((1 - a) * (1 + a)),
    symbolic: (_i, a, _b, _y, k) => k(1).div(k(1).sub(a).mul(k(1).add(a)).sqrt()),
    text: call('asin'), latex: fn('\\arcsin'), dot: 'asin',
    domain: domain([UNIT], 'any'),
    // Not inverseOf sin: asin(sin(u)) folds u into [−π/2, π/2].
    parity: 'odd',
    convention: 'NaN outside [−1, 1] (as Math.asin); the derivative is +Infinity at ±1',
    onnx: onnxOp('Asin'),
  },
  /** d acos(a) = −da / √((1 − a)(1 + a)); NaN outside [−1, 1], −Infinity at ±1. */
  acos: {
    name: 'acos', arity: 1, group: 1,
    forward: (a) => Math.acos(a),
    local: (_i, a) => -1 / Math.sqrt((1 - a) * (1 + a)),
    symbolic: (_i, a, _b, _y, k) => k(-1).div(k(1).sub(a).mul(k(1).add(a)).sqrt()),
    text: call('acos'), latex: fn('\\arccos'), dot: 'acos',
    domain: domain([UNIT], 'any'),
    atLeast: 0,
    convention: 'NaN outside [−1, 1] (as Math.acos); the derivative is −Infinity at ±1',
    onnx: onnxOp('Acos'),
  },
  /** d atan(a) = da / (1 + a²) = hypot(1, a)^−2 da: no a² to overflow (atan'(1e160) = 1e-320, not 0). */
  atan: {
    name: 'atan', arity: 1, group: 1,
    forward: (a) => Math.atan(a),
    local: (_i, a) => Math.pow(Math.hypot(1, a), -2),
    symbolic: (_i, a, _b, _y, k) => k(1).hypot(a).pow(k(-2)),
    text: call('atan'), latex: fn('\\arctan'), dot: 'atan',
    domain: domain(['real'], 'keeps-positive'),
    parity: 'odd', keepsFinite: true,
    onnx: onnxOp('Atan'),
  },
  /** d sinh(a) = cosh(a) da */
  sinh: {
    name: 'sinh', arity: 1, group: 1,
    forward: (a) => Math.sinh(a),
    local: (_i, a) => Math.cosh(a),
    symbolic: (_i, a) => a.cosh(),
    text: call('sinh'), latex: fn('\\sinh'), dot: 'sinh',
    domain: domain(['real'], 'keeps-positive'),
    parity: 'odd', inverseOf: 'asinh',
    onnx: onnxOp('Sinh'),
  },
  /** d cosh(a) = sinh(a) da */
  cosh: {
    name: 'cosh', arity: 1, group: 1,
    forward: (a) => Math.cosh(a),
    local: (_i, a) => Math.sinh(a),
    symbolic: (_i, a) => a.sinh(),
    text: call('cosh'), latex: fn('\\cosh'), dot: 'cosh',
    domain: domain(['real'], 'positive'),
    parity: 'even', inverseOf: 'acosh', atLeast: 1,
    onnx: onnxOp('Cosh'),
  },
  /** d asinh(a) = da / √(1 + a²) = da / hypot(1, a): no a² to overflow (asinh'(1e200) = 1e-200, not 0). */
  asinh: {
    name: 'asinh', arity: 1, group: 1,
    forward: (a) => Math.asinh(a),
    local: (_i, a) => 1 / Math.hypot(1, a),
    symbolic: (_i, a, _b, _y, k) => k(1).div(k(1).hypot(a)),
    text: call('asinh'), latex: fn('\\operatorname{arsinh}'), dot: 'asinh',
    domain: domain(['real'], 'keeps-positive'),
    parity: 'odd', inverseOf: 'sinh', keepsFinite: true,
    onnx: onnxOp('Asinh'),
  },
  /**
   * d acosh(a) = da / (√(a − 1) √(a + 1)): two roots, so nothing cancels near 1 or overflows.
   * NaN below 1 (as Math.acosh); +Infinity at 1.
   */
  acosh: {
    name: 'acosh', arity: 1, group: 1,
    forward: (a) => Math.acosh(a),
    local: (_i, a) => 1 / (Math.sqrt(a - 1) * Math.sqrt(a + 1)),
    symbolic: (_i, a, _b, _y, k) => k(1).div(a.sub(1).sqrt().mul(a.add(1).sqrt())),
    text: call('acosh'), latex: fn('\\operatorname{arcosh}'), dot: 'acosh',
    domain: domain([{ min: 1, max: Infinity }], 'any'),
    convention: 'NaN below 1 (as Math.acosh); the derivative is +Infinity at 1',
    onnx: onnxOp('Acosh'),
  },
  /** d atanh(a) = da / ((1 − a)(1 + a)); NaN outside [−1, 1], ±Infinity at ±1. */
  atanh: {
    name: 'atanh', arity: 1, group: 1,
    forward: (a) => Math.atanh(a),
    local: (_i, a) => 1 / ((1 - a) * (1 + a)),
    symbolic: (_i, a, _b, _y, k) => k(1).div(k(1).sub(a).mul(k(1).add(a))),
    text: call('atanh'), latex: fn('\\operatorname{artanh}'), dot: 'atanh',
    domain: domain([UNIT], 'any'),
    parity: 'odd',
    convention: 'NaN outside [−1, 1] (as Math.atanh); the derivative is +Infinity at ±1',
    onnx: onnxOp('Atanh'),
  },
  /** d √a = da / (2√a), reusing the output: sqrt'(0) = +Infinity; NaN below 0. */
  sqrt: {
    name: 'sqrt', arity: 1, group: 1,
    forward: (a) => Math.sqrt(a),
    local: (_i, _a, _b, y) => 0.5 / y,
    symbolic: (_i, _a, _b, y, k) => k(0.5).div(y),
    text: call('sqrt'), latex: ([a]) => `\\sqrt{${a}}`, dot: '√',
    domain: domain(['positive'], 'keeps-positive'),
    atLeast: 0,
    convention: "sqrt'(0) = +Infinity; NaN below 0 (as Math.sqrt)",
    onnx: onnxOp('Sqrt'),
  },
  /** d ∛a = da / (3 ∛a²), reusing the output: cbrt'(0) = +Infinity. */
  cbrt: {
    name: 'cbrt', arity: 1, group: 1,
    forward: (a) => Math.cbrt(a),
    local: (_i, _a, _b, y) => 1 / (3 * (y * y)),
    symbolic: (_i, _a, _b, y, k) => k(1).div(k(3).mul(y.pow(2))),
    text: call('cbrt'), latex: ([a]) => `\\sqrt[3]{${a}}`, dot: '∛',
    domain: domain(['real'], 'keeps-positive', { kinkAtZero: true }),
    parity: 'odd', keepsFinite: true,
    convention: "cbrt'(0) = +Infinity",
    onnx: { build: cbrtOnnx },
  },
  /**
   * d |a| = sign(a) da; abs'(0) = 0 (sign(0) = 0), as JAX and PyTorch; abs'(NaN) = sign(NaN) = NaN on
   * every engine (NaN in, NaN out: abs(log(−1)) has gradient NaN, where PyTorch's sign(NaN) gives 0).
   */
  abs: {
    name: 'abs', arity: 1, group: 1,
    forward: (a) => Math.abs(a),
    local: (_i, a) => Math.sign(a),
    symbolic: (_i, a) => a.sign(),
    text: call('abs'), latex: ([a]) => `\\left\\lvert ${a} \\right\\rvert`, dot: '|·|',
    domain: domain(['real'], 'keeps-positive', { kinkAtZero: true }),
    parity: 'even', atLeast: 0, keepsFinite: true,
    convention: "abs'(0) = 0; abs'(NaN) = NaN",
    onnx: onnxOp('Abs'),
  },
  /** sign(a) ∈ {−1, 0, 1} (Math.sign: sign(−0) = −0): abs's derivative; piecewise constant, so sign' = 0. */
  sign: {
    name: 'sign', arity: 1, group: 1,
    forward: (a) => Math.sign(a),
    local: () => 0,
    symbolic: (_i, _a, _b, _y, k) => k(0),
    text: call('sign'), latex: fn('\\operatorname{sgn}'), dot: 'sign',
    domain: domain(['real'], 'keeps-positive', { kinkAtZero: true }),
    keepsFinite: true,
    convention: "sign' = 0 everywhere, 0 included",
    onnx: onnxOp('Sign'),
  },
  /** d log₂(a) = log₂(e) da / a */
  log2: {
    name: 'log2', arity: 1, group: 1,
    forward: (a) => Math.log2(a),
    local: (_i, a) => LN2_INV / a,
    symbolic: (_i, a, _b, _y, k) => k(LN2_INV).div(a),
    text: call('log2'), latex: fn('\\log_{2}'), dot: 'log₂',
    domain: domain(['positive'], 'any'),
    onnx: { build: (g, [a]) => g.node('Div', [g.node('Log', [a]), g.constant(Math.LN2)]) },
  },
  /** d log₁₀(a) = log₁₀(e) da / a */
  log10: {
    name: 'log10', arity: 1, group: 1,
    forward: (a) => Math.log10(a),
    local: (_i, a) => LN10_INV / a,
    symbolic: (_i, a, _b, _y, k) => k(LN10_INV).div(a),
    text: call('log10'), latex: fn('\\log_{10}'), dot: 'log₁₀',
    domain: domain(['positive'], 'any'),
    onnx: { build: (g, [a]) => g.node('Div', [g.node('Log', [a]), g.constant(Math.LN10)]) },
  },
  /** d ln(1 + a) = da / (1 + a); 1 + a is exact near a = −1 (Sterbenz), so the partial keeps its digits. */
  log1p: {
    name: 'log1p', arity: 1, group: 1,
    forward: (a) => Math.log1p(a),
    local: (_i, a) => 1 / (1 + a),
    symbolic: (_i, a, _b, _y, k) => k(1).div(k(1).add(a)),
    text: call('log1p'), latex: ([a]) => `\\ln\\left(1 ${a.startsWith('-') ? `- ${a.slice(1)}` : `+ ${a}`}\\right)`, dot: 'log1p',
    domain: domain([{ min: -1, max: Infinity }], 'keeps-positive'),
    onnx: { build: (g, [a]) => g.node('Log', [g.node('Add', [g.constant(1), a])]) },
  },
  /** d (e^a − 1) = e^a da: from a, not the output, since y + 1 cancels where y ≈ −1 (e^−40 ≠ 0). */
  expm1: {
    name: 'expm1', arity: 1, group: 1,
    forward: (a) => Math.expm1(a),
    local: (_i, a) => Math.exp(a),
    symbolic: (_i, a) => a.exp(),
    text: call('expm1'), latex: ([a]) => `e^{${a}} - 1`, dot: 'expm1',
    latexLayout: { prec: 1, grouped: 'all' },
    domain: domain(['real'], 'keeps-positive'),
    onnx: { build: (g, [a]) => g.node('Sub', [g.node('Exp', [a]), g.constant(1)]) },
  },
  /**
   * d erf(a) = 2/√π e^(−a²) da. Both partials split a² as Cody does (ops/numerics.ts) to keep full
   * precision in the tails: the symbolic one through the expNegSquare op (e^(−a·a) would lose
   * a²·2^-53 to the rounding of a·a, 5.6e-14 relative at |a| = 25.5).
   */
  erf: {
    name: 'erf', arity: 1, group: 1,
    forward: erf,
    local: (_i, a) => TWO_OVER_SQRT_PI * expNegSquare(a),
    symbolic: (_i, a, _b, _y, k) => k(TWO_OVER_SQRT_PI).mul(a.expNegSquare()),
    text: call('erf'), latex: fn('\\operatorname{erf}'), dot: 'erf',
    domain: domain(['real'], 'keeps-positive'),
    parity: 'odd', keepsFinite: true,
    convention: 'W. J. Cody (1969) rational approximations; ~1e-16 relative',
    onnx: onnxOp('Erf'),
  },
  /**
   * d max(a, b) = [a > b] da + [b > a] db, and ½ to each at a tie (as JAX and PyTorch). The
   * symbolic form ½(1 + step(a − b) − step(b − a)) gives the same ½ at ties, ∞ = ∞ included.
   */
  max: {
    name: 'max', arity: 2, group: 2,
    forward: (a, b) => Math.max(a, b),
    local: (i, a, b) => (a > b ? 1 - i : a < b ? i : 0.5),
    symbolic: (i, a, b, _y, k) => (i === 0 ? halfStep(a, b, k) : halfStep(b, a, k)),
    text: call('max'), latex: ([a, b]) => `\\max\\left(${a}, ${b}\\right)`, dot: 'max',
    domain: domain(['real', 'real'], 'keeps-positive', { piece: (a, b) => Math.sign(a - b) }),
    keepsFinite: true,
    convention: 'at a tie each operand gets ½',
    onnx: onnxOp('Max'),
  },
  /** d min(a, b) = [a < b] da + [b < a] db, and ½ to each at a tie. */
  min: {
    name: 'min', arity: 2, group: 2,
    forward: (a, b) => Math.min(a, b),
    local: (i, a, b) => (a < b ? 1 - i : a > b ? i : 0.5),
    symbolic: (i, a, b, _y, k) => (i === 0 ? halfStep(b, a, k) : halfStep(a, b, k)),
    text: call('min'), latex: ([a, b]) => `\\min\\left(${a}, ${b}\\right)`, dot: 'min',
    domain: domain(['real', 'real'], 'keeps-positive', { piece: (a, b) => Math.sign(a - b) }),
    keepsFinite: true,
    convention: 'at a tie each operand gets ½',
    onnx: onnxOp('Min'),
  },
  /**
   * atan2(a, b) is the angle of the point (x = b, y = a): d = (b da − a db) / (a² + b²), written
   * ((b da − a db) / h) / h with h = hypot(a, b), so nothing is squared: in range from 1e-308 to
   * 1e308 (a² + b² overflowed beyond 1e154 and underflowed below 1e-154).
   * NaN at the origin, where the angle has no derivative; a jump across the negative x axis.
   */
  atan2: {
    name: 'atan2', arity: 2, group: 2, operandNames: ['y', 'x'],
    forward: (a, b) => Math.atan2(a, b),
    local: (i, a, b) => {
      const h = Math.hypot(a, b);
      return (i === 0 ? b : -a) / h / h;
    },
    symbolic: (i, a, b) => {
      const h = a.hypot(b);
      return (i === 0 ? b : a.neg()).div(h).div(h);
    },
    text: call('atan2'), latex: ([a, b]) => `\\operatorname{atan2}\\left(${a}, ${b}\\right)`, dot: 'atan2',
    domain: domain(['real', 'real'], 'keeps-positive', { piece: (a) => Math.sign(a) }),
    keepsFinite: true,
    convention: 'the derivative is NaN at (0, 0)',
  },
  /**
   * hypot(x, y) = √(x² + y²) without overflow or underflow: Math.hypot scales by the larger
   * operand (hypot(1e300, 1e300) = 1.41e300 where x² is ∞; hypot(1e-300, 1e-300) = 1.41e-300
   * where x² is 0). d hypot = (x dx + y dy) / hypot, reusing the output, so the partials square
   * nothing either. At (0, 0) they are 0/0 = NaN, as PyTorch's; the cone's tip counts as a kink.
   */
  hypot: {
    name: 'hypot', arity: 2, group: 2, operandNames: ['x', 'y'],
    forward: (a, b) => Math.hypot(a, b),
    local: (i, a, b, y) => (i === 0 ? a : b) / y,
    symbolic: (i, a, b, y) => (i === 0 ? a : b).div(y),
    text: call('hypot'), latex: ([a, b]) => `\\operatorname{hypot}\\left(${a}, ${b}\\right)`, dot: 'hypot',
    domain: domain(['real', 'real'], 'keeps-positive', { kinkAtZero: true }),
    atLeast: 0,
    convention: 'the derivative is NaN at (0, 0) (0/0, as PyTorch)',
    onnx: { build: hypotOnnx },
  },
  /**
   * e^(−a²) to full relative precision, a² split as Cody does (ops/numerics.ts): erf's derivative is
   * 2/√π times it. d e^(−a²) = −2a e^(−a²) da, from the output; 0 once e^(−a²) underflows (|a| ≥ 28).
   */
  expNegSquare: {
    name: 'expNegSquare', arity: 1, group: 1,
    forward: expNegSquare,
    local: (_i, a, _b, y) => -2 * a * y,
    symbolic: (_i, a, _b, y, k) => k(-2).mul(a).mul(y),
    text: call('expNegSquare'),
    latex: ([a]) => `e^{-${/^[\w{}]+$/.test(a) ? a : `\left(${a}\right)`}^{2}}`,
    dot: 'expNegSquare',
    latexLayout: { prec: 4, grouped: 'all' },
    domain: domain(['real'], 'positive'),
    parity: 'even', keepsFinite: true,
    onnx: { build: (g, [a]) => g.node('Exp', [g.node('Neg', [g.node('Mul', [a, a])])]) },
  },
} satisfies Record<string, OpSpec>;

/**
 * The names of the elementary ops (part of OpName), read off this file's entries: the
 * trigonometric and hyperbolic functions and their inverses, roots, abs and sign, the logs and
 * exponentials of other bases, erf, max, min and atan2.
 * @category Values and ops
 * @example const op: ElementaryOpName = 'atan2';
 */
export type ElementaryOpName = keyof typeof ELEMENTARY_OPS;

/** ½(1 + step(a − b) − step(b − a)): 1 where a > b, 0 where a < b, ½ at a tie (∞ = ∞ too). */
function halfStep(a: Value, b: Value, k: ConstantMaker): Value {
  return k(0.5).mul(k(1).add(a.sub(b).step()).sub(b.sub(a).step()));
}

/** cbrt in ONNX: sign(a)·|a|^(1/3) (Pow alone is NaN for a negative base). */
function cbrtOnnx(g: OnnxGraph, [a]: readonly string[]): string {
  return g.node('Mul', [g.node('Sign', [a]), g.node('Pow', [g.node('Abs', [a]), g.constant(1 / 3)])]);
}

/**
 * hypot in ONNX (which has no Hypot), scaled as Math.hypot is: m·√(1 + (n/m)²) with m and n the
 * larger and smaller |operand|, and m itself where n is 0 (at (0, 0) too) or m is infinite.
 */
function hypotOnnx(g: OnnxGraph, [a, b]: readonly string[]): string {
  const [x, y] = [g.node('Abs', [a]), g.node('Abs', [b])];
  const m = g.node('Max', [x, y]);
  const n = g.node('Min', [x, y]);
  const r = g.node('Div', [n, m]);
  const scaled = g.node('Mul', [m, g.node('Sqrt', [g.node('Add', [g.constant(1), g.node('Mul', [r, r])])])]);
  return g.node('Where', [g.node('Or', [g.node('Equal', [n, g.constant(0)]), g.node('IsInf', [m])]), m, scaled]);
}
