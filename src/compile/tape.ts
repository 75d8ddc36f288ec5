import { checkOptionKeys, orderError, rangeError, typeError } from '../errors/messages.js';
import type { Value } from '../engine/value.js';
import { ALL as ALL_KIND } from '../ops/layout.js';
import { allOps } from '../ops/registry.js';
import { batchBuffers, slotLayout, type BatchBuffers, type Floats } from './batch.js';
import { kernelsFor, type Kernels } from './codegen.js';
import { batchBackward, batchForward } from './batch-sweeps.js';
import { DenseProgram } from './dense/program.js';
import type { Scratch, TableFns } from './kernels.js';
import { TapeTrainer, type TrainerSetup } from './trainer.js';
import { PARAM, VARYING, type TapePlan } from './plan.js';
import { isDebug } from '../engine/debug.js';
import { batchValues, checkBackward, checkForward, scalarValues } from './debug-check.js';

/**
 * Options of {@link Tape.run}.
 * @category Compile
 */
export interface RunOptions {
  /** Parameter gradients as the mean over the batch, (1/B) Σ_k ∂y_k/∂w, or the sum. @defaultValue 'mean' */
  reduce?: 'mean' | 'sum';
  /** Also run the reverse sweep and add parameter gradients into their Values' `grad`. @defaultValue true */
  backward?: boolean;
  /**
   * Parameter values to use instead of reading each Value's `data` (one per `tape.params`, same
   * order): for training loops that keep the parameters in a Float64Array (see {@link Tape.readParams}).
   */
  params?: Float64Array;
  /** Add parameter gradients here (one per `tape.params`) instead of into each Value's `grad`. */
  grads?: Float64Array;
  /**
   * Check every number of every row (and of `params`) for type and NaN before running. A caller
   * that has already validated its data — `train()` checks every example once, up front — passes
   * false to skip this per-batch pass: the shape of the batch is still checked, a NaN then flows
   * into the results instead of throwing.
   * @defaultValue true
   */
  validate?: boolean;
}

const RUN_OPTIONS: ReadonlySet<string> = new Set(['reduce', 'backward', 'params', 'grads', 'validate']);
// One example's backward follows every flagged operand, so it also gives input gradients.
const INPUTS_AND_PARAMS = VARYING | PARAM;

/**
 * A compiled graph (made by {@link compile}): the same values and gradients as the Value graph,
 * from typed arrays. Parameters are re-read from their Values at the start of every `forward`
 * and `run`, so an optimizer that updates `p.data` in place needs no sync step; gradients are
 * ADDED into each parameter's `grad`, as `Value.backward` does (zero them between steps).
 * Arrays returned are fresh; the graph itself is not kept alive by the tape.
 * @category Compile
 */
export class Tape {
  /** The placeholder leaves, in feeding order. */
  readonly inputs: readonly Value[];
  /** The leaves whose `grad` receives gradients. */
  readonly params: readonly Value[];
  /** Number of slots (graph nodes) on the tape. */
  readonly size: number;
  /** True when the sweeps are per-tape generated copies (see codegen.ts), false for the plain loops. */
  readonly generated: boolean;
  /** Dense layers found on the tape (runs of dots over the same inputs), run as matrix products in a batch. */
  readonly layers: number;
  /** True when this tape's dense layers run on the WebAssembly SIMD kernels (see CompileOptions.wasm). */
  readonly wasm: boolean;
  /** True when those kernels use relaxed SIMD's fused multiply-add (see CompileOptions.fma). */
  readonly fma: boolean;
  /** The float type of the tape's values and adjoints (see CompileOptions.dtype). */
  readonly dtype: 'float64' | 'float32';
  private readonly program: DenseProgram;
  private readonly plan: TapePlan;
  private readonly k: Kernels;
  private readonly V: Floats;
  private readonly G: Floats;
  // The table's functions per opcode, read from allOps() when the tape is made (the one source;
  // entries are frozen, so reading them once is reading them live).
  private readonly table: TableFns;
  private hasForward = false;
  private batch: BatchBuffers | null = null;

