import { F32, F64, int, type Dialect, type Kernel } from '../emit/ir.js';
import { wasmFma, wasmSimd } from '../emit/features.js';
import { wasmModuleBytes } from '../emit/wasm.js';
import type { Memory, SlotLayout } from '../batch.js';
import { NEEDS_W, NEEDS_X } from '../layers.js';
import type { TapePlan } from '../plan.js';
import { DENSE_JS } from './generated.js';
import type { DenseJs } from './js-kernels.js';
import { forwardKernel, inputsKernel, wasmTiling, weightsKernel } from './kernels.js';
import { constantShape, type DenseShape } from './shape.js';
import { listKernel, type Rule, type WeightsMode } from './update.js';
import { gatherKernel, maxabsKernel } from './step-kernels.js';

/**
 * A tape's dense layers as kernels: each layer whose term is the product a·b and whose weight rows
 * are evenly spaced gets a DenseShape (shape.ts); at compile time each such layer's kernels are
 * emitted as WebAssembly modules with the shape baked in (one small module per kernel), where
 * WebAssembly with SIMD compiles, else the JavaScript kernels generic over shapes (generated.ts,
 * from the same source) run them. Other layers run on the node kernels.
 */

/** One layer's kernels, bound to a buffer. */
export interface BoundDense {
  forward(B: number): void;
  inputs(B: number, gap: number): void;
  weights(B: number, gap: number): void;
}

/**
 * A trainer's kernels, bound to a buffer: per layer ∂W with the rule's epilogue, and the rule over a
 * list of parameters. Where `fused` is false (the JavaScript kernels) ∂W only adds the gradient into
 * G, and the list must hold every parameter: the same numbers, in two passes.
 */
export interface BoundTrainer {
  readonly fused: boolean;
  readonly weights: readonly ((B: number, gap: number, base: number, keep: number) => void)[];
  /** The rule over the parameters listed at I[list + 1 …] (I[list] of them). */
  list(gap: number, base: number, keep: number, list: number): void;
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
    m = new WebAssembly.Module(wasmModuleBytes([kernel], dialect));
    if (modules.size >= MAX_MODULES) modules.delete(modules.keys().next().value as string);
    modules.set(full, m);
  }
  return m;
}

function instance(module: WebAssembly.Module, memory: WebAssembly.Memory): Exports {
  return new WebAssembly.Instance(module, { env: { memory } }).exports as Exports;
}

const NOTHING = () => {};

export class DenseProgram {
  /** Per layer of the plan: its shape, or null when the node kernels run it. */
  readonly shapes: readonly (DenseShape | null)[];
  readonly dialect: Dialect;
  /** True when the dense layers run on WebAssembly (false: the JavaScript kernels, or no dense layer). */
  readonly wasm: boolean;
  readonly bytesPerFloat: number;
  private readonly js: DenseJs;
  private readonly kernels: readonly ({ forward: WebAssembly.Module; inputs: WebAssembly.Module | null; weights: WebAssembly.Module | null } | null)[];

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
    const useWasm = options.wasm && this.shapes.some((s) => s !== null) && wasmSimd();
    const d: Dialect = { ...base, fma: useWasm && options.fma && wasmFma() };
    let kernels: DenseProgram['kernels'] = [];
    if (useWasm) {
      try {
        kernels = this.shapes.map((shape, L) => {
          if (shape === null) return null;
          const source = constantShape(shape);
          const tiling = wasmTiling(d);
          const key = JSON.stringify(shape);
          const needs = plan.layers.needs[L];
          return {
            forward: moduleOf(forwardKernel(source, d, tiling), d, `forward|${key}`),
            inputs: (needs & NEEDS_X) !== 0 ? moduleOf(inputsKernel(source, d, tiling), d, `inputs|${key}`) : null,
            weights: (needs & NEEDS_W) !== 0 ? moduleOf(weightsKernel(source, d, tiling, { rule: 'grad', extra: false }), d, `weights|${key}`) : null,
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

  /** A buffer of `bytes` bytes and the layers' kernels bound to it. */
  memory(bytes: number): { mem: Memory; dense: BoundDense[]; wasmMemory: WebAssembly.Memory | null } {
    const Floats = this.bytesPerFloat === 4 ? Float32Array : Float64Array;
    if (!this.wasm) {
      const buffer = new ArrayBuffer(bytes);
      const mem = { F: new Floats(buffer), I: new Int32Array(buffer) };
      const { forward, inputs, weights } = this.js;
      const dense = this.shapes.map((shape): BoundDense => {
        if (shape === null) return { forward: NOTHING, inputs: NOTHING, weights: NOTHING };
        return {
          forward: (B) => forward(mem, shape, B),
          inputs: (B, gap) => inputs(mem, shape, B, gap),
          weights: (B, gap) => weights(mem, shape, B, gap),
        };
      });
      return { mem, dense, wasmMemory: null };
    }
    const wasmMemory = new WebAssembly.Memory({ initial: Math.max(1, Math.ceil(bytes / 65536)) });
    const buffer = wasmMemory.buffer;
    const mem = { F: new Floats(buffer, 0, Math.floor(bytes / this.bytesPerFloat)), I: new Int32Array(buffer, 0, bytes >> 2) };
    const dense = this.kernels.map((k): BoundDense => {
      if (k === null) return { forward: NOTHING, inputs: NOTHING, weights: NOTHING };
      return {
        forward: instance(k.forward, wasmMemory).forward as BoundDense['forward'],
        inputs: k.inputs === null ? NOTHING : (instance(k.inputs, wasmMemory).inputs as BoundDense['inputs']),
        weights: k.weights === null ? NOTHING : (instance(k.weights, wasmMemory).weights as BoundDense['weights']),
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
      const { weights, list } = this.js;
      const plan = { P };
      return {
        fused: false,
        weights: shapes.map((shape) => (shape === null ? NOTHING : (B: number, gap: number) => weights(mem, shape, B, gap))),
        list: (gap, base, keep, at) => list[rule](mem, plan, gap, base, keep, at),
      };
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
      gather: instance(moduleOf(gatherKernel({ W: int(W), V: int(V) }), d, `gather|${W}|${V}`), wasmMemory).gather as StepKernels['gather'],
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
