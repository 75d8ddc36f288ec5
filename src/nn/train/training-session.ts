import type { Value } from '../../index.js';
import { compiledLoss, sameValues } from './compile-cache.js';
import { mean } from './compiled-engine.js';
import type { Engine } from './engines.js';
import type { Example } from './examples.js';
import type { ExampleLoss } from '../loss-registry.js';
import type { MLP } from '../model/mlp.js';
import type { Optimizer } from '../optim.js';

/**
 * @internal One training run's steps, in two halves so train can look at a batch's loss and
 * gradient before they are applied: `gradient` zeroes the grads and computes the batch-mean loss
 * and gradient; `firstNonFiniteGradient` finds a NaN/±Infinity in it; `apply` lets the optimizer
 * step. `sync` makes the network's Values current before user code reads them; `reload` takes
 * back whatever user code wrote into them.
 */
export interface TrainingSession {
  gradient(batch: readonly Example[]): number;
  /** The index (in `net.parameters()` order) of the first non-finite gradient entry, or −1. */
  firstNonFiniteGradient(): number;
  apply(): void;
  sync(): void;
  reload(): void;
}

/** What a session is built from: the network, its loss, the engine and the optimizer. */
export interface SessionPlan {
  readonly net: MLP;
  readonly loss: ExampleLoss;
  readonly targets: number;
  readonly engine: Engine;
  readonly optimizer: Optimizer;
}

/**
 * @internal The session for `plan`: the arrays path when the engine runs a tape and the optimizer
 * offers an array step for exactly the network's parameters (see {@link Optimizer}), else the
 * Values path, on which `step()` runs every batch.
 */
export function trainingSession(plan: SessionPlan): TrainingSession {
  const params = plan.net.parameters();
  const stepArrays = plan.engine.arrays ? arrayStep(plan.optimizer, params) : undefined;
  return stepArrays === undefined ? valuesSession(plan, params) : arraysSession(plan, params, stepArrays);
}

function valuesSession({ net, loss, targets, engine, optimizer }: SessionPlan, params: readonly Value[]): TrainingSession {
  return {
    gradient(batch) {
      optimizer.zeroGrad();
      return engine.batch(net, batch, loss, targets, params);
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

// The tape's arrays mode: parameters live in `values` between callbacks, so a step touches no
// Value object. sync/reload copy them out to and back from the Values around user code.
function arraysSession({ net, loss, targets }: SessionPlan, params: readonly Value[], stepArrays: (values: Float64Array, grads: Float64Array) => void): TrainingSession {
  const { tape, rows } = compiledLoss(net, loss, targets, params);
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
    apply: () => stepArrays(values, grads),
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

/**
 * The optimizer's array step bound to it, when the {@link Optimizer} contract allows it for these
 * params: `params` are exactly them, in order, and `stepArrays` is defined no further up the
 * prototype chain than `step` (so it knows about the `step` in force).
 */
function arrayStep(optimizer: Optimizer, params: readonly Value[]): ((values: Float64Array, grads: Float64Array) => void) | undefined {
  const { stepArrays, params: own } = optimizer;
  if (typeof stepArrays !== 'function' || !Array.isArray(own) || !sameValues(own, params)) return undefined;
  if (definedAt(optimizer, 'stepArrays') > definedAt(optimizer, 'step')) return undefined;
  return (values, grads) => stepArrays.call(optimizer, values, grads);
}

/** How many prototypes up from `object` the property `key` is defined (0 = an own property). */
function definedAt(object: object, key: string): number {
  let depth = 0;
  for (let o: object | null = object; o !== null; o = Object.getPrototypeOf(o) as object | null, depth++) {
    if (Object.prototype.hasOwnProperty.call(o, key)) return depth;
  }
  return Infinity;
}
