import type { Value } from '../../index.js';
import type { Example } from './examples.js';
import type { ExampleLoss } from '../loss-registry.js';
import type { CheckedModel } from '../model/model.js';
import type { Optimizer } from '../optim/optimizer.js';

/** @internal What a batch's loss and gradient are computed from: the checked model, its loss, the target count and the float type. */
export interface LossPlan {
  readonly checked: CheckedModel;
  readonly loss: ExampleLoss;
  readonly targets: number;
  /** The compiled engine's float type. @defaultValue 'float64' */
  readonly dtype?: 'float64' | 'float32';
}

/**
 * @internal An engine's batch step: adds (1/n) Σ_k ∂C_k/∂p to each parameter's grad and returns
 * (1/n) Σ_k C_k for a batch of n examples (already checked).
 */
export type BatchStep = (plan: LossPlan, batch: readonly Example[]) => number;

/** @internal What a training session is built from: the loss plan, the optimizer, the data and the batch size. */
export interface SessionPlan extends LossPlan {
  readonly optimizer: Optimizer;
  readonly data: readonly Example[];
  readonly batchSize: number;
}

/**
 * @internal One training run's steps, owned by its engine, in two halves so train can look at a
 * batch's loss before anything is applied: `forward` computes the loss of the batch
 * data[order[start]], … data[order[end − 1]] into `loss[0]` (a number returned from a call would
 * be boxed on the heap: a step allocates nothing); `step` applies the optimizer's update unless some
 * gradient is not finite (it then returns that parameter's index and changes nothing; `keep`: a
 * callback or the end follows, so the gradients must be visible after `sync`). `inspect` makes the
 * last batch's gradients visible when its loss is not finite. `sync` makes the model's Values (and
 * the optimizer) current before user code reads them; `reload` takes back what user code wrote.
 */
export interface TrainingSession {
  forward(order: readonly number[], start: number, end: number): void;
  readonly loss: Float64Array;
  step(keep: boolean): number;
  inspect(): void;
  sync(): void;
  reload(): void;
}

/**
 * @internal The session that keeps the parameters in their Values: the optimizer's own
 * `zeroGrad()` and `step()` run every batch, around the engine's batch step.
 */
export function valuesSession(plan: SessionPlan, batchStep: BatchStep): TrainingSession {
  const { optimizer, data } = plan;
  const params: readonly Value[] = plan.checked.params;
  const loss = new Float64Array(1);
  return {
    loss,
    forward(order, start, end) {
      optimizer.zeroGrad();
      const batch: Example[] = [];
      for (let j = start; j < end; j++) batch.push(data[order[j]]);
      loss[0] = batchStep(plan, batch);
    },
    step() {
      const bad = firstNonFinite(params);
      if (bad >= 0) return bad;
      optimizer.step();
      return -1;
    },
    inspect() {},
    sync() {},
    reload() {},
  };
}

/** The index of the first parameter whose grad is NaN or ±Infinity, or −1. */
function firstNonFinite(params: readonly Value[]): number {
  let probe = 0;
  for (let i = 0; i < params.length; i++) probe += params[i].grad * 0; // NaN iff some grad is not finite
  return probe === 0 ? -1 : params.findIndex((p) => !Number.isFinite(p.grad));
}
