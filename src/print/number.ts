import { OPS } from '../ops/table.js';

/**
 * How printers write a constant, and which ops parse folds back into one: a number is written
 * with the negation's '-' and, as a fraction, with the division's '/' (same precedence as that
 * division), so parse reads `-3/2` as the constant −1.5, never as neg(3) / 2.
 */
export const NUMBER_SIGN = OPS.neg;
/** The op whose symbol writes a fraction; see {@link NUMBER_SIGN}. */
export const FRACTION_BAR = OPS.div;

const DIGITS = /^\d+$/;
/** Fractions are searched up to this denominator. */
const MAX_DENOMINATOR = 1000;
/** On a tie in length, a fraction wins only with both parts below this (1/2, 3/2, 25/2; not 201/2). */
const TIE_LIMIT = 100;

/**
 * A constant as printers write it: sign, then either a decimal (`0.1`, `1e-7`, `Infinity`) or a
 * fraction `numerator/denominator`.
 */
export interface NumberParts {
  /** True for a leading minus (−0 included). */
  readonly negative: boolean;
  /** The magnitude as String() writes it, or the fraction's numerator. */
  readonly numerator: string;
  /** The fraction's denominator, or null for a decimal. */
  readonly denominator: string | null;
}

/**
 * @internal How `n` prints: integers and infinities as String() writes them (−0 as -0); any
 * other number as the fraction p/q with the smallest q ≤ 1000 for which p / q === n (the same
 * double), when that text is shorter than the decimal — or as long, with p and q below 100 and q
 * not a multiple of 5 (halves, thirds, quarters read better; fifths and twentieths are already
 * exact decimals people write); else the decimal. So 0.38461538461538464 prints as 5/13,
 * 0.3333333333333333 as 1/3, 1.5 as 3/2, 0.25 as 1/4, and 0.1, 0.2, 1e-7 and π stay decimals.
 */
export function numberParts(n: number): NumberParts {
  const negative = n < 0 || Object.is(n, -0);
  const x = Math.abs(n);
  const decimal = String(x);
  // NaN too: a leaf's data can be set to anything after it is made.
  if (Number.isInteger(x) || !Number.isFinite(x)) return { negative, numerator: decimal, denominator: null };
  const fraction = smallestFraction(x);
  if (fraction !== null) {
    const [p, q] = fraction;
    const length = String(p).length + 1 + String(q).length;
    const tie = length === decimal.length && p < TIE_LIMIT && q < TIE_LIMIT && q % 5 !== 0;
    if (length < decimal.length || tie) return { negative, numerator: String(p), denominator: String(q) };
  }
  return { negative, numerator: decimal, denominator: null };
}

/** @internal A number's text: `5/13`, `-3/2`, `0.1`, `-0`, `1e-7`, `Infinity`. */
export function numberText({ negative, numerator, denominator }: NumberParts): string {
  return `${negative ? '-' : ''}${numerator}${denominator === null ? '' : `/${denominator}`}`;
}

/**
 * @internal True if parse reads a '-' written right before this number as its sign, making one
 * constant: `-2` is the constant −2 (an unsigned decimal, integer or Infinity, not in parentheses).
 */
export function foldsIntoNumber(n: NumberParts): boolean {
  return !n.negative && n.denominator === null;
}

/**
 * @internal True if parse reads `a/b` as one constant, the fraction a/b: both are integers written
 * with digits only (`5/13`, `-3/2`), b unsigned, neither in parentheses.
 */
export function foldsIntoFraction(a: NumberParts, b: NumberParts): boolean {
  return a.denominator === null && b.denominator === null && !b.negative && DIGITS.test(a.numerator) && DIGITS.test(b.numerator);
}

/**
 * The fraction p/q (q ≥ 2) with the smallest q ≤ MAX_DENOMINATOR such that p / q === x, or null,
 * for a positive finite non-integer x. The rationals that round to x form an interval around x,
 * and the one with the smallest denominator in an interval lies on the Stern–Brocot path towards
 * any point of it: x's continued-fraction convergents and the intermediate fractions between
 * them, with denominators increasing. Along each stretch of intermediate fractions the candidates
 * approach x from one side, so the first inside the interval is found by bisection. Each
 * candidate is checked by the exact test p / q === x, so rounding in the expansion can only miss
 * a fraction, never print a wrong one. O(log MAX_DENOMINATOR).
 */
function smallestFraction(x: number): [number, number] | null {
  // p0/q0 and p1/q1: the last two convergents, starting from 0/1 and 1/0. Plain variables, no
  // closures or array swaps: this runs for every constant printed.
  let p0 = 0, q0 = 1, p1 = 1, q1 = 0;
  let rest = x;
  for (;;) {
    const a = Math.floor(rest);
    // The fractions (p0 + j p1)/(q0 + j q1) for j = 1…a end in the next convergent (j = a).
    const jMax = q1 === 0 ? a : Math.min(a, Math.floor((MAX_DENOMINATOR - q0) / q1));
    if (jMax >= 1 && (p0 + jMax * p1) / (q0 + jMax * q1) === x) {
      let lo = 1, hi = jMax; // the first j whose fraction rounds to x is in [lo, hi]
      while (lo < hi) {
        const mid = (lo + hi) >> 1;
        if ((p0 + mid * p1) / (q0 + mid * q1) === x) hi = mid;
        else lo = mid + 1;
      }
      return [p0 + lo * p1, q0 + lo * q1];
    }
    if (jMax < a) return null; // the next convergent's denominator is past the limit
    const p2 = p0 + a * p1, q2 = q0 + a * q1;
    p0 = p1; q0 = q1; p1 = p2; q1 = q2;
    const remainder = rest - a;
    if (remainder <= 0) return null;
    rest = 1 / remainder;
  }
}
