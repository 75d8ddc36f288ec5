import { jsWriting } from '../../src/export/js-form.js';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import fc from 'fast-check';
import { afterAll, describe, expect, it } from 'vitest';
import { OP_LIST, Value, applyOp, compile, constant, countNodes, defineOp, toSource, topologicalOrder, zeroGrad, type OpName, type OpSpec } from '../../src/index.js';
import { MLP, hingeLoss, l2Penalty } from '../../src/nn/index.js';
import { arbExpressionAtPoint } from '../../src/testing/index.js';
import { close, RUNS, SEED } from '../helpers/runs.js';

// toSource's module, written to a file and imported as a user would, against the compiled tape:
// forward bit for bit (each JavaScript form is the table's forward), gradients to 1e-12 (the
// module's local derivatives are the table's symbolic rules, the tape's its numeric ones).
const dir = mkdtempSync(join(tmpdir(), 'chainrule-source-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));
let files = 0;

/** Ordinary points, kinks and 0^0 and log 0, the pow base below 0, saturation and overflow. */
/** The ops whose table entry has a JavaScript form (an op without one makes toSource name it). */
const WRITABLE = OP_LIST.filter((spec) => jsWriting(spec) !== undefined);
const EDGE_POINTS = [[0.7, 1.3], [-0.4, 2], [0, 0], [-1, 0.5], [800, -800], [-800, 3]];

interface Exported {
  forward(inputs: readonly number[]): number[];
  valueAndGrad?(inputs: readonly number[]): { value: number; values: number[]; grad: number[]; paramGrad: number[] };
}

async function load(text: string): Promise<Exported> {
  const file = join(dir, `model-${files++}.mjs`);
  writeFileSync(file, text);
  return (await import(/* @vite-ignore */ pathToFileURL(file).href)) as Exported;
}

/**
 * A large module evaluated as a function body (its `export`s dropped): the test runner's dynamic
 * import transforms every module it loads, which takes ~20 s for the digits net's 8 MB.
 */
async function evaluateModule(text: string): Promise<Exported> {
  const body = `${text.replace(/^export function /gm, 'function ')}\nreturn { forward, valueAndGrad };`;
  return (new Function(body) as () => Exported)();
}

/** The module against the tape at each point: outputs, input gradients and parameter gradients. */
async function expectAgreesWithTape(outputs: Value[], inputs: Value[], points: readonly number[][], loader = load): Promise<void> {
  const module = await loader(toSource(outputs, { inputs, gradients: true }));
  const tape = compile(outputs, { inputs });
  // The module lists parameters in topological order; the tape has its own order.
  const params = topologicalOrder(outputs).filter((v) => v.op === '' && v.requiresGrad && !inputs.includes(v));
  for (const point of points) {
    zeroGrad(params);
    const want = tape.valueAndGrad(point);
    const got = module.valueAndGrad!(point);
    expect(module.forward(point)).toEqual(Array.from(want.values));
    expect(got.values).toEqual(Array.from(want.values));
    const norm = Math.max(1, ...want.grad.map(Math.abs), ...params.map((p) => Math.abs(p.grad)));
    const same = (a: number, b: number) => Object.is(a, b) || close(a, b, 0, 1e-12 * norm) || (Number.isNaN(a) && Number.isNaN(b));
    // One assertion over every gradient (a net has ~50k): the first few that differ, named.
    const wrong = [
      ...got.grad.flatMap((g, i) => (same(g, want.grad[i]) ? [] : [`∂/∂input ${i}: ${g} vs ${want.grad[i]}`])),
      ...got.paramGrad.flatMap((g, j) => (same(g, params[j].grad) ? [] : [`∂/∂param ${j}: ${g} vs ${params[j].grad}`])),
    ];
    expect(wrong.slice(0, 5), `at ${point.slice(0, 8)}`).toEqual([]);
    expect(got.paramGrad.length).toBe(params.length);
  }
}

describe('toSource: a standalone module that agrees with the compiled tape', () => {
  it('random expressions over every op, two inputs and a baked-in parameter', async () => {
    await fc.assert(
      fc.asyncProperty(arbExpressionAtPoint({ variables: 3, ops: WRITABLE.map((spec) => spec.name as OpName) }), async ({ expr, point }) => {
        // Arrange: x0, x1 are inputs; x2 is a parameter leaf holding point[2]
        const leaves = point.map((v) => new Value(v));
        const y = expr.build(leaves);
        // Act + Assert
        await expectAgreesWithTape([y], leaves.slice(0, 2), [point.slice(0, 2), [point[1], point[0]]]);
      }),
      { numRuns: Math.min(RUNS, 60), seed: SEED },
    );
  });

  it("micrograd's moons net: 2-16-16-1 relu with hinge loss and L2 penalty, several outputs", async () => {
    const net = new MLP(2, [16, 16, 1], { activation: 'relu', outputActivation: 'linear', seed: 1 });
    const x = [new Value(0), new Value(0)];
    const [score] = net.forward(x);
    const loss = hingeLoss([score], [1]).add(l2Penalty(net.parameters(), 1e-4));
    await expectAgreesWithTape([score, loss], x, [[0.5, -0.3], [1.2, 0.8], [-1, 0.25]]);
  });

  it('every op, at ordinary points, kinks, 0^0, log 0, saturation and overflow (or is named: no JavaScript form)', async () => {
    for (const spec of OP_LIST) {
      const x = new Value(0);
      const y = new Value(0);
      if (WRITABLE.includes(spec)) await expectAgreesWithTape([opOver(spec, x, y)], [x, y], EDGE_POINTS);
      else expect(() => toSource([opOver(spec, x, y)], { inputs: [x, y] })).toThrow(`chainrule.toSource: every op of the graph must be an op with a JavaScript form, received "${spec.name}".`);
    }
  });

  it('a defined op is written through the js field of its definition; without one, toSource names it', async () => {
    const rules = { arity: 1, forward: (a: number) => a / (1 + Math.abs(a)), local: (_i: number, a: number) => (1 + Math.abs(a)) ** -2 } as const;
    const symbolic = (_i: number, a: Value, _b: Value, _y: Value, k: (n: number) => Value) => a.mul(a.step().mul(2).sub(1)).add(k(1)).pow(-2);
    const softsign = defineOp({ name: 'softsignJs', ...rules, symbolic, js: ([a]) => `${a} / (1 + Math.abs(${a}))` });
    const bare = defineOp({ name: 'softsignNoJs', ...rules, symbolic });
    const x = new Value(0);
    await expectAgreesWithTape([softsign(x).mul(x)], [x], [[-3], [0.5], [40]]);
    expect(() => toSource([bare(x)], { inputs: [x] })).toThrow('chainrule.toSource: every op of the graph must be an op with a JavaScript form, received "softsignNoJs". Give its table entry a js field to write it.');
  });

  it('the digits net 784-64-10 (52k nodes) exports with gradients and agrees with the tape', async () => {
    const net = new MLP(784, [64, 10], { activation: 'relu', outputActivation: 'linear', seed: 1 });
    const x = Array.from({ length: 784 }, (_, i) => new Value(0, `x${i}`));
    const outputs = net.forward(x);
    expect(topologicalOrder(outputs).length).toBeGreaterThan(50_000);
    const point = Array.from({ length: 784 }, (_, i) => ((i * 37) % 101) / 100);
    await expectAgreesWithTape(outputs, x, [point], evaluateModule);
  });

  it('a 1,000,001-node chain exports with gradients: every walk of the graph is iterative', () => {
    // (x · 0.999999 + 0.000001) · … 250,000 times: 500,000 ops and their constants.
    const x = new Value(0.5, 'x');
    let e: Value = x;
    for (let i = 0; i < 250_000; i++) e = e.mul(0.999999).add(1e-6);
    expect(countNodes(e)).toBe(1_000_001);
    const text = toSource([e], { inputs: [x], gradients: true });
    const tail = text.slice(-200); // the end of valueAndGrad: the last adjoint update is the first op's, into x
    expect(tail).toMatch(/\n {2}gx0 \+= gv\d+ \* 0\.999999;\n {2}return \{ value: v\d+, values: \[v\d+\], grad: \[gx0\], paramGrad: \[\] \};\n\}\n$/);
  });

  it('the module has no imports and only the exports it promises', async () => {
    const x = new Value(0);
    const text = toSource([x.exp()], { inputs: [x] });
    expect(text).not.toMatch(/\bimport\b|\brequire\(/);
    const module = await load(text);
    expect(Object.keys(module).sort()).toEqual(['forward']);
    expect(module.forward([0])).toEqual([1]);
    expect(() => module.forward([])).toThrow('forward: inputs must have length 1, received 0.');
  });

  it('bad arguments throw in the house format before anything is built', () => {
    const x = new Value(1);
    const y = x.mul(2);
    expect(() => toSource([], { inputs: [x] })).toThrow('chainrule.toSource: outputs must be a non-empty array of Values, received an array of length 0.');
    expect(() => toSource([y], { inputs: [y] })).toThrow('chainrule.toSource: options.inputs[0] must be a leaf Value, received "a mul node".');
    expect(() => toSource([y], { inputs: [x, x] })).toThrow('chainrule.toSource: options.inputs[1] must be a Value not listed before, received 1.');
    expect(() => toSource([y], null as unknown as { inputs: Value[] })).toThrow('chainrule.toSource: options must be an object { inputs, gradients? }, received null.');
  });

  it('constants print as literals that read back bit for bit (-0, negatives, infinities)', async () => {
    const x = new Value(0);
    const outputs = [x.add(constant(-0)), x.mul(constant(-1.5e-300)), x.add(constant(-Infinity)), x.div(constant(0.1))];
    const module = await load(toSource(outputs, { inputs: [x] }));
    const want = compile(outputs, { inputs: [x] }).forward([-0]);
    expect(module.forward([-0])).toEqual(Array.from(want));
    expect(Object.is(module.forward([-0])[0], want[0])).toBe(true);
  });
});

/** The op applied to x and y: unary ops to x, n-ary ops to two terms. */
function opOver(spec: OpSpec, x: Value, y: Value): Value {
  if (spec.arity === 1) return applyOp(spec.name, [x]);
  if (spec.arity === 2) return applyOp(spec.name, [x, y]);
  return applyOp(spec.name, spec.group === 2 ? [x, y, y, x] : [x, y]);
}
