import type { BatchBuffers } from './batch.js';
import type { Kernels } from './codegen.js';
import type { TableFns } from './kernels.js';
import { NEEDS_W, NEEDS_X } from './layers.js';
import { DOT_ANY, DOT_FIRST_LAYER, PARAM, type TapePlan } from './plan.js';

/**
 * The batch sweeps: B examples at once, one node (or one dense layer) at a time. Slot s occupies
 * M[off[s] … off[s] + cnt) with cnt = B when it varies over the batch (stride 1) and 1 when it does
 * not (stride 0: parameters, constants and what depends only on them, computed once). Operand k of
 * an example is M[off[a] + k·stride[a]], so the inner loops run over the batch.
 *
 * Each node runs the kernel for its opcode (one per op, so each calls a single table function):
 * neuron-shaped dots their register-blocked kernels, and a run of dots over the same inputs (a
 * dense layer, layers.ts) one matrix product instead of one kernel per dot — on the WebAssembly
 * SIMD kernels (wasm-kernels.ts) when the batch arrays live in their memory and the shape fits
 * their tiles, else on the JavaScript ones.
 */
export function batchForward(plan: TapePlan, batch: BatchBuffers, k: Kernels, table: TableFns): void {
  const { firstOp, n, ops, argStart, args, dotShape, layers } = plan;
  const { off, stride, M, B, rowOff } = batch;
  const { forward, forwardAll, scratch } = table;
  for (let s = firstOp; s < n; s++) {
    const op = ops[s];
    const layer = layers.startsAt[s] - 1;
    if (layer >= 0) {
      const rows = layers.rows[layer], w = layers.rowStart[layer], m = layers.width[layer], ox = off[layers.inputSlot[layer]], oy = off[s];
      // WebAssembly takes whole 4 × 4 tiles (rows and examples in fours); JavaScript the rest.
      const K = B & ~3;
      const done = batch.wasm !== null && layers.product[layer] === 1 && K > 0 ? rows & ~3 : 0;
      if (done > 0) {
        batch.wasm!.forward(batch.rowOffByte + 4 * w, done, m, ox, oy, B, K);
        if (K < B) k.layerForward[op](rowOff, w, done, m, ox, oy, B, M, forward[op], K);
      }
      if (done < rows) k.layerForward[op](rowOff, w + done, rows - done, m, ox, oy + done * B, B, M, forward[op], 0);
      s += rows - 1;
      continue;
    }
    const shape = dotShape[s];
    const kernel = shape === DOT_ANY ? k.nodeForward[op] : k.neuronForward[op];
    kernel(argStart[s], argStart[s + 1], off[s], stride[s] === 0 ? 1 : B, args, off, stride, M, forward[op], shape, forwardAll[op], scratch);
  }
}

/**
 * The batch reverse sweep, for the parameter gradients (operands flagged PARAM). The adjoint of a
 * stride-0 slot is one number every example adds into, so a shared weight's gradient comes out
 * summed over the batch in the same pass.
 */
export function batchBackward(plan: TapePlan, batch: BatchBuffers, k: Kernels, table: TableFns): void {
  const { firstOp, n, ops, argStart, args, argFlags, dotShape, flags, layers } = plan;
  const { off, stride, M, G, B, rowOff } = batch;
  const local = table.local;
  for (let s = n - 1; s >= firstOp; s--) {
    const layer = layers.endsAt[s] - 1;
    if (layer >= 0) {
      // A dense layer, met at its last dot: its adjoints are complete (consumers sit in later slots).
      const rows = layers.rows[layer];
      const first = s - rows + 1;
      const op = ops[first];
      const w = layers.rowStart[layer], m = layers.width[layer], ox = off[layers.inputSlot[layer]], oy = off[first];
      // WebAssembly: inputs in pairs; ∂W rows in fours and examples in pairs, ∂X examples in fours.
      const wasm = batch.wasm !== null && layers.product[layer] === 1 && m % 2 === 0 ? batch.wasm : null;
      if ((layers.needs[layer] & NEEDS_W) !== 0) {
        const done = wasm !== null && B % 2 === 0 ? rows & ~3 : 0;
        if (done > 0) wasm!.weights(batch.rowOffByte + 4 * w, done, m, ox, oy, B, batch.gap);
        if (done < rows) k.layerBackwardWeights[op](rowOff, w + done, rows - done, m, ox, oy + done * B, B, M, G, local[op]);
      }
      if ((layers.needs[layer] & NEEDS_X) !== 0) {
        const K = wasm !== null ? B & ~3 : 0;
        if (K > 0) wasm!.inputs(batch.rowOffByte + 4 * w, rows, m, ox, oy, B, batch.gap, K);
        if (K < B) k.layerBackwardInputs[op](rowOff, w, rows, m, ox, oy, B, M, G, local[op], K);
      }
      s = first;
      continue;
    }
    if ((flags[s] & PARAM) === 0) continue;
    const op = ops[s];
    if (table.localShared[op] !== undefined) {
      allBackward(plan, batch, s, table);
      continue;
    }
    const shape = dotShape[s];
    const kernel = shape === DOT_ANY ? k.nodeBackward[op] : shape === DOT_FIRST_LAYER ? k.firstLayerBackward[op] : k.neuronBackward[op];
    kernel(argStart[s], argStart[s + 1], off[s], stride[s] === 0 ? 1 : B, args, argFlags, off, stride, PARAM, M, G, local[op], shape);
  }
}

/**
 * A general n-ary node with `localShared` (logsumexp), per example: its operands gathered into
 * XS[m], b = localShared(XS[m], y), then G[a] += G[y] · local(0, a, b, y) for each PARAM operand.
 */
function allBackward(plan: TapePlan, batch: BatchBuffers, s: number, table: TableFns): void {
  const { argStart, args, argFlags, ops } = plan;
  const { off, stride, M, G, B } = batch;
  const st = argStart[s], m = argStart[s + 1] - st, oy = off[s], cnt = stride[s] === 0 ? 1 : B;
  const share = table.localShared[ops[s]]!, l = table.local[ops[s]], X = table.scratch[m];
  for (let k = 0; k < cnt; k++) {
    for (let j = 0; j < m; j++) X[j] = M[off[args[st + j]] + k * stride[args[st + j]]];
    const y = M[oy + k], g = G[oy + k], b = share(X, y);
    for (let j = 0; j < m; j++) {
      const a = args[st + j];
      if ((argFlags[st + j] & PARAM) !== 0) G[off[a] + k * stride[a]] += g * l(0, X[j], b, y);
    }
  }
}
