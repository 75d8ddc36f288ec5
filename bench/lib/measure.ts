import v8 from 'node:v8';
import vm from 'node:vm';

/** The median of a list of numbers. */
export function median(xs: readonly number[]): number {
  const s = [...xs].sort((a, b) => a - b);
  const m = s.length >> 1;
  return s.length % 2 === 1 ? s[m] : (s[m - 1] + s[m]) / 2;
}

/** Milliseconds taken by fn. */
export function timeMs(fn: () => void): number {
  const t0 = process.hrtime.bigint();
  fn();
  return Number(process.hrtime.bigint() - t0) / 1e6;
}

/** The median over `runs` timings of fn, after `warmup` untimed calls. */
export function medianMs(fn: () => void, runs: number, warmup = 1): number {
  for (let i = 0; i < warmup; i++) fn();
  const times: number[] = [];
  for (let i = 0; i < runs; i++) times.push(timeMs(fn));
  return median(times);
}

// `npm run bench` runs plain `tsx`, without --expose-gc: turn the flag on at run time and fetch
// gc from a fresh context (the flag only takes effect in contexts created after it is set).
v8.setFlagsFromString('--expose-gc');
const gcFn = (globalThis as { gc?: () => void }).gc ?? (vm.runInNewContext('gc') as () => void);

/** A full garbage collection, twice (the second one collects what the first one's finalisers freed). */
export function fullGc(): void {
  gcFn();
  gcFn();
}

/** Heap bytes in use after a full collection. */
export function heapUsed(): number {
  fullGc();
  return process.memoryUsage().heapUsed;
}

/** A seeded PRNG in [0, 1) (chainrule/nn's mulberry32), so every system sees the same data. */
export { mulberry32 as rng } from '../../src/nn/index.js';
