import { LEAF } from '../ops/layout.js';
import type { DenseProgram, BoundDense, Scratch } from './dense/program.js';
import type { BatchContext } from './node-kernels.js';
import type { TableFns } from './kernels.js';
import { PARAM, VARYING, type TapePlan } from './plan.js';

/** A tape's float arrays: float64 by default, float32 where compile was asked for it. */
export type Floats = Float64Array | Float32Array;

/** One buffer seen as floats (F) and 32-bit integers (I): the memory the kernels address (emit/ir.ts). */
export interface Memory {
  readonly F: Floats;
  readonly I: Int32Array;
}

/**
 * Where each slot lives in a batch's value array M: first every slot that does not vary over the
 * examples (parameters, constants and what depends only on them: one number each, at offsets that
 * never change), then every varying slot (flag VARYING), B consecutive numbers each. The adjoints G
 * have the same layout `gap` numbers later in the same buffer, which is a WebAssembly memory when
 * the tape's dense layers run there (dense/program.ts). The buffer is sized for the largest batch
 * seen; a smaller batch (a partial last batch) only re-lays the varying offsets, so a training loop
 * allocates nothing per batch. Room for a trainer's arrays may be reserved after G (`reserve`).
 */
export interface BatchBuffers {
  /** Examples in the current layout. */
  B: number;
  /** Examples the arrays have room for. */
  readonly capacity: number;
  readonly off: Int32Array;
  readonly stride: Uint8Array;
  /** Values: slot s, example k at M[off[s] + k·stride[s]]. */
  readonly M: Floats;
  /** Adjoints, same layout; a stride-0 slot's adjoint is the sum over the batch. */
  readonly G: Floats;
  /** The whole buffer; M is F[0 …), G is F[gap …). */
  readonly mem: Memory;
  readonly gap: number;
  /** Offsets of the inputs, params, live leaves and non-param live leaves (−1: feeds no output). */
  readonly inputOff: Int32Array;
  readonly paramOff: Int32Array;
  readonly liveOff: Int32Array;
  readonly otherOff: Int32Array;
  /** paramOff[i] = paramBase + i for every param (schedule.ts puts declared params first), else −1. */
  readonly paramBase: number;
  /** Where the reserved floats start in F, and the reserved int32s in I (see batchBuffers). */
  readonly reservedF: number;
  readonly reservedI: number;
  /** ∂W's scratch (dense/program.ts): transposed inputs in F, the row table in I. */
  readonly scratch: Scratch;
  /** The room reserved after G (see batchBuffers). */
  readonly reserve: Reserve;
  /** The dense layers' kernels, bound to this buffer. */
  readonly dense: readonly BoundDense[];
  /** The WebAssembly memory holding the buffer, or null (a plain ArrayBuffer: the JavaScript kernels). */
  readonly wasmMemory: WebAssembly.Memory | null;
  /** What the node kernels read (node-kernels.ts). */
  readonly ctx: BatchContext;
}

/** Room a trainer asks for after G: floats and int32s. */
export interface Reserve {
  readonly floats: number;
  readonly ints: number;
}

const NO_RESERVE: Reserve = { floats: 0, ints: 0 };

/**
 * The batch arrays laid out for B examples: `previous` re-laid in place when it has room (and the
 * same reserve), otherwise new arrays. Constants hold their compile-time values.
 */
export function batchBuffers(t: TapePlan, B: number, previous: BatchBuffers | null, program: DenseProgram, table: TableFns, reserve: Reserve = NO_RESERVE): BatchBuffers {
  const fits = previous !== null && previous.capacity >= B && previous.reserve.floats >= reserve.floats && previous.reserve.ints >= reserve.ints;
  const buffers = fits ? previous : allocate(t, Math.max(B, previous?.capacity ?? 0), program, table, reserve);
  layOut(t, B, buffers, program);
  return buffers;
}

/** Numbers in M (and in G) for `capacity` examples. */
function sizeFor(program: DenseProgram, capacity: number): number {
  return program.layout.shared + program.layout.varying * capacity;
}

