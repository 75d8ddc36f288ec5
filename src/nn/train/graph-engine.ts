import type { Value } from '../../index.js';
import type { Example } from './examples.js';
import type { ExampleLoss } from '../loss-registry.js';
import type { MLP } from '../model/mlp.js';

/**
 * @internal The graph engine's batch step: one Value graph per example, swept backward into the
 * shared leaves; the per-example sums become the batch mean by one division at the end. Adds
 * (1/n) Σ_k ∂C_k/∂p to each param's grad and returns (1/n) Σ_k C_k.
 */
export function graphBatch(net: MLP, batch: readonly Example[], loss: ExampleLoss, _targets: number, params: readonly Value[]): number {
  let total = 0;
  const saved = new Float64Array(params.length);
  for (let i = 0; i < params.length; i++) saved[i] = params[i].grad;
  for (let i = 0; i < params.length; i++) params[i].grad = 0;
  for (const example of batch) {
    const c = loss(net.forward(example.x), example.y);
    c.backward();
    total += c.data;
  }
  const n = batch.length;
  for (let i = 0; i < params.length; i++) params[i].grad = saved[i] + params[i].grad / n;
  return total / n;
}
