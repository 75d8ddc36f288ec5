import type { Value } from '../../index.js';
import type { Example } from './examples.js';
import type { ExampleLoss } from '../loss-registry.js';
import type { CheckedModel } from '../model/model.js';
import type { Optimizer } from '../optim/optimizer.js';

/** @internal What a batch's loss and gradient are computed from: the checked model, its loss and the target count. */
export interface LossPlan {
  readonly checked: CheckedModel;
  readonly loss: ExampleLoss;
  readonly targets: number;
}

/**
 * @internal An engine's batch step: adds (1/n) Σ_k ∂C_k/∂p to each parameter's grad and returns
 * (1/n) Σ_k C_k for a batch of n examples (already checked).
 */
export type BatchStep = (plan: LossPlan, batch: readonly Example[]) => number;

/** @internal What a training session is built from: the loss plan and the optimizer. */
export interface SessionPlan extends LossPlan {
  readonly optimizer: Optimizer;
}

/**
 * @internal One training run's steps, owned by its engine, in two halves so train can look at a
 * batch's loss and gradient before they are applied: `gradient` zeroes the grads and computes the
 * batch-mean loss and gradient; `firstNonFiniteGradient` finds a NaN/±Infinity in it; `apply`
 * steps. `sync` makes the model's Values current before user code reads them; `reload` takes
 * back whatever user code wrote into them.
 */
export interface TrainingSession {
  gradient(batch: readonly Example[]): number;
  /** The index (in `parameters()` order) of the first non-finite gradient entry, or −1. */
  firstNonFiniteGradient(): number;
  apply(): void;
  sync(): void;
  reload(): void;
}

/**
 * @internal The session that keeps the parameters in their Values: the optimizer's own
 * `zeroGrad()` and `step()` run every batch, around the engine's batch step.
 */
export function valuesSession(plan: SessionPlan, batchStep: BatchStep): TrainingSession {
  const { optimizer } = plan;
  const params: readonly Value[] = plan.checked.params;
  return {
    gradient(batch) {
      optimizer.zeroGrad();
      return batchStep(plan, batch);
    },
    firstNonFiniteGradient() {
      let probe = 0;
      for (let i = 0; i < params.length; i++) probe += params[i].grad * 0; // NaN iff some grad is not finite
      return probe === 0 ? -1 : params.findIndex((p) => !Number.isFinite(p.grad));
    },
    apply: () => optimizer.step(),
    sync() {},
    reload() {},
  };
}
