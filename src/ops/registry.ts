import { typeError } from '../errors/messages.js';
import { OP_LIST, type OpSpec } from './table.js';

/**
 * Where ops are found: the frozen built-in table, then the ops users add with defineOp. Every
 * reader that goes from a name or an opcode to an entry (applyOp, parse, compile) asks here, so
 * a user op is one more entry read the same way, and the built-in table itself never changes.
 */

/** The most ops a compiled tape can tell apart (its opcodes are bytes). */
export const MAX_OPS = 256;

// Built-ins first, then user ops in definition order; append-only, so an opcode never changes.
const ALL_OPS: OpSpec[] = [...OP_LIST];
// What allOps() hands out: a frozen copy, remade when an op is added, so no caller can change the registry.
let published: readonly OpSpec[] = Object.freeze([...ALL_OPS]);
const BY_NAME = new Map<string, OpSpec>(OP_LIST.map((spec) => [spec.name, spec]));
const OPCODE = new Map<OpSpec, number>(OP_LIST.map((spec, i) => [spec, i]));
const CALLS = new Map<string, OpSpec>(OP_LIST.filter((s) => s.text.form === 'call').map((s) => [s.text.symbol, s]));

/**
 * The entry of the op named `name`: a built-in, else a user op, else undefined.
 * @category Values and ops
 * @example lookupOp('mul') === OPS.mul
 * @throws TypeError if name is not a string (an unknown name is not an error: it gives undefined)
 */
export function lookupOp(name: string): OpSpec | undefined {
  if (typeof name !== 'string') throw typeError('lookupOp', 'name', 'a string', name);
  return BY_NAME.get(name);
}

/**
 * Every op, built-ins first (in OP_LIST order), then user ops in the order they were defined.
 * Append-only: a compiled tape's opcode is the index here.
 * @category Values and ops
 * @example allOps().length >= OP_LIST.length
 */
export function allOps(): readonly OpSpec[] {
  return published;
}

/** @internal The ops printed as calls, by their call name (parse reads this live map). */
export function callOps(): ReadonlyMap<string, OpSpec> {
  return CALLS;
}

/** @internal The opcode (index in allOps()) of an entry, or undefined for an entry not registered. */
export function opcodeOf(spec: OpSpec): number | undefined {
  return OPCODE.get(spec);
}

/** @internal Appends a user op (defineOp validates it first). */
export function register(spec: OpSpec): void {
  OPCODE.set(spec, ALL_OPS.length);
  ALL_OPS.push(spec);
  published = Object.freeze([...ALL_OPS]);
  BY_NAME.set(spec.name, spec);
  if (spec.text.form === 'call') CALLS.set(spec.text.symbol, spec);
}
