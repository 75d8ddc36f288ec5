import { backward } from './backward.js';
import { isDebug } from './debug.js';
import { evaluateNode } from './evaluate-node.js';
import { describe, nanResultError, rangeError, typeError } from './errors.js';
import { fitsArity } from './op-layout.js';
import { OPS, type OpSpec } from './ops.js';
import { allOps, lookupOp } from './registry.js';
import { toText } from './print/text.js';

/** An operand: a Value, or a plain number that becomes a constant. */
export type Operand = Value | number;

const NO_INPUTS: readonly Value[] = Object.freeze([]);

/**
 * A scalar node of a differentiable expression graph: micrograd's Value, with its ops read from
 * one table. A leaf holds data you set; every method returns a new node whose inputs are its
 * operands, so `y.backward()` can fill in `grad` = ∂y/∂node for every node that feeds y.
 *
 * @example
 * const x = new Value(2, 'x');
 * const y = x.mul(x).add(x.sigmoid());
 * y.backward(); // x.grad = 2x + σ(x)(1 − σ(x))
 */
export class Value {
  /** The node's value. */
  data: number;
  /** ∂(last backward root)/∂this; leaves accumulate across backward calls until zeroGrad. */
  grad: number;
  /** A display name, used by toString, toLatex and toDot. */
  label: string;
  /** The operands of the op that made this node; empty for a leaf. */
  readonly inputs: readonly Value[];
  /** False for constants and for nodes that depend only on constants: backward skips them. */
  requiresGrad: boolean;
  /** @internal The op's table entry, or null for a leaf. */
  readonly spec: OpSpec | null;
  /** @internal Traversal mark; see graph.ts. */
  mark: number;
  /** @internal Consumers not yet done during backward; see backward.ts. */
  pending: number;

  /**
   * A leaf holding `data`.
   * @param data - a number, not NaN
   * @param label - an optional display name
   * @throws TypeError if data is not a number; RangeError if it is NaN
   */
  constructor(data: number, label = '', spec: OpSpec | null = null, inputs: readonly Value[] = NO_INPUTS) {
    if (spec === null) {
      if (typeof data !== 'number') throw typeError('Value', 'data', 'a number', data);
      if (data !== data) throw rangeError('Value', 'data', 'a number other than NaN', data, label ? `(label ${describe(label)})` : undefined);
      if (typeof label !== 'string') throw typeError('Value', 'label', 'a string', label);
    }
    this.data = data;
    this.grad = 0;
    this.label = label;
    this.inputs = inputs;
    this.requiresGrad = spec === null || anyRequiresGrad(inputs);
    this.spec = spec;
    this.mark = 0;
    this.pending = 0;
  }

  /** The op that made this node ('add', 'sigmoid', …), or '' for a leaf. */
  get op(): OpSpec['name'] | '' {
    return this.spec === null ? '' : this.spec.name;
  }

  /** this + other */
  add(other: Operand): Value { return binary(OPS.add, this, operand(other, 'add')); }
  /** this − other */
  sub(other: Operand): Value { return binary(OPS.sub, this, operand(other, 'sub')); }
  /** this · other */
  mul(other: Operand): Value { return binary(OPS.mul, this, operand(other, 'mul')); }
  /** this / other */
  div(other: Operand): Value { return binary(OPS.div, this, operand(other, 'div')); }
  /** this ^ exponent; with a Value exponent, ∂/∂exponent = this^exponent · ln(this) where this > 0, else 0. */
  pow(exponent: Operand): Value { return binary(OPS.pow, this, operand(exponent, 'pow')); }
  /** −this */
  neg(): Value { return unary(OPS.neg, this); }
  /** e^this */
  exp(): Value { return unary(OPS.exp, this); }
  /** ln(this); ln 0 = −Infinity, ln of a negative number is NaN. */
  log(): Value { return unary(OPS.log, this); }
  /** σ(this) = 1 / (1 + e^−this), computed without overflow for any finite input. */
  sigmoid(): Value { return unary(OPS.sigmoid, this); }
  /** tanh(this) */
  tanh(): Value { return unary(OPS.tanh, this); }
  /** max(this, 0); its derivative at 0 is 0. */
  relu(): Value { return unary(OPS.relu, this); }
  /** 1 where this > 0, else 0 (relu's derivative; its own derivative is 0). */
  step(): Value { return unary(OPS.step, this); }
  /** ln(this) where this > 0, else 0 (the guarded log in pow's exponent derivative). */
  logpos(): Value { return unary(OPS.logpos, this); }

  /**
   * Sets `grad` = ∂this/∂node for every node feeding this one, in reverse topological order.
   * Leaves accumulate (call {@link zeroGrad} between steps); interior grads are recomputed.
   */
  backward(): void { backward(this); }

  /** Infix text with minimal parentheses, leaves shown by label (or value when unlabelled). */
  toString(): string { return toText(this); }

  /** softplus(this) = ln(1 + e^this), without overflow (softplus(800) = 800); its derivative is σ(this). */
  softplus(): Value { return unary(OPS.softplus, this); }
  /** The value of this with derivative 0 in every engine (JAX's stop_gradient, PyTorch's detach). */
  stopGradient(): Value { return unary(OPS.stopGradient, this); }
  /** this · other, except that a 0 factor gives 0 even against ∞ or NaN (symbolic rules use it to keep conventions). */
  strongMul(other: Operand): Value { return binary(OPS.strongMul, this, operand(other, 'strongMul')); }
}

