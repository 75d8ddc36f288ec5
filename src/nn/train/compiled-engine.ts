import type { Value } from '../../index.js';
import { compiledLoss } from './compile-cache.js';
import type { Example } from './examples.js';
import type { ExampleLoss } from '../loss-registry.js';
import type { MLP } from '../model/mlp.js';

const MEAN = { reduce: 'mean' } as const;

/**
 * @internal The compiled engine's batch step: the per-example loss, compiled once per network
 * (see compile-cache.ts), runs the whole batch in one unchecked `tape.runTrusted` (the examples
 * were checked before the first batch), whose parameter gradients are
 * already the batch mean. Parameters are read from their Values on every run, so optimizers need
 * no sync step.
 */
export function compiledBatch(net: MLP, batch: readonly Example[], loss: ExampleLoss, targets: number, params: readonly Value[]): number {
  const compiled = compiledLoss(net, loss, targets, params);
  return mean(compiled.tape.runTrusted(compiled.rows.fill(batch), MEAN));
}

/** @internal (1/n) Σ xs: the batch loss from the tape's per-example outputs. */
export function mean(xs: Float64Array): number {
  let total = 0;
  for (let k = 0; k < xs.length; k++) total += xs[k];
  return total / xs.length;
}
