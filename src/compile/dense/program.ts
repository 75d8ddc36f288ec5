import { F32, F64, int, type Dialect, type Kernel } from '../emit/ir.js';
import { wasmFma, wasmSimd } from '../emit/features.js';
import { wasmModuleBytes } from '../emit/wasm.js';
import type { Memory, SlotLayout } from '../batch.js';
import { NEEDS_W, NEEDS_X } from '../layers.js';
import type { TapePlan } from '../plan.js';
import { DENSE_JS } from './generated.js';
import type { DenseJs } from './js-kernels.js';
import { forwardKernel, inputsKernel, transposeKernel, wasmTiling, weightsKernel } from './kernels.js';
import { constantShape, type DenseShape } from './shape.js';
import { gatherKernel, maxabsKernel } from './step-kernels.js';
import { listKernel, type Rule, type WeightsMode } from './update.js';

/**
 * A tape's dense layers as kernels (layers.ts TapeLayers.dense): at compile time each dense
 * layer's kernels are emitted as WebAssembly modules with its shape (shape.ts) baked in, one small
 * module per kernel, where WebAssembly with SIMD compiles; else the JavaScript kernels generic over
 * shapes (generated.ts, from the same source) run them.
 */

/** Where a buffer keeps ∂W's scratch: the transposed inputs (F index) and the row table (I index). */
export interface Scratch {
  readonly T: number;
  readonly rows: number;
}

/** One layer's kernels, bound to a buffer (∂W transposes the inputs into the scratch first). */
export interface BoundDense {
  forward(B: number): void;
  inputs(B: number, gap: number): void;
  weights(B: number, gap: number): void;
  /** The layer's inputs example-major into the scratch, and the row table: what weights reads. */
  transpose(B: number): void;
}

/**
 * A trainer's kernels, bound to a buffer: per layer ∂W with the rule's epilogue (reading its
 * example rows through the table at I[rows]), and the rule over a list of parameters. Where
 * `fused` is false (the JavaScript kernels) the trainer adds ∂W into G and lists every parameter:
 * the same numbers, in two passes.
 */
export interface BoundTrainer {
  readonly fused: boolean;
  readonly weights: readonly ((B: number, gap: number, base: number, rows: number) => void)[];
  /** The rule over the parameters listed at I[list + 1 …] (I[list] of them). */
  list(gap: number, base: number, list: number): void;
}

/** A trainer's batch copy and bound kernels (dense/step-kernels.ts), bound to a buffer. */
export interface StepKernels {
  gather(B: number, idx: number, runs: number, data: number): void;
  maxabs(from: number, count: number, out: number): void;
}

type Exports = Record<string, (...args: number[]) => void>;

const MAX_MODULES = 512;
const modules = new Map<string, WebAssembly.Module>();

/** A compiled module for one kernel, cached by what it computes (the same shape compiles once). */
function moduleOf(kernel: Kernel, dialect: Dialect, key: string): WebAssembly.Module {
  const full = `${dialect.float}${dialect.fma ? '+fma' : ''}|${key}`;
  let m = modules.get(full);
  if (m === undefined) {
    m = new WebAssembly.Module(wasmModuleBytes([kernel], dialect, key.replace(/[^A-Za-z0-9]+/g, '_').slice(0, 60)));
    if (modules.size >= MAX_MODULES) modules.delete(modules.keys().next().value as string);
    modules.set(full, m);
  }
  return m;
}

function instance(module: WebAssembly.Module, memory: WebAssembly.Memory): Exports {
  return new WebAssembly.Instance(module, { env: { memory } }).exports as Exports;
}

const NOTHING = () => {};
const IDLE: BoundDense = { forward: NOTHING, inputs: NOTHING, weights: NOTHING, transpose: NOTHING };

interface LayerModules {
  readonly forward: WebAssembly.Module;
  readonly inputs: WebAssembly.Module | null;
  readonly weights: WebAssembly.Module | null;
  readonly transpose: WebAssembly.Module | null;
}

