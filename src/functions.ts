import { rangeError, typeError } from './errors.js';
import { Value, constant, type Operand } from './value.js';

// Free forms of every op: each operand is a Value or a number, so `sub(2, x)`, `pow(2, x)` and
// `max(0, x)` need no constant(). Each is the Value method of its first operand, so the node is
// the same. Every function throws a TypeError for an operand that is neither a Value nor a
// number, and a RangeError for NaN, naming itself and the operand; sum and dot are in value.ts.

/**
 * −x.
 * @example neg(x) // −x
 * @throws TypeError / RangeError if x is not a Value or a number other than NaN
 */
export function neg(x: Operand): Value {
  return lift(x, 'neg', 'x').neg();
}

/**
 * eˣ.
 * @example exp(x)
 * @throws TypeError / RangeError if x is not a Value or a number other than NaN
 */
export function exp(x: Operand): Value {
  return lift(x, 'exp', 'x').exp();
}

/**
 * ln x; ln 0 = −Infinity, NaN below 0.
 * @example log(x)
 * @throws TypeError / RangeError if x is not a Value or a number other than NaN
 */
export function log(x: Operand): Value {
  return lift(x, 'log', 'x').log();
}

/**
 * σ(x) = 1 / (1 + e^−x), without overflow.
 * @example sigmoid(x)
 * @throws TypeError / RangeError if x is not a Value or a number other than NaN
 */
export function sigmoid(x: Operand): Value {
  return lift(x, 'sigmoid', 'x').sigmoid();
}

/**
 * tanh x.
 * @example tanh(x)
 * @throws TypeError / RangeError if x is not a Value or a number other than NaN
 */
export function tanh(x: Operand): Value {
  return lift(x, 'tanh', 'x').tanh();
}

/**
 * max(x, 0); relu'(0) = 0.
 * @example relu(x)
 * @throws TypeError / RangeError if x is not a Value or a number other than NaN
 */
export function relu(x: Operand): Value {
  return lift(x, 'relu', 'x').relu();
}

/**
 * 1 where x > 0, else 0 (relu's derivative; step' = 0).
 * @example step(x)
 * @throws TypeError / RangeError if x is not a Value or a number other than NaN
 */
export function step(x: Operand): Value {
  return lift(x, 'step', 'x').step();
}

/**
 * ln x where x > 0, else 0.
 * @example logpos(x)
 * @throws TypeError / RangeError if x is not a Value or a number other than NaN
 */
export function logpos(x: Operand): Value {
  return lift(x, 'logpos', 'x').logpos();
}

/**
 * sin x.
 * @example sin(x)
 * @throws TypeError / RangeError if x is not a Value or a number other than NaN
 */
export function sin(x: Operand): Value {
  return lift(x, 'sin', 'x').sin();
}

/**
 * cos x.
 * @example cos(x)
 * @throws TypeError / RangeError if x is not a Value or a number other than NaN
 */
export function cos(x: Operand): Value {
  return lift(x, 'cos', 'x').cos();
}

/**
 * tan x.
 * @example tan(x)
 * @throws TypeError / RangeError if x is not a Value or a number other than NaN
 */
export function tan(x: Operand): Value {
  return lift(x, 'tan', 'x').tan();
}

/**
 * arcsin x; NaN outside [−1, 1].
 * @example asin(0.5) // π/6
 * @throws TypeError / RangeError if x is not a Value or a number other than NaN
 */
export function asin(x: Operand): Value {
  return lift(x, 'asin', 'x').asin();
}

/**
 * arccos x; NaN outside [−1, 1].
 * @example acos(x)
 * @throws TypeError / RangeError if x is not a Value or a number other than NaN
 */
export function acos(x: Operand): Value {
  return lift(x, 'acos', 'x').acos();
}

/**
 * arctan x.
 * @example atan(x)
 * @throws TypeError / RangeError if x is not a Value or a number other than NaN
 */
export function atan(x: Operand): Value {
  return lift(x, 'atan', 'x').atan();
}

/**
 * sinh x.
 * @example sinh(x)
 * @throws TypeError / RangeError if x is not a Value or a number other than NaN
 */
export function sinh(x: Operand): Value {
  return lift(x, 'sinh', 'x').sinh();
}

/**
 * cosh x.
 * @example cosh(x)
 * @throws TypeError / RangeError if x is not a Value or a number other than NaN
 */
export function cosh(x: Operand): Value {
  return lift(x, 'cosh', 'x').cosh();
}

/**
 * arsinh x = ln(x + √(x² + 1)).
 * @example asinh(x)
 * @throws TypeError / RangeError if x is not a Value or a number other than NaN
 */
export function asinh(x: Operand): Value {
  return lift(x, 'asinh', 'x').asinh();
}

/**
 * arcosh x = ln(x + √(x² − 1)); NaN below 1.
 * @example acosh(x)
 * @throws TypeError / RangeError if x is not a Value or a number other than NaN
 */
export function acosh(x: Operand): Value {
  return lift(x, 'acosh', 'x').acosh();
}

/**
 * artanh x = ½ ln((1 + x)/(1 − x)); NaN outside [−1, 1].
 * @example atanh(x)
 * @throws TypeError / RangeError if x is not a Value or a number other than NaN
 */
