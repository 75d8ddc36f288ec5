import { describe, expect, it } from 'vitest';
import { Value, constant, dot, sum } from '../../src/index.js';
import { toLatex } from '../../src/print/latex.js';
import { derivative } from '../../src/symbolic/derivative.js';
import { simplify } from '../../src/symbolic/simplify/simplify.js';

const a = new Value(0.3, 'a');
const b = new Value(-0.1, 'b');
const w = new Value(0.5, 'w');

describe('toLatex', () => {
  it('prints each op from its table template', () => {
    expect(toLatex(w.mul(a).add(b).sigmoid())).toMatchInlineSnapshot(`"\\sigma\\left(w \\cdot a + b\\right)"`);
    expect(toLatex(a.div(b))).toMatchInlineSnapshot(`"\\frac{a}{b}"`);
    expect(toLatex(a.pow(2))).toMatchInlineSnapshot(`"{a}^{2}"`);
    expect(toLatex(a.exp())).toMatchInlineSnapshot(`"e^{a}"`);
    expect(toLatex(a.log())).toMatchInlineSnapshot(`"\\ln\\left(a\\right)"`);
    expect(toLatex(a.tanh().relu())).toMatchInlineSnapshot(`"\\operatorname{ReLU}\\left(\\tanh\\left(a\\right)\\right)"`);
    expect(toLatex(a.step().add(a.logpos()))).toMatchInlineSnapshot(`"H\\left(a\\right) + \\ln^{+}\\left(a\\right)"`);
    expect(toLatex(sum([a, b, w]))).toMatchInlineSnapshot(`"a + b + w"`);
    expect(toLatex(dot([a, b], [w, a.add(b)]))).toMatchInlineSnapshot(`"a \\cdot w + b \\cdot \\left(a + b\\right)"`);
    expect(toLatex(sum([]))).toMatchInlineSnapshot(`"0"`);
  });

  it('parenthesises only where precedence needs it', () => {
    expect(toLatex(a.sub(b.sub(w)))).toMatchInlineSnapshot(`"a - \\left(b - w\\right)"`);
    expect(toLatex(a.sub(b).sub(w))).toMatchInlineSnapshot(`"a - b - w"`);
    expect(toLatex(a.add(b).mul(w))).toMatchInlineSnapshot(`"\\left(a + b\\right) \\cdot w"`);
    expect(toLatex(a.neg().pow(2))).toMatchInlineSnapshot(`"{\\left(-a\\right)}^{2}"`);
    expect(toLatex(a.pow(2).neg())).toMatchInlineSnapshot(`"-{a}^{2}"`);
    expect(toLatex(a.pow(b).pow(w))).toMatchInlineSnapshot(`"{\\left({a}^{b}\\right)}^{w}"`);
    expect(toLatex(a.pow(b.pow(w)))).toMatchInlineSnapshot(`"{a}^{{b}^{w}}"`);
    expect(toLatex(a.div(b).pow(2))).toMatchInlineSnapshot(`"{\\left(\\frac{a}{b}\\right)}^{2}"`);
    expect(toLatex(a.add(b).div(w.sub(a)))).toMatchInlineSnapshot(`"\\frac{a + b}{w - a}"`);
    expect(toLatex(a.exp().pow(2))).toMatchInlineSnapshot(`"{\\left(e^{a}\\right)}^{2}"`);
    expect(toLatex(a.sub(sum([b, w])))).toMatchInlineSnapshot(`"a - \\left(b + w\\right)"`);
    expect(toLatex(a.neg().neg())).toMatchInlineSnapshot(`"-\\left(-a\\right)"`);
  });

  it('passes labels through and writes numbers in LaTeX', () => {
    const aPrev = new Value(0.4, 'a^{(L-1)}');
    const wL = new Value(0.7, 'w^{(L)}');
    expect(toLatex(wL.mul(aPrev))).toMatchInlineSnapshot(`"w^{(L)} \\cdot a^{(L-1)}"`);
    expect(toLatex(constant(1e-7).mul(a).add(constant(-2)))).toMatchInlineSnapshot(`"1 \\cdot 10^{-7} \\cdot a + \\left(-2\\right)"`);
    expect(toLatex(a.add(-0))).toMatchInlineSnapshot(`"a + \\left(-0\\right)"`);
    expect(toLatex(a.mul(-2))).toMatchInlineSnapshot(`"a \\cdot \\left(-2\\right)"`);
  });

  it('prints a derivative, raw and simplified', () => {
    const y = w.mul(a).add(b).sigmoid().sub(constant(1)).pow(2);
    expect(toLatex(derivative(y, w))).toMatchInlineSnapshot(`"2 \\cdot {\\left(\\sigma\\left(w \\cdot a + b\\right) - 1\\right)}^{1} \\cdot \\left(\\sigma\\left(w \\cdot a + b\\right) \\cdot \\sigma\\left(-\\left(w \\cdot a + b\\right)\\right)\\right) \\cdot a"`);
    expect(toLatex(simplify(derivative(y, w)))).toMatchInlineSnapshot(`"2 \\cdot a \\cdot \\sigma\\left(a \\cdot w + b\\right) \\cdot \\sigma\\left(-\\left(a \\cdot w + b\\right)\\right) \\cdot \\left(\\sigma\\left(a \\cdot w + b\\right) - 1\\right)"`);
  });

  it('prints a 1,000,000-node chain without stack overflow', () => {
    let y: Value = a;
    for (let i = 0; i < 250_000; i++) y = y.mul(0.5).add(1);
    const tex = toLatex(y);
    expect(tex.startsWith('\\left(')).toBe(true);
    expect(tex.endsWith(' + 1')).toBe(true);
  });

  it('prints 100,000 nested sums, each term once (concatenated, not copied per level)', () => {
    let y: Value = a;
    for (let i = 0; i < 100_000; i++) y = sum([y, b]);
    const tex = toLatex(y);
    expect(tex.length).toBe(1 + 100_000 * ' + b'.length);
    expect(tex.slice(0, 12)).toBe('a + b + b + ');
  });

  it('rejects what is not a Value', () => {
    expect(() => toLatex('a' as unknown as Value)).toThrowErrorMatchingInlineSnapshot(`[TypeError: chainrule.toLatex: root must be a Value, received "a".]`);
  });
});
