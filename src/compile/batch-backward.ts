import type { Floats } from './batch.js';

/**
 * The backward node kernels of a batch: each adds one node's adjoints into its operands', over
 * the B examples. Self-contained (cloned per opcode by codegen.ts). A stride-0 operand (a shared
 * weight) receives the sum over the batch.
 */

export function unaryBackward(st: number, end: number, oy: number, cnt: number, args: Int32Array, argFlags: Uint8Array, off: Int32Array, stride: Uint8Array, mask: number, M: Floats, G: Floats, l: (i: number, a: number, b: number, y: number) => number): void {
  if ((argFlags[st] & mask) === 0) return;
  const oa = off[args[st]];
  const sa = stride[args[st]];
  for (let k = 0; k < cnt; k++) G[oa + k * sa] += G[oy + k] * l(0, M[oa + k * sa], 0, M[oy + k]);
}

export function binaryBackward(st: number, end: number, oy: number, cnt: number, args: Int32Array, argFlags: Uint8Array, off: Int32Array, stride: Uint8Array, mask: number, M: Floats, G: Floats, l: (i: number, a: number, b: number, y: number) => number): void {
  const needA = (argFlags[st] & mask) !== 0;
  const needB = (argFlags[st + 1] & mask) !== 0;
  const oa = off[args[st]];
  const sa = stride[args[st]];
  const ob = off[args[st + 1]];
  const sb = stride[args[st + 1]];
  for (let k = 0; k < cnt; k++) {
    const g = G[oy + k];
    const y = M[oy + k];
    const va = M[oa + k * sa];
    const vb = M[ob + k * sb];
    if (needA) G[oa + k * sa] += g * l(0, va, vb, y);
    if (needB) G[ob + k * sb] += g * l(1, va, vb, y);
  }
}

export function sumBackward(st: number, end: number, oy: number, cnt: number, args: Int32Array, argFlags: Uint8Array, off: Int32Array, stride: Uint8Array, mask: number, M: Floats, G: Floats, l: (i: number, a: number, b: number, y: number) => number): void {
  for (let j = st; j < end; j++) {
    if ((argFlags[j] & mask) === 0) continue;
    const oa = off[args[j]];
    const sa = stride[args[j]];
    for (let k = 0; k < cnt; k++) G[oa + k * sa] += G[oy + k] * l(0, M[oa + k * sa], 0, M[oy + k]);
  }
}

/** dot backward; a shared weight's adjoint is summed over the batch in a register, then added once. */
export function dotBackward(st: number, end: number, oy: number, cnt: number, args: Int32Array, argFlags: Uint8Array, off: Int32Array, stride: Uint8Array, mask: number, M: Floats, G: Floats, l: (i: number, a: number, b: number, y: number) => number, shape: number): void {
  const m = (end - st) >> 1;
  for (let j = st; j < st + m; j++) {
    const needA = (argFlags[j] & mask) !== 0;
    const needB = (argFlags[j + m] & mask) !== 0;
    const oa = off[args[j]];
    const sa = stride[args[j]];
    const ob = off[args[j + m]];
    const sb = stride[args[j + m]];
    if (sa === 0 && sb === 1) {
      const va = M[oa];
      let ga = 0;
      for (let k = 0; k < cnt; k++) {
        const g = G[oy + k];
        const y = M[oy + k];
        const vb = M[ob + k];
        if (needA) ga += g * l(0, va, vb, y);
        if (needB) G[ob + k] += g * l(1, va, vb, y);
      }
      if (needA) G[oa] += ga;
    } else {
      for (let k = 0; k < cnt; k++) {
        const g = G[oy + k];
        const y = M[oy + k];
        const va = M[oa + k * sa];
        const vb = M[ob + k * sb];
        if (needA) G[oa + k * sa] += g * l(0, va, vb, y);
        if (needB) G[ob + k * sb] += g * l(1, va, vb, y);
      }
    }
  }
}

