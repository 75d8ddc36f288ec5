import { TERMS2, byKind, kindOf } from '../ops/layout.js';
import { allOps } from '../ops/registry.js';
import { scalarBackward, scalarForward } from './kernels.js';
import { specialized, unitName, type NodeKernel } from './node-kernels.js';
import { PLAIN_BACKWARD, PLAIN_FORWARD, PLAIN_UNITS } from './node-generated.js';
import { BACKWARD_TEMPLATES, FORWARD_TEMPLATES, UNIT_TEMPLATES } from './node-templates.js';
import { generateSweeps } from './sweeps.js';
import type { TapeUnit } from './units.js';

/**
 * What a tape runs: the one-example sweeps (kernels.ts, or generated ones, sweeps.ts) and the
 * batch kernels per opcode that the batch sweeps (batch-sweeps.ts) call, each array indexed by
 * opcode, and the kernels of its dense units (units.ts), indexed by unit.
 */
export interface Kernels {
  readonly scalarForward: typeof scalarForward;
  readonly scalarBackward: typeof scalarBackward;
  /** scalarBackward for a tape whose every node it follows (TapePlan.nodesOnPath): no node check. */
  readonly scalarBackwardNodes: typeof scalarBackward;
  /** scalarBackward for a tape whose every node and operand it follows (TapePlan.allOnPath): no flag checks. */
  readonly scalarBackwardAll: typeof scalarBackward;
  /** One node's batch forward / backward, any layout. */
  readonly nodeForward: readonly NodeKernel[];
  readonly nodeBackward: readonly NodeKernel[];
  /** A neuron-shaped dot (plan.ts DOT_NEURON); other ops get their node kernels here too. */
  readonly neuronForward: readonly NodeKernel[];
  readonly neuronBackward: readonly NodeKernel[];
  /** A first layer's dot (DOT_FIRST_LAYER): only its weights need adjoints. */
  readonly firstLayerBackward: readonly NodeKernel[];
  /** A dot over two runs of consecutive shared slots (DOT_SHARED). */
  readonly sharedForward: readonly NodeKernel[];
  readonly sharedBackward: readonly NodeKernel[];
  /** Per unit of the tape: its forward and backward. */
  readonly unitForward: readonly NodeKernel[];
  readonly unitBackward: readonly NodeKernel[];
  /** True when these are generated functions made with `new Function`, false for the plain ones. */
  readonly generated: boolean;
}

type PerOpcode = { -readonly [K in 'nodeForward' | 'nodeBackward' | 'neuronForward' | 'neuronBackward' | 'firstLayerBackward' | 'sharedForward' | 'sharedBackward']: NodeKernel[] };

// The template of each kernel, forward and backward, by the op's kind.
const TEMPLATE_BY_KIND = /* @__PURE__ */ byKind({ unary: 'unary', binary: 'binary', sum: 'sum', dot: 'dot', all: 'all' } as const);

const emptyPerOpcode = (): PerOpcode => ({ nodeForward: [], nodeBackward: [], neuronForward: [], neuronBackward: [], firstLayerBackward: [], sharedForward: [], sharedBackward: [] });
const PLAIN = /* @__PURE__ */ emptyPerOpcode();
// The generated ones, per float type (a kernel that sees one kind of typed array stays monomorphic:
// one that saw both would box its numbers). An op's never changes, so the arrays only grow.
const perOpcode = { float64: /* @__PURE__ */ emptyPerOpcode(), float32: /* @__PURE__ */ emptyPerOpcode() };

/** Extends the per-opcode kernel arrays to every op registered so far. */
function grow(into: PerOpcode, make: (template: string, dir: 'forward' | 'backward', op: number) => NodeKernel): void {
  const specs = allOps();
  for (let op = into.nodeForward.length; op < specs.length; op++) {
    const kind = kindOf(specs[op]);
    const dot = kind === TERMS2;
    into.nodeForward.push(make(TEMPLATE_BY_KIND[kind], 'forward', op));
    into.nodeBackward.push(make(TEMPLATE_BY_KIND[kind], 'backward', op));
    into.neuronForward.push(dot ? make('neuron', 'forward', op) : into.nodeForward[op]);
    into.neuronBackward.push(dot ? make('neuron', 'backward', op) : into.nodeBackward[op]);
    into.firstLayerBackward.push(dot ? make('firstLayer', 'backward', op) : into.nodeBackward[op]);
    into.sharedForward.push(dot ? make('shared', 'forward', op) : into.nodeForward[op]);
    into.sharedBackward.push(dot ? make('shared', 'backward', op) : into.nodeBackward[op]);
  }
}

