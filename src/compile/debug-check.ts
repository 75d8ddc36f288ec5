import { nanResultError } from '../errors/messages.js';
import { allOps } from '../ops/registry.js';
import { ALL, BINARY, TERMS2, UNARY } from '../ops/layout.js';
import type { BatchBuffers, Floats } from './batch.js';
import type { TapePlan } from './plan.js';

/**
 * Debug (anomaly) mode on a compiled tape, as JAX's debug_nans under jit: the sweeps run as
 * usual, then, before any result leaves the tape or any grad changes, one pass over the tape's
 * values finds the first NaN — the first slot, in topological order, whose value is NaN, or, after
 * a backward, the first slot (from the outputs down) with a NaN local derivative on a gradient
 * path — and throws naming its op, its operands and the slot (and the example, in a batch), as
 * the graph engine does for a Value. Costs nothing while debug mode is off (the tape checks
 * isDebug() once per call).
 */

/** Where slot s's value is, for example k: V[s] for one example, M[off[s] + k·stride[s]] in a batch. */
export interface TapeValues {
  readonly at: (s: number, k: number) => number;
  /** Examples (1 for a single-example sweep). */
  readonly examples: number;
  /** The call that ran the sweep, for the message ('Tape.forward', 'Tape.run', …). */
  readonly call: string;
}

/** Throws at the first slot whose value is NaN (the op that produced the first NaN). */
export function checkForward(plan: TapePlan, values: TapeValues): void {
  for (let s = plan.firstOp; s < plan.n; s++) {
    for (let k = 0; k < values.examples; k++) {
      const y = values.at(s, k);
      if (y === y) continue;
      throw nanResultError(allOps()[plan.ops[s]].name, operands(plan, values, s, k), 'forward', where(plan, values, s, k));
    }
  }
}

/** Throws at the first slot, outputs first, whose local derivative toward an operand in `mask` is NaN. */
export function checkBackward(plan: TapePlan, values: TapeValues, mask: number): void {
  const { argStart, argFlags, flags, kind } = plan;
  for (let s = plan.n - 1; s >= plan.firstOp; s--) {
    if ((flags[s] & mask) === 0) continue;
    const spec = allOps()[plan.ops[s]];
    const st = argStart[s];
    const count = argStart[s + 1] - st;
    for (let k = 0; k < values.examples; k++) {
      const x = operands(plan, values, s, k);
      const y = values.at(s, k);
      const shared = kind[s] === ALL && spec.localShared !== undefined ? spec.localShared(x, y) : 0;
      for (let j = 0; j < count; j++) {
        if ((argFlags[st + j] & mask) === 0) continue;
        const d = kind[s] === UNARY || kind[s] === BINARY ? spec.local(j, x[0], x[1] ?? 0, y)
          : kind[s] === TERMS2 ? (j < count / 2 ? spec.local(0, x[j], x[j + count / 2], y) : spec.local(1, x[j - count / 2], x[j], y))
          : spec.local(0, x[j], shared, y);
        if (d !== d) throw nanResultError(spec.name, x, 'backward', where(plan, values, s, k));
      }
    }
  }
}

/** One example's values, V[s]. */
export function scalarValues(V: Floats, call: string): TapeValues {
  return { at: (s) => V[s], examples: 1, call };
}

/** A batch's values: slot s of example k at M[off[s] + k·stride[s]]. */
export function batchValues({ M, off, stride, B }: BatchBuffers, call: string): TapeValues {
  return { at: (s, k) => M[off[s] + k * stride[s]], examples: B, call };
}

function operands(plan: TapePlan, values: TapeValues, s: number, k: number): number[] {
  const x: number[] = [];
  for (let p = plan.argStart[s]; p < plan.argStart[s + 1]; p++) x.push(values.at(plan.args[p], k));
  return x;
}

function where(plan: TapePlan, values: TapeValues, s: number, k: number): string {
  const example = values.examples > 1 ? `, example ${k}` : '';
  return `in ${values.call}, at tape slot ${s} of ${plan.n}${example}`;
}
