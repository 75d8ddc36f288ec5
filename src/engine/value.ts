import { backward } from './backward.js';
import { nextMade } from './made.js';
import { isDebug } from './debug.js';
import { VALUE_MARK } from './is-value.js';
import { describe, forwardResultError, holeError, nameList, nanResultError, rangeError, typeError } from '../errors/messages.js';
import { fitsArity, nodeForward } from '../ops/layout.js';
import { OPS, type OpName, type OpSpec } from '../ops/table.js';
import { allOps, lookupOp } from '../ops/registry.js';
import { toText } from '../print/text.js';

/**
 * An operand: a Value, or a plain number that becomes a constant.
 * @category Values and ops
 */
export type Operand = Value | number;

const NO_INPUTS: readonly Value[] = Object.freeze([]);


/** Passed by this file's node builders only, so the public constructor cannot make interior nodes. */
const NODE_KEY: unique symbol = Symbol('chainrule.node');

/** Node's util.inspect hook, named through the global symbol registry (no node: import). */
const INSPECT = Symbol.for('nodejs.util.inspect.custom');

/**
 * A scalar node of a differentiable expression graph: micrograd's Value, with its ops read from
 * one table. A leaf holds data you set; every method returns a new node whose inputs are its
 * operands, so `y.backward()` can fill in `grad` = ∂y/∂node for every node that feeds y.
 *
 * @category Values and ops
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
  /** @internal Scratch of graph walks (consumer counts, positions); see graph.ts. */
  pending: number;
  /** @internal The order the node was made in (inputs before the node): backward's order; see made.ts. */
  made: number;

  /**
   * A leaf holding `data`. Interior nodes come from the op methods, {@link sum}, {@link dot} and
   * {@link applyOp}, never from this constructor.
   * @param data - a number, not NaN
   * @param label - an optional display name
   * @example const w = new Value(0.5, 'w');
   * @throws TypeError if data is not a number, label is not a string or a third argument is
   *   given; RangeError if data is NaN
   */
  constructor(data: number, label?: string);
  constructor(data: number, label = '', spec: OpSpec | null = null, inputs: readonly Value[] = NO_INPUTS, key?: typeof NODE_KEY) {
    if (key !== NODE_KEY) {
      // A caller outside this file (e.g. plain JavaScript) cannot forge a node.
      if (arguments.length > 2) {
        throw typeError('Value', 'the third argument', 'absent (new Value(data, label) makes a leaf; build nodes with the Value methods or applyOp)', spec);
      }
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
    this.made = nextMade();
  }

  /** The op that made this node ('add', 'sigmoid', …), or '' for a leaf. */
  get op(): OpName | (string & {}) | '' {
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
  /** sin(this) */
  sin(): Value { return unary(OPS.sin, this); }
  /** cos(this) */
  cos(): Value { return unary(OPS.cos, this); }
  /** tan(this) */
  tan(): Value { return unary(OPS.tan, this); }
  /** arcsin(this); NaN outside [−1, 1]. */
  asin(): Value { return unary(OPS.asin, this); }
  /** arccos(this); NaN outside [−1, 1]. */
  acos(): Value { return unary(OPS.acos, this); }
  /** arctan(this) */
  atan(): Value { return unary(OPS.atan, this); }
  /** sinh(this) */
  sinh(): Value { return unary(OPS.sinh, this); }
  /** cosh(this) */
  cosh(): Value { return unary(OPS.cosh, this); }
  /** arsinh(this) */
  asinh(): Value { return unary(OPS.asinh, this); }
  /** arcosh(this); NaN below 1. */
  acosh(): Value { return unary(OPS.acosh, this); }
  /** artanh(this); NaN outside [−1, 1]. */
  atanh(): Value { return unary(OPS.atanh, this); }
  /** √this; its derivative at 0 is +Infinity. */
  sqrt(): Value { return unary(OPS.sqrt, this); }
  /** ∛this (real for negative numbers too); its derivative at 0 is +Infinity. */
  cbrt(): Value { return unary(OPS.cbrt, this); }
  /** |this|; its derivative at 0 is 0. */
  abs(): Value { return unary(OPS.abs, this); }
  /** −1, 0 or 1 by the sign of this; its derivative is 0. */
  sign(): Value { return unary(OPS.sign, this); }
  /** log₂(this) */
  log2(): Value { return unary(OPS.log2, this); }
  /** log₁₀(this) */
  log10(): Value { return unary(OPS.log10, this); }
  /** ln(1 + this), accurate for small this. */
  log1p(): Value { return unary(OPS.log1p, this); }
  /** e^this − 1, accurate for small this. */
  expm1(): Value { return unary(OPS.expm1, this); }
  /** erf(this) = 2/√π ∫₀^this e^(−t²) dt. */
  erf(): Value { return unary(OPS.erf, this); }
  /** e^(−this²), to full precision where this² would round (erf's derivative is 2/√π times it). */
  expNegSquare(): Value { return unary(OPS.expNegSquare, this); }
  /** max(this, other); at a tie each operand gets half the gradient. */
  max(other: Operand): Value { return binary(OPS.max, this, operand(other, 'max')); }
  /** min(this, other); at a tie each operand gets half the gradient. */
  min(other: Operand): Value { return binary(OPS.min, this, operand(other, 'min')); }
  /** atan2(this, x): the angle of the point (x, this), in (−π, π]. */
  atan2(x: Operand): Value { return binary(OPS.atan2, this, operand(x, 'atan2')); }
  /** √(this² + y²) without overflow or underflow; its derivative at (0, 0) is NaN. */
  hypot(y: Operand): Value { return binary(OPS.hypot, this, operand(y, 'hypot')); }

  /**
   * Sets `grad` = ∂this/∂node for every node feeding this one, in reverse topological order.
   * Leaves accumulate (call {@link zeroGrad} between steps); interior grads are recomputed.
   */
  backward(): void { backward(this); }

  /** Infix text with minimal parentheses, leaves shown by label (or value when unlabelled). */
  toString(): string { return toText(this); }

  /** What console.log shows in Node: `Value(data=6, grad=1, op=mul)`, plus `label='x'` when labelled. */
  [INSPECT](): string {
    const label = this.label === '' ? '' : `, label='${this.label}'`;
    return `Value(data=${describe(this.data)}, grad=${describe(this.grad)}, op=${this.op === '' ? 'leaf' : this.op}${label})`;
  }
  /** softplus(this) = ln(1 + e^this), without overflow (softplus(800) = 800); its derivative is σ(this). */
  softplus(): Value { return unary(OPS.softplus, this); }
  /** The value of this with derivative 0 in every engine (JAX's stop_gradient, PyTorch's detach). */
  stopGradient(): Value { return unary(OPS.stopGradient, this); }
  /** this · other, except that a 0 factor gives 0 even against ∞ or NaN (symbolic rules use it to keep conventions). */
  strongMul(other: Operand): Value { return binary(OPS.strongMul, this, operand(other, 'strongMul')); }
}

// The mark isValue reads (is-value.ts), on the prototype so it is not part of the public type.
Object.defineProperty(Value.prototype, VALUE_MARK, { value: true });

/**
 * ln Σ e^(v_i) as one node, stable for any finite inputs: shifted by max v_i at every evaluation
 * (graph and compiled tape alike); ∂/∂v_i = e^(v_i − y) = softmax_i.
 * @category Values and ops
 * @example logsumexp([1000, 1000]).data // 1000 + ln 2
 * @throws TypeError if values is not an array of Values or numbers; RangeError for a NaN
 */
export function logsumexp(values: readonly Operand[]): Value {
  if (!Array.isArray(values)) throw typeError('logsumexp', 'values', 'an array of Value or number', values);
  return nary(OPS.logsumexp, operands(values, 'logsumexp', 'values'));
}

/** The constructor with its internal form visible: only this file builds interior nodes. */
const NodeValue = Value as unknown as new (data: number, label: string, spec: OpSpec, inputs: readonly Value[], key: typeof NODE_KEY) => Value;

/**
 * A constant leaf: never receives a gradient.
 * @category Values and ops
 * @example constant(2).mul(x) // 2·x; backward leaves the 2 alone
 * @throws TypeError if n is not a number; RangeError if it is NaN
 */
export function constant(n: number): Value {
  if (typeof n !== 'number') throw typeError('constant', 'n', 'a number', n);
  if (n !== n) throw rangeError('constant', 'n', 'a number other than NaN', n);
  const c = new Value(n);
  c.requiresGrad = false;
  return c;
}

/**
 * Σ values as a single node with one input per term.
 * @category Values and ops
 * @example sum([new Value(1), new Value(2), 3]).data // 6
 * @throws TypeError if values is not an array of Value or number
 */
export function sum(values: readonly Operand[]): Value {
  if (!Array.isArray(values)) throw typeError('sum', 'values', 'an array of Value or number', values);
  return nary(OPS.sum, operands(values, 'sum', 'values'));
}

/**
 * Σ_k a_k · b_k as a single node (a neuron's weighted sum), inputs laid out [a_0 … a_n−1, b_0 … b_n−1].
 * @category Values and ops
 * @example dot([new Value(2), new Value(3)], [4, 5]).data // 23
 * @throws TypeError if a or b is not an array of Value or number; RangeError if the lengths differ
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
 * @category Values and ops
 * @example const x = new Value(2); applyOp('mul', [x, 3]) // same as x.mul(3)
 * @throws RangeError for an unknown op or a wrong number of inputs
 */
export function applyOp(op: string, inputs: readonly Operand[]): Value {
  const spec = typeof op === 'string' ? lookupOp(op) : undefined;
  if (spec === undefined) throw rangeError('applyOp', 'op', `one of ${nameList(allOps().map((s) => s.name))}`, op);
  if (!Array.isArray(inputs)) throw typeError('applyOp', 'inputs', 'an array of Value or number', inputs);
  const expected = spec.arity === 'n' ? `a multiple of ${spec.group}` : String(spec.arity);
  if (!fitsArity(spec, inputs.length)) throw rangeError('applyOp', `the number of inputs of ${op}`, expected, inputs.length);
  return applySpec(spec, operands(inputs, 'applyOp', 'inputs'));
}

/** @internal A node of `spec` over Values already checked to fit its arity. */
export function applySpec(spec: OpSpec, values: Value[]): Value {
  if (spec.arity === 1) return unary(spec, values[0]);
  if (spec.arity === 2) return binary(spec, values[0], values[1]);
  return nary(spec, values);
}

/**
 * Resets `grad` to 0 on each value (leaves accumulate across backward calls, as in PyTorch).
 * Every element is checked first, so a bad one leaves all grads as they were.
 * @category Values and ops
 * @example zeroGrad(net.parameters()) // every grad is 0
 * @throws TypeError if values is not an iterable or an element is not a Value
 */
export function zeroGrad(values: Iterable<Value>): void {
  if (values === null || typeof (values as { [Symbol.iterator]?: unknown } | undefined)?.[Symbol.iterator] !== 'function') {
    throw typeError('zeroGrad', 'values', 'an iterable of Values', values);
  }
  // Arrays are checked in place; any other iterable (a generator) is read once into an array.
  const list = Array.isArray(values) ? (values as readonly unknown[]) : Array.from(values as Iterable<unknown>);
  for (let i = 0; i < list.length; i++) {
    if (!(list[i] instanceof Value)) throw typeError('zeroGrad', `values[${i}]`, 'a Value', list[i]);
  }
  for (let i = 0; i < list.length; i++) (list[i] as Value).grad = 0;
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

/** Each entry as an operand, naming `list[i]` for a bad one or a hole (map would skip a hole and keep it). */
function operands(values: readonly unknown[], method: string, list: string): Value[] {
  const out = new Array<Value>(values.length);
  for (let i = 0; i < values.length; i++) {
    if (!(i in values)) throw holeError(method, `${list}[${i}]`, 'a Value or a number');
    out[i] = operand(values[i], method, list, i);
  }
  return out;
}

function anyRequiresGrad(inputs: readonly Value[]): boolean {
  for (let i = 0; i < inputs.length; i++) if (inputs[i].requiresGrad) return true;
  return false;
}

function unary(spec: OpSpec, a: Value): Value {
  const y = spec.forward(a.data, 0);
  if (typeof y !== 'number') throw forwardResultError(spec.name, y, [a]); // a user op's forward, or data set to a non-number
  if (y !== y && isDebug()) throw nanResultError(spec.name, [a.data], 'forward');
  return new NodeValue(y, '', spec, [a], NODE_KEY);
}

function binary(spec: OpSpec, a: Value, b: Value): Value {
  const y = spec.forward(a.data, b.data);
  if (typeof y !== 'number') throw forwardResultError(spec.name, y, [a, b]);
  if (y !== y && isDebug()) throw nanResultError(spec.name, [a.data, b.data], 'forward');
  return new NodeValue(y, '', spec, [a, b], NODE_KEY);
}

function nary(spec: OpSpec, inputs: Value[]): Value {
  const y = nodeForward(spec, inputs);
  if (typeof y !== 'number') throw forwardResultError(spec.name, y, inputs);
  if (y !== y && isDebug()) throw nanResultError(spec.name, inputs.map((v) => v.data), 'forward');
  return new NodeValue(y, '', spec, inputs, NODE_KEY);
}