  /** @internal Use {@link compile}. */
  constructor(plan: TapePlan, options: { readonly codegen: boolean; readonly wasm: boolean; readonly fma: boolean; readonly dtype: 'float64' | 'float32' }) {
    this.plan = plan;
    this.inputs = plan.inputs;
    this.params = plan.params;
    this.size = plan.n;
    this.dtype = options.dtype;
    this.k = kernelsFor(plan.opcodes, plan.units.list, options.codegen, options.dtype);
    this.generated = this.k.generated;
    this.layers = plan.layers.count;
    this.program = new DenseProgram(plan, slotLayout(plan), options.dtype, options);
    this.wasm = this.program.wasm;
    this.fma = this.program.dialect.fma;
    const Floats = options.dtype === 'float32' ? Float32Array : Float64Array;
    this.V = Floats.from(plan.init);
    this.G = new Floats(plan.n);
    const specs = allOps();
    this.table = {
      forward: specs.map((spec) => spec.forward),
      local: specs.map((spec) => spec.local),
      forwardAll: specs.map((spec) => spec.forwardAll),
      localShared: specs.map((spec) => spec.localShared),
      scratch: scratchFor(plan),
    };
  }

  /**
   * Evaluates the outputs at `inputs` (one number per declared input).
   * @returns the outputs, in the order given to compile
   * @throws RangeError if the length is wrong or a number is NaN
   */
  forward(inputs: ArrayLike<number>): Float64Array {
    const { plan: t, V } = this;
    this.feed(inputs, 'forward', 'inputs', t.inputSlots.length);
    for (let i = 0; i < t.inputSlots.length; i++) if (t.inputSlots[i] >= 0) V[t.inputSlots[i]] = inputs[i];
    for (let i = 0; i < t.liveSlots.length; i++) V[t.liveSlots[i]] = t.liveValues[i].data;
    this.k.scalarForward(t, V, this.table);
    if (isDebug()) checkForward(t, scalarValues(V, 'Tape.forward'));
    this.hasForward = true;
    return Float64Array.from(t.outputSlots, (s) => V[s]);
  }

  /**
   * Reverse sweep at the last `forward` point for Σ_o seeds[o]·output_o (seeds default to 1):
   * adds ∂/∂p into every parameter's `grad` and returns ∂/∂input for each input.
   * @throws RangeError before any forward, or for seeds of the wrong length
   */
  backward(seeds?: ArrayLike<number>): Float64Array {
    const { plan: t, V, G } = this;
    if (!this.hasForward) throw orderError('Tape.backward', 'the tape must run forward first, received a backward before any forward', 'Call tape.forward(inputs) first.');
    if (seeds !== undefined) this.feed(seeds, 'backward', 'seeds', t.outputSlots.length);
    G.fill(0);
    for (let o = 0; o < t.outputSlots.length; o++) G[t.outputSlots[o]] += seeds === undefined ? 1 : seeds[o];
    const sweep = t.allOnPath ? this.k.scalarBackwardAll : t.nodesOnPath ? this.k.scalarBackwardNodes : this.k.scalarBackward;
    sweep(t, INPUTS_AND_PARAMS, V, G, this.table);
    if (isDebug()) checkBackward(t, scalarValues(V, 'Tape.backward'), INPUTS_AND_PARAMS);
    for (let i = 0; i < t.params.length; i++) {
      const s = t.paramSlots[i];
      if (s >= 0) t.params[i].grad += G[s];
    }
    return Float64Array.from(t.inputSlots, (s) => (s >= 0 ? G[s] : 0));
  }

  /**
   * forward then backward: the first output's value, all outputs, and ∂(Σ outputs)/∂input.
   * @example tape.valueAndGrad([1, 2]) // { value, values, grad }
   */
  valueAndGrad(inputs: ArrayLike<number>): {
    /** The first output. */
    value: number;
    /** Every output, in the order given to compile. */
    values: Float64Array;
    /** ∂(Σ outputs)/∂input, one per input. */
    grad: Float64Array;
  } {
    const values = this.forward(inputs);
    return { value: values[0], values, grad: this.backward() };
  }

  /**
   * Runs B examples at once (forward, then backward unless `backward: false`), values laid out so
   * the inner loops run over the batch. Parameter gradients, the mean (default) or sum over the
   * batch of ∂(Σ outputs)_k/∂p, are added into each parameter's `grad` in one pass.
   * @param examples - B rows, one number per declared input each
   * @returns the outputs, row-major: example k's output o at [k · outputs + o]
   * @throws RangeError for an empty batch, a row of the wrong length, a NaN input or a non-finite
   *   `params` entry; TypeError for an unknown option key, a `reduce` other than 'mean'/'sum' or a
   *   non-boolean `backward`/`validate`
   */
  run(examples: readonly ArrayLike<number>[], options: RunOptions = {}): Float64Array {
    checkRunOptions(options);
    if (!Array.isArray(examples) || examples.length === 0) {
      throw rangeError('Tape.run', 'examples', 'a non-empty array of input rows', examples);
    }
    const validate = options.validate !== false;
    for (let k = 0; k < examples.length; k++) this.feed(examples[k], 'run', k, this.plan.inputSlots.length, validate);
    const { params, grads } = options;
    if (params !== undefined) this.checkParamArray(params, 'options.params', 'run', validate);
    if (grads !== undefined) this.checkParamArray(grads, 'options.grads', 'run', false);
    // Checked: from here on nothing throws.
    return this.runTrusted(examples, options);
  }

