import fc from 'fast-check';
import katex from 'katex';
import { describe, expect, it } from 'vitest';
import { OP_LIST, Value, applyOp, constant, countNodes, derivative, evaluate, parse, toLatex, toText, topologicalOrder, type SharedMode } from '../../src/index.js';
import { arbExpressionAtPoint } from '../../src/testing/index.js';
import { countDistinct } from '../helpers/distinct-nodes.js';
import { growDag } from '../helpers/random-dag.js';
import { RUNS, SEED } from '../helpers/runs.js';

const MODES: readonly SharedMode[] = ['auto', 'inline', 'let'];

const x = new Value(1.0001, 'x');

/** y = y·y repeated: `levels` + 1 nodes whose text, written out, has 2^(levels+1) − 1 terms. */
function diamond(levels: number, base: Value = x): Value {
  let y = base;
  for (let i = 0; i < levels; i++) y = y.mul(y);
  return y;
}

/** Nodes of root written out as a tree (every use a copy). */
function countTree(root: Value): number {
  const n = new Map<Value, number>();
  for (const node of topologicalOrder([root])) n.set(node, 1 + node.inputs.reduce((s, v) => s + n.get(v)!, 0));
  return n.get(root)!;
}

/** The same expression with a fresh copy of every interior node at each use (leaves kept). */
function unshare(root: Value): Value {
  const copies = new Map<Value, () => Value>();
  for (const node of topologicalOrder([root])) {
    if (node.spec === null) copies.set(node, () => node);
    else copies.set(node, () => applyOp(node.op, node.inputs.map((v) => copies.get(v)!())));
  }
  return copies.get(root)!();
}

