import { describe, expect, it } from 'vitest';
import { Value, compile, constant } from '../../src/index.js';

// The compile layer's errors: what compile cannot compile, and bad feeds to a tape.

describe('compile says why it cannot compile a graph', () => {
  const x = new Value(1, 'x');
  const w = new Value(2, 'w');
  const y = x.mul(w);

  it('names the input, param or output at fault and why', () => {
    expect(() => compile(y, { inputs: [y] })).toThrowErrorMatchingInlineSnapshot(`[RangeError: chainrule.compile: options.inputs[0] must be a leaf Value (made by new Value), received a node made by "mul". Only leaves can be fed or trained; compile the graph built on top of them.]`);
    expect(() => compile(y, { inputs: [x, x] })).toThrowErrorMatchingInlineSnapshot(`[RangeError: chainrule.compile: options.inputs[1] ("x") must be a Value not already listed in options.inputs, received a duplicate.]`);
    expect(() => compile(y, { inputs: [x], params: [x] })).toThrowErrorMatchingInlineSnapshot(`[RangeError: chainrule.compile: options.params[0] ("x") must be a Value that is not also an input, received one of options.inputs.]`);
    expect(() => compile(y, { inputs: [x], params: [constant(3)] })).toThrowErrorMatchingInlineSnapshot(`[RangeError: chainrule.compile: options.params[0] must be a leaf with requiresGrad true, received a constant. Make trainable leaves with new Value(x), not constant(x).]`);
    expect(() => compile(y, { inputs: [1 as unknown as Value] })).toThrowErrorMatchingInlineSnapshot(`[TypeError: chainrule.compile: options.inputs[0] must be a Value, received 1.]`);
    expect(() => compile(y, undefined as never)).toThrowErrorMatchingInlineSnapshot(`[TypeError: chainrule.compile: options must be an object { inputs, params? }, received undefined. Name the placeholder leaves: compile(loss, { inputs: [x0, x1] }).]`);
    expect(() => compile([], { inputs: [] })).toThrowErrorMatchingInlineSnapshot(`[RangeError: chainrule.compile: outputs must be a non-empty array of Values, received an array of length 0.]`);
    expect(() => compile([y, 2 as unknown as Value], { inputs: [] })).toThrowErrorMatchingInlineSnapshot(`[TypeError: chainrule.compile: outputs[1] must be a Value, received 2.]`);
    // eslint-disable-next-line no-sparse-arrays
    expect(() => compile([y, , y] as Value[], { inputs: [] })).toThrowErrorMatchingInlineSnapshot(`[TypeError: chainrule.compile: outputs[1] must be a Value, received an empty slot (a hole in a sparse array).]`);
  });

  it('refuses an option it does not know, naming the key and the closest known one (a typo would be ignored)', () => {
    expect(() => compile(y, { inputs: [x], codgen: false } as object as { inputs: Value[] })).toThrowErrorMatchingInlineSnapshot(`[TypeError: chainrule.compile: the keys of options must be among inputs, params, codegen, layers, wasm, fma, dtype, received "codgen". Did you mean "codegen"?]`);
    expect(() => compile(y, { inputs: [x], dtype: 'float16' } as object as { inputs: Value[] })).toThrowError(/options\.dtype/);
  });

  it('accepts an input that feeds no output (gradient 0, like an unused argument of grad)', () => {
    const unused = new Value(5, 'u');
    const tape = compile(y, { inputs: [x, unused] });
    expect(Array.from(tape.valueAndGrad([3, 9]).grad)).toEqual([2, 0]);
  });

  it('rejects bad feeds at the boundary and leaves the tape usable', () => {
    const tape = compile(y, { inputs: [x] });
    expect(() => tape.forward([1, 2])).toThrowErrorMatchingInlineSnapshot(`[RangeError: chainrule.Tape.forward: inputs.length must be 1, received 2.]`);
    expect(() => tape.forward([Number.NaN])).toThrowErrorMatchingInlineSnapshot(`[RangeError: chainrule.Tape.forward: inputs[0] must be a number other than NaN, received NaN.]`);
    expect(() => tape.run([])).toThrowErrorMatchingInlineSnapshot(`[RangeError: chainrule.Tape.run: examples must be a non-empty array of input rows, received an array of length 0.]`);
    expect(() => tape.run([[1], ['2' as unknown as number]])).toThrowErrorMatchingInlineSnapshot(`[TypeError: chainrule.Tape.run: examples[1][0] must be a number, received "2".]`);
    expect(() => compile(y, { inputs: [x] }).backward()).toThrowErrorMatchingInlineSnapshot(`[RangeError: chainrule.Tape.backward: the tape must run forward first, received a backward before any forward. Call tape.forward(inputs) first.]`);
    expect(tape.forward([3])[0]).toBe(6);
  });
});
