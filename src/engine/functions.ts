import { rangeError, typeError } from '../errors/messages.js';
import { Value, constant, type Operand } from './value.js';

// Free forms of every op (sum and dot, already free, are in value.ts). Each operand is a Value or
// a number, so `sub(2, x)`, `pow(2, x)` and `max(0, x)` need no constant(). Each is the Value
// method of its first operand, so it builds the same node. The errors name the function and the
// operand: `chainrule.sub: b must be a Value or a number, received "x".`

/** a + b. @example add(2, x) // 2 + x @throws TypeError / RangeError for an operand that is not a Value or a number other than NaN */
export const add = (a: Operand, b: Operand): Value => lift(a, 'add', 'a').add(lift(b, 'add', 'b'));

/** a − b. @example sub(2, x) // 2 − x, no constant() needed @throws TypeError / RangeError for an operand that is not a Value or a number other than NaN */
export const sub = (a: Operand, b: Operand): Value => lift(a, 'sub', 'a').sub(lift(b, 'sub', 'b'));

/** a · b. @example mul(x, y) @throws TypeError / RangeError for an operand that is not a Value or a number other than NaN */
export const mul = (a: Operand, b: Operand): Value => lift(a, 'mul', 'a').mul(lift(b, 'mul', 'b'));

/** a / b. @example div(1, x) // 1 / x @throws TypeError / RangeError for an operand that is not a Value or a number other than NaN */
export const div = (a: Operand, b: Operand): Value => lift(a, 'div', 'a').div(lift(b, 'div', 'b'));

/** base^exponent; ∂/∂exponent = base^exponent · ln(base) where base > 0, else 0. @example pow(2, x) // 2^x @throws TypeError / RangeError for an operand that is not a Value or a number other than NaN */
export const pow = (base: Operand, exponent: Operand): Value => lift(base, 'pow', 'base').pow(lift(exponent, 'pow', 'exponent'));

/** −x. @example neg(x) @throws TypeError / RangeError for an operand that is not a Value or a number other than NaN */
export const neg = (x: Operand): Value => lift(x, 'neg', 'x').neg();

/** eˣ. @example exp(x) @throws TypeError / RangeError for an operand that is not a Value or a number other than NaN */
export const exp = (x: Operand): Value => lift(x, 'exp', 'x').exp();

/** ln x; ln 0 = −Infinity, NaN below 0. @example log(x) @throws TypeError / RangeError for an operand that is not a Value or a number other than NaN */
export const log = (x: Operand): Value => lift(x, 'log', 'x').log();

/** σ(x) = 1 / (1 + e^−x), without overflow. @example sigmoid(x) @throws TypeError / RangeError for an operand that is not a Value or a number other than NaN */
export const sigmoid = (x: Operand): Value => lift(x, 'sigmoid', 'x').sigmoid();

/** tanh x. @example tanh(x) @throws TypeError / RangeError for an operand that is not a Value or a number other than NaN */
export const tanh = (x: Operand): Value => lift(x, 'tanh', 'x').tanh();

/** softplus(x) = ln(1 + eˣ) without overflow (softplus(800) = 800); softplus' = σ. @example softplus(x) @throws TypeError / RangeError for an operand that is not a Value or a number other than NaN */
export const softplus = (x: Operand): Value => lift(x, 'softplus', 'x').softplus();

/** x's value with derivative 0 everywhere (JAX's stop_gradient, PyTorch's detach): backward, derivative, compile and jvp treat it as a constant. @example stopGradient(x).mul(x) // d/dx = x.data, not 2x @throws TypeError / RangeError for an operand that is not a Value or a number other than NaN */
export const stopGradient = (x: Operand): Value => lift(x, 'stopGradient', 'x').stopGradient();

/** a ⊙ b = a·b, except that a 0 factor gives 0 even against ∞ or NaN (symbolic rules use it to keep conventions). @example strongMul(0, Infinity) // 0 @throws TypeError / RangeError for an operand that is not a Value or a number other than NaN */
export const strongMul = (a: Operand, b: Operand): Value => lift(a, 'strongMul', 'a').strongMul(lift(b, 'strongMul', 'b'));

/** max(x, 0); relu'(0) = 0. @example relu(x) @throws TypeError / RangeError for an operand that is not a Value or a number other than NaN */
export const relu = (x: Operand): Value => lift(x, 'relu', 'x').relu();

/** 1 where x > 0, else 0 (relu's derivative; step' = 0). @example step(x) @throws TypeError / RangeError for an operand that is not a Value or a number other than NaN */
export const step = (x: Operand): Value => lift(x, 'step', 'x').step();

/** ln x where x > 0, else 0. @example logpos(x) @throws TypeError / RangeError for an operand that is not a Value or a number other than NaN */
export const logpos = (x: Operand): Value => lift(x, 'logpos', 'x').logpos();

/** sin x. @example sin(x) @throws TypeError / RangeError for an operand that is not a Value or a number other than NaN */
export const sin = (x: Operand): Value => lift(x, 'sin', 'x').sin();

/** cos x. @example cos(x) @throws TypeError / RangeError for an operand that is not a Value or a number other than NaN */
export const cos = (x: Operand): Value => lift(x, 'cos', 'x').cos();

/** tan x. @example tan(x) @throws TypeError / RangeError for an operand that is not a Value or a number other than NaN */
export const tan = (x: Operand): Value => lift(x, 'tan', 'x').tan();

