/**
 * The forward node kernels of a batch (batch-sweeps.ts calls them; see kernels.ts for the
 * self-containment rule: codegen.ts clones each node kernel per opcode from its source text).
 */
import type { Scratch } from './kernels.js';
import type { Floats } from './batch.js';

/** A batch kernel for one node's forward: writes slot y's cnt values (see batch-sweeps.ts). */
export type NodeForward = (
  st: number, end: number, oy: number, cnt: number, args: Int32Array, off: Int32Array, stride: Uint8Array,
  M: Floats, f: (a: number, b: number) => number, shape: number,
  fa: ((values: ArrayLike<number>) => number) | undefined, XS: Scratch,
) => void;

/** A batch kernel for one node's backward: adds its adjoints into its operands' (see batch-sweeps.ts). */
export type NodeBackward = (
  st: number, end: number, oy: number, cnt: number, args: Int32Array, argFlags: Uint8Array, off: Int32Array,
  stride: Uint8Array, mask: number, M: Floats, G: Floats, l: (i: number, a: number, b: number, y: number) => number, shape: number,
) => void;

// Node kernels per kind. y's cnt values are M[oy … oy + cnt); operand k-th value M[o + k·stride].

export function unaryForward(st: number, end: number, oy: number, cnt: number, args: Int32Array, off: Int32Array, stride: Uint8Array, M: Floats, f: (a: number, b: number) => number, shape: number): void {
  const oa = off[args[st]];
  const sa = stride[args[st]];
  for (let k = 0; k < cnt; k++) M[oy + k] = f(M[oa + k * sa], 0);
}

export function binaryForward(st: number, end: number, oy: number, cnt: number, args: Int32Array, off: Int32Array, stride: Uint8Array, M: Floats, f: (a: number, b: number) => number, shape: number): void {
  const oa = off[args[st]];
  const sa = stride[args[st]];
  const ob = off[args[st + 1]];
  const sb = stride[args[st + 1]];
  for (let k = 0; k < cnt; k++) M[oy + k] = f(M[oa + k * sa], M[ob + k * sb]);
}

/** sum: y_k = Σ_j a_j,k, terms added in order as in the graph (f is the table's term). */
export function sumForward(st: number, end: number, oy: number, cnt: number, args: Int32Array, off: Int32Array, stride: Uint8Array, M: Floats, f: (a: number, b: number) => number, shape: number): void {
  for (let k = 0; k < cnt; k++) M[oy + k] = 0;
  for (let j = st; j < end; j++) {
    const oa = off[args[j]];
    const sa = stride[args[j]];
    for (let k = 0; k < cnt; k++) M[oy + k] += f(M[oa + k * sa], 0);
  }
}

/** An op with forwardAll (logsumexp): per example, the operands gathered into XS[m], then fa(XS[m]). */
export function allForward(st: number, end: number, oy: number, cnt: number, args: Int32Array, off: Int32Array, stride: Uint8Array, M: Floats, f: (a: number, b: number) => number, shape: number, fa: ((values: ArrayLike<number>) => number) | undefined, XS: readonly Float64Array[]): void {
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
export function dotForward(st: number, end: number, oy: number, cnt: number, args: Int32Array, off: Int32Array, stride: Uint8Array, M: Floats, f: (a: number, b: number) => number, shape: number): void {
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
 * A neuron-shaped dot (plan.ts DOT_NEURON): shared weights at M[oa … oa + m), example k's inputs
 * at M[ob + j·cnt + k]. Each example's sum runs in a register over the terms, four examples at a
 * time, like a hand-written matrix–vector product; terms are added in order, as in the graph.
 */
export function dotForwardNeuron(st: number, end: number, oy: number, cnt: number, args: Int32Array, off: Int32Array, stride: Uint8Array, M: Floats, f: (a: number, b: number) => number, shape: number): void {
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
