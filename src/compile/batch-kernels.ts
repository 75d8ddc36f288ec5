/**
 * The batch sweeps and the forward node kernels (see kernels.ts for the self-containment rule:
 * codegen.ts clones each node kernel per opcode from its source text).
 */
import type { ForwardAllFns, ForwardFns, LocalFns, Scratch } from './kernels.js';
import type { layerBackwardInputs, layerBackwardWeights, layerForward } from './layer-kernels.js';
import { NEEDS_W, NEEDS_X, type TapeLayers } from './layers.js';

/** A batch kernel for one node's forward: writes slot y's cnt values (see batchForward). */
export type NodeForward = (
  st: number, end: number, oy: number, cnt: number, args: Int32Array, off: Int32Array, stride: Uint8Array,
  M: Float64Array, f: (a: number, b: number) => number, run: number,
  fa: ((values: ArrayLike<number>) => number) | undefined, XS: Scratch,
) => void;

/** A batch kernel for one node's backward: adds its adjoints into its operands' (see batchBackward). */
export type NodeBackward = (
  st: number, end: number, oy: number, cnt: number, args: Int32Array, argFlags: Uint8Array, off: Int32Array,
  stride: Uint8Array, mask: number, M: Float64Array, G: Float64Array, l: (i: number, a: number, b: number, y: number) => number, run: number,
) => void;

/** A tape's dense layers (layers.ts) with their kernels per opcode and this batch's row offsets. */
export interface LayerRun {
  readonly layers: TapeLayers;
  readonly rowOff: Int32Array;
  readonly forward: readonly (typeof layerForward)[];
  readonly backwardWeights: readonly (typeof layerBackwardWeights)[];
  readonly backwardInputs: readonly (typeof layerBackwardInputs)[];
}

/**
 * A batch of B examples. Slot s occupies M[off[s] … off[s] + cnt) with cnt = B when it varies
 * over the batch (stride 1) and 1 when it does not (stride 0: parameters, constants and what
 * depends only on them, computed once). Operand k of an example is M[off[a] + k·stride[a]], so the
 * inner loops run over the batch, and a dot with shared weights is a tight loop over examples.
 * KF[op] is the node kernel for the opcode (one per op, so each calls a single table function);
 * KFR[op] the one for neuron-shaped dot nodes (runs[s] = 1).
 */
export function batchForward(
  firstOp: number, n: number, ops: Uint8Array, argStart: Int32Array, args: Int32Array, runs: Uint8Array,
  off: Int32Array, stride: Uint8Array, B: number, M: Float64Array, FW: ForwardFns, KF: readonly NodeForward[],
  KFR: readonly NodeForward[], FA: ForwardAllFns, XS: Scratch, L: LayerRun,
): void {
  const { layers, rowOff } = L;
  for (let s = firstOp; s < n; s++) {
    const op = ops[s];
    const layer = layers.startsAt[s] - 1;
    if (layer >= 0) {
      // A dense layer: all its dots at once, as one matrix product (layer-kernels.ts).
      const R = layers.rows[layer];
      L.forward[op](rowOff, layers.rowStart[layer], R, layers.width[layer], off[layers.inputSlot[layer]], off[s], B, M, FW[op]);
      s += R - 1;
      continue;
    }
    (runs[s] === 0 ? KF : KFR)[op](argStart[s], argStart[s + 1], off[s], stride[s] === 0 ? 1 : B, args, off, stride, M, FW[op], runs[s], FA[op], XS);
  }
}

/**
 * A batch, reverse sweep. The adjoint of a stride-0 slot is one number that every example adds
 * into, so a shared weight's gradient comes out summed over the batch in the same pass.
 */
export function batchBackward(
  firstOp: number, n: number, ops: Uint8Array, argStart: Int32Array, args: Int32Array, argFlags: Uint8Array, runs: Uint8Array,
  off: Int32Array, stride: Uint8Array, flags: Uint8Array, mask: number, B: number,
  M: Float64Array, G: Float64Array, LO: LocalFns, KB: readonly NodeBackward[], KBR: readonly NodeBackward[],
  KB1: readonly NodeBackward[], L: LayerRun,
): void {
  const { layers, rowOff } = L;
  for (let s = n - 1; s >= firstOp; s--) {
    const layer = layers.endsAt[s] - 1;
    if (layer >= 0 && mask === 2) {
      // A dense layer (needs are for mask PARAM, the only one a batch uses), first dot at s − R + 1.
      const R = layers.rows[layer];
      const first = s - R + 1;
      const op = ops[first];
      const args = [rowOff, layers.rowStart[layer], R, layers.width[layer], off[layers.inputSlot[layer]], off[first], B, M, G, LO[op]] as const;
      if ((layers.needs[layer] & NEEDS_W) !== 0) L.backwardWeights[op](...args);
      if ((layers.needs[layer] & NEEDS_X) !== 0) L.backwardInputs[op](...args);
      s = first;
      continue;
    }
    if ((flags[s] & mask) === 0) continue;
    const op = ops[s];
    const r = runs[s];
    // runs 2 (a first layer) needs mask PARAM, the only one a batch uses.
    (r === 0 ? KB : r === 2 && mask === 2 ? KB1 : KBR)[op](argStart[s], argStart[s + 1], off[s], stride[s] === 0 ? 1 : B, args, argFlags, off, stride, mask, M, G, LO[op], runs[s]);
  }
}

