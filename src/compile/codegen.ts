import { byKind, kindOf } from '../ops/layout.js';
import { allOps } from '../ops/registry.js';
import { binaryBackward, dotBackward, dotBackwardFirstLayer, dotBackwardNeuron, sumBackward, unaryBackward } from './batch-backward.js';
import {
  allForward, binaryForward, dotForward, dotForwardNeuron, sumForward, unaryForward, type NodeBackward, type NodeForward,
} from './batch-kernels.js';
import { scalarBackward, scalarForward } from './kernels.js';
import { generateSweeps } from './sweeps.js';

/**
 * What a tape runs: the one-example sweeps (kernels.ts, or generated copies) and the batch kernels
 * per opcode that the batch sweeps (batch-sweeps.ts) call, each array indexed by opcode.
 */
export interface Kernels {
  readonly scalarForward: typeof scalarForward;
  readonly scalarBackward: typeof scalarBackward;
  /** One node's batch forward / backward, any layout. */
  readonly nodeForward: readonly NodeForward[];
  readonly nodeBackward: readonly NodeBackward[];
  /** A neuron-shaped dot (plan.ts DOT_NEURON); other ops get their node kernels here too. */
  readonly neuronForward: readonly NodeForward[];
  readonly neuronBackward: readonly NodeBackward[];
  /** A first layer's dot (DOT_FIRST_LAYER): only its weights need adjoints. */
  readonly firstLayerBackward: readonly NodeBackward[];
  /** True when these are generated copies made with `new Function`, false for the shared originals. */
  readonly generated: boolean;
}

// The node kernels by the entry's kind (ops/layout.ts); a forwardAll op's backward is sum's.
// (Written out, not spread: a spread would keep the tables, and the kernels, in bundles that never compile.)
const NODE_FORWARD = /* @__PURE__ */ byKind<NodeForward>({ unary: unaryForward, binary: binaryForward, sum: sumForward, dot: dotForward, all: allForward });
const NODE_BACKWARD = /* @__PURE__ */ byKind<NodeBackward>({ unary: unaryBackward, binary: binaryBackward, sum: sumBackward, dot: dotBackward, all: sumBackward });
const NEURON_FORWARD = /* @__PURE__ */ byKind<NodeForward>({ unary: unaryForward, binary: binaryForward, sum: sumForward, dot: dotForwardNeuron, all: allForward });
const NEURON_BACKWARD = /* @__PURE__ */ byKind<NodeBackward>({ unary: unaryBackward, binary: binaryBackward, sum: sumBackward, dot: dotBackwardNeuron, all: sumBackward });
const FIRST_LAYER_BACKWARD = /* @__PURE__ */ byKind<NodeBackward>({ unary: unaryBackward, binary: binaryBackward, sum: sumBackward, dot: dotBackwardFirstLayer, all: sumBackward });

// Per-opcode kernel arrays, grown to allOps() when a tape is made (user ops get opcodes later).
type PerOpcode = { -readonly [K in Exclude<keyof Kernels, 'scalarForward' | 'scalarBackward' | 'generated'>]: Kernels[K] extends readonly (infer F)[] ? F[] : never };
const emptyPerOpcode = (): PerOpcode => ({
  nodeForward: [], nodeBackward: [], neuronForward: [], neuronBackward: [], firstLayerBackward: [],
});
const PLAIN = emptyPerOpcode();

/** The shared originals: used where code generation is not allowed (a CSP without 'unsafe-eval'). */
const PLAIN_KERNELS: Kernels = {
  scalarForward, scalarBackward,
  nodeForward: PLAIN.nodeForward, nodeBackward: PLAIN.nodeBackward, neuronForward: PLAIN.neuronForward,
  neuronBackward: PLAIN.neuronBackward, firstLayerBackward: PLAIN.firstLayerBackward,
  generated: false,
};

/** Extends the per-opcode kernel arrays to every op registered so far. */
function growPlain(): void {
  const specs = allOps();
  for (let op = PLAIN.nodeForward.length; op < specs.length; op++) {
    const kind = kindOf(specs[op]);
    PLAIN.nodeForward.push(NODE_FORWARD[kind]);
    PLAIN.nodeBackward.push(NODE_BACKWARD[kind]);
    PLAIN.neuronForward.push(NEURON_FORWARD[kind]);
    PLAIN.neuronBackward.push(NEURON_BACKWARD[kind]);
    PLAIN.firstLayerBackward.push(FIRST_LAYER_BACKWARD[kind]);
  }
}

const MAX_CACHED = 64;
const cache = new Map<string, Kernels>();
const perOpcode = emptyPerOpcode(); // the generated copies
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
    for (let op = perOpcode.nodeForward.length; op < PLAIN.nodeForward.length; op++) {
      for (const key of Object.keys(perOpcode) as (keyof PerOpcode)[]) {
        (perOpcode[key] as unknown[]).push(clone(PLAIN[key][op] as (...args: never[]) => unknown));
      }
    }
    const sweeps = generateSweeps(opcodes);
    made = { scalarForward: sweeps.forward, scalarBackward: sweeps.backward, ...perOpcode, generated: true };
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
