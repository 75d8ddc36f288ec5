import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  OPS, OP_LIST, Value, allOps, type OpSpec, compile, constant, defineOp, derivative, evaluate, grad, gradients, jvp, lookupOp, parse, simplify, toDot, toLatex,
} from '../../src/index.js';
import { RUNS, SEED, close } from '../helpers/runs.js';
import { softsign } from '../helpers/softsign.js';

// A sample user op, treated like a built-in entry.

// A binary op without a symbolic rule: a·b + a.
const fma1 = defineOp({
  name: 'fma1',
  arity: 2,
  forward: (a, b) => a * b + a,
  local: (i, a, b) => (i === 0 ? b + 1 : a),
});

const centralDifference = (f: (x: number) => number, x: number, h = 1e-5) => (f(x + h) - f(x - h)) / (2 * h);

describe('defineOp', () => {
  it('makes a node whose op is the new name, found by lookupOp and listed last by allOps', () => {
    const x = new Value(0.5, 'x');
    const y = softsign(x);
    expect(y.op).toBe('softsign');
    expect(y.data).toBe(0.5 / 1.5);
    expect(lookupOp('softsign')).toBe(softsign.spec);
    expect(allOps().slice(0, OP_LIST.length)).toEqual(OP_LIST);
    expect(allOps().indexOf(softsign.spec)).toBeGreaterThanOrEqual(OP_LIST.length);
    expect(Object.isFrozen(softsign.spec)).toBe(true);
  });

  it('backward and grad use its local rule; both match central differences', () => {
    fc.assert(
      fc.property(fc.double({ min: -4, max: 4, noNaN: true }).filter((x) => Math.abs(x) > 1e-3), (x) => {
        const [g] = grad((v) => softsign(v.mul(v).sub(1)))(x);
        const fd = centralDifference((t) => softsign.spec.forward(t * t - 1, 0), x);
        expect(close(g, fd, 1e-6, 1e-8)).toBe(true);
      }),
      { numRuns: RUNS, seed: SEED },
    );
  });

  it.each([true, false])('compiles (codegen %s): single example and batch agree with the graph', (codegen) => {
    const x = new Value(0.3, 'x');
    const w = new Value(-1.5, 'w');
    const y = fma1(softsign(x.mul(w)), x).add(softsign(w));
    const tape = compile(y, { inputs: [x], codegen });
    for (const p of [0.3, -2, 7]) {
      const xs = new Value(p);
      const ws = new Value(w.data);
      const ys = fma1(softsign(xs.mul(ws)), xs).add(softsign(ws));
      ys.backward();
      const got = tape.valueAndGrad([p]);
      expect(close(got.value, ys.data, 1e-14, 0)).toBe(true);
      expect(close(got.grad[0], xs.grad, 1e-14, 0)).toBe(true);
    }
    w.grad = 0;
    const out = tape.run([[0.3], [-2], [7]], { reduce: 'sum' });
    let want = 0;
    for (const [k, p] of [0.3, -2, 7].entries()) {
      const xs = new Value(p);
      const ws = new Value(w.data);
      const ys = fma1(softsign(xs.mul(ws)), xs).add(softsign(ws));
      ys.backward();
      want += ws.grad;
      expect(close(out[k], ys.data, 1e-14, 0)).toBe(true);
    }
    expect(close(w.grad, want, 1e-13, 0)).toBe(true);
  });

  it('evaluates at new points, folds constants in simplify, prints as a call and parses by name', () => {
    const x = new Value(1, 'x');
    const y = softsign(x).add(softsign(constant(3)));
    expect(evaluate(y, new Map([[x, -1]]))).toBeCloseTo(-0.5 + 0.75, 15);
    expect(simplify(y).toString()).toBe('softsign(x) + 3/4');
    expect(y.toString()).toBe('softsign(x) + softsign(3)');
    expect(fma1(x, 2).toString()).toBe('fma1(x, 2)');
    expect(toLatex(softsign(x))).toBe('\\operatorname{softsign}\\left(x\\right)');
    expect(toLatex(fma1(x, 2))).toBe('\\operatorname{fma1}\\left(x, 2\\right)');
    expect(toDot(softsign(x))).toContain('softsign');
    const parsed = parse('softsign(x) * 2', { x });
    expect(parsed.inputs[0].op).toBe('softsign');
    expect(parsed.data).toBeCloseTo(1, 15);
  });

  it('derivative() uses `symbolic`, and differentiates it again', () => {
    const x = new Value(0.7, 'x');
    const d = derivative(softsign(x), x);
    expect(d.data).toBeCloseTo(1 / 1.7 ** 2, 14);
    const d2 = derivative(d, x);
    expect(d2.data).toBeCloseTo(centralDifference((t) => softsign.spec.local(0, t, 0, 0), 0.7), 7);
  });

  it('derivative() of an op without `symbolic` throws an error naming it and saying to give `symbolic`', () => {
    const x = new Value(0.7, 'x');
    expect(() => derivative(fma1(x, x), x)).toThrowErrorMatchingInlineSnapshot(
      `[TypeError: chainrule.derivative: the op "fma1" must have a symbolic rule to be differentiated symbolically, received none. Give \`symbolic\` in defineOp({ name: "fma1", … }) (its local derivative as Values).]`,
    );
  });

  it('rejects bad definitions in the house format, registering nothing', () => {
    const before = allOps().length;
    const ok = { name: 'fresh', arity: 1 as const, forward: (a: number) => a, local: () => 1 };
    expect(() => defineOp({ ...ok, name: 'mul' })).toThrowErrorMatchingInlineSnapshot(
      `[RangeError: chainrule.defineOp: definition.name must be a name no op has yet, received "mul". Choose another name; built-in and defined ops share one namespace.]`,
    );
    expect(() => defineOp({ ...ok, name: 'softsign' })).toThrow(/a name no op has yet, received "softsign"/);
    expect(() => defineOp({ ...ok, name: '2x' })).toThrow(/definition.name must be an identifier/);
    expect(() => defineOp({ ...ok, arity: 3 as never })).toThrowErrorMatchingInlineSnapshot(
      `[RangeError: chainrule.defineOp: definition.arity must be 1 or 2, received 3.]`,
    );
    expect(() => defineOp({ ...ok, local: undefined as never })).toThrowErrorMatchingInlineSnapshot(
      `[TypeError: chainrule.defineOp: definition.local must be a function, received undefined.]`,
    );
    expect(() => defineOp({ ...ok, symbolic: 1 as never })).toThrow(/definition.symbolic must be a function or undefined, received 1/);
    expect(() => defineOp({ ...ok, grad: () => 1 } as never)).toThrow(/chainrule.defineOp: the keys of definition must be among name, arity, forward, local, symbolic, latex, dot, domain, onnx, js, parity, inverseOf, atLeast, keepsFinite, received "grad"/);
    expect(() => defineOp({ ...ok, domain: { inputs: ['real', 'real'], sign: 'any', kinkAtZero: false } })).toThrow(/definition.domain.inputs must be an array of 1/);
    expect(() => defineOp(null as never)).toThrow(/chainrule.defineOp: definition must be an object/);
    expect(allOps().length).toBe(before);
    expect(lookupOp('fresh')).toBeUndefined();
  });
});

