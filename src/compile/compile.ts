import { checkLeafData, checkValueList } from '../errors/check-arguments.js';
import { checkOptionKeys, compileError, describe, rangeError, typeError } from '../errors/messages.js';
import { topologicalOrder } from '../engine/graph.js';
import { kindOf, TERMS2 } from '../ops/layout.js';
import type { OpSpec } from '../ops/table.js';
import { allOps, opcodeOf } from '../ops/registry.js';
import { Value } from '../engine/value.js';
import { findLayers } from './layers.js';
import { findUnits } from './units.js';
import { schedule } from './schedule.js';
import { DOT_ANY, DOT_FIRST_LAYER, DOT_NEURON, DOT_SHARED, PARAM, VARYING, type TapePlan } from './plan.js';
import { Tape } from './tape.js';

/**
 * Options of {@link compile}.
 * @category Compile
 */
export interface CompileOptions {
  /** Leaves fed per run, in this order (a run's example is one number per input). */
  inputs: readonly Value[];
  /**
   * The leaves that receive gradients. @defaultValue every other leaf with `requiresGrad`
   * (leaves made by `new Value`; `constant()` leaves never get a gradient)
   */
  params?: readonly Value[];
  /**
   * Give the tape its own copies of the sweeps, made with `new Function`, so V8 inlines the table
   * functions. Falls back to the shared sweeps where code generation is not allowed (CSP).
   * @defaultValue true
   */
  codegen?: boolean;
  /**
   * Run dense layers — runs of dot nodes that read the same inputs, as an MLP's layers do — as
   * blocked matrix products over a batch (dense/). false runs every dot on its own, the
   * general path (the same values, up to the order in which gradients are summed).
   * @defaultValue true
   */
  layers?: boolean;
  /**
   * Run the dense layers with WebAssembly SIMD kernels, generated for each layer's shape (dense/),
   * where WebAssembly is available; false, or no WebAssembly (or a Content Security Policy that
   * refuses it), runs the JavaScript kernels emitted from the same source. Without `fma` both give
   * the same numbers, bit for bit. `tape.wasm` says which run.
   * @defaultValue true
   */
  wasm?: boolean;
  /**
   * Let the WebAssembly kernels use relaxed SIMD's fused multiply-add (a·b + c rounded once) where
   * the runtime has it (Node 22+, current browsers; probed once): faster, and each product-sum is
   * at least as accurate, but no longer bit-identical to the JavaScript kernels. `tape.fma` says
   * whether it is used.
   * @defaultValue true
   */
  fma?: boolean;
  /**
   * The float type of the tape's values and adjoints in a batch (`run`) and for one example:
   * 'float32' halves the memory and doubles the SIMD lanes of the dense layers (about 7 significant
   * digits instead of 16: see the Compile and performance guide for what that does to training).
   * Parameters keep their float64 Values; they are rounded to float32 when read.
   * @defaultValue 'float64'
   */
  dtype?: 'float64' | 'float32';
}

/**
 * Flattens the graph feeding `outputs` once (iteratively) into a {@link Tape}: opcodes and operand
 * indices in typed arrays, values and adjoints in Float64Arrays, every rule read from the op table.
 * `inputs` become placeholders fed per run; other leaves are parameters (re-read from their
 * Values on every run, gradients added to their `grad`) or constants (frozen at compile time).
 * An input or param that feeds no output is allowed: it is ignored and its gradient is 0, as with
 * an unused argument of `grad(f)`.
 *
 * @example
 * const x = new Value(0, 'x'), w = new Value(0.5, 'w');
 * const tape = compile(x.mul(w).sigmoid(), { inputs: [x] });
 * tape.valueAndGrad([2]); // { value: σ(1), grad: [∂/∂x] }, and w.grad += ∂/∂w
 * tape.run([[1], [2], [3]]); // three examples; w.grad += mean over them of ∂y_k/∂w
 * @throws TypeError for a non-Value output, input or param; RangeError for an input or param that
 *   is not a leaf, appears twice or is both, a constant declared as a param, or a node whose op is
 *   not in the table
 * @category Compile
 */
