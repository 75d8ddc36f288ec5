import { F64, loadV, madd, set, storeF, get, type Kernel } from './ir.js';
import { wasmModuleBytes } from './wasm.js';

/**
 * What this runtime's WebAssembly can do, probed once each by compiling a small module (a runtime
 * without WebAssembly, or a page whose Content Security Policy refuses it, has neither).
 */

let simd: boolean | undefined;
let relaxed: boolean | undefined;

/** Kernels to probe with: a vector load and store, and a vector fused multiply-add. */
const probe = (fma: boolean): Kernel => ({
  name: 'probe',
  params: [{ name: 'p', ty: 'ptr' }],
  locals: [{ name: 'v', ty: 'v' }],
  body: [set('v', loadV(get('p'))), set('v', madd(get('v'), get('v'), get('v'))), storeF(get('p'), get('v'))],
  ...(fma ? {} : {}),
});

function compiles(fma: boolean): boolean {
  if (typeof WebAssembly !== 'object' || WebAssembly === null) return false;
  try {
    new WebAssembly.Module(wasmModuleBytes([probe(fma)], { ...F64, fma }));
    return true;
  } catch {
    return false;
  }
}

/** True when WebAssembly with SIMD compiles here (checked once; `typeof WebAssembly` on every call, so a page that removes it is seen). */
export function wasmSimd(): boolean {
  if (typeof WebAssembly !== 'object' || WebAssembly === null) return false;
  return (simd ??= compiles(false));
}

/**
 * True when relaxed SIMD's fused multiply-add compiles here (Node 22+, current browsers; Node 20
 * behind --experimental-wasm-relaxed-simd). Checked once.
 */
export function wasmFma(): boolean {
  return wasmSimd() && (relaxed ??= compiles(true));
}