  /**
   * @internal {@link Tape.run} without its checks, for callers that validated the rows and options
   * once (train does, before its first batch).
   */
  runTrusted(examples: readonly ArrayLike<number>[], options: RunOptions): Float64Array {
    const B = examples.length;
    if (this.batch === null || this.batch.B !== B) this.batch = batchBuffers(this.plan, B, this.batch, this.program, this.table);
    const batch = this.batch;
    this.load(batch, examples, options.params);
    batchForward(this.plan, batch, this.k);
    if (isDebug()) checkForward(this.plan, batchValues(batch, 'Tape.run'));
    const out = this.outputs(batch);
    if (options.backward === false) return out;
    this.seed(batch, options.reduce === 'sum' ? 1 : 1 / B);
    batchBackward(this.plan, batch, this.k);
    if (isDebug()) checkBackward(this.plan, batchValues(batch, 'Tape.run'), PARAM);
    this.collect(batch, options.grads);
    return out;
  }

  /** Writes the batch's rows, the live leaves and the parameters (from `params` or the Values) into M. */
  private load(batch: BatchBuffers, examples: readonly ArrayLike<number>[], params: Float64Array | undefined): void {
    const t = this.plan;
    const { M, B, inputOff, paramOff } = batch;
    for (let i = 0; i < inputOff.length; i++) {
      const o = inputOff[i];
      if (o < 0) continue;
      for (let k = 0; k < B; k++) M[o + k] = examples[k][i];
    }
    if (params === undefined) {
      const { liveOff } = batch;
      const values = t.liveValues;
      for (let i = 0; i < liveOff.length; i++) M[liveOff[i]] = values[i].data;
    } else {
      const { otherOff } = batch;
      const values = t.otherValues;
      for (let i = 0; i < otherOff.length; i++) M[otherOff[i]] = values[i].data;
      if (batch.paramBase >= 0) M.set(params, batch.paramBase);
      else for (let i = 0; i < paramOff.length; i++) if (paramOff[i] >= 0) M[paramOff[i]] = params[i];
    }
  }

  /** The outputs of every example, row-major, in a fresh array. */
  private outputs(batch: BatchBuffers): Float64Array {
    const { outputSlots } = this.plan;
    const { M, B, off, stride } = batch;
    const nOut = outputSlots.length;
    const out = new Float64Array(B * nOut);
    for (let o = 0; o < nOut; o++) {
      const s = outputSlots[o];
      for (let k = 0; k < B; k++) out[k * nOut + o] = M[off[s] + k * stride[s]];
    }
    return out;
  }

  /** Clears the adjoints and seeds each output's with `scale` per example (1/B for a mean). */
  private seed(batch: BatchBuffers, scale: number): void {
    const { G, B, off, stride } = batch;
    G.fill(0);
    for (const s of this.plan.outputSlots) {
      // A batch-independent output is one number standing for all B examples.
      if (stride[s] === 0) G[off[s]] += scale * B;
      else for (let k = 0; k < B; k++) G[off[s] + k] += scale;
    }
  }

  /** Adds the parameters' adjoints into `grads`, or into each parameter's `grad`. */
  private collect(batch: BatchBuffers, grads: Float64Array | undefined): void {
    const { G, paramOff, paramBase } = batch;
    if (grads !== undefined && paramBase >= 0) {
      for (let i = 0, o = paramBase; i < grads.length; i++, o++) grads[i] += G[o];
    } else if (grads !== undefined) {
      for (let i = 0; i < paramOff.length; i++) if (paramOff[i] >= 0) grads[i] += G[paramOff[i]];
    } else {
      const values = this.plan.params;
      for (let i = 0; i < paramOff.length; i++) if (paramOff[i] >= 0) values[i].grad += G[paramOff[i]];
    }
  }

  /** @internal True when every param is on the tape, in order, at the batch memory's first offsets: what a trainer needs. */
  get trainable(): boolean {
    const slots = this.plan.paramSlots;
    for (let i = 0; i < slots.length; i++) if (slots[i] !== i) return false;
    return slots.length > 0;
  }