describe('printing shared subexpressions', () => {
  it('prints a 60-level diamond in every mode but inline, in text and LaTeX', () => {
    const y = diamond(60);
    expect(toText(y, { shared: 'let' }).startsWith('let t1 = x * x; t2 = t1 * t1; t3 = t2 * t2; ')).toBe(true);
    expect(toText(y, { shared: 'let' }).endsWith('; t59 = t58 * t58 in t59 * t59')).toBe(true);
    // 'auto' leaves x * x inline (naming it would not pay) and names every other level.
    const text = toText(y);
    expect(text.startsWith('let t1 = x * x * (x * x); t2 = t1 * t1 * (t1 * t1); ')).toBe(true);
    expect(text.endsWith('; t29 = t28 * t28 * (t28 * t28) in t29 * t29 * (t29 * t29)')).toBe(true);
    expect(text.length).toBeLessThan(toText(y, { shared: 'let' }).length);
    expect(y.toString()).toBe(text);
    const tex = toLatex(y, { shared: 'let' });
    expect(tex.startsWith('\\begin{aligned} t_{1} &= x \\cdot x \\\\ t_{2} &= t_{1} \\cdot t_{1} \\\\ ')).toBe(true);
    expect(tex.endsWith(' \\\\ t_{59} &= t_{58} \\cdot t_{58} \\\\ & t_{59} \\cdot t_{59} \\end{aligned}')).toBe(true);
    expect(toLatex(y).endsWith(' \\\\ & t_{29} \\cdot t_{29} \\cdot \\left(t_{29} \\cdot t_{29}\\right) \\end{aligned}')).toBe(true);
  });

  it("'auto' prints as written unless the written-out text is over 4× the named one and over 200 characters", () => {
    const [a, b, w] = [new Value(1, 'a'), new Value(2, 'b'), new Value(3, 'w')];
    const s = a.add(b);
    expect(toText(s.mul(s))).toMatchInlineSnapshot(`"(a + b) * (a + b)"`);
    expect(toText(s.mul(s), { shared: 'let' })).toMatchInlineSnapshot(`"let t1 = a + b in t1 * t1"`);
    expect(toLatex(s.mul(s), { shared: 'let' })).toMatchInlineSnapshot(`"\\begin{aligned} t_{1} &= a + b \\\\ & t_{1} \\cdot t_{1} \\end{aligned}"`);
    expect(toText(a.mul(a).sigmoid(), { shared: 'let' })).toMatchInlineSnapshot(`"sigmoid(a * a)"`);
    expect(toText(diamond(4, a), { shared: 'let' })).toMatchInlineSnapshot(`"let t1 = a * a; t2 = t1 * t1; t3 = t2 * t2 in t3 * t3"`);
    // A small expression prints as the user would write it, repeats and all.
    const sig = w.mul(a).add(b).sigmoid();
    expect(toText(sig.mul(constant(1).sub(sig)).mul(a))).toMatchInlineSnapshot(`"sigmoid(w * a + b) * (1 - sigmoid(w * a + b)) * a"`);
    expect(toText(diamond(4, a))).toMatchInlineSnapshot(`"a * a * (a * a) * (a * a * (a * a)) * (a * a * (a * a) * (a * a * (a * a)))"`);
    // Past 200 characters and 4× the named text, the names come back.
    expect(toText(diamond(6, a))).toMatchInlineSnapshot(`"let t1 = a * a * (a * a); t2 = t1 * t1 * (t1 * t1) in t2 * t2 * (t2 * t2)"`);
    for (let levels = 1; levels <= 12; levels++) {
      const [auto, inline, named] = [toText(diamond(levels, a)), toText(diamond(levels, a), { shared: 'inline' }), toText(diamond(levels, a), { shared: 'let' })];
      if (auto.startsWith('let ')) expect(inline.length > 200 && inline.length > 4 * auto.length).toBe(true);
      else expect(auto).toBe(inline);
      expect(auto.length).toBeLessThanOrEqual(Math.max(200, 4 * named.length));
    }
  });

  it('prints what the user typed as typed (parse builds shared nodes, the text does not show them)', () => {
    const [px, py] = [new Value(0.3, 'x'), new Value(0.7, 'y')];
    const typed = '(y - sin(x * (1/2) + 0.1) * -2) * sin(x * (1/2) + 0.1)^2';
    const y = parse(typed, { x: px, y: py });
    expect(toText(y)).toBe(typed);
    expect(toLatex(y).startsWith('\\begin')).toBe(false);
  });

  it('prints a graph the same whether or not its equal subexpressions share one node, and names by text', () => {
    const [a, b] = [new Value(1, 'a'), new Value(2, 'b')];
    const shared = a.add(b);
    const one = shared.mul(shared).sin().add(shared.exp());
    const apart = a.add(b).mul(a.add(b)).sin().add(a.add(b).exp());
    for (const mode of MODES) {
      expect(toText(apart, { shared: mode })).toBe(toText(one, { shared: mode }));
      expect(toLatex(apart, { shared: mode })).toBe(toLatex(one, { shared: mode }));
    }
    expect(toText(apart, { shared: 'let' })).toMatchInlineSnapshot(`"let t1 = a + b in sin(t1 * t1) + exp(t1)"`);
    // Two nodes with one text get one name, not two.
    const u = a.mul(0.5).add(0.1).sin();
    const v = a.mul(0.5).add(0.1).sin();
    expect(toText(u.mul(v).add(u), { shared: 'let' })).toMatchInlineSnapshot(`"let t1 = sin(a * (1/2) + 0.1) in t1 * t1 + t1"`);
  });

  it('prints the same with and without sharing: random DAGs against their written-out trees (property)', () => {
    const arbDag = fc.array(fc.record({ op: fc.nat(OP_LIST.length - 1), picks: fc.array(fc.nat(), { minLength: 2, maxLength: 4 }) }), { minLength: 1, maxLength: 10 });
    fc.assert(
      fc.property(arbDag, fc.constantFrom(...MODES), (steps, shared) => {
        // Arrange: a DAG, and the same expression with no node shared (every use a fresh copy).
        const leaves = [new Value(0.5, 'x0'), new Value(-1.5, 'x1')];
        const pool: Value[] = [...leaves, constant(2), constant(-1.5)];
        growDag(pool, steps, 4);
        const e = pool[pool.length - 1];
        fc.pre(countTree(e) < 5000);
        const tree = unshare(e);
        // Act / Assert
        expect(toText(tree, { shared })).toBe(toText(e, { shared }));
        expect(toLatex(tree, { shared })).toBe(toLatex(e, { shared }));
      }),
      { numRuns: RUNS, seed: SEED },
    );
  });

  it('prints the third derivative of a 100-layer sigmoid composition in size proportional to its graph', () => {
    let y: Value = x;
    for (let l = 0; l < 100; l++) y = y.mul(0.9).add(0.1).sigmoid();
    const d3 = derivative(derivative(derivative(y, x), x), x);
    const nodes = countNodes(d3);
    for (const shared of ['auto', 'let'] as const) {
      expect(toText(d3, { shared }).length).toBeLessThanOrEqual(16 * nodes);
      expect(toLatex(d3, { shared }).length).toBeLessThanOrEqual(40 * nodes);
      const back = parse(toText(d3, { shared }), { x });
      expect(back.data).toBe(d3.data);
      expect(countNodes(back)).toBe(countDistinct(d3));
    }
    expect(() => toText(d3, { shared: 'inline' })).toThrow(RangeError);
  });

  it('writes LaTeX that KaTeX renders, the let form as an aligned list of definitions', () => {
    let y: Value = x;
    for (let l = 0; l < 4; l++) y = y.mul(1.5).add(1 / 3).sigmoid();
    const d2 = derivative(derivative(y, x), x);
    for (const shared of MODES) {
      const tex = toLatex(d2, { shared });
      const html = katex.renderToString(tex, { throwOnError: true, displayMode: true });
      expect(html).not.toContain('katex-error');
    }
    expect(toLatex(d2, { shared: 'let' })).toContain('\\begin{aligned} t_{1} &= x \\cdot \\frac{3}{2} + \\frac{1}{3} \\\\ ');
  });

  it('picks names that no label in the expression uses', () => {
    const t1 = new Value(1, 't1');
    const s = t1.exp();
    expect(toText(s.mul(s), { shared: 'let' })).toMatchInlineSnapshot(`"let u1 = exp(t1) in u1 * u1"`);
    const tex = new Value(1, 't_{1}');
    expect(toLatex(tex.exp().mul(tex.exp().tanh()), { shared: 'let' })).toMatchInlineSnapshot(`"\\begin{aligned} u_{1} &= e^{t_{1}} \\\\ & u_{1} \\cdot \\tanh\\left(u_{1}\\right) \\end{aligned}"`);
    const shared = tex.exp();
    expect(toLatex(shared.mul(shared), { shared: 'let' })).toMatchInlineSnapshot(`"\\begin{aligned} u_{1} &= e^{t_{1}} \\\\ & u_{1} \\cdot u_{1} \\end{aligned}"`);
  });

  it('with stopAtLabels, labelled nodes print by label and are never named', () => {
    const z = x.mul(2);
    z.label = 'z';
    const s = z.sigmoid();
    expect(toText(s.mul(s), { stopAtLabels: true, shared: 'let' })).toMatchInlineSnapshot(`"let t1 = sigmoid(z) in t1 * t1"`);
    expect(toText(z.mul(z), { stopAtLabels: true, shared: 'let' })).toMatchInlineSnapshot(`"z * z"`);
  });

  it("writes out inline on request, and says why it cannot when the text is too long", () => {
    expect(() => toText(diamond(60), { shared: 'inline' })).toThrowErrorMatchingInlineSnapshot(`[RangeError: chainrule.toText: options.shared must be 'let' or 'auto' for this graph, received "inline". Written out inline, its 61 distinct subexpressions make 2305843009213694000 terms, more than a string can hold; 'let' names the shared subexpressions (let t1 = … in …).]`);
    expect(() => toLatex(diamond(60), { shared: 'inline' })).toThrowErrorMatchingInlineSnapshot(`[RangeError: chainrule.toLatex: options.shared must be 'let' or 'auto' for this graph, received "inline". Written out inline, its 61 distinct subexpressions make 2305843009213694000 terms, more than a string can hold; 'let' names the shared subexpressions (let t1 = … in …).]`);
  });

  it('rejects an unknown sharing mode', () => {
    expect(() => toText(x, { shared: 'cse' as 'let' })).toThrowErrorMatchingInlineSnapshot(`[RangeError: chainrule.toText: options.shared must be one of 'auto', 'inline', 'let', received "cse".]`);
    expect(() => toLatex(x, { shared: 1 as unknown as 'let' })).toThrowErrorMatchingInlineSnapshot(`[TypeError: chainrule.toLatex: options.shared must be one of 'auto', 'inline', 'let', received 1.]`);
  });

  it('names iteratively: a 100,000-level diamond prints without stack overflow', () => {
    expect(toText(diamond(100_000), { shared: 'let' }).endsWith('; t99999 = t99998 * t99998 in t99999 * t99999')).toBe(true);
    expect(toText(diamond(100_000)).endsWith('; t49999 = t49998 * t49998 * (t49998 * t49998) in t49999 * t49999 * (t49999 * t49999)')).toBe(true);
  });
});

