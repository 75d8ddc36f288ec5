import { describe, expect, it } from 'vitest';
import { Value, dot, sum } from '../../src/index.js';
import { toText } from '../../src/print/text.js';

const a = new Value(0.3, 'a');
const b = new Value(-0.1, 'b');
const c = new Value(2, 'c');

describe('toText', () => {
  it('uses the fewest parentheses that keep the shape', () => {
    expect(toText(a.sub(b.sub(c)))).toMatchInlineSnapshot(`"a - (b - c)"`);
    expect(toText(a.sub(b).sub(c))).toMatchInlineSnapshot(`"a - b - c"`);
    expect(toText(a.div(b.mul(c)))).toMatchInlineSnapshot(`"a / (b * c)"`);
    expect(toText(a.mul(b).div(c))).toMatchInlineSnapshot(`"a * b / c"`);
    expect(toText(a.pow(b).pow(c))).toMatchInlineSnapshot(`"(a^b)^c"`);
    expect(toText(a.pow(b.pow(c)))).toMatchInlineSnapshot(`"a^b^c"`);
    expect(toText(a.neg().pow(2))).toMatchInlineSnapshot(`"(-a)^2"`);
    expect(toText(a.pow(2).neg())).toMatchInlineSnapshot(`"-a^2"`);
    expect(toText(a.neg().neg())).toMatchInlineSnapshot(`"-(-a)"`);
    expect(toText(a.mul(-2).add(-1))).toMatchInlineSnapshot(`"a * -2 + -1"`);
    expect(toText(a.add(-0).mul(0))).toMatchInlineSnapshot(`"(a + -0) * 0"`); // −0 keeps its sign: parse gives it back
    expect(toText(sum([a, b.mul(c)]).sigmoid())).toMatchInlineSnapshot(`"sigmoid(sum(a, b * c))"`);
    expect(toText(dot([a, b], [c, 1]))).toMatchInlineSnapshot(`"dot([a, b], [c, 1])"`);
  });

  it('prints labelled interior nodes by label with stopAtLabels', () => {
    const z = a.mul(c).add(b);
    z.label = 'z';
    const y = z.sigmoid().mul(z);
    expect(toText(y)).toMatchInlineSnapshot(`"sigmoid(a * c + b) * (a * c + b)"`);
    expect(toText(y, { stopAtLabels: true })).toMatchInlineSnapshot(`"sigmoid(z) * z"`);
    expect(y.toString()).toBe(toText(y));
  });

  it('prints a 1,000,000-node chain without stack overflow', () => {
    let y: Value = a;
    for (let i = 0; i < 250_000; i++) y = y.mul(0.5).add(1);
    const text = toText(y);
    expect(text.startsWith('(((')).toBe(true);
    expect(text.endsWith(') * (1/2) + 1')).toBe(true); // 0.5 prints as the fraction 1/2
  });

  it('prints 100,000 nested calls, each naming its operands once (no copying per level)', () => {
    let y: Value = a;
    for (let i = 0; i < 100_000; i++) y = sum([y, b]);
    const text = toText(y);
    expect(text.length).toBe(100_000 * 'sum(, b)'.length + 1);
    expect(text.startsWith('sum(sum(sum(')).toBe(true);
    expect(text.slice(400_000, 400_016)).toBe('a, b), b), b), b');
  });
});
