import { expect } from 'vitest';

/**
 * Expects a ≈ b within `rtol` relative to `scale` (default max(|a|, |b|)); equal infinities and
 * two NaNs count as equal, since both paths then computed the same IEEE result.
 */
export function expectClose(a: number, b: number, rtol = 1e-12, scale = Math.max(Math.abs(a), Math.abs(b))): void {
  if (Object.is(a, b) || (Number.isNaN(a) && Number.isNaN(b)) || a === b) return;
  // 1e-300: below it only subnormal rounding is left, where relative error means nothing.
  expect(Math.abs(a - b), `${a} vs ${b}`).toBeLessThanOrEqual(rtol * scale + 1e-300);
}
