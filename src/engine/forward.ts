import { checkArity, checkNumberList } from '../errors/check-arguments.js';
import { nanResultError, rangeError, typeError } from '../errors/messages.js';
import { isDebug } from './debug.js';
import { topologicalOrder } from './graph.js';
import { nodeLocals } from '../ops/layout.js';
import { gradients } from '../symbolic/derivative.js';
import { Value } from './value.js';

/**
 * A function of scalar Values returning one Value or several.
 * @category Functional transforms
 */
export type VectorFunction = (...args: Value[]) => Value | Value[];

/**
 * {@link jvp}'s result: f's value and the directional derivative J·t, numbers for a Value-valued f.
 * @category Functional transforms
 */
export interface JvpResult<T extends number | number[]> {
  /** f at the primals. */
  readonly value: T;
  /** J_f(primals)·tangents. */
  readonly tangent: T;
}

/**
 * Forward mode: f(primals) and the Jacobian–vector product J_f(primals)·tangents from ONE forward
 * sweep in topological order, each node's tangent ṫ = Σ_j ∂node/∂input_j · ṫ_j with the op table's
 * numeric `local` rules (no reverse pass). An input whose tangent is 0 contributes nothing, so an
 * infinite partial on a path that carries no tangent never makes a NaN. Iterative: a
 * 1,000,000-node chain works.
 *
 * @example
 * jvp((x, y) => x.mul(y), [3, 4], [1, 0]) // { value: 12, tangent: 4 } (= ∂/∂x)
 * jvp((x) => [x.exp(), x.mul(2)], [0], [1]) // { value: [1, 0], tangent: [1, 2] }
 * @throws TypeError if f is not a function or does not return a Value or an array of Values;
 *   RangeError if primals and tangents are not arrays of numbers (not NaN) of the same length, or
 *   f declares a different number of parameters than primals has
 * @category Functional transforms
 */
export function jvp(f: (...args: Value[]) => Value, primals: readonly number[], tangents: readonly number[]): JvpResult<number>;
export function jvp(f: (...args: Value[]) => Value[], primals: readonly number[], tangents: readonly number[]): JvpResult<number[]>;
export function jvp(f: VectorFunction, primals: readonly number[], tangents: readonly number[]): JvpResult<number> | JvpResult<number[]>;
export function jvp(f: VectorFunction, primals: readonly number[], tangents: readonly number[]): JvpResult<number> | JvpResult<number[]> {
  checkFunction('jvp', f);
  checkPoint('jvp', 'primals', primals);
  checkPoint('jvp', 'tangents', tangents, primals.length);
  checkArity('jvp', 'primals.length', f, primals.length);
  const leaves = primals.map((x) => new Value(x));
  const result = f(...leaves);
  const outputs = checkOutputs('jvp', result);
  const plan = planFor(outputs, leaves, 'jvp');
  const t = plan.sweep(tangents);
  const tangent = outputs.map((_, o) => t[plan.outputs[o]]);
  const value = outputs.map((y) => y.data);
  return result instanceof Value ? { value: value[0], tangent: tangent[0] } : { value, tangent };
}

/**
 * The Hessian–vector product ∇²f(xs)·v without forming the Hessian (forward over reverse): the
 * symbolic gradient graph of f (one reverse sweep with the table's `symbolic` rules), then one
 * forward tangent sweep through it along v. Costs a small multiple of one gradient.
 *
 * @example
 * hvp((x, y) => x.mul(x).mul(y), [1, 2], [1, 0]) // [4, 2]: the Hessian [[2y, 2x], [2x, 0]] times [1, 0]
 * @throws TypeError if f is not a function returning a Value; RangeError for xs and v of different
 *   lengths or holding NaN, or when f declares a different number of parameters than xs has;
 *   derivative()'s error for a user op defined without `symbolic`
 * @category Functional transforms
 */
export function hvp(f: (...args: Value[]) => Value, xs: readonly number[], v: readonly number[]): number[] {
  checkFunction('hvp', f);
  checkPoint('hvp', 'xs', xs);
  checkPoint('hvp', 'v', v, xs.length);
  checkArity('hvp', 'xs.length', f, xs.length);
  const leaves = xs.map((x) => new Value(x));
  const y = f(...leaves);
  if (!(y instanceof Value)) throw typeError('hvp', 'the result of f', 'a Value', y, 'hvp needs a scalar function; use jacobian for several outputs.');
  const grads = gradients(y, leaves);
  const plan = planFor(grads, leaves, 'hvp');
  const t = plan.sweep(v);
  return grads.map((_, o) => t[plan.outputs[o]]);
}

/**
 * The Jacobian of f at a point, rows = outputs, columns = inputs: one forward tangent sweep per
 * input over one topological order (a Value-valued f gives one row, its gradient).
 *
 * @example
 * jacobian((x, y) => [x.mul(y), x.add(y)])(2, 3) // [[3, 2], [1, 1]]
 * @throws TypeError if f is not a function or does not return a Value or an array of Values;
 *   RangeError for an x that is not a number or is NaN, or when f declares a different number of
 *   parameters than xs has
 * @category Functional transforms
 */