export class DenseProgram {
  /** Per layer of the plan: its shape, or null when the node kernels run it. */
  readonly shapes: readonly (DenseShape | null)[];
  readonly dialect: Dialect;
  /** True when the dense layers run on WebAssembly (false: the JavaScript kernels, or no dense layer). */
  readonly wasm: boolean;
  readonly bytesPerFloat: number;
  /** The widest dense layer whose ∂W runs (its transposed inputs need m·B scratch floats). */
  readonly widest: number;
  private readonly js: DenseJs;
  private readonly kernels: readonly (LayerModules | null)[];

  constructor(
    private readonly plan: TapePlan,
    readonly layout: SlotLayout,
    dtype: 'float64' | 'float32',
    options: { readonly wasm: boolean; readonly fma: boolean },
  ) {
    const base = dtype === 'float32' ? F32 : F64;
    this.bytesPerFloat = dtype === 'float32' ? 4 : 8;
    this.js = DENSE_JS[base.float];
    this.shapes = shapesOf(plan, layout);
    this.widest = Math.max(0, ...this.shapes.map((s, L) => (s !== null && (plan.layers.needs[L] & NEEDS_W) !== 0 ? s.m : 0)));
    const useWasm = options.wasm && this.shapes.some((s) => s !== null) && wasmSimd();
    const d: Dialect = { ...base, fma: useWasm && options.fma && wasmFma() };
    let kernels: (LayerModules | null)[] = [];
    if (useWasm) {
      try {
        kernels = this.shapes.map((shape, L) => {
          if (shape === null) return null;
          const source = constantShape(shape);
          const tiling = wasmTiling(d);
          const key = JSON.stringify(shape);
          const needs = plan.layers.needs[L];
          const w = (needs & NEEDS_W) !== 0;
          return {
            forward: moduleOf(forwardKernel(source, d, tiling), d, `forward|${key}`),
            inputs: (needs & NEEDS_X) !== 0 ? moduleOf(inputsKernel(source, d, tiling), d, `inputs|${key}`) : null,
            weights: w ? moduleOf(weightsKernel(source, d, tiling, { rule: 'grad', extra: false }), d, `weights|${key}`) : null,
            transpose: w ? moduleOf(transposeKernel(source), d, `transpose|${key}`) : null,
          };
        });
      } catch {
        kernels = []; // refused (a Content Security Policy without 'wasm-unsafe-eval'): the JavaScript kernels
      }
    }
    this.kernels = kernels;
    this.wasm = kernels.length > 0;
    this.dialect = this.wasm ? d : base;
  }

  /** A buffer of `bytes` bytes and the layers' kernels bound to it, ∂W's scratch at `scratch`. */
  memory(bytes: number, scratch: Scratch): { mem: Memory; dense: BoundDense[]; wasmMemory: WebAssembly.Memory | null } {
    const Floats = this.bytesPerFloat === 4 ? Float32Array : Float64Array;
    const { T, rows } = scratch;
    if (!this.wasm) {
      const buffer = new ArrayBuffer(bytes);
      const mem = { F: new Floats(buffer), I: new Int32Array(buffer) };
      const { forward, inputs, weights, transpose } = this.js;
      const dense = this.shapes.map((shape): BoundDense => {
        if (shape === null) return IDLE;
        return {
          forward: (B) => forward(mem, shape, B),
          inputs: (B, gap) => inputs(mem, shape, B, gap),
          transpose: (B) => transpose(mem, shape, B, T, rows),
          weights: (B, gap) => {
            transpose(mem, shape, B, T, rows);
            weights(mem, shape, B, gap, rows);
          },
        };
      });
      return { mem, dense, wasmMemory: null };
    }
    const wasmMemory = new WebAssembly.Memory({ initial: Math.max(1, Math.ceil(bytes / 65536)) });
    const buffer = wasmMemory.buffer;
    const mem = { F: new Floats(buffer, 0, Math.floor(bytes / this.bytesPerFloat)), I: new Int32Array(buffer, 0, bytes >> 2) };
    const dense = this.kernels.map((k): BoundDense => {
      if (k === null) return IDLE;
      const weights = k.weights === null ? NOTHING : instance(k.weights, wasmMemory).weights;
      const transpose = k.transpose === null ? NOTHING : instance(k.transpose, wasmMemory).transpose;
      return {
        forward: instance(k.forward, wasmMemory).forward as BoundDense['forward'],
        inputs: k.inputs === null ? NOTHING : (instance(k.inputs, wasmMemory).inputs as BoundDense['inputs']),
        transpose: (B) => transpose(B, T, rows),
        weights: (B, gap) => {
          transpose(B, T, rows);
          weights(B, gap, rows);
        },
      };
    });
    return { mem, dense, wasmMemory };
  }

