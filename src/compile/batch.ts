import type { TapeLayout } from './tape.js';

/**
 * Where each slot lives in a batch's value array: slots that vary over the examples (flag
 * VARYING) get B consecutive numbers (stride 1), the rest one number shared by all (stride 0).
 * Made once per batch size and reused, so a training loop allocates nothing per batch.
 */
export interface BatchBuffers {
  readonly B: number;
  readonly off: Int32Array;
  readonly stride: Uint8Array;
  /** Values: slot s, example k at M[off[s] + k·stride[s]]. */
  readonly M: Float64Array;
  /** Adjoints, same layout; a stride-0 slot's adjoint is the sum over the batch. */
  readonly G: Float64Array;
  /** The outputs of the last batch run in these buffers, row-major (example k's output o at k · outputs + o). */
  readonly out: Float64Array;
  /** Offsets of the inputs, params, live leaves and non-param live leaves (−1: feeds no output). */
  readonly inputOff: Int32Array;
  readonly paramOff: Int32Array;
  readonly liveOff: Int32Array;
  readonly otherOff: Int32Array;
}

/** Lays out the batch arrays for B examples; constants start at their compile-time values. */
export function batchBuffers(t: TapeLayout, B: number): BatchBuffers {
  const off = new Int32Array(t.n);
  const stride = new Uint8Array(t.n);
  let size = 0;
  for (let s = 0; s < t.n; s++) {
    off[s] = size;
    const varying = t.flags[s] & 1;
    stride[s] = varying;
    size += varying ? B : 1;
  }
  const M = new Float64Array(size);
  for (let s = 0; s < t.n; s++) if (t.kind[s] === 0 && stride[s] === 0) M[off[s]] = t.init[s];
  const at = (slots: Int32Array) => slots.map((s) => (s >= 0 ? off[s] : -1));
  return {
    B, off, stride, M, G: new Float64Array(size), out: new Float64Array(B * t.outputSlots.length),
    inputOff: at(t.inputSlots), paramOff: at(t.paramSlots), liveOff: at(t.liveSlots), otherOff: at(t.otherSlots),
  };
}
