/**
 * High-precision references for the elementary ops' accuracy tests, in BigInt fixed-point
 * arithmetic: a double is an exact rational m·2^e, so its square, 1 − x², x² − 1 are exact, and
 * series summed with 80+ decimal digits give values correct far beyond float64. Each result is
 * rounded to the nearest double once, at the end.
 */

/** Decimal digits carried by the fixed-point sums. */
const DIGITS = 90;
const SCALE = 10n ** BigInt(DIGITS);

/** An exact rational num/den (den > 0). */
export interface Rational {
  readonly num: bigint;
  readonly den: bigint;
}

/** The double x as the exact rational it is. */
export function exact(x: number): Rational {
  if (!Number.isFinite(x)) throw new RangeError(`exact: ${x} is not finite`);
  if (x === 0) return { num: 0n, den: 1n };
  const view = new DataView(new ArrayBuffer(8));
  view.setFloat64(0, x);
  const bits = view.getBigUint64(0);
  const sign = bits >> 63n ? -1n : 1n;
  const biased = Number((bits >> 52n) & 0x7ffn);
  const fraction = bits & ((1n << 52n) - 1n);
  const mantissa = biased === 0 ? fraction : fraction | (1n << 52n);
  const e = (biased === 0 ? 1 : biased) - 1075; // x = mantissa · 2^e
  return e >= 0 ? { num: sign * mantissa * (1n << BigInt(e)), den: 1n } : { num: sign * mantissa, den: 1n << BigInt(-e) };
}

export const mul = (a: Rational, b: Rational): Rational => ({ num: a.num * b.num, den: a.den * b.den });
export const add = (a: Rational, b: Rational): Rational => ({ num: a.num * b.den + b.num * a.den, den: a.den * b.den });
export const ONE: Rational = { num: 1n, den: 1n };
export const neg = (a: Rational): Rational => ({ num: -a.num, den: a.den });

/** The nearest double to a rational (correctly rounded via a 40+-digit decimal string). */
export function toNumber(r: Rational): number {
  if (r.num === 0n) return 0;
  const digits = (n: bigint) => (n < 0n ? -n : n).toString().length;
  const k = Math.max(0, 45 + digits(r.den) - digits(r.num));
  return Number(`${(r.num * 10n ** BigInt(k)) / r.den}e-${k}`);
}

/** A fixed-point number (value · 10^DIGITS) as a rational. */
function fixed(v: bigint): Rational {
  return { num: v, den: SCALE };
}

/** π by Machin's formula, π = 16 atan(1/5) − 4 atan(1/239), in fixed point. */
function piFixed(): bigint {
  const atanInv = (n: bigint) => {
    let sum = 0n;
    let power = SCALE / n;
    for (let k = 1n; power !== 0n; k += 2n) {
      sum += (k % 4n === 1n ? 1n : -1n) * (power / k);
      power /= n * n;
    }
    return sum;
  };
  return 16n * atanInv(5n) - 4n * atanInv(239n);
}

/** floor(√n) by Newton's method. */
function isqrt(n: bigint): bigint {
  if (n < 2n) return n;
  let x = 1n << BigInt(Math.ceil(n.toString(2).length / 2));
  for (;;) {
    const y = (x + n / x) >> 1n;
    if (y >= x) return x;
    x = y;
  }
}

/** 2/√π in fixed point. */
const TWO_OVER_SQRT_PI = (2n * SCALE * SCALE) / isqrt(piFixed() * SCALE);

/** erf(x) to ~60 significant digits: 2/√π · x · Σ (−x²)^n / (n!(2n + 1)) (for |x| ≤ 6). */
export function erfExact(x: number): number {
  if (Math.abs(x) > 6) throw new RangeError('erfExact: |x| ≤ 6 only (the series cancels beyond)');
  const t = mul(exact(x), exact(x));
  let term = SCALE; // t^n / n!, fixed point
  let sum = 0n;
  for (let n = 0n; term !== 0n; n++) {
    sum += ((n % 2n === 0n ? 1n : -1n) * term) / (2n * n + 1n);
    term = (term * t.num) / (t.den * (n + 1n));
  }
  return toNumber(mul(exact(x), fixed((TWO_OVER_SQRT_PI * sum) / SCALE)));
}

/** 2/√π · e^(−x²), erf's derivative, to ~60 significant digits (any |x| ≤ 27). */
export function erfDerivativeExact(x: number): number {
  const t = mul(exact(x), exact(x));
  // e^t by its series (all terms positive, so no cancellation), then the reciprocal.
  let term = SCALE;
  let sum = 0n;
  for (let n = 1n; term !== 0n; n++) {
    sum += term;
    term = (term * t.num) / (t.den * n);
  }
  return toNumber({ num: TWO_OVER_SQRT_PI, den: sum });
}
