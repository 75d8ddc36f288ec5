import { ARITHMETIC_OPS } from './arithmetic.js';
import { ELEMENTARY_OPS } from './elementary.js';
import type { OpSpec } from './spec.js';

export type { ConstantMaker, OpDomain, OpInterval, OpSpec, TextForm } from './spec.js';

/**
 * THE op table: the built-in entries of ops/arithmetic.ts and ops/elementary.ts (their shape is
 * ops/spec.ts), frozen. Every algorithm reads an op from here or, for user ops, from
 * registry.ts; the names are the entries' keys, so adding an entry adds its name everywhere.
 */

const ENTRIES = { ...ARITHMETIC_OPS, ...ELEMENTARY_OPS };

/**
 * The built-in entries by name, frozen deeply (entries, text forms, domains): no rule can change
 * after load. User ops are added with defineOp and found with lookupOp, never written here.
 * @category Values and ops
 * @example OPS.mul.forward(3, 4) // 12
 * @throws TypeError (in strict mode) on any assignment, e.g. `OPS.mul.forward = …`
 */
export const OPS = frozenTable(ENTRIES);

/**
 * The name of a built-in op, read off the table's keys; also the Value method name and `Value.op`.
 * @category Values and ops
 * @example const op: OpName = 'sigmoid';
 */
export type OpName = keyof typeof OPS;

/** @internal Each built-in op's arity as its entry declares it (1, 2 or 'n'): what the free functions' types are made from. */
export type ArityOf = { readonly [K in OpName]: (typeof ENTRIES)[K]['arity'] };

/**
 * The built-in ops in a fixed order; a compiled tape's opcode is the index here (user ops follow, see registry.ts).
 * @category Values and ops
 */
export const OP_LIST: readonly OpSpec[] = Object.freeze(Object.values(OPS));

/** @internal Freezes an entry and every object inside it, so no rule can be changed after the fact. */
export function freezeSpec(spec: OpSpec): OpSpec {
  Object.freeze(spec.text);
  Object.freeze(spec.domain.inputs);
  Object.freeze(spec.domain);
  if (spec.onnx !== undefined) Object.freeze(spec.onnx);
  if (spec.operandNames !== undefined) Object.freeze(spec.operandNames);
  if (spec.latexLayout !== undefined) {
    if (Array.isArray(spec.latexLayout.grouped)) Object.freeze(spec.latexLayout.grouped);
    Object.freeze(spec.latexLayout);
  }
  return Object.freeze(spec);
}

/** The entries frozen deeply, typed as the table shows them (each an OpSpec, by name). */
function frozenTable<T extends Record<string, OpSpec>>(entries: T): { readonly [K in keyof T]: OpSpec } {
  const table: Record<string, OpSpec> = {};
  for (const [name, spec] of Object.entries(entries)) table[name] = freezeSpec(spec);
  return Object.freeze(table) as { readonly [K in keyof T]: OpSpec };
}