/**
 * ln Σ e^(v_i) as one node, stable for any finite inputs: shifted by max v_i at every evaluation
 * (graph and compiled tape alike); ∂/∂v_i = e^(v_i − y) = softmax_i.
 * @example logsumexp([1000, 1000]).data // 1000 + ln 2
 * @throws TypeError if values is not an array of Values or numbers; RangeError for a NaN
 */
export function logsumexp(values: readonly Operand[]): Value {
  if (!Array.isArray(values)) throw typeError('logsumexp', 'values', 'an array of Value or number', values);
  return nary(OPS.logsumexp, values.map((v, i) => operand(v, 'logsumexp', 'values', i)));
}

/**
 * x's value with derivative 0 everywhere: backward, derivative, compile and jvp treat it as a constant.
 * @example stopGradient(x).mul(x) // d/dx = stopGradient(x) = x.data, not 2x
 * @throws TypeError if x is not a Value or a number
 */
export function stopGradient(x: Operand): Value {
  return unary(OPS.stopGradient, operand(x, 'stopGradient'));
}

/** A constant leaf: never receives a gradient. */
export function constant(n: number): Value {
  const c = new Value(n);
  c.requiresGrad = false;
  return c;
}

/**
 * Σ values as a single node with one input per term.
 * @example sum([a, b, 3]).data === a.data + b.data + 3
 */
export function sum(values: readonly Operand[]): Value {
  if (!Array.isArray(values)) throw typeError('sum', 'values', 'an array of Value or number', values);
  const inputs = values.map((v, i) => operand(v, 'sum', 'values', i));
  return nary(OPS.sum, inputs);
}

/**
 * Σ_k a_k · b_k as a single node (a neuron's weighted sum), inputs laid out [a_0 … a_n−1, b_0 … b_n−1].
 * @throws RangeError if the lengths differ
 */
export function dot(a: readonly Operand[], b: readonly Operand[]): Value {
  if (!Array.isArray(a)) throw typeError('dot', 'a', 'an array of Value or number', a);
  if (!Array.isArray(b)) throw typeError('dot', 'b', 'an array of Value or number', b);
  if (a.length !== b.length) throw rangeError('dot', 'b.length', `equal to a.length (${a.length})`, b.length);
  const inputs: Value[] = new Array(a.length * 2);
  for (let k = 0; k < a.length; k++) {
    inputs[k] = operand(a[k], 'dot', 'a', k);
    inputs[k + a.length] = operand(b[k], 'dot', 'b', k);
  }
  return nary(OPS.dot, inputs);
}

/**
 * A node of op `op` over `inputs`: the one generic constructor (parsers, rewriters and tests build
 * nodes by op name with it). Inputs follow the op's layout: 1 for unary ops, 2 for binary ops, and
 * for n-ary ops a multiple of the op's group, dot's laid out [a_0 … a_n−1, b_0 … b_n−1].
 * @example applyOp('mul', [x, 3]) // same as x.mul(3)
 * @throws RangeError for an unknown op or a wrong number of inputs
 */
export function applyOp(op: string, inputs: readonly Operand[]): Value {
  const spec = typeof op === 'string' ? lookupOp(op) : undefined;
  if (spec === undefined) throw rangeError('applyOp', 'op', `one of ${allOps().map((s) => s.name).join(', ')}`, op);
  if (!Array.isArray(inputs)) throw typeError('applyOp', 'inputs', 'an array of Value or number', inputs);
  const expected = spec.arity === 'n' ? `a multiple of ${spec.group}` : String(spec.arity);
  if (!fitsArity(spec, inputs.length)) throw rangeError('applyOp', `the number of inputs of ${op}`, expected, inputs.length);
  return applySpec(spec, inputs.map((v, i) => operand(v, 'applyOp', 'inputs', i)));
}

/** @internal A node of `spec` over Values already checked to fit its arity. */
export function applySpec(spec: OpSpec, values: Value[]): Value {
  if (spec.arity === 1) return unary(spec, values[0]);
  if (spec.arity === 2) return binary(spec, values[0], values[1]);
  return nary(spec, values);
}

/** Resets `grad` to 0 on each value (leaves accumulate across backward calls, as in PyTorch). */
export function zeroGrad(values: Iterable<Value>): void {
  for (const v of values) v.grad = 0;
}

/** @internal A Value from an operand (a number becomes a constant), or an error naming `method`. */
export function operand(x: unknown, method: string, list?: string, index?: number): Value {
  if (x instanceof Value) return x;
  if (typeof x === 'number' && x === x) return constant(x);
  // The operand's name is built only on failure: sum and dot call this once per element.
  const what = list === undefined ? 'operand' : `${list}[${index}]`;
  if (typeof x === 'number') throw rangeError(method, what, 'a number other than NaN', x);
  throw typeError(method, what, 'a Value or a number', x);
}

function anyRequiresGrad(inputs: readonly Value[]): boolean {
  for (let i = 0; i < inputs.length; i++) if (inputs[i].requiresGrad) return true;
  return false;
}

function unary(spec: OpSpec, a: Value): Value {
  const y = spec.forward(a.data, 0);
  if (y !== y && isDebug()) throw nanResultError(spec.name, [a.data], 'forward');
  return new Value(y, '', spec, [a]);
}

function binary(spec: OpSpec, a: Value, b: Value): Value {
  const y = spec.forward(a.data, b.data);
  if (y !== y && isDebug()) throw nanResultError(spec.name, [a.data, b.data], 'forward');
  return new Value(y, '', spec, [a, b]);
}

function nary(spec: OpSpec, inputs: Value[]): Value {
  const y = evaluateNode(spec, inputs);
  if (y !== y && isDebug()) throw nanResultError(spec.name, inputs.map((v) => v.data), 'forward');
  return new Value(y, '', spec, inputs);
}
