import type { Tape } from '../../index.js';
import { compiledLoss } from './compile-cache.js';
import { sameValues } from '../model/model.js';
import { ArrayOptimizer, arrayUpdate, type FusedRule } from '../optim/optimizer.js';
import { valuesSession, type BatchStep, type SessionPlan, type TrainingSession } from './session.js';

const MEAN = { reduce: 'mean' } as const;

/**
 * @internal The compiled engine's batch step: the per-example loss, compiled once per model
 * (see compile-cache.ts), runs the whole batch in one unchecked `tape.runTrusted` (the examples
 * were checked before the first batch), whose parameter gradients are already the batch mean.
 * Parameters are read from their Values on every run, so optimizers need no sync step.
 */
export const compiledBatch: BatchStep = (plan, batch) => {
  const compiled = compiledLoss(plan);
  return mean(compiled.tape.runTrusted(compiled.rows.fill(batch), MEAN));
};

/**
 * @internal The compiled engine's training session. An ArrayOptimizer over exactly the model's
 * parameters whose update is its whole step (see `arrayUpdate`) trains on the tape's fused step
 * (compile's trainer): the data packed once, parameters, gradients and the optimizer's state in the
 * tape's memory, SGD, momentum and Adam applied inside the kernels (any other ArrayOptimizer runs
 * its stepArrays on the step's arrays). Anything else steps the Values with the optimizer's own step().
 */
export function compiledSession(plan: SessionPlan): TrainingSession {
  const update = arrayUpdate(plan.optimizer);
  const { params } = plan.checked;
  const own = (plan.optimizer as { params?: unknown }).params;
  if (update === undefined || !Array.isArray(own) || !sameValues(own, params)) return valuesSession(plan, compiledBatch);
  const { tape } = compiledLoss(plan);
  if (!tape.trainable) return arraysSession(plan, update);
  return fusedSession(plan, tape, plan.optimizer as ArrayOptimizer);
}

/**
 * The fused step: the tape's trainer owns the parameters between callbacks; sync copies them (and
 * the last kept gradients, and the optimizer's state) out to the Values and the optimizer, reload
 * copies them back in.
 */
function fusedSession(plan: SessionPlan, tape: Tape, optimizer: ArrayOptimizer): TrainingSession {
  const { params } = plan.checked;
  const rule: FusedRule | undefined = optimizer.fusedRule();
  const trainer = tape.trainer({ rule: rule?.rule ?? 'store', capacity: Math.min(plan.batchSize, plan.data.length), examples: plan.data.length });
  plan.data.forEach((e, i) => trainer.pack(i, e.x, e.y));
  const { values, grads, numbers } = trainer;
  const states = rule?.state.map((_, j) => trainer.state(j)) ?? [];
  // A custom update runs on float64 arrays: the step's own views, or copies of float32 ones.
  const wide = values instanceof Float64Array;
  const copies = wide ? null : { values: new Float64Array(params.length), grads: new Float64Array(params.length) };
  const session: TrainingSession = {
    loss: trainer.loss,
    forward: (order, start, end) => trainer.forward(order, start, end),
    step(keep) {
      if (rule !== undefined) {
        rule.numbers(numbers);
        const bad = trainer.step(keep);
        if (bad < 0) rule.applied();
        return bad;
      }
      const bad = trainer.step(true);
      if (bad >= 0) return bad;
      if (copies === null) optimizer.stepArrays(values as Float64Array, grads as Float64Array);
      else {
        copies.values.set(values);
        copies.grads.set(grads);
        optimizer.stepArrays(copies.values, copies.grads);
        values.set(copies.values);
      }
      return -1;
    },
    inspect: () => trainer.inspect(),
    // As after a Values step: data updated, grad = the last batch's mean gradient.
    sync() {
      for (let i = 0; i < params.length; i++) {
        params[i].data = values[i];
        params[i].grad = grads[i];
      }
      rule?.state.forEach((s, j) => s.set(states[j]));
    },
    reload() {
      for (let i = 0; i < params.length; i++) values[i] = params[i].data;
      rule?.state.forEach((s, j) => states[j].set(s));
    },
  };
  session.reload();
  return session;
}

/**
 * A tape whose parameters are not all on it (a parameter the loss never reads): the tape's run
 * with the parameters in arrays, and the optimizer's stepArrays on them.
 */
function arraysSession(plan: SessionPlan, update: (values: Float64Array, grads: Float64Array) => void): TrainingSession {
  const { params } = plan.checked;
  const { tape, rows } = compiledLoss(plan);
  const values = tape.readParams();
  const grads = new Float64Array(values.length);
  const runOptions = { reduce: 'mean', params: values, grads } as const;
  const batch: (typeof plan.data)[number][] = [];
  const loss = new Float64Array(1);
  return {
    loss,
    forward(order, start, end) {
      batch.length = 0;
      for (let j = start; j < end; j++) batch.push(plan.data[order[j]]);
      grads.fill(0);
      loss[0] = mean(tape.runTrusted(rows.fill(batch), runOptions));
    },
    step() {
      let probe = 0;
      for (let i = 0; i < grads.length; i++) probe += grads[i] * 0;
      if (probe !== 0) return grads.findIndex((g) => !Number.isFinite(g));
      update(values, grads);
      return -1;
    },
    inspect() {},
    sync() {
      for (let i = 0; i < params.length; i++) {
        params[i].data = values[i];
        params[i].grad = grads[i];
      }
    },
    reload() {
      for (let i = 0; i < params.length; i++) values[i] = params[i].data;
    },
  };
}

/** @internal (1/n) Σ xs: the batch loss from the tape's per-example outputs. */
export function mean(xs: Float64Array): number {
  let total = 0;
  for (let k = 0; k < xs.length; k++) total += xs[k];
  return total / xs.length;
}
