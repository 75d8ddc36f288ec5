import { execFileSync } from 'node:child_process';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { expectClose } from '../helpers/compile-close.js';

// Relaxed SIMD's fused multiply-add is probed once and used by the dense kernels where the runtime
// has it (Node 22+, browsers; Node 20 behind a flag). Each path runs in a child process: one with
// the flag (FMA on where asked for), one without (never on).

interface Seen {
  readonly fma: boolean;
  readonly wasm: boolean;
  readonly outs: number[];
  readonly grads: number[];
}
interface Report {
  readonly on: Seen;
  readonly off: Seen;
  readonly trained: { losses: number[]; weights: number[] };
}

function child(flags: string[]): Report {
  const script = join(__dirname, 'fixtures', 'fma-run.ts');
  const out = execFileSync(process.execPath, [...flags, '--import', 'tsx', script], { encoding: 'utf8', cwd: join(__dirname, '..', '..') });
  return JSON.parse(out) as Report;
}

const major = Number(process.versions.node.split('.')[0]);

describe('fused multiply-add (relaxed SIMD)', () => {
  const withFma = child(major < 22 ? ['--experimental-wasm-relaxed-simd'] : []);
  const withoutFma = major < 22 ? child([]) : null;

  it('is used where the runtime has it, and not when compile is told fma: false', () => {
    expect(withFma.on.wasm).toBe(true);
    expect(withFma.on.fma).toBe(true);
    expect(withFma.off.fma).toBe(false);
  });

  it('gives the same values and gradients as without it, within 1e-12 (each product-sum rounds once instead of twice)', () => {
    const scale = Math.max(1, ...withFma.off.grads.map(Math.abs));
    withFma.on.outs.forEach((o, k) => expectClose(o, withFma.off.outs[k]));
    withFma.on.grads.forEach((g, i) => expectClose(g, withFma.off.grads[i], 1e-12, scale));
  });

  it.runIf(major < 22)('is not used on Node 20 without the flag, where the kernels are those of fma: false, bit for bit', () => {
    expect(withoutFma!.on.fma).toBe(false);
    expect(withoutFma!.on).toEqual(withFma.off);
  });

  it.runIf(major < 22)('the fused training step runs on FMA kernels too, and trains as without them (to rounding)', () => {
    const a = withFma.trained, b = withoutFma!.trained;
    a.losses.forEach((l, i) => expectClose(l, b.losses[i], 1e-9));
    a.weights.forEach((w, i) => expectClose(w, b.weights[i], 1e-9, 1));
  });
});
