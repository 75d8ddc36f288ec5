import { batchBuffers, type BatchBuffers, type Floats } from './batch.js';
import { batchBackward, batchForward } from './batch-sweeps.js';
import type { Kernels } from './codegen.js';
import type { BoundTrainer, DenseProgram, StepKernels } from './dense/program.js';
import { RULE_NUMBERS } from './dense/update.js';
import { isDebug } from '../engine/debug.js';
import { batchValues, checkBackward, checkForward } from './debug-check.js';
import type { TableFns } from './kernels.js';
import { NEEDS_W } from './layers.js';
import { PARAM, type TapePlan } from './plan.js';

/**
 * @internal A whole training step on a tape's batch memory: the parameters, their gradients and
 * an optimizer's state live in the buffer between steps (a WebAssembly memory when the dense
 * layers run there), and a step touches no Value. Per batch:
 *   forward   the examples are copied from data packed once (gather), the sweeps run;
 *   loss      the mean of the outputs (the caller checks it is finite before going on);
 *   step      the reverse sweep with each dense layer's ∂X only, then each dense layer's ∂W with
 *             the optimizer's update applied in its epilogue (dense/update.ts), then the update of
 *             every other parameter (biases, …) from the adjoints the sweep left.
 * The update is applied only to a finite gradient: before any weight changes, the other
 * parameters' gradients are checked one by one, and each layer's is bounded,
 * |∂W| ≤ B·max|∂Y|·max|X| + max|extra| (extra: what other nodes, say an L2 penalty, added), which
 * proves it finite when the bound is. Else (rare: a diverging run) the step computes every gradient
 * first, checks them exactly, and applies the update in a second pass — the same numbers.
 * Only op slots' adjoints are cleared per batch; the parameters' are cleared by the kernels that
 * consume them. Results are bit for bit those of Tape.run followed by the optimizer's update.
 */

/** The optimizer's update: one of dense/update.ts's rules, or 'store' (gradients only: the caller steps). */
export type TrainRule = 'sgd' | 'momentum' | 'adam' | 'store';

/** @internal What a trainer is made for. */
export interface TrainerSetup {
  readonly rule: TrainRule;
  /** The largest batch. */
  readonly capacity: number;
  /** How many examples will be packed. */
  readonly examples: number;
}

/** @internal The tape's parts a trainer runs. */
export interface TapeParts {
  readonly plan: TapePlan;
  readonly program: DenseProgram;
  readonly k: Kernels;
  readonly table: TableFns;
}

/** Where a float is too large for a sum of B products of bounded numbers to be trusted finite. */
const BOUND = { f64: 1.0715086071862673e301, f32: 1.329227995784916e36 } as const; // 2^1000, 2^120 (literals: a bundler keeps `2 ** n` in bundles that never train)

export class TapeTrainer {
  /** Parameters: the tape's params, at M[0 … P). */
  readonly P: number;
  /** The parameters' values (a view of the buffer: read and write between steps only). */
  readonly values: Floats;
  /** Each parameter's last kept gradient (step(keep = true), or inspect()). */
  readonly grads: Floats;
  /** The last forward's batch loss (see forward). */
  readonly loss = new Float64Array(1);
  /** Scratch for the bounds' maxima (see layersCertified). */
  private readonly max = new Float64Array(2);
  /** The rule's numbers (dense/update.ts RULE_NUMBERS order), written by the caller before each step. */
  readonly numbers: Floats;
  private readonly parts: TapeParts;
  private readonly rule: TrainRule;
  private readonly batch: BatchBuffers;
  private readonly trainer: BoundTrainer;
  private readonly step_: StepKernels;
  private readonly W: number;
  private readonly base: number;
  private readonly data: number;
  private readonly idx: number;
  private readonly runs: number;
  private readonly others: number;
  private readonly all: number;
  private readonly out: number;
  /** F index of the rule record's keep flag (dense/update.ts). */
  private readonly keep: number;
  /** Per fused layer: the F index of its inputs in a packed row when it reads the tape's inputs (its ∂W reads the packed rows), else −1. */
  private readonly rowInputs: Int32Array;
  private readonly fusedLayers: Int32Array;
  private readonly twoPassCost: number;
  private readonly extra: readonly boolean[];
  /** Per packed example: max |x| over its numbers (a layer that reads the tape's inputs bounds them from these). */
  private readonly rowMax: Float64Array;
  /** Varying slots that are leaves (the inputs): ranks [0, inputRanks). */
  private readonly inputRanks: number;
  private readonly otherList: Int32Array;
  private readonly opShared: readonly [number, number];
  private readonly opVarying: number;

