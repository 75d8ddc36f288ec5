import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import fc from 'fast-check';
import { afterAll, afterEach, describe, expect, it } from 'vitest';
import { Value, compile, constant, defineOp, toSource, topologicalOrder } from '../../src/index.js';
import { MLP } from '../../src/nn/index.js';
import { toOnnx } from '../../src/export/onnx/index.js';
import { numberLiteral } from '../../src/export/number-literal.js';
import { arbExpression } from '../../src/testing/index.js';
import { RUNS, SEED } from '../helpers/runs.js';

// A code generator writes numbers it reads from the graph (a leaf's data) into code or tensors. A
// leaf's data is a public field anyone can set to anything; only a number may ever reach the
// output, printed by the one literal printer (export/number-literal.ts). Anything else throws a
// TypeError naming the leaf, before any text or tensor exists, and no code from data ever runs.

const dir = mkdtempSync(join(tmpdir(), 'chainrule-embedded-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));
let files = 0;
const globals = globalThis as { pwned?: unknown };
afterEach(() => {
  delete globals.pwned;
});

async function load(text: string): Promise<{ forward(inputs: readonly number[]): number[] }> {
  const file = join(dir, `module-${files++}.mjs`);
  writeFileSync(file, text);
  return (await import(/* @vite-ignore */ pathToFileURL(file).href)) as { forward(inputs: readonly number[]): number[] };
}

/** Sets a leaf's data to something that is not a number, as plain JavaScript can. */
function poison(leaf: Value, data: unknown): Value {
  (leaf as { data: unknown }).data = data;
  return leaf;
}

/** Data that is not a number: code as text, objects that print as code, symbols, bigints and the like. Each counts the times it was turned into text or a number. */
function hostileData(): fc.Arbitrary<{ data: unknown; touched: () => number }> {
  let touches = 0;
  const counted = (data: unknown) => ({ data, touched: () => touches });
  const code = fc.constantFrom('(globalThis.pwned = 1, 0.5)', '0.5; globalThis.pwned = 1', '1e3', '0x10', ' 2 ', '', 'NaN', '-0');
  return fc.oneof(
    code.map(counted),
    fc.string().map(counted),
    code.map((text) => counted({ toString: () => (touches++, text), valueOf: () => (touches++, 0.5) })),
    code.map((text) => counted({ [Symbol.toPrimitive]: () => (touches++, text) })),
    fc.constantFrom(Symbol('pwned'), 5n, -(2n ** 70n), true, null, undefined, [0.5], [], () => 0.5, new Number(0.5), Object.create(null)).map(counted),
  ).map((x) => {
    touches = 0;
    return x;
  });
}

/** What a code generator does with the graph: toSource (with gradients), compile, toOnnx in both dtypes. */
const GENERATORS: Record<string, (outputs: Value[], inputs: Value[]) => unknown> = {
  toSource: (outputs, inputs) => toSource(outputs, { inputs, gradients: true }),
  compile: (outputs, inputs) => compile(outputs, { inputs }),
  'toOnnx float32': (outputs, inputs) => toOnnx(outputs, { inputs }),
  'toOnnx float64': (outputs, inputs) => toOnnx(outputs, { inputs, dtype: 'float64' }),
};
const WHERE: Record<string, string> = { toSource: 'toSource', compile: 'compile', 'toOnnx float32': 'toOnnx', 'toOnnx float64': 'toOnnx' };

describe('code generators embed only values that passed a number check', () => {
  it('toSource: a parameter whose data is code throws naming it, and writes nothing', () => {
    const x = new Value(0, 'x');
    const w = poison(new Value(0.5, 'w'), '(globalThis.pwned = 1, 0.5)');
    expect(() => toSource([x.mul(w)], { inputs: [x] })).toThrowErrorMatchingInlineSnapshot(`[TypeError: chainrule.toSource: the data of the leaf "w" (node 0 of topologicalOrder(outputs)) must be a number, received "(globalThis.pwned = 1, 0.5)". Generated code embeds numbers only: set data to a number.]`);
    expect(globals.pwned).toBeUndefined();
  });

  it('toSource: a replaced constant, and an object whose toString returns code, throw the same way', () => {
    const x = new Value(0, 'x');
    const c = constant(3);
    const y = x.mul(c);
    poison(c, '(globalThis.pwned = 1, 3)');
    expect(() => toSource([y], { inputs: [x] })).toThrowErrorMatchingInlineSnapshot(`[TypeError: chainrule.toSource: the data of the unlabelled leaf (node 0 of topologicalOrder(outputs)) must be a number, received "(globalThis.pwned = 1, 3)". Generated code embeds numbers only: set data to a number.]`);
    let printed = 0;
    poison(c, { toString: () => (printed++, '(globalThis.pwned = 1, 3)') });
    expect(() => toSource([y], { inputs: [x] })).toThrow(TypeError);
    expect(printed).toBe(0);
    expect(globals.pwned).toBeUndefined();
  });

  it('compile refuses a leaf whose data is not a number, naming it, before building a tape', () => {
    const x = new Value(0, 'x');
    const w = poison(new Value(0.5, 'w'), '0.5');
    expect(() => compile(x.mul(w), { inputs: [x] })).toThrowErrorMatchingInlineSnapshot(`[TypeError: chainrule.compile: the data of the leaf "w" (node 0 of topologicalOrder(outputs)) must be a number, received "0.5". Generated code embeds numbers only: set data to a number.]`);
  });

  it('toOnnx: a non-number weight throws naming the parameter, never a silent NaN in a Float32Array', () => {
    const net = new MLP(2, [3, 1], { seed: 1 });
    poison(net.layers[1].neurons[0].w[2], '0.25');
    expect(() => toOnnx(net)).toThrowErrorMatchingInlineSnapshot(`[TypeError: chainrule.toOnnx: the data of layers[1].neurons[0].w[2] must be a number, received "0.25". Generated code embeds numbers only: set data to a number.]`);
    poison(net.layers[1].neurons[0].w[2], 0.25);
    poison(net.layers[0].neurons[2].b, 1n);
    expect(() => toOnnx(net, { dtype: 'float64' })).toThrowErrorMatchingInlineSnapshot(`[TypeError: chainrule.toOnnx: the data of layers[0].neurons[2].b must be a number, received a bigint. Generated code embeds numbers only: set data to a number.]`);
    const x = [new Value(0, 'x0'), new Value(0, 'x1')];
    poison(net.layers[0].neurons[2].b, 0);
    const outputs = net.forward(x);
    poison(net.layers[0].neurons[1].w[0], { valueOf: () => 0.5 });
    expect(() => toOnnx(outputs, { inputs: x })).toThrow(/^chainrule\.toOnnx: the data of the unlabelled leaf \(node \d+ of topologicalOrder\(outputs\)\) must be a number, received an object\./);
  });

  it('property: any non-number data in any leaf of any graph makes every generator throw a TypeError naming that leaf; none runs it or turns it into text', () => {
    fc.assert(
      fc.property(arbExpression({ variables: 3, ops: ['add', 'mul', 'sub', 'tanh', 'exp', 'sigmoid', 'sum', 'dot', 'max'] }), hostileData(), fc.nat(), fc.constantFrom(...Object.keys(GENERATORS)), (expr, { data, touched }, pick, generator) => {
        // Arrange: x0 is an input, x1 and x2 parameters; one leaf of the graph (an input, a parameter or a constant) gets the data
        const leaves = [new Value(0.5, 'x0'), new Value(-1.25, 'x1'), new Value(2, 'x2')];
        const y = expr.build(leaves).add(constant(0.75));
        const graphLeaves = topologicalOrder([y]).filter((v) => v.op === '');
        const target = graphLeaves[pick % graphLeaves.length];
        const before = target.data;
        poison(target, data);
        // Act
        let thrown: unknown = null;
        try {
          GENERATORS[generator]([y], [leaves[0]]);
        } catch (e) {
          thrown = e;
        }
        // Assert: a TypeError from the generator that names the leaf, nothing converted, nothing run
        expect(thrown).toBeInstanceOf(TypeError);
        const message = (thrown as Error).message;
        expect(message.startsWith(`chainrule.${WHERE[generator]}: the data of the `)).toBe(true);
        expect(message).toContain(target.label === '' ? 'unlabelled leaf' : `leaf "${target.label}"`);
        expect(touched()).toBe(0);
        expect(globals.pwned).toBeUndefined();
        poison(target, before);
      }),
      { numRuns: RUNS, seed: SEED },
    );
  });

  it('property: the literal printer writes every double (NaN payloads, -0, subnormals, infinities) as a numeric literal that reads back', () => {
    const NUMERIC = /^(?:NaN|Infinity|\d+(?:\.\d+)?(?:e[+-]\d+)?|\(-(?:Infinity|\d+(?:\.\d+)?(?:e[+-]\d+)?)\))$/;
    const bits = new DataView(new ArrayBuffer(8));
    const nanBox = fc.bigInt({ min: 0n, max: 2n ** 52n - 1n }).map((payload) => {
      bits.setBigUint64(0, (0x7ffn << 52n) | payload | 1n);
      return bits.getFloat64(0);
    });
    fc.assert(
      fc.property(fc.oneof(fc.double(), nanBox, fc.constantFrom(-0, 5e-324, -5e-324, Number.MAX_VALUE, -Infinity)), (x) => {
        const leaf = new Value(0);
        leaf.data = x;
        const text = numberLiteral('toSource', leaf, () => 'the leaf');
        expect(text).toMatch(NUMERIC);
        expect(Object.is(Function(`return ${text}`)(), x) || (Number.isNaN(x) && text === 'NaN')).toBe(true);
      }),
      { numRuns: RUNS, seed: SEED },
    );
    expect(() => numberLiteral('toSource', poison(new Value(0), '1'), () => 'the leaf "w"')).toThrow('chainrule.toSource: the data of the leaf "w" must be a number, received "1".');
  });
});

describe('labels and op names never reach generated code', () => {
  it('labels that read as code are not written into the module, and importing it runs nothing', async () => {
    const hostile = ['*/ globalThis.pwned = 1; /*', '\nglobalThis.pwned = 1;\n', "'); globalThis.pwned = 1; ('", '`${globalThis.pwned = 1}`', '\u2028globalThis.pwned = 1'];
    const x = new Value(0, hostile[0]);
    const w = new Value(0.5, hostile[1]);
    const y = x.mul(w).add(constant(2)).tanh();
    y.label = hostile[2];
    const z = y.mul(new Value(3, hostile[3])).sub(new Value(1, hostile[4]));
    const text = toSource([y, z], { inputs: [x], gradients: true });
    for (const label of hostile) expect(text).not.toContain(label.trim());
    const module = await load(text);
    expect(module.forward([1])).toEqual([Math.tanh(2.5), Math.tanh(2.5) * 3 - 1]);
    expect(globals.pwned).toBeUndefined();
  });

  it('an op name can only be an identifier, so what toSource writes of it is an identifier too', () => {
    for (const name of ['a(){};globalThis.pwned=1;function b', 'x y', '1x', '']) {
      expect(() => defineOp({ name, arity: 1, forward: (a) => a, local: () => 1, js: ([a]) => a })).toThrow(/^chainrule\.defineOp: definition\.name must be an identifier/);
    }
    const safeOp = defineOp({ name: 'embeddedNumbersIdentity', arity: 1, forward: (a) => a, local: () => 1, js: ([a]) => `(${a})` });
    const x = new Value(0, 'x');
    expect(toSource([safeOp(x)], { inputs: [x] })).toContain('const v1 = (x0);');
    expect(globals.pwned).toBeUndefined();
  });
});
