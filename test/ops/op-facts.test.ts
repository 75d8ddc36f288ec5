import { describe, expect, it } from 'vitest';
import { OPS, OP_LIST, Value, applyOp, compile, defineOp, lookupOp, simplify, type OpSpec } from '../../src/index.js';
import { toOnnx } from '../../src/export/onnx/index.js';
import { register } from '../../src/ops/registry.js';

// Every fact simplify, compile and the exporters use about an op sits in its entry (parity,
// inverse, range, finiteness, sum of products); defineOp takes the same facts, and simplify uses
// them for user ops exactly as for built-in ones.

const FACT_KEYS = ['parity', 'inverseOf', 'atLeast', 'keepsFinite', 'sumOfProducts'] as const;

/** The facts an entry declares (absent ones left out). */
function factsOf(spec: OpSpec): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const key of FACT_KEYS) if ((spec as unknown as Record<string, unknown>)[key] !== undefined) out[key] = (spec as unknown as Record<string, unknown>)[key];
  return out;
}

/** Points where every fact is checked: signed zeros, ordinary and extreme magnitudes, the infinities. */
const SWEEP = [
  0, -0, 5e-324, -5e-324, 1e-300, -1e-300, 1e-20, -1e-20, 1e-8, 0.1, -0.1, 0.5, -0.5, 0.9999999, -0.9999999, 1, -1,
  1.0000001, 1.5, -1.5, 2, -2, Math.PI / 2, -Math.PI / 2, 3, -3, 10, -10, 30, -30, 700, -700, 710.5, -710.5, 1e20, -1e20,
  1e300, -1e300, 1.7976931348623157e308, -1.7976931348623157e308, Infinity, -Infinity,
];
const FINITE_SWEEP = SWEEP.filter(Number.isFinite);

/** The op's value at (a, b) (unary ops ignore b; an n-ary op gets one term, or one operand). */
function valueOf(spec: OpSpec, a: number, b = 0): number {
  return spec.forwardAll !== undefined ? spec.forwardAll([a]) : spec.forward(a, b);
}

/**
 * The facts simplify and compile used to keep in lists of op names (facts.ts's three sets, the
 * simplify rules' odd, even and inverse lists, compile's sampling for sums of products).
 */
const MOVED: Record<string, Record<string, unknown>> = {
  neg: { keepsFinite: true },
  exp: { inverseOf: 'log' },
  log: { inverseOf: 'exp' },
  sigmoid: { keepsFinite: true },
  tanh: { parity: 'odd', inverseOf: 'atanh', keepsFinite: true },
  relu: { atLeast: 0, keepsFinite: true },
  step: { atLeast: 0, keepsFinite: true },
  dot: { sumOfProducts: true },
  stopGradient: { keepsFinite: true },
  sin: { parity: 'odd', inverseOf: 'asin', keepsFinite: true },
  cos: { parity: 'even', keepsFinite: true },
  tan: { parity: 'odd' },
  asin: { parity: 'odd' },
  acos: { atLeast: 0 },
  atan: { parity: 'odd', keepsFinite: true },
  sinh: { parity: 'odd', inverseOf: 'asinh' },
  cosh: { parity: 'even', inverseOf: 'acosh', atLeast: 1 },
  asinh: { parity: 'odd', inverseOf: 'sinh', keepsFinite: true },
  atanh: { parity: 'odd' },
  sqrt: { atLeast: 0 },
  cbrt: { parity: 'odd', keepsFinite: true },
  abs: { parity: 'even', atLeast: 0, keepsFinite: true },
  sign: { keepsFinite: true },
  erf: { parity: 'odd', keepsFinite: true },
  max: { keepsFinite: true },
  min: { keepsFinite: true },
  atan2: { keepsFinite: true },
};

