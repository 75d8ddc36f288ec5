import type { CheckedModel } from '../model/model.js';
import { checkNumbers, rangeError, typeError } from '../errors.js';
import type { LossChoice } from '../loss-registry.js';

/**
 * One training example: input x and target y (for softmaxCrossEntropy, y is one-hot).
 * @category Neural nets
 */
export interface Example {
  /** The input, one number per model input. */
  readonly x: readonly number[];
  /** The target (one-hot for softmaxCrossEntropy). */
  readonly y: readonly number[];
}

/**
 * @internal Checks every example up front, so training never stops half-way on bad data, and
 * returns the number of targets per example: one per model output for a built-in loss; for a
 * custom loss, data[0].y's length, which every example must share (the compiled loss has that
 * many target placeholders, and both engines hold the data to the same rule). Targets are also
 * checked against the loss's domain here, once, so both engines refuse the same data alike.
 */
export function checkExamples(where: string, { trace }: CheckedModel, data: unknown, loss: LossChoice): number {
  if (!Array.isArray(data)) throw typeError(where, 'data', 'an array of { x, y } examples', data);
  if (data.length === 0) throw rangeError(where, 'data', 'a non-empty array of { x, y } examples', data);
  const builtIn = loss.targets === 'one per output';
  const nin = trace.inputs.length;
  let targets = builtIn ? trace.outputs.length : -1;
  for (let i = 0; i < data.length; i++) {
    const e = data[i] as Example;
    if (typeof e !== 'object' || e === null) throw typeError(where, `data[${i}]`, 'an { x, y } example', e);
    checkNumbers(where, `data[${i}].x`, e.x, nin);
    if (targets < 0) targets = checkNumbers(where, `data[${i}].y`, e.y).length;
    else if (builtIn || !Array.isArray(e.y) || e.y.length === targets) checkNumbers(where, `data[${i}].y`, e.y, targets);
    else throw rangeError(where, `data[${i}].y`, `an array of length ${targets} (one number per target of the loss, as data[0].y)`, e.y);
    loss.checkTargets(where, `data[${i}].y`, e.y);
  }
  return targets;
}
