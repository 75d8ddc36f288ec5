import { checkOptionKeys, localResultError, missingSymbolicError, rangeError, symbolicResultError, typeError } from '../errors/messages.js';
import { freezeSpec } from './table.js';
import type { ConstantMaker, OpDomain, OpFacts, OpInterval, OpSpec } from './spec.js';
import type { JsForm, OnnxForm } from './forms.js';
import { MAX_OPS, allOps, lookupOp, register } from './registry.js';
import { applySpec, operand, type Operand, type Value } from '../engine/value.js';
import { isValue } from '../engine/is-value.js';

/**
 * What {@link defineOp} needs to know about a new op: its rules, and optionally how it prints and
 * the facts simplify may use (parity, inverseOf, atLeast, keepsFinite; see OpSpec).
 * @category Values and ops
 */
export interface OpDefinition<A extends 1 | 2 = 1 | 2> extends Omit<OpFacts, 'sumOfProducts'> {
  /** An identifier (letters, digits, _; not starting with a digit; at most 64 characters) no op already has. */
  readonly name: string;
  /** Number of operands. */
  readonly arity: A;
  /** The value on numbers; a unary op gets b = 0. */
  readonly forward: (a: number, b: number) => number;
  /** ∂y/∂input_i on numbers, given the operands and the output y. */
  readonly local: (i: number, a: number, b: number, y: number) => number;
  /** ∂y/∂input_i as Values built from ops (needed only by derivative(), hvp and checkOp's symbolic check). */
  readonly symbolic?: (i: number, a: Value, b: Value, y: Value, k: ConstantMaker) => Value;
  /** LaTeX from the operands' LaTeX. @defaultValue `\operatorname{name}\left(a, b\right)` */
  readonly latex?: (args: readonly string[]) => string;
  /** Graphviz label. @defaultValue the name */
  readonly dot?: string;
  /** Where the op is defined and smooth (for test arbitraries and checkOp). @defaultValue every input real, no kink */
  readonly domain?: OpDomain;
  /** How the op is written in ONNX, for chainrule/onnx's toOnnx. @defaultValue none: toOnnx names the op and throws */
  readonly onnx?: OnnxForm;
  /** The forward value as a JavaScript expression, for toSource. @defaultValue none: toSource names the op and throws */
  readonly js?: JsForm;
}

/**
 * A defined op: call it on Values or numbers to make a node; `spec` is its registered entry.
 * @category Values and ops
 */
export type DefinedOp<A extends 1 | 2 = 1 | 2> = (A extends 1 ? (a: Operand) => Value : (a: Operand, b: Operand) => Value) & {
  /** The op's registered table entry. */
  readonly spec: OpSpec;
  /** False when the definition gave no `symbolic` rule (derivative() then throws for it). */
  readonly hasSymbolic: boolean;
};

const IDENTIFIER = /^[A-Za-z_][A-Za-z0-9_]*$/;
/** The longest op name: messages name ops in full, and stay short (errors/messages.ts quotes ~60 characters of any input). */
const MAX_NAME = 64;
const KEYS = ['name', 'arity', 'forward', 'local', 'symbolic', 'latex', 'dot', 'domain', 'onnx', 'js', 'parity', 'inverseOf', 'atLeast', 'keepsFinite'];
const DOMAIN_KEYS = ['inputs', 'sign', 'kinkAtZero', 'piece', 'period', 'stopsGradient'];

/**
 * Adds an op that every algorithm then understands like a built-in one: backward, grad, compile
 * (single and batched, with or without code generation), jvp, evaluate, simplify's constant
 * folding, toString / toLatex / toDot (as a call `name(a)`), parse by name, and derivative() when
 * `symbolic` is given. The facts it declares (an odd or even op, the op it undoes, a lower bound,
 * finiteness) are used by simplify as a built-in op's are: `parity: 'odd'` makes f(−x) → −f(x). The entry is frozen and appended to the registry (see lookupOp, allOps);
 * the built-in table does not change.
 *
 * @category Values and ops
 * @example
 * const softsign = defineOp({
 *   name: 'softsign', arity: 1,
 *   forward: (a) => a / (1 + Math.abs(a)),
 *   local: (_i, a) => 1 / (1 + Math.abs(a)) ** 2,
 * });
 * softsign(new Value(0.5, 'x')).backward();
 * @throws TypeError for a definition of the wrong shape (a missing or non-function rule, an
 *   unknown or inherited key, here or in `domain`, a fact of the wrong type); RangeError for a
 *   name that is not an identifier of at most 64 characters or is taken, an arity other than 1 or 2, a bad domain or fact
 *   (parity and inverseOf are for unary ops), or when the registry is full (256 ops)
 */