  /**
   * A trainer's kernels bound to a buffer made by `memory`: per layer the ∂W kernel with `rule`'s
   * epilogue (reading the adjoints other nodes added to its weights where `extra[L]`), and the rule
   * over a list of parameters. P is the parameter count (the trainer's state arrays).
   */
  trainer(rule: Exclude<Rule, 'grad'>, extra: readonly boolean[], P: number, mem: Memory, wasmMemory: WebAssembly.Memory | null): BoundTrainer {
    const shapes = this.shapes.map((s) => (s === null ? null : { ...s, P }));
    if (wasmMemory === null) {
      const { list } = this.js;
      const plan = { P };
      return { fused: false, weights: [], list: (gap, base, at) => list[rule](mem, plan, gap, base, at) };
    }
    const d = this.dialect;
    const tiling = wasmTiling(d);
    return {
      fused: true,
      weights: shapes.map((shape, L) => {
        if (shape === null || (this.plan.layers.needs[L] & NEEDS_W) === 0) return NOTHING;
        const mode: WeightsMode = { rule, extra: extra[L] };
        const module = moduleOf(weightsKernel(constantShape(shape), d, tiling, mode), d, `weights|${rule}|${extra[L]}|${JSON.stringify(shape)}`);
        return instance(module, wasmMemory).weights;
      }),
      list: instance(moduleOf(listKernel(rule, d, int(P)), d, `list|${rule}|${P}`), wasmMemory).list,
    };
  }

  /** The trainer's gather (packed rows of W numbers) and maxabs kernels, bound to a buffer made by `memory`. */
  stepKernels(W: number, mem: Memory, wasmMemory: WebAssembly.Memory | null): StepKernels {
    const V = this.layout.shared;
    if (wasmMemory === null) {
      const plan = { W, V };
      const { gather, maxabs } = this.js;
      return {
        gather: (B, idx, runs, data) => gather(mem, plan, B, idx, runs, data),
        maxabs: (from, count, out) => maxabs(mem, plan, from, count, out),
      };
    }
    const d = this.dialect;
    return {
      gather: instance(moduleOf(gatherKernel({ W: int(W), V: int(V) }, d), d, `gather|${W}|${V}`), wasmMemory).gather as StepKernels['gather'],
      maxabs: instance(moduleOf(maxabsKernel(d), d, 'maxabs'), wasmMemory).maxabs as StepKernels['maxabs'],
    };
  }
}

/** Each layer's shape, or null for a layer that runs on the node kernels (layers.ts TapeLayers.dense). */
function shapesOf(plan: TapePlan, layout: SlotLayout): (DenseShape | null)[] {
  const { layers } = plan;
  const { rank, shared } = layout;
  const out: (DenseShape | null)[] = [];
  for (let L = 0; L < layers.count; L++) {
    const R = layers.rows[L];
    const m = layers.width[L];
    const w = layers.weightSlots;
    const at = layers.rowStart[L];
    const w0 = rank[w[at]];
    const S = R > 1 ? rank[w[at + 1]] - w0 : m;
    out.push(layers.dense[L] === 1 ? { R, m, w0, S, V: shared, x: rank[layers.inputSlot[L]], y: rank[layers.first[L]], P: 0 } : null);
  }
  return out;
}
