import { constant, type Value } from '../../index.js';
import { valuesSession, type BatchStep, type SessionPlan, type TrainingSession } from './session.js';

/**
 * @internal The graph engine's batch step: one Value graph per example (the model's forward on
 * constant inputs), swept backward into the shared leaves; the per-example sums become the batch
 * mean by one division at the end. Adds (1/n) Σ_k ∂C_k/∂p to each param's grad and returns
 * (1/n) Σ_k C_k. A throw on any example (a custom loss, a user op) puts every grad back first.
 */
export const graphBatch: BatchStep = ({ checked, loss }, batch) => {
  const { model, params } = checked;
  let total = 0;
  const saved = new Float64Array(params.length);
  for (let i = 0; i < params.length; i++) saved[i] = params[i].grad;
  for (let i = 0; i < params.length; i++) params[i].grad = 0;
  try {
    for (const example of batch) {
      const x = new Array<Value>(example.x.length);
      for (let k = 0; k < x.length; k++) x[k] = constant(example.x[k]);
      const c = loss(model.forward(x), example.y);
      c.backward();
      total += c.data;
    }
  } catch (error) {
    for (let i = 0; i < params.length; i++) params[i].grad = saved[i];
    throw error;
  }
  const n = batch.length;
  for (let i = 0; i < params.length; i++) params[i].grad = saved[i] + params[i].grad / n;
  return total / n;
};

/** @internal The graph engine's training session: the parameters stay in their Values, the optimizer's step() runs every batch. */
export function graphSession(plan: SessionPlan): TrainingSession {
  return valuesSession(plan, graphBatch);
}
