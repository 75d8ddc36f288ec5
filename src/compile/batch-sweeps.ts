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
 * dense layer, layers.ts) whose term is the product one matrix product instead of one kernel per
 * dot (dense/program.ts: WebAssembly, or the JavaScript kernels emitted from the same source).
 */
export function batchForward(plan: TapePlan, batch: BatchBuffers, k: Kernels, table: TableFns): void {
  const { firstOp, n, ops, argStart, args, dotShape, layers } = plan;
  const { off, stride, M, B, dense } = batch;
  const { forward, forwardAll, scratch } = table;
  for (let s = firstOp; s < n; s++) {
    const op = ops[s];
    const layer = layers.startsAt[s] - 1;
    if (layer >= 0 && layers.dense[layer] === 1) {
      dense[layer].forward(B);
      s += layers.rows[layer] - 1;
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
  const { off, stride, M, G, B, dense, gap } = batch;
  const local = table.local;
  for (let s = n - 1; s >= firstOp; s--) {
    const layer = layers.endsAt[s] - 1;
    if (layer >= 0 && layers.dense[layer] === 1) {
      // A dense layer, met at its last dot: its adjoints are complete (consumers sit in later slots).
      if ((layers.needs[layer] & NEEDS_X) !== 0) dense[layer].inputs(B, gap);
      if ((layers.needs[layer] & NEEDS_W) !== 0) dense[layer].weights(B, gap);
      s -= layers.rows[layer] - 1;
      continue;
    }
    if ((flags[s] & PARAM) === 0) continue;
    const op = ops[s];
    const shape = dotShape[s];
    const kernel = shape === DOT_ANY ? k.nodeBackward[op] : shape === DOT_FIRST_LAYER ? k.firstLayerBackward[op] : k.neuronBackward[op];
    kernel(argStart[s], argStart[s + 1], off[s], stride[s] === 0 ? 1 : B, args, argFlags, off, stride, PARAM, M, G, local[op], shape);
  }
}
