import type { Floats } from './batch.js';
import type { Scratch } from './kernels.js';
import type { BACKWARD_TEMPLATES, FORWARD_TEMPLATES, Fns, UnitFns } from './node-templates.js';
import type { TapeUnit } from './units.js';

/**
 * The batch node kernels, made from node-templates.ts: per opcode a function of its own whose
 * table functions are constants (`new Function`), so V8 inlines them; or, where code generation is
 * refused, the plain versions (node-generated.ts, generated from the same templates) that read the
 * table functions from the context. Both compute the same numbers.
 */

/** What a node kernel reads besides M and G: the plan's operand arrays, the batch layout, the table. */
export interface BatchContext {
  readonly argStart: Int32Array;
  readonly args: Int32Array;
  readonly argFlags: Uint8Array;
  readonly ops: Uint8Array;
  readonly off: Int32Array;
  readonly stride: Uint8Array;
  /** Examples in the current layout. */
  B: number;
  /** Which operands get adjoints (PARAM for a batch). */
  readonly mask: number;
  readonly forward: readonly ((a: number, b: number) => number)[];
  readonly local: readonly ((i: number, a: number, b: number, y: number) => number)[];
  readonly forwardAll: readonly (((values: ArrayLike<number>) => number) | undefined)[];
  readonly localShared: readonly (((values: ArrayLike<number>, y: number) => number) | undefined)[];
  readonly scratch: Scratch;
  readonly units: readonly TapeUnit[];
}

/** One node's (or one unit's) kernel: slot s (unit index), the context, the values and adjoints. */
export type NodeKernel = (s: number, t: BatchContext, M: Floats, G: Floats) => void;

export type ForwardName = keyof typeof FORWARD_TEMPLATES;
export type BackwardName = keyof typeof BACKWARD_TEMPLATES;

/** The plain kernels' way to their table functions: read from the context by the node's opcode. */
export const PLAIN_FNS: Fns = { F: 'F', FA: 'FA', L: 'L', LS: 'LS' };
export const PLAIN_PRELUDE = 'const op = t.ops[s], F = t.forward[op], FA = t.forwardAll[op], L = t.local[op], LS = t.localShared[op];';
export const UNIT_FNS: UnitFns = { FB: 'FB', LB: 'LB', FU: 'FU', LU: 'LU' };
export const UNIT_PRELUDE = 'const unit = t.units[s], FB = t.forward[unit.binOp], LB = t.local[unit.binOp], FU = t.forward[unit.unOp], LU = t.local[unit.unOp];';

/** A kernel's function text from a template body. */
export function kernelText(name: string, prelude: string, body: string): string {
  return `function ${name}(s, t, M, G) {\n  ${prelude}\n  ${body}\n}`;
}

/** The unit kernels' names by which steps they have. */
export const unitName = (dir: 'forward' | 'backward', hasBias: boolean, hasAct: boolean) => `unit_${dir}_${hasBias ? 'b' : ''}${hasAct ? 'a' : ''}`;

/**
 * A fresh function from a template whose table functions are the given constants (a call site of
 * its own each). Throws where `new Function` is refused.
 */
export function specialized(name: string, body: string, fns: Readonly<Record<string, unknown>>): NodeKernel {
  const names = Object.keys(fns);
  const make = new Function(...names, `"use strict"; return ${kernelText(name, '', body)};`) as (...f: unknown[]) => NodeKernel;
  return make(...names.map((k) => fns[k]));
}