  constructor(parts: TapeParts, setup: TrainerSetup) {
    this.parts = parts;
    this.rule = setup.rule;
    const { plan, program } = parts;
    const P = (this.P = plan.params.length);
    const W = (this.W = plan.inputSlots.length);
    const { layers } = plan;
    const align = (n: number) => (n + 3) & ~3;
    const dataAt = align(3 * P + 16);
    const runs = inputRuns(plan, program);
    const ints = setup.capacity + 1 + 3 * runs.length + 2 * (P + 1);
    const batch = (this.batch = batchBuffers(plan, setup.capacity, null, program, parts.table, { floats: dataAt + setup.examples * W, ints }));
    const { mem } = batch;
    const base = (this.base = batch.reservedF);
    this.data = base + dataAt;
    this.out = base + 3 * P + 10;
    this.values = mem.F.subarray(0, P);
    this.grads = mem.F.subarray(base, base + P);
    this.keep = base + 3 * P;
    this.numbers = mem.F.subarray(base + 3 * P + 1, base + 3 * P + 9);
    // Int32 region: batch indices, input runs, the two parameter lists.
    const I = mem.I;
    this.idx = batch.reservedI;
    this.runs = this.idx + setup.capacity;
    I[this.runs] = runs.length;
    runs.forEach((r, j) => I.set(r, this.runs + 1 + 3 * j));
    this.extra = extraAdjoints(plan);
    this.rowMax = new Float64Array(setup.examples);
    let inputRanks = 0;
    for (let s = 0; s < plan.firstOp; s++) if (batch.stride[s] !== 0) inputRanks++;
    this.inputRanks = inputRanks;
    this.trainer = program.trainer(setup.rule, this.extra, P, mem, batch.wasmMemory);
    this.step_ = program.stepKernels(W, mem, batch.wasmMemory);
    // Parameters whose update the dense layers' ∂W applies (when fused), and all the others.
    const inLayer = new Uint8Array(P);
    const fused: number[] = [];
    for (let L = 0; L < layers.count; L++) {
      if (layers.dense[L] === 0 || (layers.needs[L] & NEEDS_W) === 0) continue;
      fused.push(L);
      const { w0, S, R, m } = program.shapes[L]!;
      for (let r = 0; r < R; r++) for (let i = 0; i < m; i++) inLayer[w0 + r * S + i] = 1;
    }
    this.fusedLayers = Int32Array.from(fused);
    // A fused layer whose inputs are a run of the tape's inputs: their place in a packed row.
    this.rowInputs = Int32Array.from(fused, (L) => {
      const { x, m } = program.shapes[L]!;
      const run = runs.find(([, len, r0]) => r0 <= x && x + m <= r0 + len);
      return run === undefined ? -1 : run[0] + (x - run[2]);
    });
    const others: number[] = [];
    for (let o = 0; o < P; o++) if (inLayer[o] === 0) others.push(o);
    this.otherList = Int32Array.from(others);
    // A second pass reads and writes each weight's gradient and the weight again.
    this.twoPassCost = 3 * (P - others.length);
    this.others = this.runs + 1 + 3 * runs.length;
    I[this.others] = others.length;
    I.set(others, this.others + 1);
    this.all = this.others + 1 + others.length;
    I[this.all] = P;
    for (let o = 0; o < P; o++) I[this.all + 1 + o] = o;
    // The adjoints cleared per batch: those of op slots (shared ones, then varying ones).
    const { rank, shared } = program.layout;
    let firstSharedOp = shared;
    let firstVaryingOp = -1;
    for (let s = plan.firstOp; s < plan.n; s++) {
      if (batch.stride[s] === 0) firstSharedOp = Math.min(firstSharedOp, rank[s]);
      else if (firstVaryingOp < 0) firstVaryingOp = rank[s];
    }
    this.opShared = [firstSharedOp, shared];
    this.opVarying = firstVaryingOp < 0 ? program.layout.varying : firstVaryingOp;
    void base;
  }

  /** Writes example i's numbers (the tape's inputs, in order: x then y) into the packed data. */
  pack(i: number, x: ArrayLike<number>, y: ArrayLike<number>): void {
    const F = this.batch.mem.F;
    const at = this.data + i * this.W;
    F.set(x, at);
    F.set(y, at + x.length);
    this.maxabs(at, this.W, 0);
    this.rowMax[i] = this.max[0];
  }

