import fc from 'fast-check';
import { afterEach, describe, expect, it } from 'vitest';
import { Value, applyOp, compile, defineOp, evaluate, parse, setDebug, sum, toSource, toText } from '../../src/index.js';
import { MLP, train } from '../../src/nn/index.js';
import { toOnnx } from '../../src/export/onnx/index.js';
import { describe as describeValue } from '../../src/errors/messages.js';
import { RUNS, SEED } from '../helpers/runs.js';

// An error message quotes at most ~60 characters of any one input (then "…" and the input's
// length), so a 1,000,000-character name, label, option key or text gives a message of a few
// hundred characters, not a million.

/** The longest message any of the calls below may give (the longest fixed text is a list of keys and a hint). */
const BOUND = 700;
/** The most characters of one input a message quotes. */
const QUOTED = 60;

afterEach(() => setDebug(false));

/** Long inputs: any text repeated, and identifiers (names parse and defineOp accept). */
const arbLong = (pattern: fc.Arbitrary<string>) =>
  fc.tuple(pattern, fc.integer({ min: 61, max: 20_000 })).map(([unit, n]) => unit.repeat(Math.ceil(n / unit.length)));
const arbText = arbLong(fc.string({ minLength: 1, maxLength: 6, unit: 'binary' }));
const arbName = arbLong(fc.stringMatching(/^[a-z_][a-z0-9_]{0,5}$/)).map((s) => `q${s}`);

/** Each call must throw for the long input s, quoting a bounded part of it. */
const CALLS: Record<string, (s: string) => unknown> = {
  'new Value(s)': (s) => new Value(s as unknown as number),
  'new Value(NaN, s)': (s) => new Value(Number.NaN, s),
  'parse(s)': (s) => parse(s),
  'parse(`x + s`)': (s) => parse(`x + ${s}`, { x: new Value(1) }),
  'parse(`(x s`)': (s) => parse(`(x ${s}`, { x: new Value(1) }),
  'parse with vars { [s]: 1 }': (s) => parse('1', { [s]: 1 as unknown as Value }),
  'parse of an unknown name with vars { [s]: x }': (s) => parse('unknownName', { [s]: new Value(1) }),
  'toText(x, { [s]: true })': (s) => toText(new Value(1), { [s]: true } as object),
  'toText(x, an object inheriting s)': (s) => toText(new Value(1), Object.create({ [s]: true }) as object),
  'defineOp({ name: s + "!" })': (s) => defineOp({ name: `${s}!`, arity: 1, forward: (a) => a, local: () => 1 }),
  'defineOp({ name: s })': (s) => defineOp({ name: s, arity: 3 as 1, forward: (a) => a, local: () => 1 }),
  'applyOp(s, [1])': (s) => applyOp(s, [1]),
  'compile of a duplicate input labelled s': (s) => {
    const x = new Value(1, s);
    return compile(x.exp(), { inputs: [x, x] });
  },
  'toSource of a duplicate input labelled s': (s) => {
    const x = new Value(1, s);
    return toSource([x.exp()], { inputs: [x, x] });
  },
  'toSource of a leaf labelled s whose data is not a number': (s) => {
    const x = new Value(1, s);
    const y = x.exp();
    (x as { data: unknown }).data = s;
    return toSource([y], { inputs: [] });
  },
  'evaluate at a leaf labelled s': (s) => evaluate(new Value(1, s).exp(), new Map([[new Value(2, s), Number.NaN]])),
  'a received object of a class named s': (s) => {
    const C = function () {};
    Object.defineProperty(C, 'name', { value: s });
    return new Value(new (C as unknown as new () => object)() as unknown as number);
  },
  'debug mode: a NaN from a sum of s.length operands': (s) => {
    setDebug(true);
    return sum([Infinity, -Infinity, ...Array.from({ length: s.length }, () => 1)]);
  },
  'new MLP(2, [1], { activation: s })': (s) => new MLP(2, [1], { activation: s as 'relu' }),
  'MLP.fromJSON of activation s': (s) => MLP.fromJSON({ format: 'chainrule.mlp', version: 1, nin: 1, layers: [{ activation: s, neurons: [{ w: [1], b: 0 }] }] }),
  'MLP.fromJSON with a field s': (s) => MLP.fromJSON({ format: 'chainrule.mlp', version: 1, nin: 1, [s]: 1, layers: [] }),
  'train(net, data, { [s]: 1 })': (s) => train(new MLP(1, [1]), [{ x: [1], y: [1] }], { [s]: 1 } as object),
  'train(net, data, { loss: s })': (s) => train(new MLP(1, [1]), [{ x: [1], y: [1] }], { loss: s as 'mse' }),
  'toOnnx(outputs, { inputs, [s]: 1 })': (s) => toOnnx([new Value(1).exp()], { inputs: [], [s]: 1 } as object as { inputs: Value[] }),
};

describe('error messages quote a bounded part of any input', () => {
  it.each(Object.keys(CALLS))('property: %s throws a message of bounded length quoting at most 60 characters of the input', (name) => {
    fc.assert(
      fc.property(fc.oneof(arbText, arbName), (s) => {
        // Act
        let message: string | null = null;
        try {
          CALLS[name](s);
        } catch (e) {
          message = (e as Error).message;
        }
        // Assert: it threw; the message is short and holds no run of more than 60 characters of s
        expect(message).not.toBeNull();
        expect(message!.length).toBeLessThanOrEqual(BOUND);
        expect(message!.includes(s.slice(0, QUOTED + 1))).toBe(false);
      }),
      { numRuns: Math.min(RUNS, 25), seed: SEED },
    );
  });

  it('an op name is an identifier of at most 64 characters, so every message that names an op stays short', () => {
    const rules = { arity: 1 as const, forward: (a: number) => a, local: () => 1 };
    expect(() => defineOp({ name: `q${'x'.repeat(64)}`, ...rules })).toThrowErrorMatchingInlineSnapshot(`[RangeError: chainrule.defineOp: definition.name must be an identifier of at most 64 characters, received "qxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxx…" (65 characters).]`);
    expect(() => defineOp({ name: 'boundedInverse', inverseOf: 'q'.repeat(65), ...rules })).toThrow('chainrule.defineOp: definition.inverseOf must be an identifier of at most 64 characters');
    const longest = defineOp({ name: `q${'x'.repeat(63)}`, ...rules });
    expect(longest.spec.name.length).toBe(64);
  });

  it('a long string is quoted with "…" and its length; short ones whole', () => {
    expect(describeValue('a'.repeat(1_000_000))).toBe(`"${'a'.repeat(60)}…" (1000000 characters)`);
    expect(describeValue('a'.repeat(60))).toBe(`"${'a'.repeat(60)}"`);
    expect(describeValue('w')).toBe('"w"');
  });

  it('a ParseError shows a window of the text around the position, and its length', () => {
    const text = `${'x + '.repeat(250_000)}@ + x`;
    let error: unknown;
    try {
      parse(text, { x: new Value(1) });
    } catch (e) {
      error = e;
    }
    expect((error as Error).message).toMatchInlineSnapshot(`
      "chainrule.parse: the character at position 1000000 must be part of a number, a name, an operator, a bracket or a comma, received '@'.
        …+ x + x + x + x + x + x + x + @ + x (1000005 characters)
                                       ^"
    `);
  });
});