describe("a user op's rules must return what they promise", () => {
  // One op whose forward returns whatever the property gives it (defined once: the registry is append-only).
  let result: unknown = 0;
  const echo = defineOp({ name: 'echoForward', arity: 2, forward: () => result as number, local: () => 1 });
  let partial: unknown = 1;
  const badRule = defineOp({ name: 'badSymbolic', arity: 1, forward: (a) => a, local: () => 1, symbolic: () => partial as Value });
  let slope: unknown = 1;
  const badLocal = defineOp({ name: 'badLocal', arity: 1, forward: (a) => 2 * a, local: () => slope as number });

  it('property: a forward that returns anything but a number is refused when the node is built, naming the op', () => {
    const nonNumbers = fc.oneof(fc.string(), fc.bigInt(), fc.boolean(), fc.constantFrom(undefined, null, {}, [1], Symbol('s'), new Number(1), () => 1));
    fc.assert(
      fc.property(nonNumbers, (bad) => {
        result = bad;
        const x = new Value(0.5, 'x');
        expect(() => echo(x, 2)).toThrow(TypeError);
        expect(() => echo(x, 2)).toThrow(/^chainrule\.echoForward: the result of the op's forward must be a number, received .+\. Its forward \(defineOp\(\{ name: "echoForward", … \}\)\) must return a number\.$/);
      }),
      { numRuns: RUNS, seed: SEED },
    );
    result = 'hello';
    expect(() => echo(new Value(1), 1)).toThrowErrorMatchingInlineSnapshot(`[TypeError: chainrule.echoForward: the result of the op's forward must be a number, received "hello". Its forward (defineOp({ name: "echoForward", … })) must return a number.]`);
  });

  it('property: any number a forward returns (NaN and ±Infinity included) makes a node', () => {
    fc.assert(
      fc.property(fc.double(), (y) => {
        result = y;
        expect(Object.is(echo(new Value(1), 2).data, y)).toBe(true);
      }),
      { numRuns: RUNS, seed: SEED },
    );
  });

  it("a built-in op over a leaf whose data is not a number names the operand, not the op's forward", () => {
    const x = new Value(1, 'x');
    (x as { data: unknown }).data = 'abc';
    expect(() => x.add(1)).toThrowErrorMatchingInlineSnapshot(`[TypeError: chainrule.add: the data of operand 0 must be a number, received "abc".]`);
  });

  it('property: a local rule that returns anything but a number throws naming the op and the input, on every engine, and no grad changes', () => {
    const nonNumbers = fc.oneof(fc.string(), fc.boolean(), fc.constantFrom(undefined, null, {}, [1], new Number(1)));
    fc.assert(
      fc.property(nonNumbers, (bad) => {
        slope = bad;
        const x = new Value(0.5, 'x');
        const message = /^chainrule\.badLocal: the result of the op's local rule for input 0 must be a number, received .+\. Its local rule \(defineOp\(\{ name: "badLocal", … \}\)\) must return ∂y\/∂input as a number\.$/;
        x.grad = 7;
        expect(() => badLocal(x).mul(3).backward()).toThrow(message);
        expect(x.grad).toBe(7);
        const tape = compile(badLocal(x).mul(3), { inputs: [] });
        expect(() => tape.run([[]])).toThrow(message);
        expect(x.grad).toBe(7);
        expect(() => jvp((v) => badLocal(v), [0.5], [1])).toThrow(message);
      }),
      { numRuns: Math.min(RUNS, 50), seed: SEED },
    );
    slope = '2'; // a numeric string: g * '2' would have coerced it silently
    expect(() => badLocal(new Value(1)).backward()).toThrowErrorMatchingInlineSnapshot(`[TypeError: chainrule.badLocal: the result of the op's local rule for input 0 must be a number, received "2". Its local rule (defineOp({ name: "badLocal", … })) must return ∂y/∂input as a number.]`);
    slope = 2;
    const x = new Value(1);
    badLocal(x).backward();
    expect(x.grad).toBe(2);
  });

  it('a symbolic rule that returns anything but a Value throws naming the op and the input, in derivative and gradients', () => {
    const x = new Value(0.5, 'x');
    for (const bad of [3, undefined, 'x', { spec: null }]) {
      partial = bad;
      expect(() => derivative(badRule(x).mul(x), x)).toThrow(TypeError);
      expect(() => gradients(badRule(x).exp(), [x])).toThrow(/^chainrule\.badSymbolic: the result of the op's symbolic rule for input 0 must be a Value/);
      expect(() => derivative(badRule(x), x)).toThrow(/^chainrule\.badSymbolic: the result of the op's symbolic rule for input 0 must be a Value, received .+\. Its symbolic rule \(defineOp\(\{ name: "badSymbolic", … \}\)\) must return ∂y\/∂input as a Value\.$/);
    }
    partial = undefined;
    expect(() => derivative(badRule(x).mul(x), x)).toThrowErrorMatchingInlineSnapshot(`[TypeError: chainrule.badSymbolic: the result of the op's symbolic rule for input 0 must be a Value, received undefined. Its symbolic rule (defineOp({ name: "badSymbolic", … })) must return ∂y/∂input as a Value.]`);
    partial = constant(2);
    expect(derivative(badRule(x).mul(x), x).data).toBe(2 * 0.5 + 0.5);
  });
});

describe('the built-in table is frozen', () => {
  it('entries, their nested objects and OP_LIST reject changes', () => {
    // @ts-expect-error forward is readonly
    expect(() => (OPS.mul.forward = () => 42)).toThrow(TypeError);
    // @ts-expect-error the list is readonly
    expect(() => OP_LIST.push(OPS.mul)).toThrow(TypeError);
    // @ts-expect-error the text form is readonly
    expect(() => (OPS.add.text.symbol = '&')).toThrow(TypeError);
    expect(() => (OPS.log.domain.inputs as string[]).push('real')).toThrow(TypeError);
    expect(() => ((OPS as Record<string, unknown>).extra = OPS.mul)).toThrow(TypeError);
    expect(() => (allOps() as OpSpec[]).push(OPS.mul)).toThrow(TypeError);
    expect(new Value(3).mul(4).data).toBe(12);
  });
});
