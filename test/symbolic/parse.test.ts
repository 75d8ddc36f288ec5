import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { OP_LIST, Value, countNodes, toText } from '../../src/index.js';
import { ParseError } from '../../src/errors/messages.js';
import { parse } from '../../src/symbolic/parse/parse.js';
import { arbExpressionAtPoint } from '../../src/testing/index.js';

const RUNS = Number(process.env.FC_RUNS ?? 200);
const w = new Value(0.5, 'w');
const a = new Value(0.3, 'a');
const b = new Value(-0.1, 'b');
const vars = { w, a, b };
const p = (text: string) => parse(text, vars);

describe('parse', () => {
  it('builds the graph the methods build', () => {
    const y = p('sigmoid(w*a + b)');
    expect(y.op).toBe('sigmoid');
    expect(y.data).toBe(w.mul(a).add(b).sigmoid().data);
    expect(y.inputs[0].inputs[0].inputs).toEqual([w, a]);
    expect(y.inputs[0].inputs[1]).toBe(b);
  });

  it('follows precedence and associativity', () => {
    expect(p('a + w * b').toString()).toMatchInlineSnapshot(`"a + w * b"`);
    expect(p('(a + w) * b').toString()).toMatchInlineSnapshot(`"(a + w) * b"`);
    expect(p('a - w - b').inputs[0].op).toBe('sub'); // (a - w) - b
    expect(p('a - (w - b)').toString()).toMatchInlineSnapshot(`"a - (w - b)"`);
    expect(p('a / w / b').inputs[0].op).toBe('div');
    expect(p('a ^ w ^ b').inputs[1].op).toBe('pow'); // a ^ (w ^ b)
    expect(p('-a^2').op).toBe('neg'); // -(a^2)
    expect(p('(-a)^2').inputs[0].op).toBe('neg');
    expect(p('-a * w').op).toBe('mul');
    expect(p('2^-a').inputs[1].op).toBe('neg');
    expect(p('a - -b').inputs[1].op).toBe('neg');
    expect(p('--a').inputs[0].op).toBe('neg');
  });

  it('calls every op the table prints as a call, and sum / dot', () => {
    for (const spec of OP_LIST.filter((s) => s.arity === 1 && s.text.form === 'call')) {
      const y = p(`${spec.text.symbol}(a + 1)`);
      expect(y.op).toBe(spec.name);
    }
    expect(p('sum(a, w, b, 1)').data).toBeCloseTo(1.7, 14);
    expect(p('sum()').data).toBe(0);
    const d = p('dot([a, w], [b, 2])');
    expect(d.op).toBe('dot');
    expect(d.data).toBeCloseTo(0.3 * -0.1 + 0.5 * 2, 14);
    expect(p('dot([], [])').data).toBe(0);
    const nested = p('sum(dot([a], [sum(w, 1)]), -b, (a))');
    expect(nested.toString()).toBe('sum(dot([a], [sum(w, 1)]), -b, a)');
    expect(nested.data).toBeCloseTo(0.3 * 1.5 + 0.1 + 0.3, 14);
    expect(() => p('dot([], [a])')).toThrow(/list 2 of dot at position 8 must be as long as list 1 \(0\), received a list of 1/);
    expect(() => p('sum(a w)')).toThrow(/the token at position 6 must be '\)', received 'w'/);
  });

  it('reads numbers with exponents', () => {
    expect(p('1e-3').data).toBe(1e-3);
    expect(p('2.5E+2 + .5 + 3.').data).toBe(253.5);
    expect(p('Infinity').data).toBe(Infinity);
  });

  it('reports malformed text with the position and an excerpt', () => {
    expect(() => p('w * ')).toThrowErrorMatchingInlineSnapshot(`
      [ParseError: chainrule.parse: the token at position 4 must be an operand (a number, a name, a call, '-' or '('), received the end of the input.
        w * 
            ^]
    `);
    expect(() => p('w * )')).toThrowErrorMatchingInlineSnapshot(`
      [ParseError: chainrule.parse: the token at position 4 must be an operand (a number, a name, a call, '-' or '('), received ')'.
        w * )
            ^]
    `);
    expect(() => p('sigmoid(w*a + b')).toThrowErrorMatchingInlineSnapshot(`
      [ParseError: chainrule.parse: the token at position 15 must be ')', received the end of the input.
        sigmoid(w*a + b
                       ^]
    `);
    expect(() => p('w a')).toThrowErrorMatchingInlineSnapshot(`
      [ParseError: chainrule.parse: the token at position 2 must be an operator or the end of the input, received 'a'.
        w a
          ^]
    `);
    expect(() => p('w + q')).toThrowErrorMatchingInlineSnapshot(`
      [ParseError: chainrule.parse: the name at position 4 must be one of w, a, b or the name of an op followed by '(' (such as exp, sin, max), received 'q'.
        w + q
            ^]
    `);
    expect(() => p('w $ a')).toThrowErrorMatchingInlineSnapshot(`
      [ParseError: chainrule.parse: the character at position 2 must be part of a number, a name, an operator, a bracket or a comma, received '$'.
        w $ a
          ^]
    `);
    expect(() => p('sigmoid + 1')).toThrowErrorMatchingInlineSnapshot(`
      [ParseError: chainrule.parse: the name at position 0 must be followed by '(' (a call), received 'sigmoid'.
        sigmoid + 1
        ^]
    `);
    expect(() => p('dot([a, w], [b])')).toThrowErrorMatchingInlineSnapshot(`
      [ParseError: chainrule.parse: list 2 of dot at position 12 must be as long as list 1 (2), received a list of 1.
        dot([a, w], [b])
                    ^]
    `);
    expect(() => p(`${'a + '.repeat(20)}(b * ) + ${'w + '.repeat(20)}a`)).toThrowErrorMatchingInlineSnapshot(`
      [ParseError: chainrule.parse: the token at position 85 must be an operand (a number, a name, a call, '-' or '('), received ')'.
        … a + a + a + a + a + a + (b * ) + w + w + w + w + w + w + w … (170 characters)
                                       ^]
    `);
    const error = (() => {
      try {
        p('w * )');
      } catch (e) {
        return e;
      }
    })();
    expect(error).toBeInstanceOf(ParseError);
    expect(error).toBeInstanceOf(SyntaxError);
    expect((error as ParseError).position).toBe(4);
  });

  it('parses deep nesting without a depth limit, and long flat sums', () => {
    const n = 100_000;
    expect(p(`${'('.repeat(n)}a${')'.repeat(n)}`)).toBe(a);
    const calls = p(`${'tanh('.repeat(n)}a${')'.repeat(n)}`);
    expect(calls.op).toBe('tanh');
    expect(countNodes(calls)).toBe(n + 1);
    expect(p(`${'-'.repeat(n)}a`).data).toBe(0.3); // an even number of minus signs
    const tower = p(`${'1 ^ '.repeat(n)}a`); // right-associative: 1 ^ (1 ^ (… ^ a))
    expect(tower.inputs[1].op).toBe('pow');
    expect(countNodes(tower)).toBe(n + 2); // n powers, a, and one node for the constant 1
    expect(() => p(`${'('.repeat(n)}a${')'.repeat(n - 1)}`)).toThrow(/the token at position 200000 must be '\)', received the end of the input/);
    const long = p(`${'a + '.repeat(100_000)}a`);
    expect(long.data).toBeCloseTo(0.3 * 100_001, 6);
  });

  it('round-trips a 1,000,001-node chain through toText', () => {
    // Arrange: toText prints it as 250,000 nested parentheses, ((x * 0.999999 + 0.000001) * …
    const x = new Value(0.5, 'x');
    let e: Value = x;
    for (let i = 0; i < 250_000; i++) e = e.mul(0.999999).add(1e-6);
    const text = toText(e);
    // Act
    const back = parse(text, { x });
    // Assert: the same ops on the same numbers in the same order give the same value exactly;
    // parse makes one node per distinct constant, so each of the two is one node.
    expect(countNodes(e)).toBe(1_000_001);
    expect(countNodes(back)).toBe(500_003);
    expect(back.data).toBe(e.data);
    expect(back.op).toBe('add');
    expect(back.inputs[0].inputs[1].data).toBe(0.999999);
  });

  it('reads a unary plus as no node at all', () => {
    expect(p('+a')).toBe(a);
    expect(p('2 * +a').inputs[1]).toBe(a);
    expect(p('-+a').inputs[0]).toBe(a);
    expect(p('+-a').op).toBe('neg');
    expect(p('w - +a').toString()).toMatchInlineSnapshot(`"w - a"`);
    expect(p('+2^2').data).toBe(4);
    expect(() => p('a +')).toThrow(/the token at position 3 must be an operand/);
  });

  it('calls any op by its name: pow(a, b) is a ^ b', () => {
    const y = p('pow(a, w + 1)');
    expect(y.op).toBe('pow');
    expect(y.inputs[0]).toBe(a);
    expect(y.data).toBe(a.pow(w.add(1)).data);
    expect(p('pow(a, 2)').toString()).toBe(p('a ^ 2').toString());
    expect(p('strongMul(a, w)').op).toBe('strongMul');
    expect(p('neg(a)').op).toBe('neg');
    expect(p('div(a, w)').toString()).toMatchInlineSnapshot(`"a / w"`);
    expect(() => p('pow(a)')).toThrow(/the token at position 5 must be ',', received '\)'/);
  });

  it('reads a signed number and a fraction of integers as one constant, as toText prints them', () => {
    const fraction = p('5/13');
    expect([fraction.op, fraction.data, countNodes(fraction)]).toEqual(['', 5 / 13, 1]);
    expect([p('-3/2').op, p('-3/2').data]).toEqual(['', -1.5]);
    expect([p('-2').op, p('-2').data]).toEqual(['', -2]);
    expect(Object.is(p('-0').data, -0)).toBe(true);
    expect(p('a^-2').inputs[1].op).toBe(''); // a constant exponent, as a.pow(-2) has
    expect(p('-2^2').op).toBe('neg'); // -(2^2): ^ binds tighter than the sign
    expect(p('-(2)').op).toBe('neg');
    expect(p('(3) / 2').op).toBe('div');
    expect(p('3 / -2').op).toBe('div');
    expect(p('5.0/13').op).toBe('div'); // only integers written with digits fold
    expect(p('2/3^2').op).toBe('div'); // 2 / (3^2)
    expect(p('3/2/5').inputs[0].op).toBe(''); // (3/2) / 5
    expect(p('a/2/3').inputs[0].op).toBe('div'); // (a / 2) / 3, as before
    expect(p('1/2 * a').inputs[0].data).toBe(0.5);
    expect(p('a * 1/2').op).toBe('div'); // (a * 1) / 2: precedence decides, as always
  });

  it('builds each distinct subexpression once', () => {
    const y = p('(a + w) * (a + w) + exp(2) * exp(2)');
    expect(y.inputs[0].inputs[0]).toBe(y.inputs[0].inputs[1]);
    expect(y.inputs[1].inputs[0]).toBe(y.inputs[1].inputs[1]);
    expect(countNodes(y)).toBe(8); // a, w, a + w, its square, 2, exp(2), its square, the sum
    const n = p('-2 * -2');
    expect(n.inputs[0]).toBe(n.inputs[1]);
  });

  it('rejects bad arguments', () => {
    expect(() => parse(3 as unknown as string)).toThrowErrorMatchingInlineSnapshot(`[TypeError: chainrule.parse: text must be a string, received 3.]`);
    expect(() => parse('x', { x: 2 as unknown as Value })).toThrowErrorMatchingInlineSnapshot(`[TypeError: chainrule.parse: vars.x must be a Value, received 2.]`);
  });
});

describe('parse (round trip)', () => {
  it('parse(toString(e)) evaluates equal to e and prints the same', () => {
    fc.assert(
      fc.property(arbExpressionAtPoint({ variables: 3 }), ({ expr, point }) => {
        // Arrange
        const leaves = point.map((x, i) => new Value(x, `x${i}`));
        const e = expr.build(leaves);
        const text = e.toString();
        // Act
        const back = parse(text, { x0: leaves[0], x1: leaves[1], x2: leaves[2] });
        // Assert: same value and the same printed form.
        expect(back.data).toBeCloseTo(e.data, 12);
        expect(back.toString()).toBe(text);
      }),
      { numRuns: RUNS, seed: Number(process.env.FC_SEED ?? 4005) },
    );
  });
});
