import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { OP_LIST, Value, applyOp, evaluate, max, parse, sum, toDot, toLatex, toText } from '../../src/index.js';
import { arbExpression, arbPoint } from '../../src/testing/index.js';
import { RUNS, SEED } from '../helpers/runs.js';

const x = new Value(0.5, 'x');
const y = new Value(0.25, 'y');

describe('printing the elementary ops', () => {
  it('LaTeX: each op in its usual notation, parenthesised only where precedence needs it', () => {
    const latex = (name: string) => toLatex(applyOp(name as 'sin', name === 'max' || name === 'min' || name === 'atan2' ? [x, y.neg()] : [x.add(y)]));
    expect(Object.fromEntries(['sin', 'asin', 'asinh', 'sqrt', 'cbrt', 'abs', 'sign', 'log2', 'log10', 'log1p', 'expm1', 'erf', 'max', 'min', 'atan2'].map((n) => [n, latex(n)])))
      .toMatchInlineSnapshot(`
        {
          "abs": "\\left\\lvert x + y \\right\\rvert",
          "asin": "\\arcsin\\left(x + y\\right)",
          "asinh": "\\operatorname{arsinh}\\left(x + y\\right)",
          "atan2": "\\operatorname{atan2}\\left(x, -y\\right)",
          "cbrt": "\\sqrt[3]{x + y}",
          "erf": "\\operatorname{erf}\\left(x + y\\right)",
          "expm1": "e^{x + y} - 1",
          "log10": "\\log_{10}\\left(x + y\\right)",
          "log1p": "\\ln\\left(1 + x + y\\right)",
          "log2": "\\log_{2}\\left(x + y\\right)",
          "max": "\\max\\left(x, -y\\right)",
          "min": "\\min\\left(x, -y\\right)",
          "sign": "\\operatorname{sgn}\\left(x + y\\right)",
          "sin": "\\sin\\left(x + y\\right)",
          "sqrt": "\\sqrt{x + y}",
        }
      `);
    expect(toLatex(x.expm1().mul(2))).toBe('\\left(e^{x} - 1\\right) \\cdot 2');
    expect(toLatex(x.expm1().pow(2))).toBe('{\\left(e^{x} - 1\\right)}^{2}');
    expect(toLatex(x.neg().log1p())).toBe('\\ln\\left(1 - x\\right)');
  });

  it('text: two-argument calls list their operands; Graphviz labels come from the table', () => {
    expect(toText(x.max(y.sub(1)).atan2(x.abs()))).toBe('atan2(max(x, y - 1), abs(x))');
    expect(toDot(x.sqrt())).toContain('label="√"');
    expect(toDot(max(x, y))).toContain('label="max"');
  });
});

describe('parsing the elementary ops', () => {
  const vars = { x, y };

  it('reads two-argument calls, nested and mixed with infix', () => {
    const e = parse('atan2(max(x, y - 1), -abs(x)) * min(2, sqrt(y))', vars);
    expect(e.op).toBe('mul');
    expect(e.inputs[0].op).toBe('atan2');
    expect(e.data).toBe(Math.atan2(Math.max(0.5, -0.75), -0.5) * Math.min(2, Math.sqrt(0.25)));
    expect(parse('log1p(x) + log10(y) + expm1(x)', vars).toString()).toBe('log1p(x) + log10(y) + expm1(x)');
  });

  it('reads n-ary calls by arity, not by name: sum(a, b, c)', () => {
    expect(parse('sum(sin(x), cos(x), 1)', vars).data).toBe(sum([Math.sin(0.5), Math.cos(0.5), 1]).data);
  });

  it('reports a call with the wrong number of arguments at the offending token', () => {
    expect(() => parse('max(x)', vars)).toThrow(/the token at position 5 must be ',', received '\)'/);
    expect(() => parse('sin(x, y)', vars)).toThrow(/the token at position 5 must be '\)', received ','/);
    expect(() => parse('atan2(x, y, x)', vars)).toThrow(/position 10 must be '\)', received ','/);
  });

  it('parse(toString(e)) round-trips expressions over every op, at any point (property)', () => {
    const seen = new Set<string>();
    fc.assert(
      fc.property(arbExpression({ variables: ['x', 'y'] }), arbPoint(2), (expr, point) => {
        // Arrange
        const leaves = [new Value(point[0], 'x'), new Value(point[1], 'y')];
        const e = expr.build(leaves);
        const text = e.toString();
        // Act
        const back = parse(text, { x: leaves[0], y: leaves[1] });
        // Assert: the same text, and the same value (NaN where e is NaN) at this and another point
        expect(back.toString()).toBe(text);
        expect(Object.is(back.data, e.data) || Math.abs(back.data - e.data) <= 1e-12 * Math.abs(e.data)).toBe(true);
        const at = new Map([[leaves[0], point[1]], [leaves[1], point[0]]]);
        const [a, b] = [evaluate(e, at), evaluate(back, at)];
        expect(Object.is(a, b) || Math.abs(a - b) <= 1e-12 * Math.abs(a)).toBe(true);
        for (const node of textOps(text)) seen.add(node);
      }),
      { numRuns: RUNS * 2, seed: SEED },
    );
    // Every op of the table was drawn and round-tripped at least once.
    // (arbExpression leaves out stopGradient by default: finite differences do not apply to it.)
    const calls = OP_LIST.filter((s) => s.text.form === 'call' && s.domain.stopsGradient !== true).map((s) => s.text.symbol);
    expect(calls.filter((c) => !seen.has(c))).toEqual([]);
  });
});

/** The call names in a printed expression. */
function textOps(text: string): string[] {
  return [...text.matchAll(/([A-Za-z][A-Za-z0-9]*)\(/g)].map((m) => m[1]);
}