/** arcsin x; NaN outside [−1, 1]. @example asin(0.5) // π/6 @throws TypeError / RangeError for an operand that is not a Value or a number other than NaN */
export const asin = (x: Operand): Value => lift(x, 'asin', 'x').asin();

/** arccos x; NaN outside [−1, 1]. @example acos(x) @throws TypeError / RangeError for an operand that is not a Value or a number other than NaN */
export const acos = (x: Operand): Value => lift(x, 'acos', 'x').acos();

/** arctan x. @example atan(x) @throws TypeError / RangeError for an operand that is not a Value or a number other than NaN */
export const atan = (x: Operand): Value => lift(x, 'atan', 'x').atan();

/** sinh x. @example sinh(x) @throws TypeError / RangeError for an operand that is not a Value or a number other than NaN */
export const sinh = (x: Operand): Value => lift(x, 'sinh', 'x').sinh();

/** cosh x. @example cosh(x) @throws TypeError / RangeError for an operand that is not a Value or a number other than NaN */
export const cosh = (x: Operand): Value => lift(x, 'cosh', 'x').cosh();

/** arsinh x = ln(x + √(x² + 1)). @example asinh(x) @throws TypeError / RangeError for an operand that is not a Value or a number other than NaN */
export const asinh = (x: Operand): Value => lift(x, 'asinh', 'x').asinh();

/** arcosh x = ln(x + √(x² − 1)); NaN below 1. @example acosh(x) @throws TypeError / RangeError for an operand that is not a Value or a number other than NaN */
export const acosh = (x: Operand): Value => lift(x, 'acosh', 'x').acosh();

/** artanh x = ½ ln((1 + x)/(1 − x)); NaN outside [−1, 1]. @example atanh(x) @throws TypeError / RangeError for an operand that is not a Value or a number other than NaN */
export const atanh = (x: Operand): Value => lift(x, 'atanh', 'x').atanh();

/** √x; sqrt'(0) = +Infinity. @example sqrt(x) @throws TypeError / RangeError for an operand that is not a Value or a number other than NaN */
export const sqrt = (x: Operand): Value => lift(x, 'sqrt', 'x').sqrt();

/** ∛x, real for negative x; cbrt'(0) = +Infinity. @example cbrt(-8) // −2 @throws TypeError / RangeError for an operand that is not a Value or a number other than NaN */
export const cbrt = (x: Operand): Value => lift(x, 'cbrt', 'x').cbrt();

/** |x|; abs'(0) = 0. @example abs(x) @throws TypeError / RangeError for an operand that is not a Value or a number other than NaN */
export const abs = (x: Operand): Value => lift(x, 'abs', 'x').abs();

/** −1, 0 or 1 by the sign of x; sign' = 0. @example sign(x) @throws TypeError / RangeError for an operand that is not a Value or a number other than NaN */
export const sign = (x: Operand): Value => lift(x, 'sign', 'x').sign();

/** log₂ x. @example log2(8) // 3 @throws TypeError / RangeError for an operand that is not a Value or a number other than NaN */
export const log2 = (x: Operand): Value => lift(x, 'log2', 'x').log2();

/** log₁₀ x. @example log10(x) @throws TypeError / RangeError for an operand that is not a Value or a number other than NaN */
export const log10 = (x: Operand): Value => lift(x, 'log10', 'x').log10();

/** ln(1 + x), accurate for small x. @example log1p(x) @throws TypeError / RangeError for an operand that is not a Value or a number other than NaN */
export const log1p = (x: Operand): Value => lift(x, 'log1p', 'x').log1p();

/** eˣ − 1, accurate for small x. @example expm1(x) @throws TypeError / RangeError for an operand that is not a Value or a number other than NaN */
export const expm1 = (x: Operand): Value => lift(x, 'expm1', 'x').expm1();

/** erf x = 2/√π ∫₀ˣ e^(−t²) dt. @example erf(x) @throws TypeError / RangeError for an operand that is not a Value or a number other than NaN */
export const erf = (x: Operand): Value => lift(x, 'erf', 'x').erf();

/** max(a, b); at a tie each operand gets half the gradient. @example max(0, x) // ½ to each at x = 0 @throws TypeError / RangeError for an operand that is not a Value or a number other than NaN */
export const max = (a: Operand, b: Operand): Value => lift(a, 'max', 'a').max(lift(b, 'max', 'b'));

/** min(a, b); at a tie each operand gets half the gradient. @example min(x, 1) @throws TypeError / RangeError for an operand that is not a Value or a number other than NaN */
export const min = (a: Operand, b: Operand): Value => lift(a, 'min', 'a').min(lift(b, 'min', 'b'));

/** atan2(y, x), the angle of the point (x, y) in (−π, π]. @example atan2(y, x) @throws TypeError / RangeError for an operand that is not a Value or a number other than NaN */
export const atan2 = (y: Operand, x: Operand): Value => lift(y, 'atan2', 'y').atan2(lift(x, 'atan2', 'x'));

/** A Value as it is; a number as a constant; anything else is an error naming fn and arg. */
function lift(x: unknown, fn: string, arg: string): Value {
  if (x instanceof Value) return x;
  if (typeof x === 'number') {
    if (x !== x) throw rangeError(fn, arg, 'a number other than NaN', x);
    return constant(x);
  }
  throw typeError(fn, arg, 'a Value or a number', x);
}
