import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { OP_LIST, Value, type OpSpec } from '../../src/index.js';
import { nodeForward } from '../../src/ops/layout.js';
import { jsWriting, type JsWriting } from '../../src/export/js-form.js';
import { GENERATED_FILE, forwardJsModule } from '../../scripts/forward-js.js';

// Each built-in forward is written once, as the entry's `forward` (or `forwardAll`) function. Its
// JavaScript text, which toSource writes, is generated from that function's source by
// `npm run ops:js` (as `npm run readme:ops` makes the README's table): this file checks that the
// generated text is current and computes the forward bit for bit.

/** Signed zeros, subnormals, ordinary and extreme magnitudes, the infinities and NaN. */
const SWEEP = [
  0, -0, 5e-324, -5e-324, 1e-300, -1e-300, 1e-17, 1e-8, -1e-8, 0.1, -0.25, 0.5, -0.5, 1, -1, 1.5, 2, -2, 2.5, Math.PI, -3,
  10, -10, 20, -20, 40, -40, 709, -709, 710, 745, -745, 800, -800, 1e15, -1e15, 1e154, 1e200, -1e200, 1e300, -1e300,
  1.7976931348623157e308, -1.7976931348623157e308, Infinity, -Infinity, NaN,
];
/** Fewer points per operand for binary ops (their square) and n-ary ops. */
const PAIR_SWEEP = [0, -0, 5e-324, 1e-300, 0.5, -0.5, 1, -1, 2, -3, 40, -40, 800, 1e200, -1e300, Infinity, -Infinity, NaN];

/** The node's value through the table (nodeForward, the reader every engine uses); NaN operands allowed. */
function tableValue(spec: OpSpec, operands: readonly number[]): number {
  return nodeForward(spec, operands.map((x) => Object.assign(new Value(0), { data: x })));
}

/** The op's JavaScript form as a function of `count` operands, with the declarations it calls. */
function jsFunction(writing: JsWriting, count: number): (...operands: number[]) => number {
  const names = Array.from({ length: count }, (_, i) => `x${i}`);
  return new Function(...names, `${writing.prelude ?? ''}\nreturn ${writing.js(names)};`) as (...operands: number[]) => number;
}

/** Operand lists to try: every sweep point (unary), every pair (binary), and 0–3 terms (n-ary). */
function operandLists(spec: OpSpec): number[][] {
  if (spec.arity === 1) return SWEEP.map((x) => [x]);
  if (spec.arity === 2) return PAIR_SWEEP.flatMap((a) => PAIR_SWEEP.map((b) => [a, b]));
  const lists: number[][] = [[]];
  for (let terms = 1; terms <= 3; terms++) {
    for (let s = 0; s < PAIR_SWEEP.length; s++) lists.push(Array.from({ length: terms * spec.group }, (_, j) => PAIR_SWEEP[(s + 5 * j) % PAIR_SWEEP.length]));
  }
  return lists;
}

/** The operand lists where the JavaScript form and the table differ (Object.is: −0 and NaN count). */
function disagreements(spec: OpSpec, writing = jsWriting(spec)!): number[][] {
  const byCount = new Map<number, (...operands: number[]) => number>();
  return operandLists(spec).filter((operands) => {
    let f = byCount.get(operands.length);
    if (f === undefined) byCount.set(operands.length, (f = jsFunction(writing, operands.length)));
    return !Object.is(f(...operands), tableValue(spec, operands));
  });
}

describe('the JavaScript form of each built-in forward is generated from it', () => {
  it('src/export/forward-js.ts is what the generator makes from the entries now (else run `npm run ops:js`)', () => {
    expect(readFileSync(join(__dirname, '..', '..', GENERATED_FILE), 'utf8')).toBe(forwardJsModule());
  });

  it('every built-in op has one (erf and logsumexp through a function of their own, written once in the module)', () => {
    expect(OP_LIST.filter((spec) => jsWriting(spec) === undefined).map((spec) => spec.name)).toEqual([]);
    expect(opsWithPrelude()).toEqual(['erf', 'expNegSquare', 'logsumexp', 'sigmoid', 'softplus']);
  });

  it.each(OP_LIST.map((spec) => [spec.name, spec] as const))('%s: the text computes the forward bit for bit on a sweep', (_name, spec) => {
    expect(disagreements(spec)).toEqual([]);
  });

  it('the check can fail: a text that rounds differently is caught', () => {
    // Arrange: sigmoid written as the naive 1/(1 + e^−a), which underflows differently for a ≪ 0
    const sigmoid = OP_LIST.find((s) => s.name === 'sigmoid')!;
    const naive: JsWriting = { js: ([a]) => `1 / (1 + Math.exp(-${a}))` };
    // Act + Assert
    expect(disagreements(sigmoid, naive).length).toBeGreaterThan(0);
  });
});

/** The ops whose form calls a function of its own (written once at the top of the module). */
function opsWithPrelude(): string[] {
  return OP_LIST.filter((spec) => jsWriting(spec)?.prelude !== undefined).map((spec) => spec.name).sort();
}