function allocate(t: TapePlan, capacity: number, program: DenseProgram, table: TableFns, reserve: Reserve): BatchBuffers {
  const size = sizeFor(program, capacity);
  // M, G, ∂W's transposed inputs, the reserved floats, each 16-byte aligned (vectors load faster
  // so); then the int32s: ∂W's row table, the reserved ones.
  const align = (n: number) => (n + 3) & ~3;
  const gap = align(size);
  const T = align(gap + size);
  const reservedF = align(T + program.widest * capacity);
  const floats = align(reservedF + reserve.floats);
  const rows = (floats * program.bytesPerFloat) / 4;
  const reservedI = rows + capacity;
  const bytes = (4 * (reservedI + reserve.ints) + 7) & ~7;
  const scratch = { T, rows };
  const { mem, dense, wasmMemory } = program.memory(bytes, scratch);
  const F = mem.F;
  const off = new Int32Array(t.n);
  const stride = new Uint8Array(t.n);
  const ctx: BatchContext = {
    argStart: t.argStart, args: t.args, argFlags: t.argFlags, ops: t.ops, off, stride, B: capacity, mask: PARAM,
    forward: table.forward, local: table.local, forwardAll: table.forwardAll, localShared: table.localShared, scratch: table.scratch, units: t.units.list,
  };
  return {
    B: capacity, capacity, paramBase: -1, reserve, wasmMemory, off, stride, ctx,
    inputOff: new Int32Array(t.inputSlots.length), paramOff: new Int32Array(t.paramSlots.length),
    liveOff: new Int32Array(t.liveSlots.length), otherOff: new Int32Array(t.otherSlots.length),
    M: F.subarray(0, size), G: F.subarray(gap, gap + size), mem, gap, reservedF, reservedI, scratch, dense,
  };
}

function layOut(t: TapePlan, B: number, b: BatchBuffers, program: DenseProgram): void {
  const { off, stride, M } = b;
  const { shared, rank, constants } = program.layout;
  for (let s = 0; s < t.n; s++) {
    const varying = t.flags[s] & VARYING;
    stride[s] = varying;
    off[s] = varying ? shared + rank[s] * B : rank[s];
  }
  // Constants hold their compile-time values (live leaves are loaded by each run, or by a trainer).
  for (let i = 0; i < constants.length; i++) M[off[constants[i]]] = t.init[constants[i]];
  const at = (slots: Int32Array, into: Int32Array) => {
    for (let i = 0; i < slots.length; i++) into[i] = slots[i] >= 0 ? off[slots[i]] : -1;
  };
  at(t.inputSlots, b.inputOff);
  at(t.paramSlots, b.paramOff);
  at(t.liveSlots, b.liveOff);
  at(t.otherSlots, b.otherOff);
  const base = b.paramOff.length > 0 ? b.paramOff[0] : -1;
  let contiguous = base >= 0;
  for (let i = 0; i < b.paramOff.length && contiguous; i++) contiguous = b.paramOff[i] === base + i;
  (b as { paramBase: number }).paramBase = contiguous ? base : -1;
  b.B = B;
  b.ctx.B = B;
}

/**
 * Each slot's rank among the slots that share its stride (stride-0 ones first, then the varying
 * ones), and how many there are of each: the batch layout of every B (see BatchBuffers).
 */
export interface SlotLayout {
  readonly rank: Int32Array;
  /** Stride-0 slots (M[0 … shared)), rounded up so the varying block starts 16-byte aligned. */
  readonly shared: number;
  readonly varying: number;
  /** The shared leaves that are constants (not inputs, not live leaves). */
  readonly constants: Int32Array;
}

export function slotLayout(t: TapePlan): SlotLayout {
  const rank = new Int32Array(t.n);
  let shared = 0;
  let varying = 0;
  for (let s = 0; s < t.n; s++) rank[s] = (t.flags[s] & VARYING) !== 0 ? varying++ : shared++;
  const live = new Uint8Array(t.n);
  for (const s of t.liveSlots) live[s] = 1;
  const constants: number[] = [];
  for (let s = 0; s < t.firstOp; s++) if (t.kind[s] === LEAF && (t.flags[s] & VARYING) === 0 && live[s] === 0) constants.push(s);
  return { rank, shared: (shared + 3) & ~3, varying, constants: Int32Array.from(constants) };
}