export function compile(outputs: Value | readonly Value[], options: CompileOptions): Tape {
  const roots = checkOutputs(outputs);
  if (typeof options !== 'object' || options === null) {
    throw typeError('compile', 'options', 'an object { inputs, params? }', options, 'Name the placeholder leaves: compile(loss, { inputs: [x0, x1] }).');
  }
  checkOptionKeys('compile', options, COMPILE_OPTIONS);
  const dtype = options.dtype ?? 'float64';
  if (dtype !== 'float64' && dtype !== 'float32') throw typeError('compile', 'options.dtype', '"float64" or "float32"', options.dtype);
  const checkedInputs = checkLeaves('inputs', options.inputs, Number.NaN); // NaN: no stamp to avoid
  const inputs = checkedInputs.leaves;
  const params = options.params === undefined ? undefined : checkLeaves('params', options.params, checkedInputs.stamp).leaves;
  const sorted = topologicalOrder(roots);
  checkLeafData('compile', sorted); // a leaf's data is a public field: only numbers reach the tape
  const order = schedule(sorted, params);
  const n = order.length;
  // After schedule, v.pending is v's slot; a Value not on the tape fails order[v.pending] === v.
  const slotOf = (v: Value): number => {
    const s = v.pending;
    return s >= 0 && s < n && order[s] === v ? s : -1;
  };
  const role = new Uint8Array(n); // 1 input, 2 declared param
  for (const x of inputs) if (slotOf(x) >= 0) role[slotOf(x)] = 1;
  if (params !== undefined) for (const w of params) if (slotOf(w) >= 0) role[slotOf(w)] = 2;
  const kind = new Uint8Array(n);
  const ops = new Uint8Array(n);
  const flags = new Uint8Array(n);
  const init = new Float64Array(n);
  const argStart = new Int32Array(n + 1);
  let argCount = 0;
  for (let s = 0; s < n; s++) argCount += order[s].inputs.length;
  const args = new Int32Array(argCount);
  const argFlags = new Uint8Array(argCount);
  const dotShape = new Uint8Array(n);
  const live: number[] = []; // non-input leaves that may change: re-read on every run
  const liveValues: Value[] = [];
  const opcodes: number[] = [];
  let p = 0;
  let lastSpec: OpSpec | null = null;
  let lastOpcode = 0;
  let lastKind = 0;
  for (let s = 0; s < n; s++) {
    const v = order[s];
    argStart[s] = p;
    init[s] = v.data;
    const spec = v.spec;
    if (spec === null) {
      if (role[s] === 1) flags[s] = VARYING;
      else if (v.requiresGrad) {
        live.push(s);
        liveValues.push(v);
        if (params === undefined || role[s] === 2) flags[s] = PARAM;
      }
      continue;
    }
    if (spec !== lastSpec) {
      const opcode = opcodeOf(spec);
      if (opcode === undefined) {
        throw compileError('outputs', 'built from registered ops (allOps())', `a node whose op ${describe(spec.name)} is not in it`, 'Build nodes with Value methods, sum, dot or applyOp.');
      }
      lastSpec = spec;
      lastOpcode = opcode;
      lastKind = kindOf(spec);
    }
    opcodes.push(lastOpcode);
    ops[s] = lastOpcode;
    const kd = lastKind;
    kind[s] = kd;
    let f = 0;
    const inputs = v.inputs;
    for (let j = 0; j < inputs.length; j++) {
      const a = inputs[j].pending;
      const fa = flags[a];
      argFlags[p] = fa;
      args[p++] = a;
      f |= fa;
    }
    flags[s] = f;
    if (kd === TERMS2) dotShape[s] = dotShapeOf(args, argStart[s], p, flags);
  }
  argStart[n] = p;
  // Params: the declared ones, else every live leaf on a path to the outputs' gradient.
  const paramValues = params ?? liveValues.filter((_, i) => flags[live[i]] === PARAM);
  const paramSlots = slotsOf(paramValues, slotOf);
  const isParam = new Uint8Array(n);
  for (let i = 0; i < paramSlots.length; i++) if (paramSlots[i] >= 0) isParam[paramSlots[i]] = 1;
  const other = live.filter((s) => isParam[s] === 0);
  const specs = allOps();
  const isProduct = (op: number) => specs[op].sumOfProducts === true;

  const layers = findLayers({ n, firstOp: n - opcodes.length, ops, argStart, args, dotShape, flags }, options.layers === false ? Infinity : 1, isProduct);
  const plan: TapePlan = {
    n, firstOp: n - opcodes.length, kind, ops, argStart, args, argFlags, dotShape, flags, init, opcodes,
    inputSlots: slotsOf(inputs, slotOf),
    outputSlots: slotsOf(roots, slotOf),
    liveSlots: Int32Array.from(live),
    liveValues,
    otherSlots: Int32Array.from(other),
    otherValues: other.map((s) => order[s]),
    params: paramValues,
    paramSlots,
    inputs,
    layers,
    units: findUnits({ n, kind, ops, argStart, args, argFlags, flags, layers }),
    nodesOnPath: onPath(flags, n - opcodes.length, n),
    allOnPath: onPath(flags, n - opcodes.length, n) && onPath(argFlags, 0, argFlags.length),
  };
  return new Tape(plan, { codegen: options.codegen !== false, wasm: options.wasm !== false, fma: options.fma !== false, dtype });
}

