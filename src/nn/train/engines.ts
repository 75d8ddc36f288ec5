import type { Value } from '../../index.js';
import { compiledBatch } from './compiled-engine.js';
import { rangeError } from '../errors.js';
import type { Example } from './examples.js';
import { graphBatch } from './graph-engine.js';
import type { ExampleLoss } from '../loss-registry.js';
import type { MLP } from '../model/mlp.js';

/**
 * How a batch's loss and gradients are computed: 'compiled' runs the whole batch through a tape
 * compiled once per network and loss (see `compile` in the core); 'graph' builds and sweeps a
 * Value graph per example (slower; the reference the compiled engine is tested against).
 */
export type TrainEngine = 'compiled' | 'graph';

/**
 * @internal An engine's batch step: adds (1/n) Σ_k ∂C_k/∂p to each param's grad, returns
 * (1/n) Σ_k C_k, for examples with `targets` numbers in y.
 */
export type BatchStep = (net: MLP, batch: readonly Example[], loss: ExampleLoss, targets: number, params: readonly Value[]) => number;

/** @internal One engine: its batch step and whether training may keep parameters in arrays. */
export interface Engine {
  readonly batch: BatchStep;
  /** True when the engine runs a compiled tape, which can read and write parameters as Float64Arrays between steps. */
  readonly arrays: boolean;
}

/** Every engine: the one place training computes losses and gradients (add engines here). */
const ENGINES: { readonly [K in TrainEngine]: Engine } = {
  compiled: { batch: compiledBatch, arrays: true },
  graph: { batch: graphBatch, arrays: false },
};

/** @internal The engine named by `options.engine` (default 'compiled'). */
export function engineNamed(where: string, name: unknown): Engine {
  if (name === undefined) return ENGINES.compiled;
  if (typeof name === 'string' && Object.prototype.hasOwnProperty.call(ENGINES, name)) return ENGINES[name as TrainEngine];
  throw rangeError(where, 'options.engine', `one of ${Object.keys(ENGINES).map((e) => `"${e}"`).join(', ')}`, name);
}
