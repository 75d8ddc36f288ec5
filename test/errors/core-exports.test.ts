import { afterEach, describe, expect, it } from 'vitest';
import * as core from '../../src/index.js';
import * as testing from '../../src/testing/index.js';
import { OPS, ParseError, Value, allOps, compile, isDebug, lookupOp, setDebug, topologicalOrder } from '../../src/index.js';
import type { OpDomain, OpSpec } from '../../src/index.js';
import { Expression } from '../../src/testing/index.js';
import type { CheckOpOptions } from '../../src/testing/index.js';
import * as functions from '../../src/engine/functions.js';

/**
 * Every export of the core (src/index.ts) and of chainrule/testing, walked with bad input: wrong
 * types, NaN/±Infinity, wrong lengths, empty arrays, unknown and inherited option keys. Each bad
 * call must throw the house-format error naming the function, the argument and what it received,
 * and leave every Value it was given as it was. An export without an entry fails the test, so a
 * new export must be added here.
 */

/** Values a bad call is given: a small graph whose leaves and interior nodes carry grads. */
interface Fixture {
  readonly x: Value;
  readonly w: Value;
  readonly y: Value;
}

function fixture(): Fixture {
  const x = new Value(0.5, 'x');
  const w = new Value(-2, 'w');
  const y = x.mul(w).tanh().add(x);
  y.backward();
  x.grad += 1.5; // leaves accumulate: give them grads a sweep would not produce
  w.grad -= 0.25;
  return { x, w, y };
}

/** data, grad, label and requiresGrad of every node of the fixture, and the registered ops (defineOp must add none). */
function state(f: Fixture): unknown[] {
  return [...topologicalOrder([f.y]).map((v) => [v.data, v.grad, v.label, v.requiresGrad, v.inputs.length]), allOps().map((spec) => spec.name)];
}

type ErrorClass = typeof TypeError | typeof RangeError | typeof ParseError;

/** One bad call: what it tries, the call, the error class and the exact message. */
type Case = readonly [what: string, call: (f: Fixture) => unknown, error: ErrorClass, message: string];

/** Per export: its bad calls, junk for its first argument, and calls that must be accepted. */
interface Entry {
  readonly cases: readonly Case[];
  /** Calls the export with one junk value as its first argument (each must throw a house-format error). */
  readonly junk?: (bad: unknown, f: Fixture) => unknown;
  /** Junk values that are valid first arguments for this export (e.g. 5 for new Value; '' for parse is a ParseError). */
  readonly junkAccepted?: readonly unknown[];
  /** Edge inputs that are valid and must not throw (documents the decision). */
  readonly accepts?: readonly (readonly [what: string, call: (f: Fixture) => unknown])[];
  /** Why an export takes no input to check (data, an error class, a no-argument function). */
  readonly noInput?: string;
}

const EMPTY_ARRAY: unknown[] = [];
const EMPTY_OBJECT = {};
const FUNCTION = () => 1;
/** Junk first arguments; entries name the ones their export accepts (junkAccepted) by these constants. */
const JUNK: readonly unknown[] = [undefined, null, 5, NaN, Infinity, -Infinity, true, '', 'abc', EMPTY_OBJECT, EMPTY_ARRAY, FUNCTION, Symbol('s')];

/** A valid op definition: the defineOp cases each break one field of it. */
const SOFTSIGN = {
  name: 'badInputSoftsign',
  arity: 1 as const,
  forward: (a: number) => a / (1 + Math.abs(a)),
  local: (_i: number, a: number) => (1 + Math.abs(a)) ** -2,
};

const HOUSE_FORMAT = /^chainrule\.[\w.]+: .+ must .+, received .+\.(\s.+)?$/s;

