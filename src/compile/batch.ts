import { LEAF } from '../ops/layout.js';
import { VARYING, type TapePlan } from './plan.js';
import { instantiate, type WasmLayerKernels } from './wasm-kernels.js';

/**
 * Where each slot lives in a batch's value array: slots that vary over the examples (flag
 * VARYING) get B consecutive numbers (stride 1), the rest one number shared by all (stride 0).
 * The arrays are sized for the largest batch seen; a smaller batch (a partial last batch) only
 * re-lays the offsets in place, so a training loop allocates nothing per batch.
 */
export interface BatchBuffers {
  /** Examples in the current layout. */
  B: number;
  /** Examples the arrays have room for. */
  readonly capacity: number;
  readonly off: Int32Array;
  readonly stride: Uint8Array;
  /** Values: slot s, example k at M[off[s] + k·stride[s]]. */
  readonly M: Float64Array;
  /** Adjoints, same layout; a stride-0 slot's adjoint is the sum over the batch. */
  readonly G: Float64Array;
  /** Offsets of the inputs, params, live leaves and non-param live leaves (−1: feeds no output). */
  readonly inputOff: Int32Array;
  readonly paramOff: Int32Array;
  readonly liveOff: Int32Array;
  readonly otherOff: Int32Array;
  /** paramOff[i] = paramBase + i for every param (schedule.ts puts declared params first), else −1. */
  paramBase: number;
  /** Offset of each dense layer's weight rows (layers.ts weightSlots, same order). */
  readonly rowOff: Int32Array;
  /**
   * The WebAssembly layer kernels whose memory holds M, G and rowOff, or null (JS kernels only).
   * In that memory M starts at byte 0, G `gap` elements later, rowOff at byte `rowOffByte`.
   */
  readonly wasm: WasmLayerKernels | null;
  readonly gap: number;
  readonly rowOffByte: number;
}

/**
 * The batch arrays laid out for B examples: `previous` re-laid in place when it has room,
 * otherwise new arrays. Constants hold their compile-time values.
 */
export function batchBuffers(t: TapePlan, B: number, previous: BatchBuffers | null, wasm: WebAssembly.Module | null): BatchBuffers {
  const buffers = previous !== null && previous.capacity >= B ? previous : allocate(t, B, wasm);
  layOut(t, B, buffers);
  return buffers;
}

function allocate(t: TapePlan, B: number, wasm: WebAssembly.Module | null): BatchBuffers {
  const size = sizeFor(t, B);
  const rows = t.layers.weightSlots.length;
  const arrays = { B, capacity: B, paramBase: -1, off: new Int32Array(t.n), stride: new Uint8Array(t.n),
    inputOff: new Int32Array(t.inputSlots.length), paramOff: new Int32Array(t.paramSlots.length),
    liveOff: new Int32Array(t.liveSlots.length), otherOff: new Int32Array(t.otherSlots.length) };
  if (wasm === null) {
    return { ...arrays, M: new Float64Array(size), G: new Float64Array(size), rowOff: new Int32Array(rows), wasm: null, gap: 0, rowOffByte: 0 };
  }
  // One memory: M, then G (16-byte aligned, as the SIMD loads like), then the row offsets.
  const gap = (size + 1) & ~1;
  const rowOffByte = 16 * gap;
  const kernels = instantiate(wasm, rowOffByte + 4 * rows);
  const buffer = kernels.memory.buffer;
  return {
    ...arrays, M: new Float64Array(buffer, 0, size), G: new Float64Array(buffer, 8 * gap, size),
    rowOff: new Int32Array(buffer, rowOffByte, rows), wasm: kernels, gap, rowOffByte,
  };
}

function sizeFor(t: TapePlan, B: number): number {
  let size = 0;
  for (let s = 0; s < t.n; s++) size += (t.flags[s] & VARYING) !== 0 ? B : 1;
  return size;
}

function layOut(t: TapePlan, B: number, b: BatchBuffers): void {
  const { off, stride, M } = b;
  let size = 0;
  for (let s = 0; s < t.n; s++) {
    off[s] = size;
    const varying = t.flags[s] & VARYING;
    stride[s] = varying;
    size += varying ? B : 1;
  }
  for (let s = 0; s < t.n; s++) if (t.kind[s] === LEAF && stride[s] === 0) M[off[s]] = t.init[s];
  const at = (slots: Int32Array, into: Int32Array) => {
    for (let i = 0; i < slots.length; i++) into[i] = slots[i] >= 0 ? off[slots[i]] : -1;
  };
  at(t.inputSlots, b.inputOff);
  at(t.paramSlots, b.paramOff);
  at(t.liveSlots, b.liveOff);
  at(t.otherSlots, b.otherOff);
  at(t.layers.weightSlots, b.rowOff);
  const base = b.paramOff.length > 0 ? b.paramOff[0] : -1;
  let contiguous = base >= 0;
  for (let i = 0; i < b.paramOff.length && contiguous; i++) contiguous = b.paramOff[i] === base + i;
  b.paramBase = contiguous ? base : -1;
  b.B = B;
}
