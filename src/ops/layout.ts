import type { ConstantMaker, OpSpec } from './spec.js';
import type { Value } from '../engine/value.js';

/**
 * The one reader of how a node's inputs map onto its entry's `forward` / `local` / `symbolic`
 * arguments (see ops/table.ts). Every algorithm that walks nodes asks here instead of rebuilding the
 * layout: unary (a), binary (a, b), sums of terms over groups of 1 (sum: term a_k) or 2 (dot: term
 * (a_k, b_k) = (inputs[k], inputs[k + n])), and general n-ary ops with `forwardAll` (logsumexp).
 */

/**
 * Node kinds, also the compiled tape's `kind` codes: leaf, unary, binary, sum of terms of group 1
 * (sum) or 2 (dot: inputs [a_0 … a_m−1, b_0 … b_m−1]), and a general n-ary op with `forwardAll`
 * (logsumexp). kindOf is the one classifier; compile's templates and kernels are tables by kind.
 */
export const LEAF = 0;
export const UNARY = 1;
export const BINARY = 2;
export const TERMS1 = 3;
export const TERMS2 = 4;
export const ALL = 5;

/** The kind of an op's nodes: every kind but LEAF. */
export type OpKind = typeof UNARY | typeof BINARY | typeof TERMS1 | typeof TERMS2 | typeof ALL;

/** One T per op kind (a template, a kernel), read with `table[kindOf(spec)]`. */
export type ByKind<T> = { readonly [K in OpKind]: T };

/**
 * A table by kind from one value per kind, named: sum and dot are the sums of terms of group 1
 * and 2, all the general n-ary ops. (A call, so a bundler can drop an unused table.)
 */
export function byKind<T>(values: { readonly unary: T; readonly binary: T; readonly sum: T; readonly dot: T; readonly all: T }): ByKind<T> {
  return { [UNARY]: values.unary, [BINARY]: values.binary, [TERMS1]: values.sum, [TERMS2]: values.dot, [ALL]: values.all };
}

/** The kind code of an entry (LEAF for null). */
export function kindOf(spec: OpSpec): OpKind;
export function kindOf(spec: OpSpec | null): OpKind | typeof LEAF;
export function kindOf(spec: OpSpec | null): OpKind | typeof LEAF {
  if (spec === null) return LEAF;
  if (spec.arity === 1) return UNARY;
  if (spec.arity === 2) return BINARY;
  if (spec.forwardAll !== undefined) return ALL;
  return spec.group === 1 ? TERMS1 : TERMS2;
}

/** True when input counts of this op are fixed (unary, binary), false for n-ary ops. */
export function isNary(spec: OpSpec): boolean {
  return spec.arity === 'n';
}

/** True for an n-ary op that prints and evaluates as a sum of terms (sum, dot), false for logsumexp-like ops. */
export function isSumOfTerms(spec: OpSpec): boolean {
  return spec.arity === 'n' && spec.forwardAll === undefined;
}

/** The number of terms of an n-ary node with `count` inputs (1 for unary and binary nodes). */
export function termCount(spec: OpSpec, count: number): number {
  return spec.arity === 'n' ? count / spec.group : 1;
}

/** Whether `count` inputs fit the op: its arity, or a multiple of its group for n-ary ops. */
export function fitsArity(spec: OpSpec, count: number): boolean {
  return spec.arity === 'n' ? count % spec.group === 0 : count === spec.arity;
}

/** The role input j plays in its term: 0 for a (every input of a group-1 op), 1 for b. */
export function roleOf(spec: OpSpec, count: number, j: number): 0 | 1 {
  if (spec.arity === 'n') return spec.group === 2 && j >= count / 2 ? 1 : 0;
  return j === 0 ? 0 : 1;
}

/** The node's value from operand values `x(j)`, j < count: forward, the sum of terms, or forwardAll. */
function forwardOf(spec: OpSpec, count: number, x: (j: number) => number): number {
  if (spec.arity === 1) return spec.forward(x(0), 0);
  if (spec.arity === 2) return spec.forward(x(0), x(1));
  if (spec.forwardAll !== undefined) {
    const values = new Array<number>(count);
    for (let j = 0; j < count; j++) values[j] = x(j);
    return spec.forwardAll(values);
  }
  const n = count / spec.group;
  let y = 0;
  for (let k = 0; k < n; k++) y += spec.forward(x(k), spec.group === 2 ? x(k + n) : 0);
  return y;
}

/** ∂node/∂input_j of a Value node on its current data (what backward multiplies by). */
export function nodeLocal(node: Value, j: number): number {
  const inputs = node.inputs;
  const spec = node.spec!;
  if (spec.arity === 1) return spec.local(0, inputs[0].data, 0, node.data);
  if (spec.arity === 2) return spec.local(j, inputs[0].data, inputs[1].data, node.data);
  if (spec.group === 1) return spec.local(0, inputs[j].data, nodeShared(node), node.data);
  const n = inputs.length >> 1;
  return j < n ? spec.local(0, inputs[j].data, inputs[j + n].data, node.data) : spec.local(1, inputs[j - n].data, inputs[j].data, node.data);
}

/** Every ∂node/∂input_j into out[at + j] (one `localShared` per node, where nodeLocal computes it per input). */
export function nodeLocals(node: Value, out: { [j: number]: number }, at: number): void {
  const inputs = node.inputs;
  const spec = node.spec!;
  if (spec.group === 1 && spec.arity === 'n') {
    const b = nodeShared(node);
    for (let j = 0; j < inputs.length; j++) out[at + j] = spec.local(0, inputs[j].data, b, node.data);
    return;
  }
  for (let j = 0; j < inputs.length; j++) out[at + j] = nodeLocal(node, j);
}

/** The b a node of a general n-ary op passes to `local`: its entry's `localShared` of the operands, else 0. */
export function nodeShared(node: Value): number {
  const shared = node.spec!.localShared;
  return shared === undefined ? 0 : shared(node.inputs.map((v) => v.data), node.data);
}

/** The node's value from its inputs' current data. */
export function nodeForward(spec: OpSpec, inputs: readonly Value[]): number {
  return forwardOf(spec, inputs.length, (j) => inputs[j].data);
}

/** ∂node/∂node.inputs[j] as a Value, from the entry's symbolic rule with y = node itself. */
export function nodeSymbolic(node: Value, j: number, k: ConstantMaker): Value {
  const spec = node.spec!;
  const inputs = node.inputs;
  if (spec.arity === 1) return spec.symbolic(0, inputs[0], inputs[0], node, k);
  if (spec.arity === 2) return spec.symbolic(j, inputs[0], inputs[1], node, k);
  if (spec.group === 1) return spec.symbolic(0, inputs[j], inputs[j], node, k);
  const n = inputs.length >> 1;
  return j < n ? spec.symbolic(0, inputs[j], inputs[j + n], node, k) : spec.symbolic(1, inputs[j - n], inputs[j], node, k);
}

/**
 * The operand lists an n-ary node prints as: one list for group 1, the a's and the b's for
 * group 2 (`dot([a0, a1], [b0, b1])`).
 */
export function operandLists<T>(spec: OpSpec, args: readonly T[]): T[][] {
  const n = args.length / spec.group;
  const lists: T[][] = [];
  for (let p = 0; p < spec.group; p++) lists.push(args.slice(p * n, (p + 1) * n));
  return lists;
}