export function atanh(x: Operand): Value {
  return lift(x, 'atanh', 'x').atanh();
}

/**
 * √x; sqrt'(0) = +Infinity.
 * @example sqrt(x)
 * @throws TypeError / RangeError if x is not a Value or a number other than NaN
 */
export function sqrt(x: Operand): Value {
  return lift(x, 'sqrt', 'x').sqrt();
}

/**
 * ∛x, real for negative x; cbrt'(0) = +Infinity.
 * @example cbrt(-8) // −2
 * @throws TypeError / RangeError if x is not a Value or a number other than NaN
 */
export function cbrt(x: Operand): Value {
  return lift(x, 'cbrt', 'x').cbrt();
}

/**
 * |x|; abs'(0) = 0.
 * @example abs(x)
 * @throws TypeError / RangeError if x is not a Value or a number other than NaN
 */
export function abs(x: Operand): Value {
  return lift(x, 'abs', 'x').abs();
}

/**
 * −1, 0 or 1 by the sign of x; sign' = 0.
 * @example sign(x)
 * @throws TypeError / RangeError if x is not a Value or a number other than NaN
 */
export function sign(x: Operand): Value {
  return lift(x, 'sign', 'x').sign();
}

/**
 * log₂ x.
 * @example log2(8) // 3
 * @throws TypeError / RangeError if x is not a Value or a number other than NaN
 */
export function log2(x: Operand): Value {
  return lift(x, 'log2', 'x').log2();
}

/**
 * log₁₀ x.
 * @example log10(x)
 * @throws TypeError / RangeError if x is not a Value or a number other than NaN
 */
export function log10(x: Operand): Value {
  return lift(x, 'log10', 'x').log10();
}

/**
 * ln(1 + x), accurate for small x.
 * @example log1p(x)
 * @throws TypeError / RangeError if x is not a Value or a number other than NaN
 */
export function log1p(x: Operand): Value {
  return lift(x, 'log1p', 'x').log1p();
}

/**
 * eˣ − 1, accurate for small x.
 * @example expm1(x)
 * @throws TypeError / RangeError if x is not a Value or a number other than NaN
 */
export function expm1(x: Operand): Value {
  return lift(x, 'expm1', 'x').expm1();
}

/**
 * erf x = 2/√π ∫₀ˣ e^(−t²) dt.
 * @example erf(x)
 * @throws TypeError / RangeError if x is not a Value or a number other than NaN
 */
export function erf(x: Operand): Value {
  return lift(x, 'erf', 'x').erf();
}

/**
 * a + b.
 * @example add(2, x) // 2 + x
 * @throws TypeError / RangeError if a or b is not a Value or a number other than NaN
 */
export function add(a: Operand, b: Operand): Value {
  const left = lift(a, 'add', 'a');
  return left.add(lift(b, 'add', 'b'));
}

/**
 * a − b.
 * @example sub(2, x) // 2 − x, no constant() needed
 * @throws TypeError / RangeError if a or b is not a Value or a number other than NaN
 */
export function sub(a: Operand, b: Operand): Value {
  const left = lift(a, 'sub', 'a');
  return left.sub(lift(b, 'sub', 'b'));
}

/**
 * a · b.
 * @example mul(x, y)
 * @throws TypeError / RangeError if a or b is not a Value or a number other than NaN
 */
export function mul(a: Operand, b: Operand): Value {
  const left = lift(a, 'mul', 'a');
  return left.mul(lift(b, 'mul', 'b'));
}

/**
 * a / b.
 * @example div(1, x) // 1 / x
 * @throws TypeError / RangeError if a or b is not a Value or a number other than NaN
 */
export function div(a: Operand, b: Operand): Value {
  const left = lift(a, 'div', 'a');
  return left.div(lift(b, 'div', 'b'));
}

/**
 * base^exponent; ∂/∂exponent = base^exponent · ln(base) where base > 0, else 0.
 * @example pow(2, x) // 2^x
 * @throws TypeError / RangeError if base or exponent is not a Value or a number other than NaN
 */
export function pow(base: Operand, exponent: Operand): Value {
  const left = lift(base, 'pow', 'base');
  return left.pow(lift(exponent, 'pow', 'exponent'));
}

/**
 * max(a, b); at a tie each operand gets half the gradient.
 * @example max(0, x) // relu-like, ½ at x = 0
 * @throws TypeError / RangeError if a or b is not a Value or a number other than NaN
 */
export function max(a: Operand, b: Operand): Value {
  const left = lift(a, 'max', 'a');
  return left.max(lift(b, 'max', 'b'));
}

/**
 * min(a, b); at a tie each operand gets half the gradient.
 * @example min(x, 1)
 * @throws TypeError / RangeError if a or b is not a Value or a number other than NaN
 */
export function min(a: Operand, b: Operand): Value {
  const left = lift(a, 'min', 'a');
  return left.min(lift(b, 'min', 'b'));
}

/**
 * atan2(y, x): the angle of the point (x, y), in (−π, π].
 * @example atan2(y, x)
 * @throws TypeError / RangeError if y or x is not a Value or a number other than NaN
 */
export function atan2(y: Operand, x: Operand): Value {
  const left = lift(y, 'atan2', 'y');
  return left.atan2(lift(x, 'atan2', 'x'));
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