describe('the facts of the built-in ops are fields of their entries', () => {
  it('parity, inverses, ranges, finiteness and sums of products: the lists simplify and compile kept, now in the entries', () => {
    const declared = Object.fromEntries(OP_LIST.filter((spec) => Object.hasOwn(MOVED, spec.name)).map((spec) => [spec.name, factsOf(spec)]));
    expect(declared).toEqual(MOVED);
  });

  it('ONNX forms only say how an op is written: sumOfProducts is the entry\'s, not its onnx field\'s', () => {
    expect(Object.keys(OPS.dot.onnx!)).toEqual(['build']);
    expect(Object.isFrozen(OPS.dot)).toBe(true);
  });
});

describe('each declared fact holds on a sweep of inputs (the declarations are checked, not trusted)', () => {
  const withFact = (key: (typeof FACT_KEYS)[number]) => OP_LIST.filter((spec) => factsOf(spec)[key] !== undefined).map((spec) => [spec.name, spec] as const);

  it.each(withFact('parity'))('%s: f(−u) is −f(u) (odd) or f(u) (even), bit for bit', (_name, spec) => {
    for (const u of SWEEP) {
      const want = spec.parity === 'odd' ? -valueOf(spec, u) : valueOf(spec, u);
      expect(Object.is(valueOf(spec, -u), want) || (Number.isNaN(want) && Number.isNaN(valueOf(spec, -u))), `${spec.name}(${-u})`).toBe(true);
    }
  });

  it.each(withFact('inverseOf'))('%s undoes its inverseOf: f(g(u)) = u up to rounding wherever g(u) and f(g(u)) are finite', (_name, spec) => {
    expect(undoes(spec, lookupOp(spec.inverseOf!)!)).toBe(true);
  });

  it('the inverse check can fail: tan does not undo atan (tan(atan(1e20)) = 1.6e16, a pole missed by rounding)', () => {
    expect(undoes(OPS.tan, OPS.atan)).toBe(false);
    expect(undoes(OPS.sin, OPS.acos)).toBe(false);
  });

  it.each(withFact('atLeast'))('%s: every output is at least atLeast (or NaN)', (_name, spec) => {
    for (const a of SWEEP) for (const b of spec.arity === 2 ? SWEEP : [0]) {
      const y = valueOf(spec, a, b);
      expect(Number.isNaN(y) || y >= spec.atLeast!, `${spec.name}(${a}, ${b}) = ${y}`).toBe(true);
    }
  });

  it.each(withFact('keepsFinite'))('%s: finite wherever its inputs are', (_name, spec) => {
    for (const a of FINITE_SWEEP) for (const b of spec.arity === 2 ? FINITE_SWEEP : [0]) {
      expect(Number.isFinite(valueOf(spec, a, b)), `${spec.name}(${a}, ${b})`).toBe(true);
    }
  });

  it.each(withFact('sumOfProducts'))('%s: each term is a·b with partials b and a (what the WebAssembly layer kernels compute)', (_name, spec) => {
    for (const a of SWEEP) for (const b of SWEEP) {
      const y = a * b;
      expect(Object.is(spec.forward(a, b), y) && Object.is(spec.local(0, a, b, y), b) && Object.is(spec.local(1, a, b, y), a), `${a}, ${b}`).toBe(true);
    }
  });
});

/** f(g(u)) within 1e-13·max(1, |u|) of u at every sweep point where g(u) and f(g(u)) are finite. */
function undoes(f: OpSpec, g: OpSpec): boolean {
  return SWEEP.every((u) => {
    const inner = valueOf(g, u);
    const outer = valueOf(f, inner);
    return !Number.isFinite(inner) || !Number.isFinite(outer) || Math.abs(outer - u) <= 1e-13 * Math.max(1, Math.abs(u));
  });
}