/** A neuron-shaped dot's backward (see batch-kernels.ts dotForwardNeuron), blocked over examples. */
export function dotBackwardNeuron(st: number, end: number, oy: number, cnt: number, args: Int32Array, argFlags: Uint8Array, off: Int32Array, stride: Uint8Array, mask: number, M: Floats, G: Floats, l: (i: number, a: number, b: number, y: number) => number, shape: number): void {
  const m = (end - st) >> 1;
  const oa0 = off[args[st]];
  const ob0 = off[args[st + m]];
  // Shared, evenly spaced weights over evenly spaced per-example values (see dotForward): four
  // examples at a time, their adjoints and outputs held in registers across the terms.
  let k = 0;
  for (; k + 4 <= cnt; k += 4) {
    const g0 = G[oy + k], g1 = G[oy + k + 1], g2 = G[oy + k + 2], g3 = G[oy + k + 3];
    const y0 = M[oy + k], y1 = M[oy + k + 1], y2 = M[oy + k + 2], y3 = M[oy + k + 3];
    for (let j = 0, o = ob0 + k; j < m; j++, o += cnt) {
      const va = M[oa0 + j];
      const v0 = M[o], v1 = M[o + 1], v2 = M[o + 2], v3 = M[o + 3];
      if ((argFlags[st + j] & mask) !== 0) {
        G[oa0 + j] += g0 * l(0, va, v0, y0) + g1 * l(0, va, v1, y1) + g2 * l(0, va, v2, y2) + g3 * l(0, va, v3, y3);
      }
      if ((argFlags[st + m + j] & mask) !== 0) {
        G[o] += g0 * l(1, va, v0, y0);
        G[o + 1] += g1 * l(1, va, v1, y1);
        G[o + 2] += g2 * l(1, va, v2, y2);
        G[o + 3] += g3 * l(1, va, v3, y3);
      }
    }
  }
  for (; k + 2 <= cnt; k += 2) {
    const g0 = G[oy + k], g1 = G[oy + k + 1];
    const y0 = M[oy + k], y1 = M[oy + k + 1];
    for (let j = 0, o = ob0 + k; j < m; j++, o += cnt) {
      const va = M[oa0 + j];
      const v0 = M[o], v1 = M[o + 1];
      if ((argFlags[st + j] & mask) !== 0) G[oa0 + j] += g0 * l(0, va, v0, y0) + g1 * l(0, va, v1, y1);
      if ((argFlags[st + m + j] & mask) !== 0) {
        G[o] += g0 * l(1, va, v0, y0);
        G[o + 1] += g1 * l(1, va, v1, y1);
      }
    }
  }
  for (; k < cnt; k++) {
    const g = G[oy + k];
    const y = M[oy + k];
    for (let j = 0, o = ob0 + k; j < m; j++, o += cnt) {
      const va = M[oa0 + j];
      const vb = M[o];
      if ((argFlags[st + j] & mask) !== 0) G[oa0 + j] += g * l(0, va, vb, y);
      if ((argFlags[st + m + j] & mask) !== 0) G[o] += g * l(1, va, vb, y);
    }
  }
}

/**
 * A first layer's dot backward (DOT_FIRST_LAYER, batch mask PARAM): only the weights get adjoints, so
 * no per-term checks; four examples at a time, g_k·x_jk summed in registers.
 */
export function dotBackwardFirstLayer(st: number, end: number, oy: number, cnt: number, args: Int32Array, argFlags: Uint8Array, off: Int32Array, stride: Uint8Array, mask: number, M: Floats, G: Floats, l: (i: number, a: number, b: number, y: number) => number, shape: number): void {
  const m = (end - st) >> 1;
  const oa = off[args[st]];
  const ob = off[args[st + m]];
  let k = 0;
  for (; k + 4 <= cnt; k += 4) {
    const g0 = G[oy + k], g1 = G[oy + k + 1], g2 = G[oy + k + 2], g3 = G[oy + k + 3];
    const y0 = M[oy + k], y1 = M[oy + k + 1], y2 = M[oy + k + 2], y3 = M[oy + k + 3];
    for (let j = 0, o = ob + k; j < m; j++, o += cnt) {
      const w = M[oa + j];
      G[oa + j] += g0 * l(0, w, M[o], y0) + g1 * l(0, w, M[o + 1], y1) + g2 * l(0, w, M[o + 2], y2) + g3 * l(0, w, M[o + 3], y3);
    }
  }
  for (; k < cnt; k++) {
    const g = G[oy + k];
    const y = M[oy + k];
    for (let j = 0, o = ob + k; j < m; j++, o += cnt) G[oa + j] += g * l(0, M[oa + j], M[o], y);
  }
}
