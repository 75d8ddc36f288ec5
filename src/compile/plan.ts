import type { Value } from '../engine/value.js';
import type { TapeLayers } from './layers.js';
import type { TapeUnits } from './units.js';

/**
 * The flattened graph compile() hands to a Tape: one slot per node, in a topological order
 * (schedule.ts), every array indexed by slot. The sweeps read it top to bottom: a forward sweep
 * computes slot s from its operands' slots, a reverse sweep adds slot s's adjoint into theirs.
 */

/** A slot's flag: it depends on an input, so it differs between the examples of a batch. */
export const VARYING = 1;
/** A slot's flag: it depends on a param, so it lies on a path to a parameter gradient. */
export const PARAM = 2;

/** How a dot node (a sum of two-input terms) is laid out, which picks its batch kernel. */
export const DOT_ANY = 0;
/** Weights in consecutive shared slots, inputs in consecutive varying slots: a neuron (compile.ts dotShapeOf). */
export const DOT_NEURON = 1;
/** A neuron whose weights all need gradients and whose inputs do not: a first layer. */
export const DOT_FIRST_LAYER = 2;
/** Both operand runs in consecutive shared slots (Σ p², an L2 penalty): no index per term. */
export const DOT_SHARED = 3;

/** @internal The flattened graph (see the file comment). */
export interface TapePlan {
  /** Number of slots. */
  readonly n: number;
  /** Slots 0 … firstOp − 1 are leaves, the rest op nodes. */
  readonly firstOp: number;
  /** ops/layout.ts kinds: 0 leaf, 1 unary, 2 binary, 3 n-ary groups of 1, 4 n-ary groups of 2, 5 forwardAll. */
  readonly kind: Uint8Array;
  /** Opcode = index in allOps() (0 for leaves, which never read it). */
  readonly ops: Uint8Array;
  /** Operands of slot s are the slots args[argStart[s] … argStart[s + 1]). */
  readonly argStart: Int32Array;
  readonly args: Int32Array;
  /** The flags of each operand, aligned with args (read in sequence instead of by index). */
  readonly argFlags: Uint8Array;
  /** Per dot node: DOT_ANY, DOT_NEURON, DOT_FIRST_LAYER or DOT_SHARED. */
  readonly dotShape: Uint8Array;
  /** VARYING | PARAM per slot. */
  readonly flags: Uint8Array;
  /** Values at compile time; constants keep theirs. */
  readonly init: Float64Array;
  /** The opcode of every op slot, in slot order (picks the generated sweeps, see codegen.ts). */
  readonly opcodes: readonly number[];
  /** Slot per input, −1 for an input that feeds no output. */
  readonly inputSlots: Int32Array;
  readonly outputSlots: Int32Array;
  /** Leaves that may change between runs (not inputs, not constants): re-read on every run. */
  readonly liveSlots: Int32Array;
  readonly liveValues: readonly Value[];
  /** The live leaves that are not params (re-read from their Values even when params come in an array). */
  readonly otherSlots: Int32Array;
  readonly otherValues: readonly Value[];
  readonly params: readonly Value[];
  /** Slot per param, −1 for a param that feeds no output. */
  readonly paramSlots: Int32Array;
  readonly inputs: readonly Value[];
  /** Runs of dots that form dense layers (layers.ts). */
  readonly layers: TapeLayers;
  /** The dense layers' bias and activation nodes, run a layer at a time (units.ts). */
  readonly units: TapeUnits;
  /** True when every op slot lies on a path to an input or a param (a one-example backward then checks no node). */
  readonly nodesOnPath: boolean;
  /** True when, moreover, every operand does (a one-example backward then checks nothing). */
  readonly allOnPath: boolean;
}