describe('simplify reads the facts of user ops as it reads the built-in ones', () => {
  const x = new Value(0.3, 'x');
  const y = new Value(0.7, 'y');
  const unary = (name: string, forward: (a: number) => number, local: (a: number) => number) => ({
    name, arity: 1 as const, forward: (a: number) => forward(a), local: (_i: number, a: number) => local(a),
  });

  it('an odd op: f(−x) → −f(x); without the fact it stays', () => {
    const odd = defineOp({ ...unary('oddCube', (a) => a * a * a, (a) => 3 * a * a), parity: 'odd' });
    const plain = defineOp(unary('plainCube', (a) => a * a * a, (a) => 3 * a * a));
    expect(simplify(odd(x.neg())).toString()).toBe('-oddCube(x)');
    expect(simplify(plain(x.neg())).toString()).toBe('plainCube(-x)');
  });

  it('an even op: f(−x) → f(x)', () => {
    const even = defineOp({ ...unary('evenSquare', (a) => a * a, (a) => 2 * a), parity: 'even' });
    expect(simplify(even(x.neg())).toString()).toBe('evenSquare(x)');
  });

  it('an inverse pair collapses both ways (the first names the second before it exists)', () => {
    const cube = defineOp({ ...unary('cubeOf', (a) => a * a * a, (a) => 3 * a * a), inverseOf: 'cubeRootOf' });
    const root = defineOp({ ...unary('cubeRootOf', Math.cbrt, (a) => 1 / (3 * Math.cbrt(a) ** 2)), inverseOf: 'cubeOf' });
    expect(simplify(cube(root(x))).toString()).toBe('x');
    expect(simplify(root(cube(x.add(y)))).toString()).toBe('x + y');
  });

  it('atLeast: abs(f(x)) → f(x) for f ≥ 0, and logpos(g(x)) → log(g(x)) for g ≥ 1', () => {
    const nonnegative = defineOp({ ...unary('softAbs', (a) => Math.sqrt(a * a + 1) - 1, (a) => a / Math.sqrt(a * a + 1)), atLeast: 0 });
    const atLeastOne = defineOp({ ...unary('onePlusSquare', (a) => 1 + a * a, (a) => 2 * a), atLeast: 1 });
    expect(simplify(nonnegative(x).abs()).toString()).toBe('softAbs(x)');
    expect(simplify(atLeastOne(x).logpos()).toString()).toBe('log(onePlusSquare(x))');
  });

  it('keepsFinite: f(x) ⊙ y → f(x)·y, since neither factor can be infinite', () => {
    const bounded = defineOp({ ...unary('bounded', (a) => a / (1 + Math.abs(a)), (a) => 1 / (1 + Math.abs(a)) ** 2), keepsFinite: true });
    const unbounded = defineOp(unary('unbounded', (a) => a / (1 + Math.abs(a)), (a) => 1 / (1 + Math.abs(a)) ** 2));
    expect(simplify(bounded(x).strongMul(y)).toString()).toBe('y * bounded(x)');
    expect(simplify(unbounded(x).strongMul(y)).toString()).toBe('unbounded(x) ⊙ y');
  });
});

