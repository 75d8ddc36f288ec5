import { rangeError, typeError } from '../errors/messages.js';
import { OPS, type ArityOf, type OpName } from '../ops/table.js';
import { Value, applySpec, constant, type Operand } from './value.js';

// Free forms of every unary and binary op (sum, dot and logsumexp take arrays: value.ts), made from
// the table by `free(name)`, typed by a mapped type over the entries' arities (a bundler drops the
// ones a program does not use). Each operand is a Value or a number, so `sub(2, x)`, `pow(2, x)`
// and `max(0, x)` need no constant(). Each builds the node its first operand's Value method builds.
// The errors name the function and the operand, by the entry's operandNames:
// `chainrule.sub: b must be a Value or a number, received "x".`

/** The free function of each unary and binary op, by name. */
type FreeFunctions = {
  readonly [K in OpName as ArityOf[K] extends 'n' ? never : K]: ArityOf[K] extends 1 ? (x: Operand) => Value : (a: Operand, b: Operand) => Value;
};

/**
 * a + b.
 * @category Values and ops
 * @example add(2, x) // 2 + x @throws TypeError / RangeError for an operand that is not a Value or a number other than NaN
 */
export const add = /* @__PURE__ */ free('add');

/**
 * a − b.
 * @category Values and ops
 * @example sub(2, x) // 2 − x, no constant() needed @throws TypeError / RangeError for an operand that is not a Value or a number other than NaN
 */
export const sub = /* @__PURE__ */ free('sub');

/**
 * a · b.
 * @category Values and ops
 * @example mul(x, y) @throws TypeError / RangeError for an operand that is not a Value or a number other than NaN
 */
export const mul = /* @__PURE__ */ free('mul');

/**
 * a / b.
 * @category Values and ops
 * @example div(1, x) // 1 / x @throws TypeError / RangeError for an operand that is not a Value or a number other than NaN
 */
export const div = /* @__PURE__ */ free('div');

/**
 * base^exponent; ∂/∂exponent = base^exponent · ln(base) where base > 0, else 0.
 * @category Values and ops
 * @example pow(2, x) // 2^x @throws TypeError / RangeError for an operand that is not a Value or a number other than NaN
 */
export const pow: (base: Operand, exponent: Operand) => Value = /* @__PURE__ */ free('pow');

/**
 * −x.
 * @category Values and ops
 * @example neg(x) @throws TypeError / RangeError for an operand that is not a Value or a number other than NaN
 */
export const neg = /* @__PURE__ */ free('neg');

/**
 * eˣ.
 * @category Values and ops
 * @example exp(x) @throws TypeError / RangeError for an operand that is not a Value or a number other than NaN
 */
export const exp = /* @__PURE__ */ free('exp');

/**
 * ln x; ln 0 = −Infinity, NaN below 0.
 * @category Values and ops
 * @example log(x) @throws TypeError / RangeError for an operand that is not a Value or a number other than NaN
 */
export const log = /* @__PURE__ */ free('log');

/**
 * σ(x) = 1 / (1 + e^−x), without overflow.
 * @category Values and ops
 * @example sigmoid(x) @throws TypeError / RangeError for an operand that is not a Value or a number other than NaN
 */
export const sigmoid = /* @__PURE__ */ free('sigmoid');

/**
 * tanh x.
 * @category Values and ops
 * @example tanh(x) @throws TypeError / RangeError for an operand that is not a Value or a number other than NaN
 */
export const tanh = /* @__PURE__ */ free('tanh');

/**
 * softplus(x) = ln(1 + eˣ) without overflow (softplus(800) = 800); softplus' = σ.
 * @category Values and ops
 * @example softplus(x) @throws TypeError / RangeError for an operand that is not a Value or a number other than NaN
 */
export const softplus = /* @__PURE__ */ free('softplus');

/**
 * x's value with derivative 0 everywhere (JAX's stop_gradient, PyTorch's detach): backward, derivative, compile and jvp treat it as a constant.
 * @category Values and ops
 * @example stopGradient(x).mul(x) // d/dx = x.data, not 2x @throws TypeError / RangeError for an operand that is not a Value or a number other than NaN
 */
export const stopGradient = /* @__PURE__ */ free('stopGradient');

