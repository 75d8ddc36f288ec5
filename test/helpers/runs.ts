/** Property-test run counts: a fast default for `npm test`, more with FC_RUNS=10000 npm test. */
export const RUNS = Number(process.env.FC_RUNS ?? 200);

/** Seed for fast-check, fixed so a default run is reproducible; FC_SEED overrides it. */
export const SEED = Number(process.env.FC_SEED ?? 20261125);

/** |a − b| ≤ atol + rtol · max(|a|, |b|), with equal infinities counted as close. */
export function close(a: number, b: number, rtol = 1e-9, atol = 1e-12): boolean {
  if (a === b) return true;
  return Math.abs(a - b) <= atol + rtol * Math.max(Math.abs(a), Math.abs(b));
}