describe('defineOp validates the facts, naming definition.<key>, before registering anything', () => {
  const ok = { arity: 1, forward: (a: number) => a, local: () => 1 } as const;
  it.each([
    [{ name: 'badParity', parity: 'odd-ish' }, RangeError, `chainrule.defineOp: definition.parity must be 'odd', 'even' or undefined, received "odd-ish".`],
    [{ name: 'badParity2', arity: 2, parity: 'odd' }, RangeError, 'chainrule.defineOp: definition.parity must be undefined for an op of arity 2 (parity is a fact about f(−u)), received "odd".'],
    [{ name: 'badInverse', inverseOf: 3 }, TypeError, 'chainrule.defineOp: definition.inverseOf must be an op name (a string) or undefined, received 3.'],
    [{ name: 'badInverse2', inverseOf: 'not a name' }, RangeError, 'chainrule.defineOp: definition.inverseOf must be an identifier (letters, digits and _, not starting with a digit), received "not a name".'],
    [{ name: 'badInverse3', arity: 2, inverseOf: 'exp' }, RangeError, 'chainrule.defineOp: definition.inverseOf must be undefined for an op of arity 2 (an inverse is a fact about f(g(u))), received "exp".'],
    [{ name: 'badAtLeast', atLeast: '0' }, TypeError, 'chainrule.defineOp: definition.atLeast must be a finite number or undefined, received "0".'],
    [{ name: 'badAtLeast2', atLeast: NaN }, RangeError, 'chainrule.defineOp: definition.atLeast must be a finite number or undefined, received NaN.'],
    [{ name: 'badFinite', keepsFinite: 1 }, TypeError, 'chainrule.defineOp: definition.keepsFinite must be a boolean or undefined, received 1.'],
  ])('%o', (extra, type, message) => {
    const definition = { ...ok, ...(extra as object) };
    expect(() => defineOp(definition as never)).toThrow(type);
    expect(() => defineOp(definition as never)).toThrow(message);
    expect(lookupOp((extra as { name: string }).name)).toBeUndefined();
  });

  it('a misspelt fact is an unknown key (with a did-you-mean); sumOfProducts is for n-ary ops, which defineOp does not make', () => {
    expect(() => defineOp({ ...ok, name: 'typo', partiy: 'odd' } as never)).toThrow(/definition must be among .*parity, inverseOf, atLeast, keepsFinite, received "partiy". Did you mean "parity"\?/);
    expect(() => defineOp({ ...ok, name: 'sop', sumOfProducts: true } as never)).toThrow(/the keys of definition must be among/);
  });

  it('the declared facts are fields of the frozen entry', () => {
    const f = defineOp({ ...ok, name: 'withFacts', parity: 'odd', inverseOf: 'withFacts', atLeast: -1, keepsFinite: true });
    expect(factsOf(f.spec)).toEqual({ parity: 'odd', inverseOf: 'withFacts', atLeast: -1, keepsFinite: true });
    expect(Object.isFrozen(f.spec)).toBe(true);
  });
});

describe('compile and the ONNX exporter read sumOfProducts from the entry, never sample an op', () => {
  // A registered copy of dot whose entry does not declare the fact: its terms are still a·b, but
  // nothing may assume so. (register is the registry's internal door; defineOp makes unary and
  // binary ops only.)
  const undeclared: OpSpec = Object.freeze({ ...OPS.dot, name: 'dotUndeclared', sumOfProducts: undefined });
  register(undeclared);

  /** Two neurons over the same inputs: one dense layer of `op` nodes. */
  function layer(op: string): { outputs: Value[]; inputs: Value[] } {
    const inputs = [new Value(0.5), new Value(-1.5)];
    const row = (w: number[]) => applyOp(op, [...w.map((v) => new Value(v)), ...inputs]);
    return { outputs: [row([0.1, 0.2]), row([0.3, -0.4])], inputs };
  }

  it('a layer of dot nodes runs on the WebAssembly product kernels; the same terms undeclared do not', () => {
    for (const [op, product] of [['dot', true], ['dotUndeclared', false]] as const) {
      const { outputs, inputs } = layer(op);
      const tape = compile(outputs.map((v) => v.tanh()), { inputs });
      expect(tape.layers, op).toBe(1);
      expect(tape.wasm, op).toBe(product);
      expect(Array.from(tape.forward([0.5, -1.5]))).toEqual(outputs.map((v) => Math.tanh(v.data)));
    }
  });

  it('dot nodes over shared inputs export as one MatMul only when the entry declares sumOfProducts', () => {
    const hasMatMul = (op: string) => {
      const { outputs, inputs } = layer(op);
      return new TextDecoder('latin1').decode(toOnnx(outputs, { inputs })).includes('MatMul');
    };
    expect(hasMatMul('dot')).toBe(true);
    expect(hasMatMul('dotUndeclared')).toBe(false);
  });
});