const CORE: Record<keyof typeof core, Entry> = {
  ...freeFunctionEntries(),
  toSource: {
    cases: [
      ['outputs not an array', (f) => core.toSource(f.y as unknown as Value[], { inputs: [f.x] }), TypeError, 'chainrule.toSource: outputs must be a non-empty array of Values, received a Value.'],
      ['an interior node as input', (f) => core.toSource([f.y], { inputs: [f.y] }), RangeError, 'chainrule.toSource: options.inputs[0] must be a leaf Value, received "a add node".'],
      ['an unknown key', (f) => core.toSource([f.y], { inputs: [f.x], gradient: true } as object as { inputs: Value[] }), TypeError,
        'chainrule.toSource: the keys of options must be among inputs, gradients, received "gradient". Did you mean "gradients"?'],
      ['gradients not a boolean', (f) => core.toSource([f.y], { inputs: [f.x], gradients: 1 as unknown as boolean }), TypeError, 'chainrule.toSource: options.gradients must be true or false, received 1.'],
    ],
    junk: (bad, f) => core.toSource(bad as Value[], { inputs: [f.x] }),
  },
  Value: {
    cases: [
      ['data of the wrong type', () => new Value('3' as unknown as number), TypeError, 'chainrule.Value: data must be a number, received "3".'],
      ['NaN data', () => new Value(NaN), RangeError, 'chainrule.Value: data must be a number other than NaN, received NaN.'],
      ['a label of the wrong type', () => new Value(1, 5 as unknown as string), TypeError, 'chainrule.Value: label must be a string, received 5.'],
      ['node arguments', (f) => new (Value as unknown as new (...a: unknown[]) => Value)(999, '', OPS.mul, [f.x, f.w]), TypeError,
        'chainrule.Value: the third argument must be absent (new Value(data, label) makes a leaf; build nodes with the Value methods or applyOp), received an object.'],
      ['an operand of the wrong type', (f) => f.x.add('2' as unknown as number), TypeError, 'chainrule.add: operand must be a Value or a number, received "2".'],
      ['a NaN operand', (f) => f.y.pow(NaN), RangeError, 'chainrule.pow: operand must be a number other than NaN, received NaN.'],
    ],
    junk: (bad) => new Value(bad as number),
    junkAccepted: [5, Infinity, -Infinity],
    accepts: [['±Infinity data (IEEE arithmetic, as in PyTorch)', () => new Value(-Infinity).add(Infinity)]],
  },
  applyOp: {
    cases: [
      ['an unknown op', () => core.applyOp('sine' as 'exp', [1]), RangeError, `chainrule.applyOp: op must be one of ${Object.keys(OPS).join(', ')}, received "sine".`],
      ['an inherited name', () => core.applyOp('toString' as 'exp', [1]), RangeError, `chainrule.applyOp: op must be one of ${Object.keys(OPS).join(', ')}, received "toString".`],
      ['inputs not an array', () => core.applyOp('exp', 'x' as unknown as number[]), TypeError, 'chainrule.applyOp: inputs must be an array of Value or number, received "x".'],
      ['too few inputs', (f) => core.applyOp('mul', [f.x]), RangeError, 'chainrule.applyOp: the number of inputs of mul must be 2, received 1.'],
      ['a NaN input', (f) => core.applyOp('mul', [f.x, NaN]), RangeError, 'chainrule.applyOp: inputs[1] must be a number other than NaN, received NaN.'],
    ],
    junk: (bad, f) => core.applyOp(bad as 'exp', [f.x]),
    accepts: [['an empty sum', () => core.applyOp('sum', [])]],
  },
  constant: {
    cases: [
      ['a string', () => core.constant('1' as unknown as number), TypeError, 'chainrule.constant: n must be a number, received "1".'],
      ['NaN', () => core.constant(NaN), RangeError, 'chainrule.constant: n must be a number other than NaN, received NaN.'],
    ],
    junk: (bad) => core.constant(bad as number),
    junkAccepted: [5, Infinity, -Infinity],
  },
  sum: {
    cases: [
      ['not an array', () => core.sum(null as unknown as number[]), TypeError, 'chainrule.sum: values must be an array of Value or number, received null.'],
      ['a null element', (f) => core.sum([f.x, null as unknown as number]), TypeError, 'chainrule.sum: values[1] must be a Value or a number, received null.'],
      ['a NaN element', (f) => core.sum([f.x, f.w, NaN]), RangeError, 'chainrule.sum: values[2] must be a number other than NaN, received NaN.'],
    ],
    junk: (bad) => core.sum(bad as number[]),
    junkAccepted: [EMPTY_ARRAY],
    accepts: [['an empty list (the empty sum is 0)', () => expect(core.sum([]).data).toBe(0)]],
  },
  dot: {
    cases: [
      ['a not an array', () => core.dot(5 as unknown as number[], []), TypeError, 'chainrule.dot: a must be an array of Value or number, received 5.'],
      ['b not an array', () => core.dot([], 'b' as unknown as number[]), TypeError, 'chainrule.dot: b must be an array of Value or number, received "b".'],
      ['lengths that differ', (f) => core.dot([f.x, f.w], [1]), RangeError, 'chainrule.dot: b.length must be equal to a.length (2), received 1.'],
      ['a bad element', (f) => core.dot([f.x], [{}] as unknown as number[]), TypeError, 'chainrule.dot: b[0] must be a Value or a number, received an object.'],
    ],
    junk: (bad) => core.dot(bad as number[], [1]),
    accepts: [['two empty lists', () => expect(core.dot([], []).data).toBe(0)]],
  },
  logsumexp: {
    cases: [
      ['not an array', () => core.logsumexp(5 as unknown as number[]), TypeError, 'chainrule.logsumexp: values must be an array of Value or number, received 5.'],
      ['a string element', (f) => core.logsumexp([f.x, 'w' as unknown as number]), TypeError, 'chainrule.logsumexp: values[1] must be a Value or a number, received "w".'],
      ['a NaN element', (f) => core.logsumexp([f.x, f.w, NaN]), RangeError, 'chainrule.logsumexp: values[2] must be a number other than NaN, received NaN.'],
      ['an undefined hole', (f) => core.logsumexp([f.x, undefined as unknown as number]), TypeError, 'chainrule.logsumexp: values[1] must be a Value or a number, received undefined.'],
    ],
    junk: (bad) => core.logsumexp(bad as number[]),
    junkAccepted: [EMPTY_ARRAY],
    accepts: [
      ['an empty list (ln 0 = -Infinity, as in NumPy)', () => expect(core.logsumexp([]).data).toBe(-Infinity)],
      ['±Infinity elements (IEEE arithmetic)', (f) => expect(core.logsumexp([f.x, Infinity, -Infinity]).data).toBe(Infinity)],
    ],
  },
  zeroGrad: {
    cases: [
      ['null', () => core.zeroGrad(null as unknown as Value[]), TypeError, 'chainrule.zeroGrad: values must be an iterable of Values, received null.'],
      ['a number', () => core.zeroGrad(5 as unknown as Value[]), TypeError, 'chainrule.zeroGrad: values must be an iterable of Values, received 5.'],
      ['a bad element after good ones', (f) => core.zeroGrad([f.x, f.w, 1 as unknown as Value]), TypeError, 'chainrule.zeroGrad: values[2] must be a Value, received 1.'],
    ],
    junk: (bad) => core.zeroGrad(bad as Value[]),
    junkAccepted: [EMPTY_ARRAY, ''],
  },
  grad: {
    cases: [
      ['f not a function', () => core.grad(5 as unknown as () => Value), TypeError, 'chainrule.grad: f must be a function of Values returning a Value, received 5.'],
      ['too few arguments', () => core.grad((a: Value, b: Value) => a.mul(b))(1), RangeError, 'chainrule.grad: the number of arguments must be 2 (f declares 2 parameters), received 1.'],
      ['a NaN argument', () => core.grad((a: Value) => a)(NaN), RangeError, 'chainrule.grad: xs[0] must be a number other than NaN, received NaN.'],
      ['f returns a number', (f) => core.grad(((a: Value) => a.data + f.x.data) as unknown as (a: Value) => Value)(1), TypeError,
        'chainrule.grad: the result of f must be a Value, received 1.5. Return a single scalar Value, e.g. reduce with sum().'],
    ],
    junk: (bad) => core.grad(bad as () => Value),
    junkAccepted: [FUNCTION],
  },
  valueAndGrad: {
    cases: [
      ['f not a function', () => core.valueAndGrad(null as unknown as () => Value), TypeError, 'chainrule.valueAndGrad: f must be a function of Values returning a Value, received null.'],
      ['extra arguments', (f) => core.valueAndGrad((a: Value) => a.mul(f.w))(1, 2), RangeError, 'chainrule.valueAndGrad: the number of arguments must be 1 (f declares 1 parameter), received 2.'],
      ['a string argument', () => core.valueAndGrad((a: Value) => a)('1' as unknown as number), TypeError, 'chainrule.valueAndGrad: xs[0] must be a number, received "1".'],
    ],
    junk: (bad) => core.valueAndGrad(bad as () => Value),
    junkAccepted: [FUNCTION],
  },
  topologicalOrder: {
    cases: [
      ['a string', () => topologicalOrder('abc' as unknown as Value[]), TypeError, 'chainrule.topologicalOrder: roots must be an array of Values, received "abc".'],
      ['a bad element', (f) => topologicalOrder([f.y, 5 as unknown as Value]), TypeError, 'chainrule.topologicalOrder: roots[1] must be a Value, received 5.'],
    ],
    junk: (bad) => topologicalOrder(bad as Value[]),
    junkAccepted: [EMPTY_ARRAY],
    accepts: [['no roots', () => expect(topologicalOrder([])).toEqual([])]],
  },
  countNodes: {
    cases: [['a number', () => core.countNodes(5 as unknown as Value), TypeError, 'chainrule.countNodes: root must be a Value, received 5.']],
    junk: (bad) => core.countNodes(bad as Value),
  },
  setDebug: {
    cases: [
      ["the string 'true'", () => setDebug('true' as unknown as boolean), TypeError, 'chainrule.setDebug: on must be true or false, received "true".'],
      ['1', () => setDebug(1 as unknown as boolean), TypeError, 'chainrule.setDebug: on must be true or false, received 1.'],
    ],
    junk: (bad) => setDebug(bad as boolean),
    junkAccepted: [true],
  },
  isDebug: { cases: [], noInput: 'takes no arguments' },
  OPS: { cases: [], noInput: 'the op table (data, not a function)' },
  OP_LIST: { cases: [], noInput: 'the op table as a list (data, not a function)' },
  lookupOp: {
    cases: [
      ['a number', () => core.lookupOp(5 as unknown as string), TypeError, 'chainrule.lookupOp: name must be a string, received 5.'],
      ['a Value', (f) => core.lookupOp(f.x as unknown as string), TypeError, 'chainrule.lookupOp: name must be a string, received a Value.'],
      ['an op entry instead of its name', () => core.lookupOp(OPS.mul as unknown as string), TypeError, 'chainrule.lookupOp: name must be a string, received an object.'],
    ],
    junk: (bad) => core.lookupOp(bad as string),
    junkAccepted: ['', 'abc'],
    accepts: [
      ['an unknown name (undefined: a lookup, not a check)', () => expect(core.lookupOp('sine')).toBeUndefined()],
      ['an inherited name', () => expect(core.lookupOp('toString')).toBeUndefined()],
    ],
  },
  allOps: { cases: [], noInput: 'takes no arguments (and hands out a frozen copy, so the registry changes only through defineOp)' },
  defineOp: {
    cases: [
      ['a name clash with a built-in op', () => core.defineOp({ ...SOFTSIGN, name: 'mul' }), RangeError,
        'chainrule.defineOp: definition.name must be a name no op has yet, received "mul". Choose another name; built-in and defined ops share one namespace.'],
      ['a name that is not an identifier', () => core.defineOp({ ...SOFTSIGN, name: '2x' }), RangeError,
        'chainrule.defineOp: definition.name must be an identifier (letters, digits and _, not starting with a digit), received "2x".'],
      ['an empty name', () => core.defineOp({ ...SOFTSIGN, name: '' }), RangeError,
        'chainrule.defineOp: definition.name must be an identifier (letters, digits and _, not starting with a digit), received "".'],
      ['a name with a space', () => core.defineOp({ ...SOFTSIGN, name: 'soft sign' }), RangeError,
        'chainrule.defineOp: definition.name must be an identifier (letters, digits and _, not starting with a digit), received "soft sign".'],
      ['a name of the wrong type', () => core.defineOp({ ...SOFTSIGN, name: 5 as unknown as string }), TypeError, 'chainrule.defineOp: definition.name must be a string, received 5.'],
      ['a missing name', () => core.defineOp({ ...SOFTSIGN, name: undefined as unknown as string }), TypeError, 'chainrule.defineOp: definition.name must be a string, received undefined.'],
      ['arity 3', () => core.defineOp({ ...SOFTSIGN, arity: 3 as 1 }), RangeError, 'chainrule.defineOp: definition.arity must be 1 or 2, received 3.'],
      ['arity 0', () => core.defineOp({ ...SOFTSIGN, arity: 0 as 1 }), RangeError, 'chainrule.defineOp: definition.arity must be 1 or 2, received 0.'],
      ['arity NaN', () => core.defineOp({ ...SOFTSIGN, arity: NaN as 1 }), RangeError, 'chainrule.defineOp: definition.arity must be 1 or 2, received NaN.'],
      ["arity the string '1'", () => core.defineOp({ ...SOFTSIGN, arity: '1' as unknown as 1 }), TypeError, 'chainrule.defineOp: definition.arity must be 1 or 2, received "1".'],
      ['a non-function forward', () => core.defineOp({ ...SOFTSIGN, forward: 1 as unknown as () => number }), TypeError, 'chainrule.defineOp: definition.forward must be a function, received 1.'],
      ['a missing local', () => core.defineOp({ ...SOFTSIGN, local: undefined as unknown as () => number }), TypeError, 'chainrule.defineOp: definition.local must be a function, received undefined.'],
      ['a non-function symbolic', () => core.defineOp({ ...SOFTSIGN, symbolic: 'd' as unknown as () => Value }), TypeError, 'chainrule.defineOp: definition.symbolic must be a function or undefined, received "d".'],
      ['a non-function latex', () => core.defineOp({ ...SOFTSIGN, latex: '\\sigma' as unknown as () => string }), TypeError, 'chainrule.defineOp: definition.latex must be a function or undefined, received "\\\\sigma".'],
      ['a dot label of the wrong type', () => core.defineOp({ ...SOFTSIGN, dot: 1 as unknown as string }), TypeError, 'chainrule.defineOp: definition.dot must be a string or undefined, received 1.'],
      ['an unknown key', () => core.defineOp({ ...SOFTSIGN, forwrd: () => 1 } as typeof SOFTSIGN), TypeError,
        'chainrule.defineOp: the keys of definition must be among name, arity, forward, local, symbolic, latex, dot, domain, onnx, js, parity, inverseOf, atLeast, keepsFinite, received "forwrd". Did you mean "forward"?'],
      ['an inherited rule', () => core.defineOp(Object.assign(Object.create({ forward: SOFTSIGN.forward }), { name: 'inheritedForward', arity: 1, local: SOFTSIGN.local })), TypeError,
        'chainrule.defineOp: definition.forward must be an own property of definition, received an inherited one.'],
      ['an array', () => core.defineOp([] as unknown as typeof SOFTSIGN), TypeError,
        'chainrule.defineOp: definition must be an object { name, arity, forward, local, symbolic? }, received an array of length 0.'],
      ['domain inputs of the wrong length', () => core.defineOp({ ...SOFTSIGN, domain: { inputs: ['real', 'real'], sign: 'any', kinkAtZero: false } }), RangeError,
        "chainrule.defineOp: definition.domain.inputs must be an array of 1 of 'real', 'positive' or an interval { min, max } (finite, min < max), received an array of length 2."],
      ['a reversed domain interval', () => core.defineOp({ ...SOFTSIGN, domain: { inputs: [{ min: 1, max: -1 }], sign: 'any', kinkAtZero: false } }), RangeError,
        "chainrule.defineOp: definition.domain.inputs must be an array of 1 of 'real', 'positive' or an interval { min, max } (finite, min < max), received an array of length 1."],
      ['a misspelt domain key', () => core.defineOp({ ...SOFTSIGN, domain: { inputs: ['real'], sign: 'any', kinkAtzero: false } as unknown as OpDomain }), TypeError,
        'chainrule.defineOp: the keys of definition.domain must be among inputs, sign, kinkAtZero, piece, period, stopsGradient, received "kinkAtzero". Did you mean "kinkAtZero"?'],
      ['a domain that is not an object', () => core.defineOp({ ...SOFTSIGN, domain: 'real' as unknown as OpDomain }), TypeError,
        'chainrule.defineOp: definition.domain must be an object { inputs, sign, kinkAtZero }, received "real".'],
      ['a bad domain sign', () => core.defineOp({ ...SOFTSIGN, domain: { inputs: ['real'], sign: 'negative' as 'any', kinkAtZero: false } }), RangeError,
        "chainrule.defineOp: definition.domain.sign must be 'positive', 'keeps-positive' or 'any', received \"negative\"."],
      ['a negative period', () => core.defineOp({ ...SOFTSIGN, domain: { inputs: ['real'], sign: 'any', kinkAtZero: false, period: -1 } }), RangeError,
        'chainrule.defineOp: definition.domain.period must be a positive finite number or undefined, received -1.'],
      ['a non-function piece', () => core.defineOp({ ...SOFTSIGN, domain: { inputs: ['real'], sign: 'any', kinkAtZero: false, piece: 0 as unknown as () => number } }), TypeError,
        'chainrule.defineOp: definition.domain.piece must be a function or undefined, received 0.'],
      ['stopsGradient a string', () => core.defineOp({ ...SOFTSIGN, domain: { inputs: ['real'], sign: 'any', kinkAtZero: false, stopsGradient: 'yes' as unknown as boolean } }), TypeError,
        'chainrule.defineOp: definition.domain.stopsGradient must be a boolean or undefined, received "yes".'],
    ],
    junk: (bad) => core.defineOp(bad as typeof SOFTSIGN),
    accepts: [
      ['a domain with an interval input and a period', () => core.defineOp({ ...SOFTSIGN, name: 'badInputIntervalOp', domain: { inputs: [{ min: -1, max: 1 }], sign: 'any', kinkAtZero: false, period: 2 } })],
    ],
  },
  derivative: {
    cases: [
      ['y not a Value', (f) => core.derivative(5 as unknown as Value, f.x), TypeError, 'chainrule.derivative: y must be a Value, received 5.'],
      ['x not a Value', (f) => core.derivative(f.y, 'x' as unknown as Value), TypeError, 'chainrule.derivative: x must be a Value, received "x".'],
      ['a negative order', (f) => core.derivative(f.y, f.x, -1), RangeError, 'chainrule.derivative: n must be a non-negative integer, received -1.'],
      ['a fractional order', (f) => core.derivative(f.y, f.x, 2.5), RangeError, 'chainrule.derivative: n must be a non-negative integer, received 2.5.'],
      ['order NaN', (f) => core.derivative(f.y, f.x, NaN), RangeError, 'chainrule.derivative: n must be a non-negative integer, received NaN.'],
      ['order Infinity', (f) => core.derivative(f.y, f.x, Infinity), RangeError, 'chainrule.derivative: n must be a non-negative integer, received Infinity.'],
      ['order a string', (f) => core.derivative(f.y, f.x, '2' as unknown as number), TypeError, 'chainrule.derivative: n must be a non-negative integer, received "2".'],
      ['an unknown option', (f) => core.derivative(f.y, f.x, 2, { Simplify: true } as object), TypeError,
        'chainrule.derivative: the keys of options must be among simplify, received "Simplify". Did you mean "simplify"?'],
      ['simplify not a boolean', (f) => core.derivative(f.y, f.x, 2, { simplify: 'yes' as unknown as boolean }), TypeError, 'chainrule.derivative: options.simplify must be true or false, received "yes".'],
      ['simplify with an interior x', (f) => core.derivative(f.y, f.y.inputs[0], 2, { simplify: true }), RangeError,
        'chainrule.derivative: x must be a leaf Value when options.simplify is true, received "a tanh node". Simplifying between orders may rewrite an interior node away; differentiate with respect to a leaf.'],
    ],
    junk: (bad, f) => core.derivative(bad as Value, f.x),
    accepts: [
      ['order 0 (y itself)', (f) => expect(core.derivative(f.y, f.x, 0)).toBe(f.y)],
      ['an explicit undefined options', (f) => core.derivative(f.y, f.x, 2, undefined)],
    ],
  },
  substitute: {
    cases: [
      ['y not a Value', (f) => core.substitute(2 as unknown as Value, new Map([[f.x, 1]])), TypeError, 'chainrule.substitute: y must be a Value, received 2.'],
      ['replacements a plain object', (f) => core.substitute(f.y, { x: 1 } as unknown as Map<Value, number>), TypeError,
        'chainrule.substitute: replacements must be a Map from Values to Values or numbers, received an object.'],
      ['replacements an array of pairs', (f) => core.substitute(f.y, [[f.x, 1]] as unknown as Map<Value, number>), TypeError,
        'chainrule.substitute: replacements must be a Map from Values to Values or numbers, received an array of length 1.'],
      ['a key that is not a Value', (f) => core.substitute(f.y, new Map<unknown, number>([[f.x, 1], ['w', 2]]) as Map<Value, number>), TypeError,
        'chainrule.substitute: a key of replacements must be a Value, received "w".'],
      ['a NaN replacement', (f) => core.substitute(f.y, new Map([[f.x, 1], [f.w, NaN]])), RangeError,
        'chainrule.substitute: the replacement of w in replacements must be a Value or a finite number, received NaN.'],
      ['an infinite replacement', (f) => core.substitute(f.y, new Map([[f.x, -Infinity]])), RangeError,
        'chainrule.substitute: the replacement of x in replacements must be a Value or a finite number, received -Infinity.'],
      ['a string replacement of an interior node', (f) => core.substitute(f.y, new Map([[f.y.inputs[0], 'u']]) as unknown as Map<Value, number>), TypeError,
        'chainrule.substitute: the replacement of a tanh node (-0.7615941559557649) in replacements must be a Value or a finite number, received "u".'],
    ],
    junk: (bad, f) => core.substitute(bad as Value, new Map([[f.x, 1]])),
    accepts: [
      ['an empty Map (y itself)', (f) => expect(core.substitute(f.y, new Map())).toBe(f.y)],
      ['a key not in the graph (ignored)', (f) => expect(core.substitute(f.y, new Map([[new Value(1), 2]]))).toBe(f.y)],
    ],
  },
  jacobianGraph: {
    cases: [
      ['ys not an array', (f) => core.jacobianGraph(f.y as unknown as Value[], [f.x]), TypeError, 'chainrule.jacobianGraph: ys must be an array of Values, received a Value.'],
      ['a bad output', (f) => core.jacobianGraph([f.y, 1 as unknown as Value], [f.x]), TypeError, 'chainrule.jacobianGraph: ys[1] must be a Value, received 1.'],
      ['xs not an array', (f) => core.jacobianGraph([f.y], f.x as unknown as Value[]), TypeError, 'chainrule.jacobianGraph: xs must be an array of Values, received a Value.'],
      ['a bad target', (f) => core.jacobianGraph([f.y], [f.x, 'w' as unknown as Value]), TypeError, 'chainrule.jacobianGraph: xs[1] must be a Value, received "w".'],
    ],
    junk: (bad, f) => core.jacobianGraph(bad as Value[], [f.x]),
    junkAccepted: [EMPTY_ARRAY],
    accepts: [
      ['no outputs', (f) => expect(core.jacobianGraph([], [f.x])).toEqual([])],
      ['no targets', (f) => expect(core.jacobianGraph([f.y], [])).toEqual([[]])],
    ],
  },
  hessianGraph: {
    cases: [
      ['y not a Value', (f) => core.hessianGraph([f.y] as unknown as Value, [f.x]), TypeError, 'chainrule.hessianGraph: y must be a Value, received an array of length 1.'],
      ['xs not an array', (f) => core.hessianGraph(f.y, new Set([f.x]) as unknown as Value[]), TypeError, 'chainrule.hessianGraph: xs must be an array of Values, received a Set.'],
      ['a bad target', (f) => core.hessianGraph(f.y, [f.x, f.w, undefined as unknown as Value]), TypeError, 'chainrule.hessianGraph: xs[2] must be a Value, received undefined.'],
    ],
    junk: (bad, f) => core.hessianGraph(bad as Value, [f.x]),
    accepts: [['no targets', (f) => expect(core.hessianGraph(f.y, [])).toEqual([])]],
  },
  gradients: {
    cases: [
      ['xs not an array', (f) => core.gradients(f.y, f.x as unknown as Value[]), TypeError, 'chainrule.gradients: xs must be an array of Values, received a Value.'],
      ['a bad target', (f) => core.gradients(f.y, [f.x, 3 as unknown as Value]), TypeError, 'chainrule.gradients: xs[1] must be a Value, received 3.'],
      ['y not a Value', (f) => core.gradients(null as unknown as Value, [f.x]), TypeError, 'chainrule.gradients: y must be a Value, received null.'],
    ],
    junk: (bad, f) => core.gradients(bad as Value, [f.x]),
    accepts: [['no targets', (f) => expect(core.gradients(f.y, [])).toEqual([])]],
  },
  hessian: {
    cases: [
      ['f not a function', () => core.hessian({} as unknown as () => Value), TypeError, 'chainrule.hessian: f must be a function of Values returning a Value, received an object.'],
      ['too few arguments', () => core.hessian((a: Value, b: Value) => a.mul(b))(1), RangeError, 'chainrule.hessian: the number of arguments must be 2 (f declares 2 parameters), received 1.'],
      ['a NaN argument', () => core.hessian((a: Value) => a)(NaN), RangeError, 'chainrule.hessian: xs[0] must be a number other than NaN, received NaN.'],
    ],
    junk: (bad) => core.hessian(bad as () => Value),
    junkAccepted: [FUNCTION],
  },
  jvp: {
    cases: [
      ['f not a function', () => core.jvp(5 as unknown as () => Value, [1], [1]), TypeError, 'chainrule.jvp: f must be a function of Values, received 5.'],
      ['primals not an array', () => core.jvp((a: Value) => a, 'ab' as unknown as number[], [1]), TypeError, 'chainrule.jvp: primals must be an array of numbers, received "ab".'],
      ['tangents of the wrong length', () => core.jvp((a: Value) => a, [1], [1, 0]), RangeError, 'chainrule.jvp: tangents.length must be 1 (one per primal), received 2.'],
      ['no tangents', () => core.jvp((a: Value) => a, [1], []), RangeError, 'chainrule.jvp: tangents.length must be 1 (one per primal), received 0.'],
      ['a NaN primal', () => core.jvp((a: Value) => a, [NaN], [1]), RangeError, 'chainrule.jvp: primals[0] must be a number other than NaN, received NaN.'],
      ['a NaN tangent', () => core.jvp((a: Value) => a, [1], [NaN]), RangeError, 'chainrule.jvp: tangents[0] must be a number other than NaN, received NaN.'],
      ['a string tangent', () => core.jvp((a: Value) => a, [1], ['1' as unknown as number]), TypeError, 'chainrule.jvp: tangents[0] must be a number, received "1".'],
      ['fewer primals than f declares', (f) => core.jvp((a: Value, b: Value) => a.mul(b).add(f.x), [1], [1]), RangeError,
        'chainrule.jvp: primals.length must be 2 (f declares 2 parameters), received 1.'],
      ['f returns a number', (f) => core.jvp(((a: Value) => a.mul(f.w).data) as unknown as (a: Value) => Value, [1], [1]), TypeError,
        'chainrule.jvp: the result of f must be a Value or an array of Values, received -2.'],
      ['f returns an array holding a number', (f) => core.jvp(((a: Value) => [a.mul(f.y), 1]) as unknown as (a: Value) => Value[], [1], [1]), TypeError,
        'chainrule.jvp: the result of f must be a Value or an array of Values, received an array of length 2.'],
    ],
    junk: (bad) => core.jvp(bad as () => Value, [1], [1]),
    accepts: [
      ['±Infinity primals and tangents (IEEE arithmetic, as Value accepts them)', () => expect(core.jvp((a: Value) => a.mul(2), [Infinity], [-Infinity])).toEqual({ value: Infinity, tangent: -Infinity })],
      ['a function of no variables', () => expect(core.jvp(() => core.constant(3), [], [])).toEqual({ value: 3, tangent: 0 })],
      ['f captures graph nodes (their tangent is 0)', (f) => expect(core.jvp((a: Value) => a.mul(f.w), [1], [1]).tangent).toBe(-2)],
    ],
  },
  hvp: {
    cases: [
      ['f not a function', () => core.hvp('f' as unknown as () => Value, [1], [1]), TypeError, 'chainrule.hvp: f must be a function of Values, received "f".'],
      ['xs null', () => core.hvp((a: Value) => a, null as unknown as number[], [1]), TypeError, 'chainrule.hvp: xs must be an array of numbers, received null.'],
      ['v shorter than xs', () => core.hvp((a: Value) => a, [1], []), RangeError, 'chainrule.hvp: v.length must be 1 (one per primal), received 0.'],
      ['a NaN in v', () => core.hvp((a: Value) => a.mul(a), [1], [NaN]), RangeError, 'chainrule.hvp: v[0] must be a number other than NaN, received NaN.'],
      ['an x of the wrong type', () => core.hvp((a: Value) => a.mul(a), [{}] as unknown as number[], [1]), TypeError, 'chainrule.hvp: xs[0] must be a number, received an object.'],
      ['more xs than f declares', () => core.hvp((a: Value) => a.mul(a), [1, 2], [1, 0]), RangeError, 'chainrule.hvp: xs.length must be 1 (f declares 1 parameter), received 2.'],
      ['f returns an array', (f) => core.hvp(((a: Value) => [a.mul(f.x)]) as unknown as (a: Value) => Value, [1], [1]), TypeError,
        'chainrule.hvp: the result of f must be a Value, received an array of length 1. hvp needs a scalar function; use jacobian for several outputs.'],
    ],
    junk: (bad) => core.hvp(bad as () => Value, [1], [1]),
    accepts: [['an infinite direction (IEEE arithmetic)', () => expect(core.hvp((a: Value) => a.mul(a), [1], [Infinity])).toEqual([Infinity])]],
  },
  jacobian: {
    cases: [
      ['f not a function', () => core.jacobian(null as unknown as () => Value), TypeError, 'chainrule.jacobian: f must be a function of Values, received null.'],
      ['a NaN x', () => core.jacobian((a: Value) => a)(NaN), RangeError, 'chainrule.jacobian: xs[0] must be a number other than NaN, received NaN.'],
      ['a string x', () => core.jacobian((a: Value) => a)('1' as unknown as number), TypeError, 'chainrule.jacobian: xs[0] must be a number, received "1".'],
      ['fewer xs than f declares', () => core.jacobian((a: Value, b: Value) => [a.mul(b), a.add(b)])(1), RangeError,
        'chainrule.jacobian: the number of arguments must be 2 (f declares 2 parameters), received 1.'],
      ['f returns a number', (f) => core.jacobian(((a: Value) => a.add(f.y).data) as unknown as (a: Value) => Value)(1), TypeError,
        `chainrule.jacobian: the result of f must be a Value or an array of Values, received ${1 + Math.tanh(-1) + 0.5}.`],
    ],
    junk: (bad) => core.jacobian(bad as () => Value),
    junkAccepted: [FUNCTION],
    accepts: [['f returns no outputs (an empty Jacobian)', () => expect(core.jacobian((a: Value) => [a].slice(1))(1)).toEqual([])]],
  },
  evaluate: {
    cases: [
      ['y not a Value', (f) => core.evaluate(5 as unknown as Value, new Map([[f.x, 1]])), TypeError, 'chainrule.evaluate: y must be a Value, received 5.'],
      ['at a plain object', (f) => core.evaluate(f.y, { x: 1 } as unknown as Map<Value, number>), TypeError, 'chainrule.evaluate: at must be a Map from leaf Values to numbers, received an object.'],
      ['an interior key', (f) => core.evaluate(f.y, new Map([[f.y, 1]])), RangeError, 'chainrule.evaluate: a key of at must be a leaf Value, received "add node". Only leaves can be set; interior nodes are recomputed.'],
      ['a NaN value', (f) => core.evaluate(f.y, new Map([[f.x, NaN]])), RangeError, 'chainrule.evaluate: the value of leaf x must be a number other than NaN, received NaN.'],
      ['a string value', (f) => core.evaluate(f.y, new Map([[f.w, '1' as unknown as number]])), TypeError, 'chainrule.evaluate: the value of leaf w must be a number, received "1".'],
    ],
    junk: (bad, f) => core.evaluate(bad as Value, new Map([[f.x, 1]])),
    accepts: [['an infinite leaf value', (f) => expect(core.evaluate(f.y, new Map([[f.x, Infinity]]))).toBe(Infinity)]],
  },
  evaluateAll: {
    cases: [
      ['ys not an array', (f) => core.evaluateAll(f.y as unknown as Value[], new Map()), TypeError, 'chainrule.evaluateAll: ys must be an array of Values, received a Value.'],
      ['a bad element', (f) => core.evaluateAll([f.y, 5 as unknown as Value], new Map()), TypeError, 'chainrule.evaluateAll: ys[1] must be a Value, received 5.'],
      ['at null', (f) => core.evaluateAll([f.y], null as unknown as Map<Value, number>), TypeError, 'chainrule.evaluateAll: at must be a Map from leaf Values to numbers, received null.'],
    ],
    junk: (bad) => core.evaluateAll(bad as Value[], new Map()),
    junkAccepted: [EMPTY_ARRAY],
  },
  simplify: {
    cases: [
      ['null', () => core.simplify(null as unknown as Value), TypeError, 'chainrule.simplify: y must be a Value, received null.'],
      ['an unknown option', (f) => core.simplify(f.y, { exakt: true } as unknown as { exact: boolean }), TypeError,
        'chainrule.simplify: the keys of options must be among exact, received "exakt". Did you mean "exact"?'],
      ['exact not a boolean', (f) => core.simplify(f.y, { exact: 1 as unknown as boolean }), TypeError, 'chainrule.simplify: options.exact must be a boolean, received 1.'],
    ],
    junk: (bad) => core.simplify(bad as Value),
  },
  parse: {
    cases: [
      ['text not a string', () => core.parse(5 as unknown as string), TypeError, 'chainrule.parse: text must be a string, received 5.'],
      ['vars null', () => core.parse('x', null as unknown as Record<string, Value>), TypeError, 'chainrule.parse: vars must be a plain object mapping names to Values, received null.'],
      ['vars an array', (f) => core.parse('x', [f.x] as unknown as Record<string, Value>), TypeError, 'chainrule.parse: vars must be a plain object mapping names to Values, received an array of length 1.'],
      ['vars a Map', (f) => core.parse('x', new Map([['x', f.x]]) as unknown as Record<string, Value>), TypeError,
        'chainrule.parse: vars must be a plain object mapping names to Values, received a Map. Use Object.fromEntries(map).'],
      ['a var that is not a Value', () => core.parse('x', { x: 5 as unknown as Value }), TypeError, 'chainrule.parse: vars.x must be a Value, received 5.'],
      ['malformed text', (f) => core.parse('x +', { x: f.x }), ParseError,
        "chainrule.parse: the token at position 3 must be an operand (a number, a name, a call, '-' or '('), received the end of the input.\n  x +\n     ^"],
    ],
    junk: (bad) => core.parse(bad as string),
  },
  ParseError: { cases: [], noInput: 'the error class parse throws (users catch it, they do not build it)' },
  explain: {
    cases: [
      ['y not a Value', (f) => core.explain(null as unknown as Value, f.x), TypeError, 'chainrule.explain: y must be a Value, received null.'],
      ['x not a Value', (f) => core.explain(f.y, 5 as unknown as Value), TypeError, 'chainrule.explain: x must be a Value, received 5.'],
      ['options null', (f) => core.explain(f.y, f.x, null as unknown as object), TypeError, 'chainrule.explain: options must be an object with keys among maxPaths, received null.'],
      ['an unknown key', (f) => core.explain(f.y, f.x, { maxPath: 3 } as object), TypeError, 'chainrule.explain: the keys of options must be among maxPaths, received "maxPath". Did you mean "maxPaths"?'],
      ['an inherited key', (f) => core.explain(f.y, f.x, Object.create({ maxPaths: 2 })), TypeError, 'chainrule.explain: options.maxPaths must be an own property of options, received an inherited one.'],
      ['maxPaths 0', (f) => core.explain(f.y, f.x, { maxPaths: 0 }), RangeError, 'chainrule.explain: options.maxPaths must be a positive integer, received 0.'],
      ['maxPaths Infinity', (f) => core.explain(f.y, f.x, { maxPaths: Infinity }), RangeError, 'chainrule.explain: options.maxPaths must be a positive integer, received Infinity.'],
      ['maxPaths a string', (f) => core.explain(f.y, f.x, { maxPaths: '3' as unknown as number }), TypeError, 'chainrule.explain: options.maxPaths must be a number, received "3".'],
    ],
    junk: (bad, f) => core.explain(bad as Value, f.x),
  },
  toText: {
    cases: [
      ['null', () => core.toText(null as unknown as Value), TypeError, 'chainrule.toText: root must be a Value, received null.'],
      ['an unknown key', (f) => core.toText(f.y, { stopAtLabel: true } as object), TypeError,
        'chainrule.toText: the keys of options must be among stopAtLabels, shared, received "stopAtLabel". Did you mean "stopAtLabels"?'],
      ['options a string', (f) => core.toText(f.y, 'short' as unknown as object), TypeError, 'chainrule.toText: options must be an object with keys among stopAtLabels, shared, received "short".'],
      ['stopAtLabels a string', (f) => core.toText(f.y, { stopAtLabels: 'yes' as unknown as boolean }), TypeError, 'chainrule.toText: options.stopAtLabels must be true or false, received "yes".'],
    ],
    junk: (bad) => core.toText(bad as Value),
  },
  toLatex: {
    cases: [
      ['a number', () => core.toLatex(5 as unknown as Value), TypeError, 'chainrule.toLatex: root must be a Value, received 5.'],
      ['an unknown key', (f) => core.toLatex(f.y, { labels: true } as object), TypeError, 'chainrule.toLatex: the keys of options must be among stopAtLabels, shared, received "labels".'],
    ],
    junk: (bad) => core.toLatex(bad as Value),
  },
  toDot: {
    cases: [
      ['a number', () => core.toDot(5 as unknown as Value), TypeError, 'chainrule.toDot: root must be a Value, received 5.'],
      ['an unknown key', (f) => core.toDot(f.y, { rankDir: 'TB' } as object), TypeError, 'chainrule.toDot: the keys of options must be among rankdir, digits, received "rankDir". Did you mean "rankdir"?'],
      ['a bad rankdir', (f) => core.toDot(f.y, { rankdir: 'XY' as 'LR' }), TypeError, `chainrule.toDot: options.rankdir must be 'LR' or 'TB', received "XY".`],
      ['fractional digits', (f) => core.toDot(f.y, { digits: 1.5 }), RangeError, 'chainrule.toDot: options.digits must be an integer in [0, 20], received 1.5.'],
      ['NaN digits', (f) => core.toDot(f.y, { digits: NaN }), RangeError, 'chainrule.toDot: options.digits must be an integer in [0, 20], received NaN.'],
      ['digits a string', (f) => core.toDot(f.y, { digits: '4' as unknown as number }), TypeError, 'chainrule.toDot: options.digits must be a number, received "4".'],
    ],
    junk: (bad) => core.toDot(bad as Value),
  },

  // compile and Tape: the compiled engine validates its own arguments (the "perf" helper's work);
  // only what is already rejected in the house format is listed.
  compile: {
    cases: [
      ['outputs a number', (f) => compile(5 as unknown as Value, { inputs: [f.x] }), TypeError, 'chainrule.compile: outputs must be a Value or an array of Values, received 5.'],
      ['no outputs', (f) => compile([], { inputs: [f.x] }), RangeError, 'chainrule.compile: outputs must be a non-empty array of Values, received an array of length 0.'],
      ['options null', (f) => compile(f.y, null as unknown as { inputs: Value[] }), TypeError,
        'chainrule.compile: options must be an object { inputs, params? }, received null. Name the placeholder leaves: compile(loss, { inputs: [x0, x1] }).'],
      ['inputs not an array', (f) => compile(f.y, { inputs: f.x as unknown as Value[] }), TypeError, 'chainrule.compile: options.inputs must be an array of leaf Values, received a Value. Pass [] for a graph without placeholders.'],
    ],
    junk: (bad, f) => compile(bad as Value, { inputs: [f.x] }),
  },
  Tape: {
    cases: [
      ['an empty batch', (f) => compile(f.y, { inputs: [f.x] }).run([]), RangeError, 'chainrule.Tape.run: examples must be a non-empty array of input rows, received an array of length 0.'],
      ['a row of the wrong length', (f) => compile(f.y, { inputs: [f.x] }).run([[1, 2]]), RangeError, 'chainrule.Tape.run: examples[0].length must be 1, received 2.'],
      ['a NaN input', (f) => compile(f.y, { inputs: [f.x] }).run([[1], [NaN]]), RangeError, 'chainrule.Tape.run: examples[1][0] must be a number other than NaN, received NaN.'],
      ['params of the wrong length', (f) => compile(f.y, { inputs: [f.x] }).run([[1]], { params: new Float64Array(3) }), RangeError,
        'chainrule.Tape.run: options.params.length must be 1 (one per tape.params), received 3.'],
      ['reduce not mean or sum', (f) => compile(f.y, { inputs: [f.x] }).run([[1]], { reduce: 'avg' as 'mean' }), TypeError, `chainrule.Tape.run: options.reduce must be 'mean' or 'sum', received "avg".`],
      ['backward not a boolean', (f) => compile(f.y, { inputs: [f.x] }).run([[1]], { backward: 0 as unknown as boolean }), TypeError, 'chainrule.Tape.run: options.backward must be true or false, received 0.'],
      ['an unknown run option', (f) => compile(f.y, { inputs: [f.x] }).run([[1]], { reduction: 'sum' } as object), TypeError,
        'chainrule.Tape.run: the keys of options must be among reduce, backward, params, grads, validate, received "reduction".'],
      ['a NaN param', (f) => compile(f.y, { inputs: [f.x], params: [f.w] }).run([[1]], { params: new Float64Array([NaN]) }), RangeError,
        'chainrule.Tape.run: options.params[0] must be a finite number, received NaN.'],
      ['writeParams with Infinity', (f) => compile(f.y, { inputs: [f.x], params: [f.w] }).writeParams(new Float64Array([Infinity])), RangeError,
        'chainrule.Tape.writeParams: values[0] must be a finite number, received Infinity.'],
      ['forward with a string', (f) => compile(f.y, { inputs: [f.x] }).forward(['1'] as unknown as number[]), TypeError, 'chainrule.Tape.forward: inputs[0] must be a number, received "1".'],
      ['writeParams with a plain array', (f) => compile(f.y, { inputs: [f.x] }).writeParams([1] as unknown as Float64Array), TypeError,
        'chainrule.Tape.writeParams: values must be a Float64Array, received an array of length 1.'],
      ['backward before forward', (f) => compile(f.y, { inputs: [f.x] }).backward(), RangeError,
        'chainrule.Tape.backward: the tape must run forward first, received a backward before any forward. Call tape.forward(inputs) first.'],
    ],
    junk: (bad, f) => compile(f.y, { inputs: [f.x] }).run(bad as number[][]),
  },
};