  /**
   * @internal A training step on this tape's own batch memory (trainer.ts): parameters, gradients
   * and the optimizer's state live there between steps. Its buffers are its own (not run's).
   */
  trainer(setup: TrainerSetup): TapeTrainer {
    return new TapeTrainer({ plan: this.plan, program: this.program, k: this.k, table: this.table }, setup);
  }

  /**
   * The parameters' current values (`p.data`, in `tape.params` order) as a new Float64Array: with
   * {@link Tape.writeParams} and the `params` / `grads` options of {@link Tape.run}, a training loop
   * can update plain arrays and touch the Value objects only at the end.
   * @example
   * const theta = tape.readParams(), g = new Float64Array(theta.length);
   * for (const batch of batches) { g.fill(0); tape.run(batch, { params: theta, grads: g }); for (let i = 0; i < g.length; i++) theta[i] -= lr * g[i]; }
   * tape.writeParams(theta);
   */
  readParams(): Float64Array {
    return Float64Array.from(this.plan.params, (p) => p.data);
  }

  /**
   * Sets each parameter's `data` from `values` (one per `tape.params`).
   * @throws TypeError for a non-Float64Array; RangeError for the wrong length or a non-finite entry (nothing is written then)
   */
  writeParams(values: Float64Array): void {
    this.checkParamArray(values, 'values', 'writeParams', true);
    this.plan.params.forEach((p, i) => {
      p.data = values[i];
    });
  }

  private checkParamArray(a: unknown, what: string, where: string, finite: boolean): void {
    if (!(a instanceof Float64Array)) throw typeError(`Tape.${where}`, what, 'a Float64Array', a);
    if (a.length !== this.plan.params.length) throw rangeError(`Tape.${where}`, `${what}.length`, `${this.plan.params.length} (one per tape.params)`, a.length);
    if (finite) {
      for (let i = 0; i < a.length; i++) {
        if (!Number.isFinite(a[i])) throw rangeError(`Tape.${where}`, `${what}[${i}]`, 'a finite number', a[i]);
      }
    }
  }

  /**
   * Checks one row: an array-like of `length` numbers (each checked for type and NaN when
   * `numbers`). `what` is the argument's name, or a row index k for `examples[k]` (named only on
   * failure, so a valid batch builds no strings).
   */
  private feed(row: ArrayLike<number>, where: string, what: string | number, length: number, numbers = true): void {
    if (row === null || typeof row !== 'object' || typeof row.length !== 'number') {
      throw typeError(`Tape.${where}`, rowName(what), `an array of ${length} numbers`, row);
    }
    if (row.length !== length) throw rangeError(`Tape.${where}`, `${rowName(what)}.length`, `${length}`, row.length);
    if (!numbers) return;
    for (let i = 0; i < length; i++) {
      const x = row[i];
      if (typeof x !== 'number') throw typeError(`Tape.${where}`, `${rowName(what)}[${i}]`, 'a number', x);
      if (x !== x) throw rangeError(`Tape.${where}`, `${rowName(what)}[${i}]`, 'a number other than NaN', x);
    }
  }
}

function rowName(what: string | number): string {
  return typeof what === 'number' ? `examples[${what}]` : what;
}

function checkRunOptions(options: unknown): asserts options is RunOptions {
  if (typeof options !== 'object' || options === null || Array.isArray(options)) {
    throw typeError('Tape.run', 'options', 'an object { reduce?, backward?, params?, grads?, validate? }', options);
  }
  checkOptionKeys('Tape.run', options, [...RUN_OPTIONS]);
  const o = options as RunOptions;
  if (o.reduce !== undefined && o.reduce !== 'mean' && o.reduce !== 'sum') throw typeError('Tape.run', 'options.reduce', "'mean' or 'sum'", o.reduce);
  if (o.backward !== undefined && typeof o.backward !== 'boolean') throw typeError('Tape.run', 'options.backward', 'true or false', o.backward);
  if (o.validate !== undefined && typeof o.validate !== 'boolean') throw typeError('Tape.run', 'options.validate', 'true or false', o.validate);
}

/** One scratch array per operand count of the tape's forwardAll nodes (XS[m] has length m). */
function scratchFor(t: TapePlan): Scratch {
  const XS: number[][] = [];
  for (let s = t.firstOp; s < t.n; s++) {
    if (t.kind[s] !== ALL_KIND) continue;
    const m = t.argStart[s + 1] - t.argStart[s];
    if (XS[m] === undefined) {
      const X = new Array<number>(m); // holey doubles, as ops/layout.ts forwardOf makes them
      for (let j = 0; j < m; j++) X[j] = 0.5;
      XS[m] = X;
    }
  }
  return XS;
}
