import { ALL, BINARY, TERMS1, TERMS2, UNARY, kindOf } from '../op-layout.js';
import type { OpSpec } from '../ops.js';
import { allOps } from '../registry.js';
import { binaryBackward, dotBackward, dotBackwardFirst, dotBackwardRun, sumBackward, unaryBackward } from './batch-backward.js';
import {
  allForward, batchBackward, batchForward, binaryForward, dotForward, dotForwardRun, sumForward, unaryForward, type NodeBackward, type NodeForward,
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

/** The node kernel for an entry's kind (op-layout.ts); a forwardAll op's backward is sum's. */
const byKind = <T>(spec: OpSpec, unary: T, binary: T, sum: T, dot: T, all: T): T => {
  const kind = kindOf(spec);
  return kind === UNARY ? unary : kind === BINARY ? binary : kind === TERMS1 ? sum : kind === ALL ? all : dot;
};

// Per-opcode kernel arrays, grown to allOps() when a tape is made (user ops get opcodes later).
const PLAIN_KF: NodeForward[] = [];
const PLAIN_KB: NodeBackward[] = [];
const PLAIN_KFR: NodeForward[] = [];
const PLAIN_KBR: NodeBackward[] = [];
const PLAIN_KB1: NodeBackward[] = [];
const PLAIN_LF: (typeof layerForward)[] = [];
const PLAIN_LBW: (typeof layerBackwardWeights)[] = [];
const PLAIN_LBX: (typeof layerBackwardInputs)[] = [];

/** The shared originals: used where code generation is not allowed (a CSP without 'unsafe-eval'). */
export const PLAIN_KERNELS: Kernels = {
  scalarForward, scalarBackward, batchForward, batchBackward,
  KF: PLAIN_KF, KB: PLAIN_KB, KFR: PLAIN_KFR, KBR: PLAIN_KBR, KB1: PLAIN_KB1, LF: PLAIN_LF, LBW: PLAIN_LBW, LBX: PLAIN_LBX,
  generated: false,
};

/** Extends the per-opcode kernel arrays to every op registered so far. */
function growPlain(): void {
  const specs = allOps();
  for (let op = PLAIN_KF.length; op < specs.length; op++) {
    const spec = specs[op];
    PLAIN_KF.push(byKind(spec, unaryForward, binaryForward, sumForward, dotForward, allForward));
    PLAIN_KB.push(byKind(spec, unaryBackward, binaryBackward, sumBackward, dotBackward, sumBackward));
    PLAIN_KFR.push(byKind(spec, unaryForward, binaryForward, sumForward, dotForwardRun, allForward));
    PLAIN_KBR.push(byKind(spec, unaryBackward, binaryBackward, sumBackward, dotBackwardRun, sumBackward));
    PLAIN_KB1.push(byKind(spec, unaryBackward, binaryBackward, sumBackward, dotBackwardFirst, sumBackward));
    PLAIN_LF.push(layerForward);
    PLAIN_LBW.push(layerBackwardWeights);
    PLAIN_LBX.push(layerBackwardInputs);
  }
}

const MAX_CACHED = 64;
const cache = new Map<string, Kernels>();
const perOpcode: {
  KF: NodeForward[]; KB: NodeBackward[]; KFR: NodeForward[]; KBR: NodeBackward[]; KB1: NodeBackward[];
  LF: (typeof layerForward)[]; LBW: (typeof layerBackwardWeights)[]; LBX: (typeof layerBackwardInputs)[];
} = { KF: [], KB: [], KFR: [], KBR: [], KB1: [], LF: [], LBW: [], LBX: [] };
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
  growPlain();
  if (!useCodegen || !codegenAllowed()) return PLAIN_KERNELS;
  const key = [...new Set(opcodes)].sort((x, y) => x - y).join(',');
  const hit = cache.get(key);
  if (hit !== undefined) return hit;
  let made: Kernels;
  try {
    // Clones for opcodes not seen yet (the arrays only grow: an op's clone never changes).
    for (let op = perOpcode.KF.length; op < PLAIN_KF.length; op++) {
      perOpcode.KF.push(clone(PLAIN_KF[op]));
      perOpcode.KB.push(clone(PLAIN_KB[op]));
      perOpcode.KFR.push(clone(PLAIN_KFR[op]));
      perOpcode.KBR.push(clone(PLAIN_KBR[op]));
      perOpcode.KB1.push(clone(PLAIN_KB1[op]));
      // Only ops whose nodes can form dense layers (sums of two-input terms) get their own copies.
      const dotLike = kindOf(allOps()[op]) === TERMS2;
      perOpcode.LF.push(dotLike ? clone(layerForward) : layerForward);
      perOpcode.LBW.push(dotLike ? clone(layerBackwardWeights) : layerBackwardWeights);
      perOpcode.LBX.push(dotLike ? clone(layerBackwardInputs) : layerBackwardInputs);
    }
    const sweeps = generateSweeps(opcodes);
    made = { scalarForward: sweeps.forward, scalarBackward: sweeps.backward, batchForward, batchBackward, ...perOpcode, generated: true };
  } catch {
    return PLAIN_KERNELS; // source text not reproducible here (e.g. a minifier renamed things)
  }
  if (cache.size >= MAX_CACHED) cache.delete(cache.keys().next().value as string);
  cache.set(key, made);
  return made;
}

/** A fresh function object from `fn`'s source; `fn` must not refer to anything outside itself. */
function clone<F extends (...args: never[]) => unknown>(fn: F): F {
  const copy: unknown = new Function(`"use strict"; return (${fn.toString()});`)();
  if (typeof copy !== 'function' || copy.length !== fn.length) throw new Error('clone failed');
  return copy as F;
}
