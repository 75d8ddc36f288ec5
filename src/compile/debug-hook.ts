import type { BatchBuffers, Floats } from './batch.js';
import type { TapePlan } from './plan.js';

/**
 * @internal Where a debugging check reads a tape's values after a run (setDebug covering the
 * compiled tape, so that a NaN names its op and node): `batch` after a batch's forward (Tape.run
 * and the trainer's forward: slot s, example k at batch.M[batch.off[s] + k·batch.stride[s]]),
 * `example` after one example's forward (Tape.forward: slot s at V[s]). Null when off; the run
 * paths pay one null test each.
 */
export const TAPE_CHECKS: {
  batch: ((plan: TapePlan, batch: BatchBuffers) => void) | null;
  example: ((plan: TapePlan, V: Floats) => void) | null;
} = { batch: null, example: null };
