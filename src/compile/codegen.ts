import { OP_LIST, type OpSpec } from '../ops.js';
import { binaryBackward, dotBackward, dotBackwardFirst, dotBackwardRun, sumBackward, unaryBackward } from './batch-backward.js';
import {
  batchBackward, batchForward, binaryForward, dotForward, dotForwardRun, sumForward, unaryForward, type NodeBackward, type NodeForward,
} from './batch-kernels.js';
import { scalarBackward, scalarForward } from './kernels.js';
import { layerBackwardInputs, layerBackwardWeights, layerForward } from './layer-kernels.js';
import { generateSweeps } from './sweeps.js';

/** The sweeps a tape runs (see kernels.ts), with the batch node kernels per opcode. */
export interface Kernels {
  readonly scalarForward: typeof scalarForward;
  readonly scalarBackward: typeof scalarBackward;
  readonly batchForward: typeof batchForward;
  readonly batchBackward: typeof batchBackward;
  /** Batch node kernels, indexed by opcode. */
  readonly KF: readonly NodeForward[];
  readonly KB: readonly NodeBackward[];
  /** The same for neuron-shaped dot nodes (the generic kernels for other ops, which never use them). */
  readonly KFR: readonly NodeForward[];
  readonly KBR: readonly NodeBackward[];
  /** Backward kernels for first-layer dot nodes (runs = 2). */
  readonly KB1: readonly NodeBackward[];
  /** Dense-layer kernels (layer-kernels.ts), indexed by opcode (used only for n-ary ops with groups of 2). */
  readonly LF: readonly (typeof layerForward)[];
  readonly LBW: readonly (typeof layerBackwardWeights)[];
  readonly LBX: readonly (typeof layerBackwardInputs)[];
  /** True when these are generated copies made with `new Function`, false for the shared originals. */
  readonly generated: boolean;
}

const byKind = <T>(spec: OpSpec, unary: T, binary: T, sum: T, dot: T): T =>
  spec.arity === 1 ? unary : spec.arity === 2 ? binary : spec.group === 1 ? sum : dot;

/** The shared originals: used where code generation is not allowed (a CSP without 'unsafe-eval'). */
export const PLAIN_KERNELS: Kernels = {
  scalarForward, scalarBackward, batchForward, batchBackward,
  KF: OP_LIST.map((spec) => byKind(spec, unaryForward, binaryForward, sumForward, dotForward)),
  KB: OP_LIST.map((spec) => byKind(spec, unaryBackward, binaryBackward, sumBackward, dotBackward)),
  KFR: OP_LIST.map((spec) => byKind(spec, unaryForward, binaryForward, sumForward, dotForwardRun)),
  KBR: OP_LIST.map((spec) => byKind(spec, unaryBackward, binaryBackward, sumBackward, dotBackwardRun)),
  KB1: OP_LIST.map((spec) => byKind(spec, unaryBackward, binaryBackward, sumBackward, dotBackwardFirst)),
  LF: OP_LIST.map(() => layerForward),
  LBW: OP_LIST.map(() => layerBackwardWeights),
  LBX: OP_LIST.map(() => layerBackwardInputs),
  generated: false,
};

const MAX_CACHED = 64;
const cache = new Map<string, Kernels>();
let perOpcode: Pick<Kernels, 'KF' | 'KB' | 'KFR' | 'KBR' | 'KB1' | 'LF' | 'LBW' | 'LBX'> | null = null;
let allowed: boolean | undefined;

/**
 * Whether `new Function` works here; tried once. A Content Security Policy without 'unsafe-eval'
 * makes it throw (an EvalError), and then every tape uses {@link PLAIN_KERNELS}.
 */
export function codegenAllowed(): boolean {
  if (allowed === undefined) {
    try {
      allowed = new Function('return 1')() === 1;
    } catch {
      allowed = false;
    }
  }
  return allowed;
}

/**
 * Kernels for a tape whose ops are `opcodes`. V8 optimises a call site for the few functions it
 * has seen there and inlines them; a shared kernel's call site sees every op of every tape in the
 * process and stops inlining. So code generation makes copies of the kernels from their source
 * text — the same code, calling the same table functions, with call-site feedback of their own:
 * - each opcode gets its own batch node kernels (shared by all tapes: their call site only ever
 *   sees that op's `forward` / `local`);
 * - each distinct op set gets one-example sweeps generated from the table with a `case` per
 *   opcode (sweeps.ts; cached, a training loop reuses one).
 */
export function kernelsFor(opcodes: readonly number[], useCodegen: boolean): Kernels {
  if (!useCodegen || !codegenAllowed()) return PLAIN_KERNELS;
  const key = [...new Set(opcodes)].sort((x, y) => x - y).join(',');
  const hit = cache.get(key);
  if (hit !== undefined) return hit;
  let made: Kernels;
  try {
    perOpcode ??= {
      KF: PLAIN_KERNELS.KF.map((k) => clone(k)),
      KB: PLAIN_KERNELS.KB.map((k) => clone(k)),
      KFR: PLAIN_KERNELS.KFR.map((k) => clone(k)),
      KBR: PLAIN_KERNELS.KBR.map((k) => clone(k)),
      KB1: PLAIN_KERNELS.KB1.map((k) => clone(k)),
      // Only ops whose nodes can form dense layers (sums of two-input terms) get their own copies.
      LF: OP_LIST.map((spec, op) => (isDotLike(spec) ? clone(layerForward) : PLAIN_KERNELS.LF[op])),
      LBW: OP_LIST.map((spec, op) => (isDotLike(spec) ? clone(layerBackwardWeights) : PLAIN_KERNELS.LBW[op])),
      LBX: OP_LIST.map((spec, op) => (isDotLike(spec) ? clone(layerBackwardInputs) : PLAIN_KERNELS.LBX[op])),
    };
    const sweeps = generateSweeps(opcodes);
    made = { scalarForward: sweeps.forward, scalarBackward: sweeps.backward, batchForward, batchBackward, ...perOpcode, generated: true };
  } catch {
    return PLAIN_KERNELS; // source text not reproducible here (e.g. a minifier renamed things)
  }
  if (cache.size >= MAX_CACHED) cache.delete(cache.keys().next().value as string);
  cache.set(key, made);
  return made;
}

function isDotLike(spec: OpSpec): boolean {
  return spec.arity === 'n' && spec.group === 2;
}

/** A fresh function object from `fn`'s source; `fn` must not refer to anything outside itself. */
function clone<F extends (...args: never[]) => unknown>(fn: F): F {
  const copy: unknown = new Function(`"use strict"; return (${fn.toString()});`)();
  if (typeof copy !== 'function' || copy.length !== fn.length) throw new Error('clone failed');
  return copy as F;
}