/**
 * DOT_NEURON for a dot node shaped like a neuron over a layer: its a-operands consecutive slots
 * that do not vary over a batch (weights), its b-operands consecutive slots that all do (inputs).
 * In a batch their offsets are then evenly spaced, and node-templates.ts runs it as a
 * register-blocked matrix–vector product without per-term index loads; DOT_FIRST_LAYER when,
 * moreover, every weight lies on a path to a param and no input does. DOT_SHARED when both runs are
 * consecutive slots that do not vary (a sum of squares of parameters). DOT_ANY otherwise.
 */
function dotShapeOf(args: Int32Array, st: number, end: number, flags: Uint8Array): number {
  const m = (end - st) >> 1;
  if (m === 0) return DOT_ANY;
  let shared = true;
  for (let j = 0; j < m && shared; j++) {
    const a = args[st + j];
    const b = args[st + m + j];
    shared = a === args[st] + j && b === args[st + m] + j && (flags[a] & VARYING) === 0 && (flags[b] & VARYING) === 0;
  }
  if (shared) return DOT_SHARED;
  for (let j = 0; j < m; j++) {
    const a = args[st + j];
    const b = args[st + m + j];
    if (a !== args[st] + j || (flags[a] & VARYING) !== 0) return DOT_ANY;
    if (b !== args[st + m] + j || (flags[b] & VARYING) === 0) return DOT_ANY;
  }
  for (let j = 0; j < m; j++) {
    if ((flags[args[st + j]] & PARAM) === 0 || (flags[args[st + m + j]] & PARAM) !== 0) return DOT_NEURON;
  }
  return DOT_FIRST_LAYER;
}

/** True when every flag in flags[from … to) has VARYING or PARAM set. */
function onPath(flags: Uint8Array, from: number, to: number): boolean {
  for (let s = from; s < to; s++) if ((flags[s] & (VARYING | PARAM)) === 0) return false;
  return true;
}

/** Slots of a list of Values (a plain loop: Int32Array.from with a map function is many times slower). */
function slotsOf(values: readonly Value[], slotOf: (v: Value) => number): Int32Array {
  const out = new Int32Array(values.length);
  for (let i = 0; i < values.length; i++) out[i] = slotOf(values[i]);
  return out;
}

/** The keys compile knows: any other (a typo such as `codgen`) is refused rather than ignored. */
const COMPILE_OPTIONS: readonly (keyof CompileOptions)[] = ['inputs', 'params', 'codegen', 'layers', 'wasm', 'fma', 'dtype'];

function checkOutputs(outputs: unknown): Value[] {
  const list = outputs instanceof Value ? [outputs] : outputs;
  if (!Array.isArray(list)) throw typeError('compile', 'outputs', 'a Value or an array of Values', outputs);
  if (list.length === 0) throw rangeError('compile', 'outputs', 'a non-empty array of Values', list);
  checkValueList('compile', 'outputs', list);
  return list;
}

// Duplicate checks stamp each listed leaf's `mark` with a negative number unique to this call
// (graph walks stamp positive epochs, so the two never meet): a Set of 100k Values costs more than
// the whole rest of compile.
let stamps = 0;

function checkLeaves(what: 'inputs' | 'params', list: unknown, taken: number): { leaves: Value[]; stamp: number } {
  if (!Array.isArray(list)) {
    throw typeError('compile', `options.${what}`, 'an array of leaf Values', list, what === 'inputs' ? 'Pass [] for a graph without placeholders.' : undefined);
  }
  const stamp = -++stamps;
  const where = (i: number, v: Value) => `options.${what}[${i}]${labelled(v)}`; // built only on failure
  for (let i = 0; i < list.length; i++) {
    const v: unknown = list[i];
    if (!(v instanceof Value)) throw typeError('compile', `options.${what}[${i}]`, 'a Value', v);
    if (v.spec !== null) {
      throw compileError(where(i, v), 'a leaf Value (made by new Value)', `a node made by ${describe(v.op)}`, 'Only leaves can be fed or trained; compile the graph built on top of them.');
    }
    if (v.mark === stamp) throw compileError(where(i, v), `a Value not already listed in options.${what}`, 'a duplicate');
    if (v.mark === taken) throw compileError(where(i, v), 'a Value that is not also an input', 'one of options.inputs');
    if (what === 'params' && !v.requiresGrad) {
      throw compileError(where(i, v), 'a leaf with requiresGrad true', 'a constant', 'Make trainable leaves with new Value(x), not constant(x).');
    }
    v.mark = stamp;
  }
  return { leaves: list as Value[], stamp };
}

function labelled(v: Value): string {
  return v.label ? ` (${describe(v.label)})` : '';
}