// Node kernels per kind. y's cnt values are M[oy … oy + cnt); operand k-th value M[o + k·stride].

export function unaryForward(st: number, end: number, oy: number, cnt: number, args: Int32Array, off: Int32Array, stride: Uint8Array, M: Float64Array, f: (a: number, b: number) => number, run: number): void {
  const oa = off[args[st]];
  const sa = stride[args[st]];
  for (let k = 0; k < cnt; k++) M[oy + k] = f(M[oa + k * sa], 0);
}

export function binaryForward(st: number, end: number, oy: number, cnt: number, args: Int32Array, off: Int32Array, stride: Uint8Array, M: Float64Array, f: (a: number, b: number) => number, run: number): void {
  const oa = off[args[st]];
  const sa = stride[args[st]];
  const ob = off[args[st + 1]];
  const sb = stride[args[st + 1]];
  for (let k = 0; k < cnt; k++) M[oy + k] = f(M[oa + k * sa], M[ob + k * sb]);
}

/** sum: y_k = Σ_j a_j,k, terms added in order as in the graph (f is the table's term). */
export function sumForward(st: number, end: number, oy: number, cnt: number, args: Int32Array, off: Int32Array, stride: Uint8Array, M: Float64Array, f: (a: number, b: number) => number, run: number): void {
  for (let k = 0; k < cnt; k++) M[oy + k] = 0;
  for (let j = st; j < end; j++) {
    const oa = off[args[j]];
    const sa = stride[args[j]];
    for (let k = 0; k < cnt; k++) M[oy + k] += f(M[oa + k * sa], 0);
  }
}

/** An op with forwardAll (logsumexp): per example, the operands gathered into XS[m], then fa(XS[m]). */
export function allForward(st: number, end: number, oy: number, cnt: number, args: Int32Array, off: Int32Array, stride: Uint8Array, M: Float64Array, f: (a: number, b: number) => number, run: number, fa: ((values: ArrayLike<number>) => number) | undefined, XS: readonly Float64Array[]): void {
  const m = end - st;
  const X = XS[m];
  for (let k = 0; k < cnt; k++) {
    for (let j = 0; j < m; j++) {
      const a = args[st + j];
      X[j] = M[off[a] + k * stride[a]];
    }
    M[oy + k] = fa!(X);
  }
}

/** dot: y_k = Σ_j f(a_j,k, b_j,k), inputs [a_0 … a_m−1, b_0 … b_m−1], terms added in order. */
export function dotForward(st: number, end: number, oy: number, cnt: number, args: Int32Array, off: Int32Array, stride: Uint8Array, M: Float64Array, f: (a: number, b: number) => number, run: number): void {
  const m = (end - st) >> 1;
  for (let k = 0; k < cnt; k++) M[oy + k] = 0;
  for (let j = st; j < st + m; j++) {
    const oa = off[args[j]];
    const sa = stride[args[j]];
    const ob = off[args[j + m]];
    const sb = stride[args[j + m]];
    if (sa === 0 && sb === 1) {
      const va = M[oa]; // a shared weight times a per-example value: the neuron's case
      for (let k = 0; k < cnt; k++) M[oy + k] += f(va, M[ob + k]);
    } else {
      for (let k = 0; k < cnt; k++) M[oy + k] += f(M[oa + k * sa], M[ob + k * sb]);
    }
  }
}

/**
 * A neuron-shaped dot (compile.ts dotRuns): shared weights at M[oa … oa + m), example k's inputs
 * at M[ob + j·cnt + k]. Each example's sum runs in a register over the terms, four examples at a
 * time, like a hand-written matrix–vector product; terms are added in order, as in the graph.
 */
export function dotForwardRun(st: number, end: number, oy: number, cnt: number, args: Int32Array, off: Int32Array, stride: Uint8Array, M: Float64Array, f: (a: number, b: number) => number, run: number): void {
  const m = (end - st) >> 1;
  const oa = off[args[st]];
  const ob = off[args[st + m]];
  let k = 0;
  for (; k + 4 <= cnt; k += 4) {
    // Four examples at a time: each weight is loaded once for four sums held in registers.
    let y0 = 0, y1 = 0, y2 = 0, y3 = 0;
    for (let j = 0, o = ob + k; j < m; j++, o += cnt) {
      const w = M[oa + j];
      y0 += f(w, M[o]);
      y1 += f(w, M[o + 1]);
      y2 += f(w, M[o + 2]);
      y3 += f(w, M[o + 3]);
    }
    M[oy + k] = y0;
    M[oy + k + 1] = y1;
    M[oy + k + 2] = y2;
    M[oy + k + 3] = y3;
  }
  for (; k + 2 <= cnt; k += 2) {
    let y0 = 0, y1 = 0;
    for (let j = 0, o = ob + k; j < m; j++, o += cnt) {
      const w = M[oa + j];
      y0 += f(w, M[o]);
      y1 += f(w, M[o + 1]);
    }
    M[oy + k] = y0;
    M[oy + k + 1] = y1;
  }
  if (k < cnt) {
    let y = 0;
    for (let j = 0, o = ob + k; j < m; j++, o += cnt) y += f(M[oa + j], M[o]);
    M[oy + k] = y;
  }
}
