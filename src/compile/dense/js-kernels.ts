import type { Memory } from '../batch.js';
import type { Rule } from './update.js';
import type { DenseShape } from './shape.js';

/**
 * The JavaScript dense kernels' signatures (generated.ts holds them, written by the emitter from
 * kernels.ts and update.ts): the memory, a plan object (the shape; the parameter count for a list
 * kernel), then the numbers the WebAssembly twin takes.
 */
export interface DenseJs {
  forward(mem: Memory, plan: DenseShape, B: number): void;
  inputs(mem: Memory, plan: DenseShape, B: number, gap: number): void;
  weights(mem: Memory, plan: DenseShape, B: number, gap: number, rows: number): void;
  transpose(mem: Memory, plan: DenseShape, B: number, to: number, rows: number): void;
  readonly list: { readonly [R in Exclude<Rule, 'grad'>]: (mem: Memory, plan: { readonly P: number }, gap: number, base: number, list: number) => void };
  gather(mem: Memory, plan: { readonly W: number; readonly V: number }, B: number, idx: number, runs: number, data: number): void;
  maxabs(mem: Memory, plan: object, from: number, count: number, out: number): void;
}
