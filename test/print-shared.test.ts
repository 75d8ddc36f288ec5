import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { OP_LIST, Value, constant, countNodes, derivative, evaluate, parse, toLatex, toText } from '../src/index.js';
import { growDag } from './helpers/random-dag.js';
import { RUNS, SEED } from './helpers/runs.js';

const x = new Value(1.0001, 'x');

/** y = y·y repeated: `levels` + 1 nodes whose text, written out, has 2^(levels+1) − 1 terms. */
function diamond(levels: number, base: Value = x): Value {
  let y = base;
  for (let i = 0; i < levels; i++) y = y.mul(y);
  return y;
}

describe('printing shared subexpressions (issue 8, defect 15)', () => {
  it('prints a 60-level diamond with let-style names by default, in text and LaTeX', () => {
    const y = diamond(60);
    const text = toText(y);
    expect(text.startsWith('t1 = x * x; t2 = t1 * t1; t3 = t2 * t2; ')).toBe(true);
    expect(text.endsWith('; t59 = t58 * t58; t59 * t59')).toBe(true);
    expect(y.toString()).toBe(text);
    const tex = toLatex(y);
    expect(tex.startsWith('t_{59} \\cdot t_{59} \\quad\\text{where}\\quad t_{1} = x \\cdot x,\\; t_{2} = t_{1} \\cdot t_{1},\\; ')).toBe(true);
    expect(tex.endsWith(',\\; t_{59} = t_{58} \\cdot t_{58}')).toBe(true);
  });

  it('names only the shared subexpressions, and only when writing them out would blow up', () => {
    const [a, b] = [new Value(1, 'a'), new Value(2, 'b')];
    const s = a.add(b);
    expect(toText(s.mul(s))).toMatchInlineSnapshot(`"(a + b) * (a + b)"`);
    expect(toText(s.mul(s), { shared: 'let' })).toMatchInlineSnapshot(`"t1 = a + b; t1 * t1"`);
    expect(toLatex(s.mul(s), { shared: 'let' })).toMatchInlineSnapshot(`"t_{1} \\cdot t_{1} \\quad\\text{where}\\quad t_{1} = a + b"`);
    expect(toText(a.mul(a).sigmoid(), { shared: 'let' })).toMatchInlineSnapshot(`"sigmoid(a * a)"`);
    expect(toText(diamond(4, a), { shared: 'let' })).toMatchInlineSnapshot(`"t1 = a * a; t2 = t1 * t1; t3 = t2 * t2; t3 * t3"`);
    // 'auto' writes out up to 1,000 terms, or any number while that is at most 4 per node.
    expect(toText(diamond(8, a))).toHaveLength(toText(diamond(8, a), { shared: 'inline' }).length);
    expect(toText(diamond(9, a)).startsWith('t1 = a * a;')).toBe(true);
  });

  it('picks names that no label in the expression uses', () => {
    const t1 = new Value(1, 't1');
    const s = t1.exp();
    expect(toText(s.mul(s), { shared: 'let' })).toMatchInlineSnapshot(`"u1 = exp(t1); u1 * u1"`);
    const tex = new Value(1, 't_{1}');
    expect(toLatex(tex.exp().mul(tex.exp().tanh()), { shared: 'let' })).toMatchInlineSnapshot(`"e^{t_{1}} \\cdot \\tanh\\left(e^{t_{1}}\\right)"`);
    const shared = tex.exp();
    expect(toLatex(shared.mul(shared), { shared: 'let' })).toMatchInlineSnapshot(`"u_{1} \\cdot u_{1} \\quad\\text{where}\\quad u_{1} = e^{t_{1}}"`);
  });

  it('with stopAtLabels, labelled nodes print by label and are never named', () => {
    const z = x.mul(2);
    z.label = 'z';
    const s = z.sigmoid();
    expect(toText(s.mul(s), { stopAtLabels: true, shared: 'let' })).toMatchInlineSnapshot(`"t1 = sigmoid(z); t1 * t1"`);
    expect(toText(z.mul(z), { stopAtLabels: true, shared: 'let' })).toMatchInlineSnapshot(`"z * z"`);
  });

  it("writes out inline on request, and says why it cannot when the text is too long", () => {
    expect(() => toText(diamond(60), { shared: 'inline' })).toThrowErrorMatchingInlineSnapshot(`[RangeError: chainrule.toText: options.shared must be 'let' or 'auto' for this graph, received "inline". Written out inline, its 61 nodes make 2305843009213694000 terms, more than a string can hold; 'let' names the shared subexpressions (t1 = …; …).]`);
    expect(() => toLatex(diamond(60), { shared: 'inline' })).toThrowErrorMatchingInlineSnapshot(`[RangeError: chainrule.toLatex: options.shared must be 'let' or 'auto' for this graph, received "inline". Written out inline, its 61 nodes make 2305843009213694000 terms, more than a string can hold; 'let' names the shared subexpressions (t1 = …; …).]`);
  });

  it('rejects an unknown sharing mode', () => {
    expect(() => toText(x, { shared: 'cse' as 'let' })).toThrowErrorMatchingInlineSnapshot(`[RangeError: chainrule.toText: options.shared must be one of 'auto', 'inline', 'let', received "cse".]`);
    expect(() => toLatex(x, { shared: 1 as unknown as 'let' })).toThrowErrorMatchingInlineSnapshot(`[TypeError: chainrule.toLatex: options.shared must be one of 'auto', 'inline', 'let', received 1.]`);
  });

  it('names iteratively: a 100,000-level diamond prints without stack overflow', () => {
    const text = toText(diamond(100_000));
    expect(text.endsWith('; t99999 = t99998 * t99998; t99999 * t99999')).toBe(true);
  });
});

