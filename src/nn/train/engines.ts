import { compiledBatch, compiledSession } from './compiled-engine.js';
import { rangeError } from '../errors.js';
import { graphBatch, graphSession } from './graph-engine.js';
import type { BatchStep, SessionPlan, TrainingSession } from './session.js';

/**
 * How a batch's loss and gradients are computed: 'compiled' runs the whole batch through a tape
 * compiled once per model and loss (see `compile` in the core); 'graph' builds and sweeps a
 * Value graph per example (slower; the reference the compiled engine is tested against).
 * @category Neural nets
 */
export type TrainEngine = 'compiled' | 'graph';

/** @internal One engine: its batch step (lossAndGradient) and the training session it runs (train). */
export interface Engine {
  readonly batch: BatchStep;
  readonly session: (plan: SessionPlan) => TrainingSession;
}

/** Every engine: the one place training computes losses and gradients (add engines here). */
const ENGINES: { readonly [K in TrainEngine]: Engine } = {
  compiled: { batch: compiledBatch, session: compiledSession },
  graph: { batch: graphBatch, session: graphSession },
};

/** @internal The engine named by `options.engine` (default 'compiled'). */
export function engineNamed(where: string, name: unknown): Engine {
  if (name === undefined) return ENGINES.compiled;
  if (typeof name === 'string' && Object.prototype.hasOwnProperty.call(ENGINES, name)) return ENGINES[name as TrainEngine];
  throw rangeError(where, 'options.engine', `one of ${Object.keys(ENGINES).map((e) => `"${e}"`).join(', ')}`, name);
}