export function defineOp<A extends 1 | 2>(definition: OpDefinition<A>): DefinedOp<A> {
  const spec = checkedSpec(definition);
  register(spec);
  const name = spec.name;
  const op =
    spec.arity === 1
      ? (a: Operand) => applySpec(spec, [operand(a, name)])
      : (a: Operand, b: Operand) => applySpec(spec, [operand(a, name), operand(b, name)]);
  Object.defineProperty(op, 'name', { value: name });
  Object.defineProperty(op, 'spec', { value: spec, enumerable: true });
  Object.defineProperty(op, 'hasSymbolic', { value: definition.symbolic !== undefined, enumerable: true });
  return Object.freeze(op) as unknown as DefinedOp<A>;
}

/** Validates everything before anything is registered, and builds the frozen entry. */
function checkedSpec(def: OpDefinition): OpSpec {
  if (typeof def !== 'object' || def === null || Array.isArray(def)) throw typeError('defineOp', 'definition', 'an object { name, arity, forward, local, symbolic? }', def);
  // Own keys only, all known: a typo ('forwrd') or an inherited rule would otherwise be silently ignored or read.
  checkOptionKeys('defineOp', def, KEYS, 'definition');
  const { name, arity, forward, local, symbolic, latex, dot, domain, onnx, js } = def;
  if (typeof name !== 'string') throw typeError('defineOp', 'definition.name', 'a string', name);
  if (!IDENTIFIER.test(name)) throw rangeError('defineOp', 'definition.name', 'an identifier (letters, digits and _, not starting with a digit)', name);
  if (name.length > MAX_NAME) throw rangeError('defineOp', 'definition.name', `an identifier of at most ${MAX_NAME} characters`, name);
  if (lookupOp(name) !== undefined) throw rangeError('defineOp', 'definition.name', 'a name no op has yet', name, 'Choose another name; built-in and defined ops share one namespace.');
  if (typeof arity !== 'number') throw typeError('defineOp', 'definition.arity', '1 or 2', arity);
  if (arity !== 1 && arity !== 2) throw rangeError('defineOp', 'definition.arity', '1 or 2', arity);
  for (const [key, fn] of [['forward', forward], ['local', local]] as const) {
    if (typeof fn !== 'function') throw typeError('defineOp', `definition.${key}`, 'a function', fn);
  }
  for (const [key, fn] of [['symbolic', symbolic], ['latex', latex], ['js', js]] as const) {
    if (fn !== undefined && typeof fn !== 'function') throw typeError('defineOp', `definition.${key}`, 'a function or undefined', fn);
  }
  if (dot !== undefined && typeof dot !== 'string') throw typeError('defineOp', 'definition.dot', 'a string or undefined', dot);
  if (onnx !== undefined && (typeof onnx !== 'object' || onnx === null || typeof onnx.build !== 'function')) {
    throw typeError('defineOp', 'definition.onnx', 'an object { build(g, inputs) } or undefined', onnx);
  }
  if (domain !== undefined) checkDomain(domain, arity);
  const facts = checkedFacts(def, arity);
  if (allOps().length >= MAX_OPS) throw rangeError('defineOp', 'the number of ops', `below ${MAX_OPS} (a compiled tape's opcodes are bytes)`, allOps().length);
  const domainCopy: OpDomain = domain === undefined
    ? { inputs: arity === 1 ? ['real'] : ['real', 'real'], sign: 'any', kinkAtZero: false }
    : { ...domain, inputs: domain.inputs.map((x) => (typeof x === 'string' ? x : Object.freeze({ min: x.min, max: x.max }))) };
  return freezeSpec({
    name, arity, group: arity,
    forward, local: checkedLocal(name, local),
    symbolic: symbolic === undefined ? () => {
      throw missingSymbolicError(name);
    } : checkedSymbolic(name, symbolic),
    text: { form: 'call', symbol: name, prec: 5 },
    latex: latex ?? ((args) => `\\operatorname{${name}}\\left(${args.join(', ')}\\right)`),
    dot: dot ?? name,
    domain: domainCopy,
    ...(onnx === undefined ? {} : { onnx: { ...onnx } }),
    ...(js === undefined ? {} : { js }),
    ...facts,
  });
}

/**
 * The user's local rule, with its result checked on every call (user ops only: the built-in
 * entries' rules are known to return numbers). Every engine calls it before any grad changes.
 */
function checkedLocal(name: string, rule: OpSpec['local']): OpSpec['local'] {
  return (i, a, b, y) => {
    const d: unknown = rule(i, a, b, y);
    if (typeof d !== 'number') throw localResultError(name, i, d);
    return d;
  };
}