describe('parse reads the let form back', () => {
  it('reads bindings `name = expr;` before the expression, sharing each bound subgraph', () => {
    const y = parse('t1 = x * x; t2 = t1 * t1; t2 * t2 + t1', { x });
    expect(countNodes(y)).toBe(5);
    expect(y.inputs[0].inputs[0]).toBe(y.inputs[0].inputs[1]);
    expect(y.inputs[1]).toBe(y.inputs[0].inputs[0].inputs[0]);
    expect(toText(y, { shared: 'let' })).toMatchInlineSnapshot(`"t1 = x * x; t2 = t1 * t1; t2 * t2 + t1"`);
  });

  it('parse(toText(diamond)) rebuilds the same 61-node graph', () => {
    const y = diamond(60);
    const back = parse(toText(y), { x });
    expect(countNodes(back)).toBe(61);
    expect(back.data).toBe(y.data);
    expect(toText(back)).toBe(toText(y));
  });

  it('rejects a binding without an expression, a name bound twice, and a name that is in vars', () => {
    expect(() => parse('t1 = x * x;', { x })).toThrowErrorMatchingInlineSnapshot(`
      [ParseError: chainrule.parse: the token at position 11 must be an operand (a number, a name, a call, '-' or '('), received the end of the input.
        t1 = x * x;
                   ^]
    `);
    expect(() => parse('t1 = x * x', { x })).toThrowErrorMatchingInlineSnapshot(`
      [ParseError: chainrule.parse: the token at position 10 must be ';', received the end of the input.
        t1 = x * x
                  ^]
    `);
    expect(() => parse('t1 = x; t1 = x; t1', { x })).toThrowErrorMatchingInlineSnapshot(`
      [ParseError: chainrule.parse: the bound name at position 8 must be a name not bound before and not in vars, received 't1'.
        t1 = x; t1 = x; t1
                ^]
    `);
    expect(() => parse('x = 2; x', { x })).toThrowErrorMatchingInlineSnapshot(`
      [ParseError: chainrule.parse: the bound name at position 0 must be a name not bound before and not in vars, received 'x'.
        x = 2; x
        ^]
    `);
    expect(() => parse('x * 2; x', { x })).toThrowErrorMatchingInlineSnapshot(`
      [ParseError: chainrule.parse: the token at position 5 must be an operator or the end of the input, received ';'.
        x * 2; x
             ^]
    `);
  });

  it('parse(toText(e, { shared: "let" })) evaluates equal to e and prints the same (property)', () => {
    const arbDag = fc.array(fc.record({ op: fc.nat(OP_LIST.length - 1), picks: fc.array(fc.nat(), { minLength: 2, maxLength: 4 }) }), { minLength: 1, maxLength: 12 });
    fc.assert(
      fc.property(arbDag, fc.double({ min: -2, max: 2, noNaN: true }), (steps, at) => {
        // Arrange: a DAG over two variables where later ops often reuse earlier nodes.
        const leaves = [new Value(0.5, 'x0'), new Value(-1.5, 'x1')];
        const pool: Value[] = [...leaves, constant(2)];
        growDag(pool, steps, 3);
        const e = pool[pool.length - 1];
        // Act
        const text = toText(e, { shared: 'let' });
        const back = parse(text, { x0: leaves[0], x1: leaves[1] });
        // Assert
        expect(toText(back, { shared: 'let' })).toBe(text);
        const point = new Map([[leaves[0], at]]);
        const [before, after] = [evaluate(e, point), evaluate(back, point)];
        expect(Object.is(before, after) || (before !== before && after !== after)).toBe(true);
      }),
      { numRuns: RUNS, seed: SEED },
    );
  });

  it('a derivative graph, which shares its forward nodes, survives the round trip', () => {
    let a: Value = x;
    for (let l = 0; l < 6; l++) a = a.mul(0.9).add(0.1).sigmoid();
    const d = derivative(derivative(a, x), x);
    const text = toText(d, { shared: 'let' });
    const back = parse(text, { x });
    expect(back.data).toBe(d.data);
  });
});