export function jacobian(f: VectorFunction): (...xs: number[]) => number[][] {
  checkFunction('jacobian', f);
  return (...xs) => {
    checkPoint('jacobian', 'xs', xs);
    checkArity('jacobian', 'the number of arguments', f, xs.length);
    const leaves = xs.map((x) => new Value(x));
    const outputs = checkOutputs('jacobian', f(...leaves));
    const plan = planFor(outputs, leaves, 'jacobian');
    const rows = outputs.map(() => new Array<number>(xs.length).fill(0));
    const seed = new Array<number>(xs.length).fill(0);
    for (let i = 0; i < xs.length; i++) {
      seed[i] = 1;
      const t = plan.sweep(seed);
      for (let o = 0; o < outputs.length; o++) rows[o][i] = t[plan.outputs[o]];
      seed[i] = 0;
    }
    return rows;
  };
}

/** A graph flattened once for tangent sweeps: operand positions in typed arrays, no Map per sweep. */
interface Plan {
  /** Position of each output in the order. */
  readonly outputs: Int32Array;
  /** Tangents of every node in topological order, given the seeds' tangents. */
  sweep(seeds: readonly number[]): Float64Array;
}

function planFor(outputs: readonly Value[], seeds: readonly Value[], where: string): Plan {
  const order = topologicalOrder(outputs);
  const debug = isDebug();
  const n = order.length;
  // Positions are stamped into the nodes' `pending` scratch field (free between walks; a Map of a
  // million nodes costs more than the sweep) and cleared before returning. −1: not in the graph.
  for (const s of seeds) s.pending = -1;
  for (let i = 0; i < n; i++) order[i].pending = i;
  const argStart = new Int32Array(n + 1);
  let edges = 0;
  for (let i = 0; i < n; i++) edges += order[i].inputs.length;
  const args = new Int32Array(edges);
  const locals = new Float64Array(edges);
  let p = 0;
  for (let i = 0; i < n; i++) {
    argStart[i] = p;
    const node = order[i];
    // The graph is already evaluated: every partial is a number now, read once per plan.
    if (node.spec !== null) {
      nodeLocals(node, locals, p);
      if (debug) checkLocals(node, locals, p, where);
    }
    for (let j = 0; j < node.inputs.length; j++) args[p++] = node.inputs[j].pending;
  }
  argStart[n] = p;
  const seedAt = seeds.map((s) => s.pending);
  const outputAt = Int32Array.from(outputs, (y) => y.pending);
  for (const s of seeds) s.pending = 0;
  for (let i = 0; i < n; i++) order[i].pending = 0;
  // Which nodes a path leads to from a seed with a nonzero tangent ("live"), per sweep. Only live
  // inputs contribute: a tangent that is 0 by cancellation (x − x) still multiplies its partial,
  // as in reverse mode (a NaN partial such as atan2's at (0, 0) reaches the result on both
  // engines), while a seed whose tangent is 0 contributes nothing, not 0 · ∞ (x^e at x = 0 has
  // ∂x = −∞; the tangent along e is ∂e = 0).
  const live = new Uint8Array(n);
  const T = new Float64Array(n);
  return {
    outputs: outputAt,
    sweep(tangents) {
      T.fill(0);
      live.fill(0);
      for (let s = 0; s < seedAt.length; s++) {
        if (seedAt[s] >= 0 && tangents[s] !== 0) {
          T[seedAt[s]] = tangents[s];
          live[seedAt[s]] = 1;
        }
      }
      for (let i = 0; i < n; i++) {
        const end = argStart[i + 1];
        if (end === argStart[i]) continue; // a leaf keeps its seed (0 for constants and captured leaves)
        let t = 0;
        let reached = 0;
        for (let e = argStart[i]; e < end; e++) {
          if (live[args[e]] === 1) {
            t += locals[e] * T[args[e]];
            reached = 1;
          }
        }
        T[i] = t;
        live[i] = reached;
      }
      return T;
    },
  };
}

/** Debug mode: throws if a local derivative toward an input that needs a gradient is NaN (as backward does). */
function checkLocals(node: Value, locals: Float64Array, at: number, where: string): void {
  for (let j = 0; j < node.inputs.length; j++) {
    if (locals[at + j] !== locals[at + j] && node.inputs[j].requiresGrad) {
      throw nanResultError(node.spec!.name, node.inputs.map((v) => v.data), 'backward', `in ${where}`);
    }
  }
}

function checkFunction(where: string, f: unknown): void {
  if (typeof f !== 'function') throw typeError(where, 'f', 'a function of Values', f);
}

function checkPoint(where: string, what: string, xs: unknown, length?: number): void {
  if (!Array.isArray(xs)) throw typeError(where, what, 'an array of numbers', xs);
  if (length !== undefined && xs.length !== length) throw rangeError(where, `${what}.length`, `${length} (one per primal)`, xs.length);
  checkNumberList(where, what, xs);
}

function checkOutputs(where: string, result: unknown): Value[] {
  if (result instanceof Value) return [result];
  if (Array.isArray(result) && result.every((v) => v instanceof Value)) return result;
  throw typeError(where, 'the result of f', 'a Value or an array of Values', result);
}