/** The user's symbolic rule, with its result checked: every reader (derivative, hvp, toSource) builds on it as a Value. */
function checkedSymbolic(name: string, rule: NonNullable<OpDefinition['symbolic']>): OpSpec['symbolic'] {
  return (i, a, b, y, k) => {
    const d: unknown = rule(i, a, b, y, k);
    if (!isValue(d)) throw symbolicResultError(name, i, d);
    return d;
  };
}

/** The facts the definition declares (absent ones left out), each checked. */
function checkedFacts(def: OpDefinition, arity: 1 | 2): OpFacts {
  const { parity, inverseOf, atLeast, keepsFinite } = def;
  if (parity !== undefined) {
    if (parity !== 'odd' && parity !== 'even') throw rangeError('defineOp', 'definition.parity', "'odd', 'even' or undefined", parity);
    if (arity !== 1) throw rangeError('defineOp', 'definition.parity', `undefined for an op of arity ${arity} (parity is a fact about f(−u))`, parity);
  }
  if (inverseOf !== undefined) {
    if (typeof inverseOf !== 'string') throw typeError('defineOp', 'definition.inverseOf', 'an op name (a string) or undefined', inverseOf);
    if (!IDENTIFIER.test(inverseOf)) throw rangeError('defineOp', 'definition.inverseOf', 'an identifier (letters, digits and _, not starting with a digit)', inverseOf);
    if (inverseOf.length > MAX_NAME) throw rangeError('defineOp', 'definition.inverseOf', `an identifier of at most ${MAX_NAME} characters`, inverseOf);
    if (arity !== 1) throw rangeError('defineOp', 'definition.inverseOf', `undefined for an op of arity ${arity} (an inverse is a fact about f(g(u)))`, inverseOf);
  }
  if (atLeast !== undefined) {
    if (typeof atLeast !== 'number') throw typeError('defineOp', 'definition.atLeast', 'a finite number or undefined', atLeast);
    if (!Number.isFinite(atLeast)) throw rangeError('defineOp', 'definition.atLeast', 'a finite number or undefined', atLeast);
  }
  if (keepsFinite !== undefined && typeof keepsFinite !== 'boolean') throw typeError('defineOp', 'definition.keepsFinite', 'a boolean or undefined', keepsFinite);
  return {
    ...(parity === undefined ? {} : { parity }),
    ...(inverseOf === undefined ? {} : { inverseOf }),
    ...(atLeast === undefined ? {} : { atLeast }),
    ...(keepsFinite === undefined ? {} : { keepsFinite }),
  };
}

function checkDomain(domain: unknown, arity: 1 | 2): void {
  if (typeof domain !== 'object' || domain === null || Array.isArray(domain)) {
    throw typeError('defineOp', 'definition.domain', 'an object { inputs, sign, kinkAtZero }', domain);
  }
  checkOptionKeys('defineOp', domain, DOMAIN_KEYS, 'definition.domain');
  const d = domain as Partial<OpDomain>;
  if (!Array.isArray(d.inputs) || d.inputs.length !== arity || !d.inputs.every(isDomainInput)) {
    throw rangeError('defineOp', 'definition.domain.inputs', `an array of ${arity} of 'real', 'positive' or an interval { min, max } (finite, min < max)`, d.inputs);
  }
  if (d.sign !== 'positive' && d.sign !== 'keeps-positive' && d.sign !== 'any') {
    throw rangeError('defineOp', 'definition.domain.sign', "'positive', 'keeps-positive' or 'any'", d.sign);
  }
  if (typeof d.kinkAtZero !== 'boolean') throw typeError('defineOp', 'definition.domain.kinkAtZero', 'a boolean', d.kinkAtZero);
  if (d.piece !== undefined && typeof d.piece !== 'function') throw typeError('defineOp', 'definition.domain.piece', 'a function or undefined', d.piece);
  if (d.period !== undefined) {
    if (typeof d.period !== 'number') throw typeError('defineOp', 'definition.domain.period', 'a positive finite number or undefined', d.period);
    if (!(Number.isFinite(d.period) && d.period > 0)) throw rangeError('defineOp', 'definition.domain.period', 'a positive finite number or undefined', d.period);
  }
  if (d.stopsGradient !== undefined && typeof d.stopsGradient !== 'boolean') {
    throw typeError('defineOp', 'definition.domain.stopsGradient', 'a boolean or undefined', d.stopsGradient);
  }
}

/** 'real', 'positive', or an open interval { min, max } with finite min < max. */
function isDomainInput(x: unknown): x is OpDomain['inputs'][number] {
  if (x === 'real' || x === 'positive') return true;
  if (typeof x !== 'object' || x === null) return false;
  const { min, max } = x as Partial<OpInterval>;
  return typeof min === 'number' && typeof max === 'number' && Number.isFinite(min) && Number.isFinite(max) && min < max;
}
