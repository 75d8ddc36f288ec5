/** A number for LaTeX readouts: four significant digits, exponents as powers of ten. */
export function texNum(n: number): string {
  if (!Number.isFinite(n)) return Number.isNaN(n) ? '\\text{NaN}' : n > 0 ? '\\infty' : '-\\infty';
  if (n === 0) return '0';
  const s = Math.abs(n) >= 1e-3 && Math.abs(n) < 1e5 ? String(Number(n.toPrecision(4))) : n.toExponential(3);
  const [m, e] = s.split('e');
  return e === undefined ? m : `${m} \\cdot 10^{${Number(e)}}`;
}

/** texNum for a factor of a product: negative numbers in parentheses, so "· (−1) ·" never reads as a minus sign. */
export function texFactor(n: number): string {
  const t = texNum(n);
  return n < 0 || t.includes('\\cdot') ? `\\left(${t}\\right)` : t;
}

/** A plain-text number: four significant digits, a real minus sign. */
export function short(n: number): string {
  if (!Number.isFinite(n)) return String(n);
  if (n === 0) return '0';
  const s = Math.abs(n) >= 1e-3 && Math.abs(n) < 1e5 ? String(Number(n.toPrecision(4))) : n.toExponential(2);
  return s.replace('-', '−');
}

/** A readout: four decimals (loss, epoch stay readable while they change). */
export function fixed(n: number, digits = 4): string {
  return Number.isFinite(n) ? n.toFixed(digits) : String(n);
}
