/**
 * The error function on numbers (JavaScript has no Math.erf), by W. J. Cody's rational Chebyshev
 * approximations: "Rational Chebyshev approximations for the error function", Mathematics of
 * Computation 23 (1969) 631–637, with the coefficients of his SPECFUN routine CALERF
 * (netlib.org/specfun/erf), as used by many libms. Relative error about 1e-16 in float64.
 * erf is also the JavaScript toSource writes for the erf op (generated from this source by npm run
 * ops:js), so it reads only Math and this file's top-level declarations.
 */

/** 2/√π, the factor of erf' = 2/√π · e^(−x²). */
export const TWO_OVER_SQRT_PI = 1.1283791670955126;

const ONE_OVER_SQRT_PI = 5.6418958354775628695e-1;

// erf on [0, 0.46875]: x · A(x²)/B(x²).
const A = [3.16112374387056560e0, 1.13864154151050156e2, 3.77485237685302021e2, 3.20937758913846947e3, 1.85777706184603153e-1];
const B = [2.36012909523441209e1, 2.44024637934444173e2, 1.28261652607737228e3, 2.84423683343917062e3];
// erfc on (0.46875, 4]: e^(−x²) · C(x)/D(x).
const C = [
  5.64188496988670089e-1, 8.88314979438837594e0, 6.61191906371416295e1, 2.98635138197400131e2, 8.81952221241769090e2,
  1.71204761263407058e3, 2.05107837782607147e3, 1.23033935479799725e3, 2.15311535474403846e-8,
];
const D = [
  1.57449261107098347e1, 1.17693950891312499e2, 5.37181101862009858e2, 1.62138957456669019e3, 3.29079923573345963e3,
  4.36261909014324716e3, 3.43936767414372164e3, 1.23033935480374942e3,
];
// erfc on (4, ∞): e^(−x²)/x · (1/√π + P(1/x²)/(x² Q(1/x²))).
const P = [3.05326634961232344e-1, 3.60344899949804439e-1, 1.25781726111229246e-1, 1.60837851487422766e-2, 6.58749161529837803e-4, 1.63153871373020978e-2];
const Q = [2.56852019228982242e0, 1.87295284992346047e0, 5.27905102951428412e-1, 6.05183413124413191e-2, 2.33520497626869185e-3];

/** erfc is 0 in float64 beyond this (e^(−x²) underflows). */
const X_BIG = 26.543;

/**
 * erf(x) = 2/√π ∫₀ˣ e^(−t²) dt, odd, erf(±∞) = ±1, erf(NaN) = NaN.
 * @example erf(1) // 0.8427007929497149
 */
export function erf(x: number): number {
  const y = Math.abs(x);
  if (y <= 0.46875) {
    const z = y > 1.11e-16 ? y * y : 0;
    let num = A[4] * z;
    let den = z;
    for (let i = 0; i < 3; i++) {
      num = (num + A[i]) * z;
      den = (den + B[i]) * z;
    }
    return (x * (num + A[3])) / (den + B[3]);
  }
  if (!(y <= X_BIG)) return y !== y ? x : x > 0 ? 1 : -1; // NaN stays NaN
  let erfc: number;
  if (y <= 4) {
    let num = C[8] * y;
    let den = y;
    for (let i = 0; i < 7; i++) {
      num = (num + C[i]) * y;
      den = (den + D[i]) * y;
    }
    erfc = ((num + C[7]) / (den + D[7])) * expNegSquare(y);
  } else {
    const z = 1 / (y * y);
    let num = P[5] * z;
    let den = z;
    for (let i = 0; i < 4; i++) {
      num = (num + P[i]) * z;
      den = (den + Q[i]) * z;
    }
    erfc = ((ONE_OVER_SQRT_PI - (z * (num + P[4])) / (den + Q[4])) / y) * expNegSquare(y);
  }
  return x > 0 ? 1 - erfc : erfc - 1;
}

/**
 * e^(−x²) to nearly full relative precision: Math.exp(−x·x) loses x²·2⁻⁵³ relative to the rounding
 * of x·x (7e-14 at x = 26), so, as Cody does, x² is split into s² (exact, s = x rounded down to
 * a multiple of 1/16) and (x − s)(x + s), each exponentiated separately.
 * @example expNegSquare(5) // 1.3887943864964021e-11
 */
export function expNegSquare(x: number): number {
  const y = Math.abs(x);
  if (y >= 28) return 0; // e^(−784) underflows; also keeps ∞ − ∞ out of the split below
  const s = Math.trunc(16 * y) / 16;
  return Math.exp(-s * s) * Math.exp(-(y - s) * (y + s));
}