  /**
   * Runs the forward of the examples order[start … end) (packed indices); `loss[0]` is then the
   * mean of the outputs (the batch loss), summed in the order Tape.run returns them. (A number
   * returned from a call would be boxed on the heap: the step allocates nothing.)
   */
  forward(order: ArrayLike<number>, start: number, end: number): void {
    const { plan, program, k, table } = this.parts;
    const B = end - start;
    const batch = this.batch.B === B ? this.batch : batchBuffers(plan, B, this.batch, program, table);
    const I = batch.mem.I;
    for (let j = 0; j < B; j++) I[this.idx + j] = order[start + j];
    this.step_.gather(B, this.idx, this.runs, this.data);
    const { M, otherOff } = batch;
    const values = plan.otherValues;
    for (let i = 0; i < otherOff.length; i++) M[otherOff[i]] = values[i].data;
    batchForward(plan, batch, k);
    if (isDebug()) checkForward(plan, batchValues(batch, 'train'));
    const { outputSlots } = plan;
    const { off, stride } = batch;
    let total = 0;
    for (let q = 0; q < B; q++) for (let o = 0; o < outputSlots.length; o++) total += M[off[outputSlots[o]] + q * stride[outputSlots[o]]];
    this.loss[0] = total / (B * outputSlots.length);
  }

  /**
   * Backward and update on the batch of the last forward. Returns −1 when the update was applied,
   * else the index of the first parameter whose gradient is not finite (nothing changed then; the
   * gradients are kept in `grads` for inspection). `keep` also keeps the gradients of an applied step.
   */
  step(keep: boolean): number {
    this.reverse();
    if (isDebug()) checkBackward(this.parts.plan, batchValues(this.batch, 'train'), PARAM);
    const { gap, dense, B, mem } = this.batch;
    const rule = this.rule;
    if (rule !== 'store' && this.trainer.fused && this.certifyCost(B) < this.twoPassCost && this.othersFinite() && this.layersCertified()) {
      mem.F[this.keep] = keep ? 1 : 0;
      const table = this.batch.scratch.rows;
      for (let j = 0; j < this.fusedLayers.length; j++) {
        const L = this.fusedLayers[j];
        const at = this.rowInputs[j];
        if (at >= 0) {
          // A first layer reads its examples straight from the packed rows.
          const I = mem.I;
          for (let k = 0; k < B; k++) I[table + k] = this.data + I[this.idx + k] * this.W + at;
        } else dense[L].transpose(B);
        this.trainer.weights[L](B, gap, this.base, table);
      }
      this.trainer.list(gap, this.base, this.others);
      return -1;
    }
    // Every gradient first (∂W added into G), checked, then the rule in a second pass.
    for (let j = 0; j < this.fusedLayers.length; j++) dense[this.fusedLayers[j]].weights(B, gap);
    const bad = this.firstNonFinite();
    if (bad >= 0) {
      this.keepAndClear();
      return bad;
    }
    mem.F[this.keep] = rule === 'store' || keep ? 1 : 0;
    this.trainer.list(gap, this.base, this.all);
    return -1;
  }

  /** The gradients of the last forward's batch into `grads`, nothing updated (for a batch whose loss is not finite). */
  inspect(): void {
    this.reverse();
    const { gap, dense, B } = this.batch;
    for (let j = 0; j < this.fusedLayers.length; j++) dense[this.fusedLayers[j]].weights(B, gap);
    this.keepAndClear();
  }

  /** State array j of the rule (velocity; Adam's m, v), one number per parameter. */
  state(j: number): Floats {
    const at = this.base + (1 + j) * this.P;
    return this.batch.mem.F.subarray(at, at + this.P);
  }

  /** Clears op slots' adjoints, seeds the outputs with 1/B per example, runs the sweep (dense layers: ∂X only). */
  private reverse(): void {
    const { plan, k } = this.parts;
    const batch = this.batch;
    const { G, B, off, stride } = batch;
    const shared = this.parts.program.layout.shared;
    G.fill(0, this.opShared[0], this.opShared[1]);
    G.fill(0, shared + this.opVarying * B, shared + this.parts.program.layout.varying * B);
    const scale = 1 / B;
    const outputs = plan.outputSlots;
    for (let o = 0; o < outputs.length; o++) {
      const s = outputs[o];
      if (stride[s] === 0) G[off[s]] += scale * B;
      else for (let q = 0; q < B; q++) G[off[s] + q] += scale;
    }
    batchBackward(plan, batch, k, false);
  }