/**
 * a ⊙ b = a·b, except that a 0 factor gives 0 even against ∞ or NaN (symbolic rules use it to keep conventions).
 * @category Values and ops
 * @example strongMul(0, Infinity) // 0 @throws TypeError / RangeError for an operand that is not a Value or a number other than NaN
 */
export const strongMul = /* @__PURE__ */ free('strongMul');

/**
 * max(x, 0); relu'(0) = 0.
 * @category Values and ops
 * @example relu(x) @throws TypeError / RangeError for an operand that is not a Value or a number other than NaN
 */
export const relu = /* @__PURE__ */ free('relu');

/**
 * 1 where x > 0, else 0 (relu's derivative; step' = 0).
 * @category Values and ops
 * @example step(x) @throws TypeError / RangeError for an operand that is not a Value or a number other than NaN
 */
export const step = /* @__PURE__ */ free('step');

/**
 * ln x where x > 0, else 0.
 * @category Values and ops
 * @example logpos(x) @throws TypeError / RangeError for an operand that is not a Value or a number other than NaN
 */
export const logpos = /* @__PURE__ */ free('logpos');

/**
 * sin x.
 * @category Values and ops
 * @example sin(x) @throws TypeError / RangeError for an operand that is not a Value or a number other than NaN
 */
export const sin = /* @__PURE__ */ free('sin');

/**
 * cos x.
 * @category Values and ops
 * @example cos(x) @throws TypeError / RangeError for an operand that is not a Value or a number other than NaN
 */
export const cos = /* @__PURE__ */ free('cos');

/**
 * tan x.
 * @category Values and ops
 * @example tan(x) @throws TypeError / RangeError for an operand that is not a Value or a number other than NaN
 */
export const tan = /* @__PURE__ */ free('tan');

/**
 * arcsin x; NaN outside [−1, 1].
 * @category Values and ops
 * @example asin(0.5) // π/6 @throws TypeError / RangeError for an operand that is not a Value or a number other than NaN
 */
export const asin = /* @__PURE__ */ free('asin');

/**
 * arccos x; NaN outside [−1, 1].
 * @category Values and ops
 * @example acos(x) @throws TypeError / RangeError for an operand that is not a Value or a number other than NaN
 */
export const acos = /* @__PURE__ */ free('acos');

/**
 * arctan x.
 * @category Values and ops
 * @example atan(x) @throws TypeError / RangeError for an operand that is not a Value or a number other than NaN
 */
export const atan = /* @__PURE__ */ free('atan');

/**
 * sinh x.
 * @category Values and ops
 * @example sinh(x) @throws TypeError / RangeError for an operand that is not a Value or a number other than NaN
 */
export const sinh = /* @__PURE__ */ free('sinh');

/**
 * cosh x.
 * @category Values and ops
 * @example cosh(x) @throws TypeError / RangeError for an operand that is not a Value or a number other than NaN
 */
export const cosh = /* @__PURE__ */ free('cosh');

/**
 * arsinh x = ln(x + √(x² + 1)).
 * @category Values and ops
 * @example asinh(x) @throws TypeError / RangeError for an operand that is not a Value or a number other than NaN
 */
export const asinh = /* @__PURE__ */ free('asinh');

/**
 * arcosh x = ln(x + √(x² − 1)); NaN below 1.
 * @category Values and ops
 * @example acosh(x) @throws TypeError / RangeError for an operand that is not a Value or a number other than NaN
 */
export const acosh = /* @__PURE__ */ free('acosh');

/**
 * artanh x = ½ ln((1 + x)/(1 − x)); NaN outside [−1, 1].
 * @category Values and ops
 * @example atanh(x) @throws TypeError / RangeError for an operand that is not a Value or a number other than NaN
 */
export const atanh = /* @__PURE__ */ free('atanh');

/**
 * √x; sqrt'(0) = +Infinity.
 * @category Values and ops
 * @example sqrt(x) @throws TypeError / RangeError for an operand that is not a Value or a number other than NaN
 */
export const sqrt = /* @__PURE__ */ free('sqrt');

/**
 * ∛x, real for negative x; cbrt'(0) = +Infinity.
 * @category Values and ops
 * @example cbrt(-8) // −2 @throws TypeError / RangeError for an operand that is not a Value or a number other than NaN
 */
export const cbrt = /* @__PURE__ */ free('cbrt');