const TESTING: Record<keyof typeof testing, Entry> = {

  gradcheck: {
    cases: [
      ['f not a function', () => testing.gradcheck(5 as unknown as () => Value, []), TypeError, 'chainrule.gradcheck: f must be a function of Values returning a Value, received 5.'],
      ['xs not an array', () => testing.gradcheck((a: Value) => a, 1 as unknown as number[]), TypeError, 'chainrule.gradcheck: xs must be an array of numbers, received 1.'],
      ['a NaN x', () => testing.gradcheck((a: Value) => a, [NaN]), RangeError, 'chainrule.gradcheck: xs[0] must be a finite number, received NaN.'],
      ['an infinite x', () => testing.gradcheck((a: Value) => a, [-Infinity]), RangeError, 'chainrule.gradcheck: xs[0] must be a finite number, received -Infinity.'],
      ['too many xs', () => testing.gradcheck((a: Value) => a, [1, 2]), RangeError, 'chainrule.gradcheck: xs.length must be 1 (f declares 1 parameter), received 2.'],
      ['an unknown key', () => testing.gradcheck((a: Value) => a, [1], { rtl: 1e-3 } as object), TypeError,
        'chainrule.gradcheck: the keys of options must be among eps, rtol, atol, received "rtl". Did you mean "rtol"?'],
      ['a negative tolerance', () => testing.gradcheck((a: Value) => a, [1], { atol: -1 }), RangeError, 'chainrule.gradcheck: options.atol must be a positive finite number, received -1.'],
      ['f returns a number', (f) => testing.gradcheck(((a: Value) => a.data * f.w.data) as unknown as (a: Value) => Value, [1]), TypeError,
        'chainrule.gradcheck: the result of f must be a Value, received -2.'],
    ],
    junk: (bad) => testing.gradcheck(bad as () => Value, [1]),
  },
  checkOp: {
    cases: [
      ['op null', () => testing.checkOp(null as unknown as OpSpec, { domain: [0, 1] }), TypeError,
        'chainrule.checkOp: op must be an op made by defineOp or an op entry (OPS.x), received null.'],
      ['op a name', () => testing.checkOp('exp' as unknown as OpSpec, { domain: [0, 1] }), TypeError,
        'chainrule.checkOp: op must be an op made by defineOp or an op entry (OPS.x), received "exp". Pass the entry itself, e.g. lookupOp("exp").'],
      ['a copy of an entry (not registered)', () => testing.checkOp({ ...OPS.exp, name: 'expCopy' }, { domain: [0, 1] }), TypeError,
        'chainrule.checkOp: op must be an op made by defineOp or an op entry (OPS.x), received an object. This entry is not registered: lookupOp("expCopy") is not it.'],
      ['an entry posing as a built-in', () => testing.checkOp({ ...OPS.exp, forward: Math.sin }, { domain: [0, 1] }), TypeError,
        'chainrule.checkOp: op must be an op made by defineOp or an op entry (OPS.x), received an object. This entry is not registered: lookupOp("exp") is not it.'],
      ['a plain function', () => testing.checkOp(Math.exp as unknown as OpSpec, { domain: [0, 1] }), TypeError,
        'chainrule.checkOp: op must be an op made by defineOp or an op entry (OPS.x), received a function.'],
      ['options undefined', () => testing.checkOp(OPS.exp, undefined as unknown as CheckOpOptions), TypeError,
        'chainrule.checkOp: options must be an object { domain, points?, seed?, rtol?, atol? }, received undefined.'],
      ['an unknown key', () => testing.checkOp(OPS.exp, { domain: [0, 1], pionts: 5 } as CheckOpOptions), TypeError,
        'chainrule.checkOp: the keys of options must be among domain, points, seed, rtol, atol, received "pionts". Did you mean "points"?'],
      ['an inherited domain', () => testing.checkOp(OPS.exp, Object.create({ domain: [0, 1] })), TypeError,
        'chainrule.checkOp: options.domain must be an own property of options, received an inherited one.'],
      ['an infinite interval', () => testing.checkOp(OPS.exp, { domain: [0, Infinity] }), RangeError,
        'chainrule.checkOp: options.domain must be an interval [min, max] (min < max, finite) or an array of 1 of them, received an array of length 2.'],
      ['one interval for a binary op, as a list', () => testing.checkOp(OPS.mul, { domain: [[0, 1]] }), RangeError,
        'chainrule.checkOp: options.domain must be an interval [min, max] (min < max, finite) or an array of 2 of them, received an array of length 1.'],
      ['an empty domain', () => testing.checkOp(OPS.exp, { domain: [] as unknown as [number, number] }), RangeError,
        'chainrule.checkOp: options.domain must be an interval [min, max] (min < max, finite) or an array of 1 of them, received an array of length 0.'],
      ['points 0', () => testing.checkOp(OPS.exp, { domain: [0, 1], points: 0 }), RangeError, 'chainrule.checkOp: options.points must be a positive integer, received 0.'],
      ['points a string', () => testing.checkOp(OPS.exp, { domain: [0, 1], points: '5' as unknown as number }), TypeError, 'chainrule.checkOp: options.points must be a number, received "5".'],
      ['points Infinity', () => testing.checkOp(OPS.exp, { domain: [0, 1], points: Infinity }), RangeError, 'chainrule.checkOp: options.points must be a positive integer, received Infinity.'],
      ['seed NaN', () => testing.checkOp(OPS.exp, { domain: [0, 1], seed: NaN }), RangeError, 'chainrule.checkOp: options.seed must be an integer, received NaN.'],
      ['a negative rtol', () => testing.checkOp(OPS.exp, { domain: [0, 1], rtol: -1 }), RangeError, 'chainrule.checkOp: options.rtol must be a positive finite number, received -1.'],
      ['atol a string', () => testing.checkOp(OPS.exp, { domain: [0, 1], atol: '0' as unknown as number }), TypeError, 'chainrule.checkOp: options.atol must be a number, received "0".'],
      ['an infinite atol', () => testing.checkOp(OPS.exp, { domain: [0, 1], atol: Infinity }), RangeError, 'chainrule.checkOp: options.atol must be a positive finite number, received Infinity.'],
    ],
    junk: (bad) => testing.checkOp(bad as OpSpec, { domain: [0, 1] }),
    accepts: [['a built-in entry looked up by name', () => expect(testing.checkOp(core.lookupOp('exp')!, { domain: [0, 1], points: 2 }).ok).toBe(true)]],
  },
  arbExpression: {
    cases: [
      ['constraints null', () => testing.arbExpression(null as unknown as object), TypeError, 'chainrule.arbExpression: constraints must be an object with keys among ops, variables, maxDepth, received null.'],
      ['an unknown key', () => testing.arbExpression({ op: ['exp'] } as object), TypeError, 'chainrule.arbExpression: the keys of constraints must be among ops, variables, maxDepth, received "op". Did you mean "ops"?'],
      ['ops not an array', () => testing.arbExpression({ ops: 'exp' as unknown as ['exp'] }), TypeError, 'chainrule.arbExpression: constraints.ops must be an array of op names, received "exp".'],
      ['an unknown op', () => testing.arbExpression({ ops: ['sine' as 'exp'] }), RangeError, 'chainrule.arbExpression: constraints.ops must be names of ops of the table, received "sine".'],
      ['no variables', () => testing.arbExpression({ variables: [] }), RangeError, 'chainrule.arbExpression: constraints.variables must be a list naming at least one variable, received an array of length 0.'],
      ['0 variables', () => testing.arbExpression({ variables: 0 }), RangeError, 'chainrule.arbExpression: constraints.variables must be a positive integer or a list of names, received 0.'],
      ['a variable that is not a string', () => testing.arbExpression({ variables: ['x', 1 as unknown as string] }), TypeError, 'chainrule.arbExpression: constraints.variables[1] must be a string, received 1.'],
      ['a negative maxDepth', () => testing.arbExpression({ maxDepth: -1 }), RangeError, 'chainrule.arbExpression: constraints.maxDepth must be a non-negative integer, received -1.'],
      ['a fractional maxDepth', () => testing.arbExpression({ maxDepth: 1.5 }), RangeError, 'chainrule.arbExpression: constraints.maxDepth must be a non-negative integer, received 1.5.'],
      ['maxDepth a string', () => testing.arbExpression({ maxDepth: '2' as unknown as number }), TypeError, 'chainrule.arbExpression: constraints.maxDepth must be a number, received "2".'],
    ],
    junk: (bad) => testing.arbExpression(bad as object),
    junkAccepted: [undefined, EMPTY_OBJECT],
    accepts: [['an empty op list (variables and constants only)', () => testing.arbExpression({ ops: [] })]],
  },
  arbPoint: {
    cases: [
      ['a negative dimension', () => testing.arbPoint(-1), RangeError, 'chainrule.arbPoint: dimension must be a non-negative integer, received -1.'],
      ['a fractional dimension', () => testing.arbPoint(1.5), RangeError, 'chainrule.arbPoint: dimension must be a non-negative integer, received 1.5.'],
      ['dimension a string', () => testing.arbPoint('2' as unknown as number), TypeError, 'chainrule.arbPoint: dimension must be a number, received "2".'],
      ['min > max', () => testing.arbPoint(2, { min: 1, max: 0 }), RangeError, 'chainrule.arbPoint: [min, max] must be a finite interval with min < max, received "[1, 0]".'],
      ['an infinite min', () => testing.arbPoint(2, { min: -Infinity }), RangeError, 'chainrule.arbPoint: [min, max] must be a finite interval with min < max, received "[-Infinity, 2]".'],
      ['min a string', () => testing.arbPoint(2, { min: '0' as unknown as number }), TypeError, 'chainrule.arbPoint: constraints.min must be a number, received "0".'],
      ['an unknown key', () => testing.arbPoint(2, { mx: 1 } as object), TypeError, 'chainrule.arbPoint: the keys of constraints must be among min, max, received "mx". Did you mean "min"?'],
    ],
    junk: (bad) => testing.arbPoint(bad as number),
    junkAccepted: [5],
    accepts: [['dimension 0 (a function of no variables)', () => testing.arbPoint(0)]],
  },
  arbExpressionAtPoint: {
    cases: [
      ['an unknown key', () => testing.arbExpressionAtPoint({ radious: 1 } as object), TypeError,
        'chainrule.arbExpressionAtPoint: the keys of constraints must be among ops, variables, maxDepth, min, max, radius, maxMagnitude, received "radious". Did you mean "radius"?'],
      ['radius 0', () => testing.arbExpressionAtPoint({ radius: 0 }), RangeError, 'chainrule.arbExpressionAtPoint: constraints.radius must be a positive finite number, received 0.'],
      ['an infinite radius', () => testing.arbExpressionAtPoint({ radius: Infinity }), RangeError, 'chainrule.arbExpressionAtPoint: constraints.radius must be a positive finite number, received Infinity.'],
      ['a negative maxMagnitude', () => testing.arbExpressionAtPoint({ maxMagnitude: -1 }), RangeError, 'chainrule.arbExpressionAtPoint: constraints.maxMagnitude must be a positive number, received -1.'],
      ['min > max', () => testing.arbExpressionAtPoint({ min: 2, max: 1 }), RangeError, 'chainrule.arbExpressionAtPoint: [min, max] must be a finite interval with min < max, received "[2, 1]".'],
      ['an unknown op', () => testing.arbExpressionAtPoint({ ops: ['cosine' as 'exp'] }), RangeError, 'chainrule.arbExpressionAtPoint: constraints.ops must be names of ops of the table, received "cosine".'],
    ],
    junk: (bad) => testing.arbExpressionAtPoint(bad as object),
    junkAccepted: [undefined, EMPTY_OBJECT],
  },
  Expression: {
    cases: [
      ['a null root', () => new Expression(null as unknown as Expression['root'], ['x']), TypeError, 'chainrule.Expression: root must be an ExpressionNode, received null.'],
      ['an unknown kind', () => new Expression({ kind: 'var', index: 0 } as unknown as Expression['root'], ['x']), TypeError,
        "chainrule.Expression: root.kind must be 'variable', 'constant', 'op' or 'power', received \"var\"."],
      ['a variable out of range', () => new Expression({ kind: 'op', op: 'exp', args: [{ kind: 'variable', index: 1 }] }, ['x']), RangeError,
        'chainrule.Expression: root.args[0].index must be an integer in [0, 0], received 1.'],
      ['too many args', () => new Expression({ kind: 'op', op: 'exp', args: [{ kind: 'constant', value: 1 }, { kind: 'constant', value: 2 }] }, ['x']), RangeError,
        'chainrule.Expression: root.args.length must be 1, received 2.'],
      ['a NaN constant', () => new Expression({ kind: 'constant', value: NaN }, []), TypeError, 'chainrule.Expression: root.value must be a number other than NaN, received NaN.'],
      ['variables not an array', () => new Expression({ kind: 'constant', value: 1 }, 'x' as unknown as string[]), TypeError, 'chainrule.Expression: variables must be an array of names, received "x".'],
      ['build with too few Values', () => new Expression({ kind: 'variable', index: 0 }, ['x']).build([]), RangeError, 'chainrule.Expression.build: vars must be an array of length 1, received an array of length 0.'],
      ['build with a number', () => new Expression({ kind: 'variable', index: 0 }, ['x']).build([1 as unknown as Value]), TypeError, 'chainrule.Expression.build: vars[0] must be a Value, received 1.'],
      ['evaluate at NaN', () => new Expression({ kind: 'variable', index: 0 }, ['x']).evaluate([NaN]), RangeError, 'chainrule.Expression.evaluate: point[0] must be a number other than NaN, received NaN.'],
      ['isSmoothAt with an unknown key', () => new Expression({ kind: 'variable', index: 0 }, ['x']).isSmoothAt([0], { radus: 1 } as object), TypeError,
        'chainrule.Expression.isSmoothAt: the keys of options must be among radius, maxMagnitude, received "radus". Did you mean "radius"?'],
      ['isSmoothAt with a wrong-length point', () => new Expression({ kind: 'variable', index: 0 }, ['x']).isSmoothAt([0, 1]), RangeError,
        'chainrule.Expression.isSmoothAt: point must be an array of length 1, received an array of length 2.'],
    ],
    junk: (bad) => new Expression(bad as Expression['root'], ['x']),
  },
};