const plainOf = (template: string, dir: 'forward' | 'backward') =>
  (dir === 'forward' ? PLAIN_FORWARD : PLAIN_BACKWARD)[template as keyof typeof PLAIN_BACKWARD] as NodeKernel;

/** A kernel for opcode op from its template, the op's table functions as constants. */
function generatedOf(template: string, dir: 'forward' | 'backward', op: number): NodeKernel {
  const spec = allOps()[op];
  const fns = { F: 'F', FA: 'FA', L: 'L', LS: 'LS' };
  const body = dir === 'forward' ? FORWARD_TEMPLATES[template as keyof typeof FORWARD_TEMPLATES](fns) : BACKWARD_TEMPLATES[template as keyof typeof BACKWARD_TEMPLATES](fns);
  return specialized(`${template}_${dir}_${op}`, body, { F: spec.forward, FA: spec.forwardAll, L: spec.local, LS: spec.localShared });
}

const unitCache = new Map<string, NodeKernel>();

/** A unit's kernel: generated for its (binary, unary) opcode pair, cached, or the plain one. */
function unitKernel(u: TapeUnit, dir: 'forward' | 'backward', generated: boolean, dtype: string): NodeKernel {
  const hasBias = u.binOp >= 0;
  const hasAct = u.unOp >= 0;
  const name = unitName(dir, hasBias, hasAct);
  if (!generated) return PLAIN_UNITS[dir][name.slice(dir.length + 6) as keyof typeof PLAIN_UNITS.forward] as NodeKernel;
  const key = `${name}|${u.binOp}|${u.unOp}|${dtype}`;
  let k = unitCache.get(key);
  if (k === undefined) {
    const specs = allOps();
    const none = () => 0;
    const fns = {
      FB: hasBias ? specs[u.binOp].forward : none, LB: hasBias ? specs[u.binOp].local : none,
      FU: hasAct ? specs[u.unOp].forward : none, LU: hasAct ? specs[u.unOp].local : none,
    };
    k = specialized(`${name}_${Math.max(u.binOp, 0)}_${Math.max(u.unOp, 0)}`, UNIT_TEMPLATES[dir]({ FB: 'FB', LB: 'LB', FU: 'FU', LU: 'LU' }, hasBias, hasAct), fns);
    unitCache.set(key, k);
  }
  return k;
}

let allowed: boolean | undefined;

/**
 * Whether `new Function` works here; tried once. A Content Security Policy without 'unsafe-eval'
 * makes it throw (an EvalError), and then every tape runs the plain kernels.
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

const MAX_CACHED = 64;
const sweepCache = new Map<string, ReturnType<typeof generateSweeps>>();

/**
 * Kernels for a tape whose ops are `opcodes` and whose units are `units`. V8 optimises a call site
 * for the few functions it has seen there and inlines them; a shared kernel's call site sees every
 * op of every tape in the process and stops inlining. So with code generation each opcode gets its
 * own batch node kernels (shared by all tapes: their call sites only ever see that op's functions),
 * each unit's (binary, unary) pair its own unit kernels, and each distinct op set one-example
 * sweeps generated from the table with a `case` per opcode (sweeps.ts; cached).
 */
export function kernelsFor(opcodes: readonly number[], units: readonly TapeUnit[], useCodegen: boolean, dtype: 'float64' | 'float32' = 'float64'): Kernels {
  grow(PLAIN, plainOf);
  const plainUnits = { unitForward: units.map((u) => unitKernel(u, 'forward', false, dtype)), unitBackward: units.map((u) => unitKernel(u, 'backward', false, dtype)) };
  const plain: Kernels = { scalarForward, scalarBackward, scalarBackwardNodes: scalarBackward, scalarBackwardAll: scalarBackward, ...PLAIN, ...plainUnits, generated: false };
  if (!useCodegen || !codegenAllowed()) return plain;
  try {
    const own = perOpcode[dtype];
    grow(own, generatedOf);
    const key = [...new Set(opcodes)].sort((x, y) => x - y).join(',');
    let sweeps = sweepCache.get(key);
    if (sweeps === undefined) {
      sweeps = generateSweeps(opcodes);
      if (sweepCache.size >= MAX_CACHED) sweepCache.delete(sweepCache.keys().next().value as string);
      sweepCache.set(key, sweeps);
    }
    return {
      scalarForward: sweeps.forward, scalarBackward: sweeps.backward, scalarBackwardNodes: sweeps.backwardNodes, scalarBackwardAll: sweeps.backwardAll, ...own,
      unitForward: units.map((u) => unitKernel(u, 'forward', true, dtype)), unitBackward: units.map((u) => unitKernel(u, 'backward', true, dtype)),
      generated: true,
    };
  } catch {
    return plain;
  }
}