  /**
   * What proving the layers' gradients finite reads (numbers, plus a call's worth per range): the
   * fused update is worth it only where this is less than the second pass it saves (twoPassCost).
   */
  private certifyCost(B: number): number {
    const { shapes } = this.parts.program;
    let cost = 0;
    for (let j = 0; j < this.fusedLayers.length; j++) {
      const { R, m } = shapes[this.fusedLayers[j]]!;
      cost += R * B + (this.rowInputs[j] >= 0 ? B : m * B) + 512;
    }
    return cost;
  }

  /** True when every gradient of a parameter outside the fused layers is finite (x·0 is 0 for finite x, else NaN). */
  private othersFinite(): boolean {
    const { G } = this.batch;
    const list = this.otherList;
    let probe = 0;
    for (let j = 0; j < list.length; j++) probe += G[list[j]] * 0;
    return probe === 0;
  }

  /** True when every fused layer's gradient is proved finite by its bound. */
  private layersCertified(): boolean {
    const { B, gap } = this.batch;
    const { shapes } = this.parts.program;
    const limit = BOUND[this.parts.program.dialect.float];
    const extra = this.extra;
    for (let j = 0; j < this.fusedLayers.length; j++) {
      const L = this.fusedLayers[j];
      const { R, m, V, x, y, w0, S } = shapes[L]!;
      const max = this.max;
      this.maxabs(gap + V + y * B, R * B, 0);
      if (x + m <= this.inputRanks) this.batchRowMax(1);
      else this.maxabs(V + x * B, m * B, 1);
      const bound = B * max[0] * max[1];
      if (extra[L]) this.maxabs(gap + w0, (R - 1) * S + m, 0);
      if (!(bound + (extra[L] ? max[0] : 0) <= limit)) return false;
    }
    return true;
  }

  /** max[into] ← max |x| over the batch's examples (their packed rows). */
  private batchRowMax(into: number): void {
    const I = this.batch.mem.I;
    let max = 0;
    for (let j = 0; j < this.batch.B; j++) max = Math.max(max, this.rowMax[I[this.idx + j]]);
    this.max[into] = max;
  }

  /** max[into] ← max |F[from … from + count)|. */
  private maxabs(from: number, count: number, into: number): void {
    this.step_.maxabs(from, count, this.out);
    const F = this.batch.mem.F;
    const lanes = this.parts.program.dialect.lanes;
    let m = F[this.out + lanes];
    for (let l = 0; l < lanes; l++) m = Math.max(m, F[this.out + l]);
    this.max[into] = m;
  }

  /** The first parameter whose adjoint in G is not finite, or −1. */
  private firstNonFinite(): number {
    const { G } = this.batch;
    let probe = 0;
    for (let o = 0; o < this.P; o++) probe += G[o] * 0;
    if (probe === 0) return -1;
    for (let o = 0; o < this.P; o++) if (!Number.isFinite(G[o])) return o;
    return -1;
  }

  /** grads ← 0 + G (as Tape.run collects them), and the parameters' adjoints cleared. */
  private keepAndClear(): void {
    const { G } = this.batch;
    for (let o = 0; o < this.P; o++) {
      this.grads[o] = 0 + G[o];
      G[o] = 0;
    }
  }
}

/** Per layer: true when some weight also feeds another node (its adjoint gets other terms, e.g. from an L2 penalty). */
export function extraAdjoints(plan: TapePlan): boolean[] {
  const uses = new Int32Array(plan.n);
  for (let j = 0; j < plan.args.length; j++) uses[plan.args[j]]++;
  const { layers } = plan;
  const out: boolean[] = [];
  for (let L = 0; L < layers.count; L++) {
    let extra = false;
    for (let r = 0; r < layers.rows[L] && !extra; r++) {
      const w = layers.weightSlots[layers.rowStart[L] + r];
      for (let i = 0; i < layers.width[L] && !extra; i++) extra = uses[w + i] > 1;
    }
    out.push(extra);
  }
  return out;
}

/** Runs of the tape's inputs whose varying ranks are consecutive: [first input, length, rank of the first]. */
function inputRuns(plan: TapePlan, program: DenseProgram): [number, number, number][] {
  const { rank } = program.layout;
  const runs: [number, number, number][] = [];
  for (let i = 0; i < plan.inputSlots.length; i++) {
    const s = plan.inputSlots[i];
    if (s < 0) continue;
    const last = runs[runs.length - 1];
    if (last !== undefined && last[0] + last[1] === i && last[2] + last[1] === rank[s]) last[1]++;
    else runs.push([i, 1, rank[s]]);
  }
  return runs;
}

export { RULE_NUMBERS };