/**
 * |x|; abs'(0) = 0.
 * @category Values and ops
 * @example abs(x) @throws TypeError / RangeError for an operand that is not a Value or a number other than NaN
 */
export const abs = /* @__PURE__ */ free('abs');

/**
 * −1, 0 or 1 by the sign of x; sign' = 0.
 * @category Values and ops
 * @example sign(x) @throws TypeError / RangeError for an operand that is not a Value or a number other than NaN
 */
export const sign = /* @__PURE__ */ free('sign');

/**
 * log₂ x.
 * @category Values and ops
 * @example log2(8) // 3 @throws TypeError / RangeError for an operand that is not a Value or a number other than NaN
 */
export const log2 = /* @__PURE__ */ free('log2');

/**
 * log₁₀ x.
 * @category Values and ops
 * @example log10(x) @throws TypeError / RangeError for an operand that is not a Value or a number other than NaN
 */
export const log10 = /* @__PURE__ */ free('log10');

/**
 * ln(1 + x), accurate for small x.
 * @category Values and ops
 * @example log1p(x) @throws TypeError / RangeError for an operand that is not a Value or a number other than NaN
 */
export const log1p = /* @__PURE__ */ free('log1p');

/**
 * eˣ − 1, accurate for small x.
 * @category Values and ops
 * @example expm1(x) @throws TypeError / RangeError for an operand that is not a Value or a number other than NaN
 */
export const expm1 = /* @__PURE__ */ free('expm1');

/**
 * erf x = 2/√π ∫₀ˣ e^(−t²) dt.
 * @category Values and ops
 * @example erf(x) @throws TypeError / RangeError for an operand that is not a Value or a number other than NaN
 */
export const erf = /* @__PURE__ */ free('erf');

/**
 * e^(−x²), to full precision where x² would round (erf's derivative is 2/√π times it).
 * @category Values and ops
 * @example expNegSquare(x) @throws TypeError / RangeError for an operand that is not a Value or a number other than NaN
 */
export const expNegSquare = /* @__PURE__ */ free('expNegSquare');

/**
 * max(a, b); at a tie each operand gets half the gradient.
 * @category Values and ops
 * @example max(0, x) // ½ to each at x = 0 @throws TypeError / RangeError for an operand that is not a Value or a number other than NaN
 */
export const max = /* @__PURE__ */ free('max');

/**
 * min(a, b); at a tie each operand gets half the gradient.
 * @category Values and ops
 * @example min(x, 1) @throws TypeError / RangeError for an operand that is not a Value or a number other than NaN
 */
export const min = /* @__PURE__ */ free('min');

/**
 * atan2(y, x), the angle of the point (x, y) in (−π, π].
 * @category Values and ops
 * @example atan2(y, x) @throws TypeError / RangeError for an operand that is not a Value or a number other than NaN
 */
export const atan2: (y: Operand, x: Operand) => Value = /* @__PURE__ */ free('atan2');

/**
 * √(x² + y²), without overflow or underflow (hypot(1e300, 1e300) = 1.41e300); its derivative at (0, 0) is NaN.
 * @example hypot(3, 4) // 5
 * @throws TypeError / RangeError for an operand that is not a Value or a number other than NaN
 * @category Values and ops
 */
export const hypot: (x: Operand, y: Operand) => Value = /* @__PURE__ */ free('hypot');

/** The free function of a unary or binary op: its operands lifted, then the entry's node. */
function free<K extends keyof FreeFunctions>(name: K): FreeFunctions[K] {
  const spec = OPS[name];
  const [first, second] = spec.operandNames ?? (spec.arity === 1 ? ['x'] : ['a', 'b']);
  const fn = spec.arity === 1
    ? (x: Operand) => applySpec(spec, [lift(x, name, first)])
    : (a: Operand, b: Operand) => applySpec(spec, [lift(a, name, first), lift(b, name, second)]);
  return Object.defineProperty(fn, 'name', { value: name }) as FreeFunctions[K];
}

/** A Value as it is; a number as a constant; anything else is an error naming fn and arg. */
function lift(x: unknown, fn: string, arg: string): Value {
  if (x instanceof Value) return x;
  if (typeof x === 'number') {
    if (x !== x) throw rangeError(fn, arg, 'a number other than NaN', x);
    return constant(x);
  }
  throw typeError(fn, arg, 'a Value or a number', x);
}