function expectRejected(call: () => unknown, error: ErrorClass, message: string): void {
  let thrown: unknown;
  try {
    call();
  } catch (e) {
    thrown = e;
  }
  expect(thrown, 'the call must throw').toBeInstanceOf(error);
  expect((thrown as Error).message).toBe(message);
}

describe.each([
  ['chainrule', core, CORE],
  ['chainrule/testing', testing, TESTING],
] as const)('bad input to every export of %s', (_, module, table) => {
  afterEach(() => setDebug(false));

  it('every export has an entry (add new exports to this table)', () => {
    expect(Object.keys(table).sort()).toEqual(Object.keys(module).sort());
  });

  const entries = Object.entries(table as Record<string, Entry>);

  it.each(entries.filter(([, e]) => e.cases.length > 0))('%s: each bad call throws the house-format error and changes nothing', (_name, entry) => {
    for (const [what, call, error, message] of entry.cases) {
      // Arrange
      const f = fixture();
      const before = state(f);
      // Act + Assert: the exact message, in the house format, and the fixture as it was.
      expect(message, what).toMatch(HOUSE_FORMAT);
      expectRejected(() => call(f), error, message);
      expect(state(f), what).toEqual(before);
    }
  });

  it.each(entries.filter(([, e]) => e.junk !== undefined))('%s: junk as the first argument is rejected in the house format', (name, entry) => {
    for (const bad of JUNK) {
      if (entry.junkAccepted?.some((ok) => Object.is(ok, bad))) continue;
      const f = fixture();
      const before = state(f);
      let thrown: unknown;
      try {
        entry.junk!(bad, f);
      } catch (e) {
        thrown = e;
      }
      const label = `${name}(${typeof bad === 'symbol' ? 'a symbol' : JSON.stringify(bad) ?? String(bad)})`;
      expect(thrown instanceof TypeError || thrown instanceof RangeError || thrown instanceof ParseError, `${label} must throw a TypeError, RangeError or ParseError`).toBe(true);
      expect((thrown as Error).message, label).toMatch(HOUSE_FORMAT);
      expect((thrown as Error).message.startsWith(`chainrule.${name}`), `${label}: ${(thrown as Error).message}`).toBe(true);
      expect(state(f), label).toEqual(before);
    }
  });

  it.each(entries.filter(([, e]) => e.accepts !== undefined))('%s: valid edge inputs are accepted', (_name, entry) => {
    for (const [what, call] of entry.accepts!) expect(() => call(fixture()), what).not.toThrow();
  });

  it.each(entries.filter(([, e]) => e.noInput !== undefined))('%s: takes no input to check', (name, entry) => {
    expect(entry.cases, `${name}: ${entry.noInput}`).toEqual([]);
    expect(entry.junk).toBeUndefined();
  });
});

