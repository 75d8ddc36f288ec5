import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { F32, F64, type Dialect, type Kernel } from '../../src/compile/emit/ir.js';
import { jsFunction } from '../../src/compile/emit/js.js';
import { wasmModuleBytes } from '../../src/compile/emit/wasm.js';
import { JS_TILING, forwardKernel, inputsKernel, transposeKernel, wasmTiling, weightsKernel } from '../../src/compile/dense/kernels.js';
import { FIELD_SHAPE, constantShape, type DenseShape } from '../../src/compile/dense/shape.js';
import { RUNS, SEED } from '../helpers/runs.js';
import { GENERATED_FILE, denseJsModule } from '../../scripts/dense-js.js';
import { NODE_FILE, nodeJsModule } from '../../scripts/node-js.js';

// The kernel emitter writes each dense-layer kernel once (src/compile/dense/kernels.ts) and emits
// it twice: WebAssembly with the layer's shape baked in, and JavaScript generic over shapes (a
// plan object). Both must compute the same numbers, bit for bit, whatever the tiles.

type Floats = Float64Array | Float32Array;

/**
 * A layer's memory: weights, inputs, outputs and their adjoints filled with seeded numbers, then
 * ∂W's scratch (transposed inputs, and the row table in the int32s after the floats).
 */
function layout(R: number, m: number, B: number, seed: number): { shape: DenseShape; gap: number; total: number; T: number; fill: (F: Floats) => void } {
  const P = R * (m + 1) + 3;
  const shape: DenseShape = { R, m, w0: 1, S: m + 1, V: P + 1, x: 1, y: m + 2, P };
  const size = shape.V + (shape.y + R + 1) * B;
  const gap = size + 3;
  const T = gap + size + 8;
  const total = T + m * B + 8;
  const fill = (F: Floats) => {
    let s = seed;
    for (let i = 0; i < total; i++) {
      s = (s * 1103515245 + 12345) % 2147483648;
      F[i] = (s / 2147483648) * 2 - 1;
    }
  };
  return { shape, gap, total, T, fill };
}

const kernelsFor = (shape: DenseShape | null, d: Dialect): Kernel[] => {
  const source = shape === null ? FIELD_SHAPE : constantShape(shape);
  const tiling = shape === null ? JS_TILING : wasmTiling(d);
  return [forwardKernel(source, d, tiling), inputsKernel(source, d, tiling), transposeKernel(source), weightsKernel(source, d, tiling, { rule: 'grad', extra: false })];
};

/** Each kernel's arguments after the plan: forward B; inputs B, gap; transpose B, T, rows; weights B, gap, rows. */
const argsOf = (name: string, B: number, gap: number, T: number, rows: number): number[] =>
  name === 'forward' ? [B] : name === 'inputs' ? [B, gap] : name === 'transpose' ? [B, T, rows] : [B, gap, rows];

/** Runs forward, ∂X and ∂W on WebAssembly and on JavaScript; returns both memories. */
function runBoth(d: Dialect, R: number, m: number, B: number, seed: number): { wasm: Floats; js: Floats; shape: DenseShape; gap: number } {
  const { shape, gap, total, T, fill } = layout(R, m, B, seed);
  const Floats = d.float === 'f64' ? Float64Array : Float32Array;
  const bytes = (total * Floats.BYTES_PER_ELEMENT + 4 * B + 7) & ~7;
  const rows = (total * Floats.BYTES_PER_ELEMENT) / 4;
  const memory = new WebAssembly.Memory({ initial: Math.ceil(bytes / 65536) + 1 });
  const wasm = new Floats(memory.buffer, 0, total);
  fill(wasm);
  for (const k of kernelsFor(shape, d)) {
    const run = new WebAssembly.Instance(new WebAssembly.Module(wasmModuleBytes([k], d)), { env: { memory } }).exports[k.name] as (...a: number[]) => void;
    run(...argsOf(k.name, B, gap, T, rows));
  }
  const buffer = new ArrayBuffer(bytes);
  const js = new Floats(buffer, 0, total);
  fill(js);
  const mem = { F: new Floats(buffer), I: new Int32Array(buffer) };
  for (const k of kernelsFor(null, d)) {
    const run = new Function('fr', `return ${jsFunction(k, d)}`)(Math.fround) as (...a: unknown[]) => void;
    run(mem, shape, ...argsOf(k.name, B, gap, T, rows));
  }
  return { wasm, js, shape, gap };
}

describe('the kernel emitter', () => {
  it.each([F64, F32])('WebAssembly (shape baked in) and JavaScript (generic) dense kernels agree bit for bit: %o', (d) => {
    fc.assert(
      fc.property(fc.integer({ min: 1, max: 11 }), fc.integer({ min: 1, max: 13 }), fc.integer({ min: 1, max: 19 }), fc.integer({ min: 1, max: 1000 }), (R, m, B, seed) => {
        // Act
        const { wasm, js } = runBoth(d, R, m, B, seed);
        // Assert: every number of the memory (outputs, adjoints, untouched padding) is the same
        for (let i = 0; i < wasm.length; i++) if (!Object.is(wasm[i], js[i])) expect.fail(`element ${i}: ${wasm[i]} vs ${js[i]}`);
      }),
      { numRuns: Math.ceil(RUNS / 4), seed: SEED },
    );
  });

  it('the forward sums each output from 0 in input order (as the graph does), so it is exact against a plain loop', () => {
    const [R, m, B] = [6, 9, 7];
    const { wasm, shape } = runBoth(F64, R, m, B, 5);
    const { fill, total } = layout(R, m, B, 5);
    const before = new Float64Array(total);
    fill(before);
    for (let r = 0; r < R; r++) {
      for (let k = 0; k < B; k++) {
        let y = 0;
        for (let i = 0; i < m; i++) y += before[shape.w0 + r * shape.S + i] * before[shape.V + (shape.x + i) * B + k];
        expect(wasm[shape.V + (shape.y + r) * B + k]).toBe(y);
      }
    }
  });

  it('each kernel is its own module of under 4 KB (browsers compile those synchronously on the main thread)', () => {
    const shape = layout(128, 784, 32, 1).shape;
    for (const d of [F64, F32]) {
      for (const k of kernelsFor(shape, d)) expect(wasmModuleBytes([k], d).length).toBeLessThan(4096);
    }
  });

  it('src/compile/dense/generated.ts (the JavaScript kernels a page that refuses eval runs) is what the emitter writes now (else run `npm run kernels:js`)', () => {
    expect(readFileSync(join(__dirname, '..', '..', GENERATED_FILE), 'utf8')).toBe(denseJsModule());
  });

  it('src/compile/node-generated.ts (the plain node kernels, from node-templates.ts) is current too', () => {
    expect(readFileSync(join(__dirname, '..', '..', NODE_FILE), 'utf8')).toBe(nodeJsModule());
  });

  it('generated code holds no number but integers (user data reaches kernels through memory)', () => {
    for (const d of [F64, F32]) {
      for (const k of kernelsFor(null, d)) {
        const text = jsFunction(k, d);
        expect(text).not.toMatch(/\d\.\d|\de[+-]?\d|Infinity|NaN/);
      }
    }
  });
});
