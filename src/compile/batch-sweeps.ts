import type { BatchBuffers } from './batch.js';
import type { Kernels } from './codegen.js';
import { NEEDS_W, NEEDS_X } from './layers.js';
import { DOT_ANY, DOT_FIRST_LAYER, DOT_SHARED, PARAM, type TapePlan } from './plan.js';

/**
 * The batch sweeps: B examples at once, one node (or one dense layer, or one dense unit) at a
 * time. Slot s occupies M[off[s] … off[s] + cnt) with cnt = B when it varies over the batch
 * (stride 1) and 1 when it does not (stride 0: parameters, constants and what depends only on
 * them, computed once). Operand k of an example is M[off[a] + k·stride[a]], so the inner loops run
 * over the batch.
 *
 * Each node runs the kernel for its opcode (node-templates.ts; one per op, so each calls a single
 * table function): neuron-shaped dots their register-blocked kernels; a run of dots over the same
 * inputs whose term is the product (a dense layer, layers.ts) one matrix product (dense/program.ts:
 * WebAssembly, or the JavaScript kernels emitted from the same source); a dense layer's bias and
 * activation nodes (a unit, units.ts) one call for the whole layer.
 */
export function batchForward(plan: TapePlan, batch: BatchBuffers, k: Kernels): void {
  const { firstOp, n, ops, dotShape, layers, units } = plan;
  const { M, G, B, dense, ctx } = batch;
  const { startsAt, inside } = units;
  for (let s = firstOp; s < n; s++) {
    const layer = layers.startsAt[s] - 1;
    if (layer >= 0 && layers.dense[layer] === 1) {
      dense[layer].forward(B);
      s += layers.rows[layer] - 1;
      continue;
    }
    if (inside[s] === 1) {
      const unit = startsAt[s] - 1;
      if (unit >= 0) k.unitForward[unit](unit, ctx, M, G);
      continue;
    }
    const op = ops[s];
    const shape = dotShape[s];
    (shape === DOT_ANY ? k.nodeForward[op] : shape === DOT_SHARED ? k.sharedForward[op] : k.neuronForward[op])(s, ctx, M, G);
  }
}

/**
 * The batch reverse sweep, for the parameter gradients (operands flagged PARAM). The adjoint of a
 * stride-0 slot is one number every example adds into, so a shared weight's gradient comes out
 * summed over the batch in the same pass. The dense layers' ∂W runs after the sweep, adding the
 * layer's sum to whatever other nodes (an L2 penalty, say) added: the order a trainer that applies
 * its update inside ∂W needs (trainer.ts), so both give the same numbers. `denseWeights` false
 * leaves ∂W to the caller.
 */
export function batchBackward(plan: TapePlan, batch: BatchBuffers, k: Kernels, denseWeights = true): void {
  const { firstOp, n, ops, dotShape, flags, layers, units } = plan;
  const { M, G, B, dense, gap, ctx } = batch;
  const { endsAt, insideBackward } = units;
  for (let s = n - 1; s >= firstOp; s--) {
    const layer = layers.endsAt[s] - 1;
    if (layer >= 0 && layers.dense[layer] === 1) {
      // A dense layer, met at its last dot: its adjoints are complete (consumers sit in later slots).
      if ((layers.needs[layer] & NEEDS_X) !== 0) dense[layer].inputs(B, gap);
      s -= layers.rows[layer] - 1;
      continue;
    }
    if (insideBackward[s] === 1) {
      const unit = endsAt[s] - 1;
      if (unit >= 0) k.unitBackward[unit](unit, ctx, M, G);
      continue;
    }
    if ((flags[s] & PARAM) === 0) continue;
    const op = ops[s];
    const shape = dotShape[s];
    (shape === DOT_ANY ? k.nodeBackward[op] : shape === DOT_FIRST_LAYER ? k.firstLayerBackward[op] : shape === DOT_SHARED ? k.sharedBackward[op] : k.neuronBackward[op])(s, ctx, M, G);
  }
  if (!denseWeights) return;
  for (let L = 0; L < layers.count; L++) if (layers.dense[L] === 1 && (layers.needs[L] & NEEDS_W) !== 0) dense[L].weights(B, gap);
}