describe('setDebug keeps its state when it rejects an argument', () => {
  it("setDebug('true') leaves debug mode off, setDebug(0) leaves it on", () => {
    expect(() => setDebug('true' as unknown as boolean)).toThrow(TypeError);
    expect(isDebug()).toBe(false);
    setDebug(true);
    expect(() => setDebug(0 as unknown as boolean)).toThrow(TypeError);
    expect(isDebug()).toBe(true);
    setDebug(false);
  });
});

/**
 * The free forms of the ops (src/functions.ts): each names itself and the operand it was given,
 * by the entry's operandNames (pow: base and exponent); else unary ones call it x, binary ones a and b.
 */
function freeFunctionEntries(): Record<keyof typeof functions, Entry> {
  const entries = {} as Record<string, Entry>;
  for (const [name, fn] of Object.entries(functions) as [string, (...a: unknown[]) => Value][]) {
    const names = lookupOp(name)?.operandNames ?? (fn.length === 1 ? ['x'] : ['a', 'b']);
    const call = (bad: unknown, f: Fixture) => (names.length === 1 ? fn(bad) : fn(f.x, bad));
    const last = names[names.length - 1];
    entries[name] = {
      cases: [
        [`a string ${last}`, (f) => call('x', f), TypeError, `chainrule.${name}: ${last} must be a Value or a number, received "x".`],
        [`a NaN ${last}`, (f) => call(NaN, f), RangeError, `chainrule.${name}: ${last} must be a number other than NaN, received NaN.`],
      ],
      junk: call,
      junkAccepted: [5, Infinity, -Infinity],
    };
  }
  return entries as Record<keyof typeof functions, Entry>;
}
