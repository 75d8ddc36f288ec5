import { compiledLoss } from './compile-cache.js';
import { sameValues } from '../model/model.js';
import { arrayUpdate } from '../optim/optimizer.js';
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
 * @internal The compiled engine's training session: the arrays session when the optimizer is an
 * ArrayOptimizer over exactly the model's parameters whose update is its whole step (see
 * `arrayUpdate`), else the Values session, in which the optimizer's own step() runs every batch.
 */
export function compiledSession(plan: SessionPlan): TrainingSession {
  const update = arrayUpdate(plan.optimizer);
  const { params } = plan.checked;
  const own = (plan.optimizer as { params?: unknown }).params;
  if (update === undefined || !Array.isArray(own) || !sameValues(own, params)) return valuesSession(plan, compiledBatch);
  return arraysSession(plan, update);
}

// The tape's arrays mode: parameters live in `values` between callbacks, so a step touches no
// Value object. sync/reload copy them out to and back from the Values around user code.
function arraysSession(plan: SessionPlan, update: (values: Float64Array, grads: Float64Array) => void): TrainingSession {
  const { params } = plan.checked;
  const { tape, rows } = compiledLoss(plan);
  const values = tape.readParams();
  const grads = new Float64Array(values.length);
  const runOptions = { reduce: 'mean', params: values, grads } as const;
  return {
    gradient(batch) {
      grads.fill(0);
      return mean(tape.runTrusted(rows.fill(batch), runOptions));
    },
    firstNonFiniteGradient() {
      return allFinite(grads) ? -1 : grads.findIndex((g) => !Number.isFinite(g));
    },
    apply: () => update(values, grads),
    // As after a Values step: data updated, grad = the last batch's mean gradient.
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

/**
 * True when every entry of xs is finite: x·0 is ±0 for a finite x and NaN otherwise. Four sums
 * keep the loop off a single chain of dependent additions (it runs once per training step).
 */
function allFinite(xs: Float64Array): boolean {
  let a = 0;
  let b = 0;
  let c = 0;
  let d = 0;
  const whole = xs.length - (xs.length % 4);
  let i = 0;
  for (; i < whole; i += 4) {
    a += xs[i] * 0;
    b += xs[i + 1] * 0;
    c += xs[i + 2] * 0;
    d += xs[i + 3] * 0;
  }
  for (; i < xs.length; i++) a += xs[i] * 0;
  return a + b + c + d === 0;
}
