/**
 * The one-example sweeps, forward and backward (batch-sweeps.ts holds the batch ones, which call
 * the node kernels of node-templates.ts). Each calls the op table's `forward` / `local` (per-opcode arrays FW / LO) and writes
 * no rule of its own. These loops are the fallback where code generation is not allowed; sweeps.ts
 * generates the same loops with a case per opcode.
 *
 * Kernels in these files must stay SELF-CONTAINED (no reference to anything outside their
 * parameters except globals): codegen.ts clones the batch node kernels with
 * `new Function(fn.toString())` so each opcode gets call sites of its own, which V8 then inlines.
 *
 * Node kinds (per slot, ops/layout.ts kindOf): UNARY, BINARY, TERMS1 (sum), TERMS2 (dot; inputs
 * [a_0 … a_m−1, b_0 … b_m−1]) and ALL (logsumexp: its operands gathered into XS[m], a scratch array
 * of their count, at every evaluation; its backward is sum's with b = its `localShared`). Unary ops get b = 0, as in the
 * graph path.
 */

import { ALL, BINARY, TERMS1, UNARY } from '../ops/layout.js';
import type { TapePlan } from './plan.js';
import type { Floats } from './batch.js';

/** Per-opcode table functions, indexed by opcode (= index in allOps(), read when the tape is made). */
export type ForwardFns = readonly ((a: number, b: number) => number)[];
export type LocalFns = readonly ((i: number, a: number, b: number, y: number) => number)[];
/** Per-opcode `forwardAll` (undefined for ops without one). */
export type ForwardAllFns = readonly (((values: ArrayLike<number>) => number) | undefined)[];
/** Per-opcode `localShared` (undefined for ops without one): the b a general n-ary node passes to `local`. */
export type LocalSharedFns = readonly (((values: ArrayLike<number>, y: number) => number) | undefined)[];
/**
 * Scratch arrays by length for ALL-kind nodes: XS[m] has length m (made by the tape, reused every
 * run). Plain arrays of doubles, the kind the graph path hands forwardAll (ops/layout.ts): a table
 * function that saw only that kind stays optimized when a tape calls it (a Float64Array here made
 * logsumexp flip between two maps, deoptimize, and box every number it read).
 */
export type Scratch = readonly number[][];

/** The op table's functions a tape calls, per opcode, with the scratch its forwardAll nodes use. */
export interface TableFns {
  readonly forward: ForwardFns;
  readonly local: LocalFns;
  readonly forwardAll: ForwardAllFns;
  readonly localShared: LocalSharedFns;
  readonly scratch: Scratch;
}

/** One example: V[s] = value of slot s, in topological order (operands before users). */
export function scalarForward(plan: TapePlan, V: Floats, table: TableFns): void {
  const { firstOp, n, kind, ops, argStart, args } = plan;
  const FW = table.forward, FA = table.forwardAll, XS = table.scratch;
  for (let s = firstOp; s < n; s++) {
    const kd = kind[s];
    const f = FW[ops[s]];
    const st = argStart[s];
    if (kd === UNARY) V[s] = f(V[args[st]], 0);
    else if (kd === BINARY) V[s] = f(V[args[st]], V[args[st + 1]]);
    else if (kd === ALL) {
      const end = argStart[s + 1];
      const X = XS[end - st];
      for (let j = st; j < end; j++) X[j - st] = V[args[j]];
      V[s] = FA[ops[s]]!(X);
    } else if (kd === TERMS1) {
      const end = argStart[s + 1];
      let y = 0;
      for (let j = st; j < end; j++) y += f(V[args[j]], 0);
      V[s] = y;
    } else { // TERMS2
      const m = (argStart[s + 1] - st) >> 1;
      let y = 0;
      for (let j = st; j < st + m; j++) y += f(V[args[j]], V[args[j + m]]);
      V[s] = y;
    }
  }
}

/**
 * One example, reverse sweep: G[a] += G[s] · ∂s/∂a for every operand a whose flags meet `mask`
 * (nodes off every path to a wanted gradient are skipped, as engine/backward.ts skips !requiresGrad).
 */
export function scalarBackward(plan: TapePlan, mask: number, V: Floats, G: Floats, table: TableFns): void {
  const { firstOp, n, kind, ops, argStart, args, argFlags, flags } = plan;
  const LO = table.local, LS = table.localShared, XS = table.scratch;
  for (let s = n - 1; s >= firstOp; s--) {
    if ((flags[s] & mask) === 0) continue;
    const kd = kind[s];
    const l = LO[ops[s]];
    const g = G[s];
    const y = V[s];
    const st = argStart[s];
    if (kd === UNARY) {
      const a = args[st];
      if ((argFlags[st] & mask) !== 0) G[a] += g * l(0, V[a], 0, y);
    } else if (kd === BINARY) {
      const a = args[st];
      const b = args[st + 1];
      const va = V[a];
      const vb = V[b];
      if ((argFlags[st] & mask) !== 0) G[a] += g * l(0, va, vb, y);
      if ((argFlags[st + 1] & mask) !== 0) G[b] += g * l(1, va, vb, y);
    } else if (kd === TERMS1 || kd === ALL) {
      const end = argStart[s + 1];
      const share = LS[ops[s]];
      let b = 0;
      if (share !== undefined) {
        const X = XS[end - st];
        for (let j = st; j < end; j++) X[j - st] = V[args[j]];
        b = share(X, y);
      }
      for (let j = st; j < end; j++) {
        const a = args[j];
        if ((argFlags[j] & mask) !== 0) G[a] += g * l(0, V[a], b, y);
      }
    } else { // TERMS2
      const m = (argStart[s + 1] - st) >> 1;
      for (let j = st; j < st + m; j++) {
        const a = args[j];
        const b = args[j + m];
        const va = V[a];
        const vb = V[b];
        if ((argFlags[j] & mask) !== 0) G[a] += g * l(0, va, vb, y);
        if ((argFlags[j + m] & mask) !== 0) G[b] += g * l(1, va, vb, y);
      }
    }
  }
}