describe('parse reads the let form back', () => {
  it('reads bindings `name = expr;` before the expression, sharing each bound subgraph', () => {
    const y = parse('t1 = x * x; t2 = t1 * t1; t2 * t2 + t1', { x });
    expect(countNodes(y)).toBe(5);
    expect(y.inputs[0].inputs[0]).toBe(y.inputs[0].inputs[1]);
    expect(y.inputs[1]).toBe(y.inputs[0].inputs[0].inputs[0]);
    expect(toText(y, { shared: 'let' })).toMatchInlineSnapshot(`"let t1 = x * x; t2 = t1 * t1 in t2 * t2 + t1"`);
  });

  it('reads the let form `let t1 = …; t2 = … in body`, sharing each bound subgraph', () => {
    const y = parse('let t1 = x * x; t2 = t1 * t1 in t2 * t2 + t1', { x });
    expect(countNodes(y)).toBe(5);
    expect(y.inputs[0].inputs[0]).toBe(y.inputs[0].inputs[1]);
    expect(y.inputs[1]).toBe(y.inputs[0].inputs[0].inputs[0]);
    expect(parse('let t1 = 2 in -t1').op).toBe('neg'); // a name for 2 is not the literal 2
    // let and in are words only where the form needs them: a var may be called either.
    expect(parse('let * 2', { let: x }).inputs[0]).toBe(x);
    expect(parse('let t1 = in * 2 in t1 + in', { in: x }).data).toBe(x.data * 3);
  });

  it('rejects a malformed let form, saying what it expected', () => {
    expect(() => parse('let t1 = x * x in', { x })).toThrowErrorMatchingInlineSnapshot(`
      [ParseError: chainrule.parse: the token at position 17 must be an operand (a number, a name, a call, '-' or '('), received the end of the input.
        let t1 = x * x in
                         ^]
    `);
    expect(() => parse('let t1 = x * x; t1 * t1', { x })).toThrowErrorMatchingInlineSnapshot(`
      [ParseError: chainrule.parse: the token at position 16 must be a binding 'name = expression', received 't1'.
        let t1 = x * x; t1 * t1
                        ^]
    `);
    expect(() => parse('let t1 = x * x t1 * t1', { x })).toThrowErrorMatchingInlineSnapshot(`
      [ParseError: chainrule.parse: the token at position 15 must be an operator, ';' or 'in', received 't1'.
        let t1 = x * x t1 * t1
                       ^]
    `);
    expect(() => parse('let t1 = x in t1; t1', { x })).toThrow(/the token at position 16 must be an operator or the end of the input, received ';'/);
    expect(() => parse('let t1 = x; t1 = x in t1', { x })).toThrow(/the bound name at position 12 must be a name not bound before and not in vars, received 't1'/);
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

  it('parse(toText(e, { shared })) is e again, in every mode: random DAGs (property)', () => {
    const arbDag = fc.array(fc.record({ op: fc.nat(OP_LIST.length - 1), picks: fc.array(fc.nat(), { minLength: 2, maxLength: 4 }) }), { minLength: 1, maxLength: 12 });
    fc.assert(
      fc.property(arbDag, fc.constantFrom(...MODES), fc.double({ min: -2, max: 2, noNaN: true }), (steps, shared, at) => {
        // Arrange: a DAG over two variables and a few constants (fractions among them) where
        // later ops often reuse earlier nodes.
        const leaves = [new Value(0.5, 'x0'), new Value(-1.5, 'x1')];
        const vars = { x0: leaves[0], x1: leaves[1] };
        const pool: Value[] = [...leaves, constant(2), constant(-1.5), constant(1 / 3), constant(-0)];
        growDag(pool, steps, 4);
        const e = pool[pool.length - 1];
        // Act
        const text = toText(e, { shared });
        const back = parse(text, vars);
        // Assert: the same value bit for bit, here and at another point, from one node per
        // distinct subexpression of e (e itself when it has no duplicates), printed the same.
        expect(Object.is(back.data, e.data)).toBe(true);
        const point = new Map([[leaves[0], at]]);
        expect(Object.is(evaluate(back, point), evaluate(e, point))).toBe(true);
        expect(countNodes(back)).toBe(countDistinct(e));
        if (countDistinct(e) === countNodes(e)) expect(toText(back, { shared })).toBe(text);
        const again = parse(toText(back, { shared }), vars);
        expect([countNodes(again), toText(again, { shared })]).toEqual([countNodes(back), toText(back, { shared })]);
      }),
      { numRuns: RUNS, seed: SEED },
    );
  });

  it('parse(toText(e, { shared })) is e again, in every mode: random expressions (property)', () => {
    fc.assert(
      fc.property(arbExpressionAtPoint({ variables: 3 }), fc.constantFrom(...MODES), ({ expr, point }, shared) => {
        // Arrange
        const leaves = point.map((v, i) => new Value(v, `x${i}`));
        const e = expr.build(leaves);
        // Act
        const back = parse(toText(e, { shared }), { x0: leaves[0], x1: leaves[1], x2: leaves[2] });
        // Assert
        expect(Object.is(back.data, e.data)).toBe(true);
        expect(countNodes(back)).toBe(countDistinct(e));
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
