import fc from 'fast-check';
import * as ort from 'onnxruntime-web';
import { afterAll, describe, expect, it } from 'vitest';
import { OP_LIST, Value, applyOp, defineOp, topologicalOrder, type OpName, type OpSpec } from '../../src/index.js';
import { ACTIVATIONS, MLP } from '../../src/nn/index.js';
import { toOnnx, type OnnxDType } from '../../src/export/onnx/index.js';
import { arbExpression, arbPoint } from '../../src/testing/index.js';
import { SEED } from '../helpers/runs.js';

// ONNX Runtime (the WebAssembly build, in Node) runs the exported models; they must agree with
// chainrule's graph path on random inputs: 1e-6 in float32, 1e-12 in float64, relative to the
// largest magnitude the computation passes through (at least 1).
ort.env.wasm.numThreads = 1;
ort.env.logLevel = 'error';
const RUNS = Math.min(Number(process.env.FC_RUNS ?? 10), 100); // each run creates ORT sessions (~10 ms each)
const TOLERANCE: Record<OnnxDType, number> = { float32: 1e-6, float64: 1e-12 };
const worst: Record<string, number> = {};
/** The ops whose table entry has an ONNX form (an op without one makes toOnnx name it). */
const EXPORTABLE = OP_LIST.filter((spec) => spec.onnx !== undefined);
/**
 * Ops whose ONNX operator has no float64 kernel in ONNX Runtime's CPU provider (onnxruntime-web
 * 1.23): their float64 models are valid ONNX, but ORT cannot create a session for them.
 */
const NO_FLOAT64_KERNEL = ['cos', 'tan', 'asin', 'acos', 'atan', 'sinh', 'cosh', 'asinh', 'acosh', 'atanh', 'erf'];
const runsIn = (dtype: OnnxDType) => EXPORTABLE.filter((spec) => dtype === 'float32' || !NO_FLOAT64_KERNEL.includes(spec.name));

/** Runs a model on rows (a [batch, nin] input) and returns its [batch, nout] output row-major. */
async function runOnnx(bytes: Uint8Array, dtype: OnnxDType, rows: readonly number[][]): Promise<number[]> {
  const session = await ort.InferenceSession.create(bytes);
  const data = dtype === 'float32' ? Float32Array.from(rows.flat()) : Float64Array.from(rows.flat());
  const result = await session.run({ input: new ort.Tensor(dtype, data, [rows.length, rows[0]?.length ?? 0]) });
  await session.release();
  return Array.from(result.output.data as Float32Array | Float64Array);
}

/** Asserts agreement within the dtype's tolerance and records the worst relative error seen. */
function expectAgree(label: string, dtype: OnnxDType, got: readonly number[], want: readonly number[], scale: readonly number[]): void {
  expect(got.length).toBe(want.length);
  want.forEach((w, i) => {
    if (Number.isNaN(w)) return expect(got[i]).toBeNaN();
    if (got[i] === w) return; // infinities included
    const error = Math.abs(got[i] - w) / Math.max(1, scale[i]);
    worst[`${label} ${dtype}`] = Math.max(worst[`${label} ${dtype}`] ?? 0, error);
    expect(error, `output ${i}: onnx ${got[i]}, chainrule ${w}`).toBeLessThanOrEqual(TOLERANCE[dtype]);
  });
}

/** Rows as the model sees them: float32 inputs are rounded before chainrule gets them too. */
const asDType = (rows: number[][], dtype: OnnxDType) => (dtype === 'float32' ? rows.map((r) => r.map(Math.fround)) : rows);

/** The largest |value| any node passes through while computing y (float error scales with it). */
function magnitude(y: Value): number {
  return topologicalOrder([y]).reduce((m, v) => Math.max(m, Math.abs(v.data)), 0);
}

const arbMLP = fc.record({
  nin: fc.integer({ min: 1, max: 5 }),
  nouts: fc.array(fc.integer({ min: 1, max: 8 }), { minLength: 1, maxLength: 3 }),
  activation: fc.constantFrom(...ACTIVATIONS),
  outputActivation: fc.constantFrom(...ACTIVATIONS),
  seed: fc.integer({ min: 0, max: 1000 }),
  batch: fc.integer({ min: 1, max: 6 }),
});

describe.each(['float32', 'float64'] as const)('toOnnx (%s) in ONNX Runtime agrees with chainrule', (dtype) => {
  it('random MLPs, exported as Gemm layers and as their Value graph (MatMul layers)', async () => {
    await fc.assert(
      fc.asyncProperty(arbMLP, fc.infiniteStream(fc.double({ min: -3, max: 3, noNaN: true })), async (spec, stream) => {
        // Arrange: a seeded network and a batch of rows
        const net = new MLP(spec.nin, spec.nouts, { activation: spec.activation, outputActivation: spec.outputActivation, seed: spec.seed });
        const rows = asDType(Array.from({ length: spec.batch }, () => Array.from({ length: spec.nin }, () => stream.next().value)), dtype);
        const placeholders = Array.from({ length: spec.nin }, () => new Value(0));
        // Act: both exports, run by ORT
        const fromNet = await runOnnx(toOnnx(net, { dtype }), dtype, rows);
        const fromGraph = await runOnnx(toOnnx(net.forward(placeholders), { inputs: placeholders, dtype }), dtype, rows);
        // Assert: both equal the graph path, row by row
        const outs = rows.map((r) => net.forward(r));
        const want = outs.flat().map((v) => v.data);
        const scale = outs.flat().map(magnitude);
        expectAgree('MLP (Gemm)', dtype, fromNet, want, scale);
        expectAgree('MLP graph (MatMul)', dtype, fromGraph, want, scale);
      }),
      { numRuns: RUNS, seed: SEED },
    );
  });

  it('random expressions over every op of the table, at points where they are smooth', async () => {
    const arbCase = arbExpression({ variables: 3, ops: runsIn(dtype).map((spec) => spec.name as OpName) }).chain((expr) =>
      fc.array(arbPoint(3), { minLength: 1, maxLength: 4 }).map((points) => ({
        expr,
        points: asDType(points, dtype).filter((p) => expr.isSmoothAt(p, { radius: 1e-4, maxMagnitude: 1e4 })),
      })),
    );
    await fc.assert(
      fc.asyncProperty(arbCase, async ({ expr, points }) => {
        fc.pre(points.length > 0);
        // Arrange: the expression over three placeholder inputs
        const vars = [0, 1, 2].map(() => new Value(0));
        const bytes = toOnnx([expr.build(vars)], { inputs: vars, dtype });
        // Act
        const got = await runOnnx(bytes, dtype, points);
        // Assert
        const ys = points.map((p) => expr.build(p.map((x) => new Value(x))));
        expectAgree('random graph', dtype, got, ys.map((y) => y.data), ys.map(magnitude));
      }),
      { numRuns: RUNS * 2, seed: SEED },
    );
  });

  it('every op of the table exports and runs, edge conventions included (or is named: no ONNX form, no float64 kernel in ORT)', async () => {
    for (const spec of OP_LIST) {
      // Arrange: the op over two inputs (n-ary ops over two terms), at ordinary points, at 0 (the
      // kinks, 0^0, log 0, 0/0) and at saturation and overflow (sigmoid(±800), exp(800))
      const x = new Value(0);
      const y = new Value(0);
      const rows = asDType([[0.7, 1.3], [-0.4, 2], [0, 0.5], [0, 0], [-1, 0], [800, -800], [-800, 3]], dtype);
      const build = () => toOnnx([opOver(spec, x, y)], { inputs: [x, y], dtype });
      if (!EXPORTABLE.includes(spec)) {
        expect(build).toThrow(`chainrule.toOnnx: every op of the graph must be an op with an ONNX form, received "${spec.name}".`);
        continue;
      }
      if (!runsIn(dtype).includes(spec)) {
        await expect(runOnnx(build(), dtype, rows)).rejects.toThrow(/Could not find an implementation/);
        continue;
      }
      // Act
      const got = await runOnnx(build(), dtype, rows);
      // Assert: the op built on each row's numbers
      const want = rows.map(([a, b]) => opOver(spec, new Value(a), new Value(b)).data);
      expectAgree(`op ${spec.name}`, dtype, got, want, want.map(Math.abs));
    }
  });
});

/** The op applied to x and y: unary ops to x, n-ary ops to two terms. */
function opOver(spec: OpSpec, x: Value, y: Value): Value {
  if (spec.arity === 1) return applyOp(spec.name, [x]);
  if (spec.arity === 2) return applyOp(spec.name, [x, y]);
  return applyOp(spec.name, spec.group === 2 ? [x, y, y, x] : [x, y]);
}

describe('toOnnx structure and errors', () => {
  it('an MLP is one Gemm per layer; its Value graph uses one MatMul per layer and no Mul', () => {
    const net = new MLP(4, [8, 8, 2], { activation: 'tanh', seed: 1 });
    const x = [0, 1, 2, 3].map(() => new Value(0));
    // NodeProto.op_type is field 4, a string: the byte 0x22, the length, the name.
    const count = (bytes: Uint8Array, op: string) => new TextDecoder('latin1').decode(bytes).split(`\u0022${String.fromCharCode(op.length)}${op}`).length - 1;
    expect(count(toOnnx(net), 'Gemm')).toBe(3);
    const graph = toOnnx(net.forward(x), { inputs: x });
    expect(count(graph, 'MatMul')).toBe(3);
    expect(count(graph, 'Mul')).toBe(0);
  });

  it('a defined op exports through the onnx field of its definition; without one, toOnnx names it', async () => {
    // softsign(a) = a / (1 + |a|), a user op, with and without an ONNX form
    const form = { build: (g: Parameters<NonNullable<OpSpec['onnx']>['build']>[0], [a]: readonly string[]) => g.node('Div', [a, g.node('Add', [g.constant(1), g.node('Abs', [a])])]) };
    const rules = { arity: 1, forward: (a: number) => a / (1 + Math.abs(a)), local: (_i: number, a: number) => (1 + Math.abs(a)) ** -2 } as const;
    const softsign = defineOp({ name: 'softsignOnnx', ...rules, onnx: form });
    const bare = defineOp({ name: 'softsignBare', ...rules });
    const x = new Value(0);
    const rows = [[-3], [0], [0.5], [40]];
    const got = await runOnnx(toOnnx([softsign(x).mul(2)], { inputs: [x], dtype: 'float64' }), 'float64', rows);
    expectAgree('defined op', 'float64', got, rows.map(([a]) => (2 * a) / (1 + Math.abs(a))), rows.map(() => 1));
    expect(() => toOnnx([bare(x).exp()], { inputs: [x] })).toThrow('chainrule.toOnnx: every op of the graph must be an op with an ONNX form, received "softsignBare". Give its table entry an onnx field to export it.');
  });

  it('bad arguments throw in the house format, naming the argument', () => {
    const x = new Value(1);
    const y = x.mul(2);
    expect(() => toOnnx([y], { inputs: [x], dtype: 'float16' as OnnxDType })).toThrow('chainrule.toOnnx: options.dtype must be "float32" or "float64", received "float16".');
    expect(() => toOnnx([], { inputs: [x] })).toThrow('chainrule.toOnnx: outputs must be a non-empty array of Values (or a Model, such as an MLP), received an array of length 0.');
    expect(() => toOnnx([y], { inputs: [y] })).toThrow('chainrule.toOnnx: options.inputs[0] must be a leaf Value, received "a mul node".');
    expect(() => toOnnx([y], {} as { inputs: Value[] })).toThrow('chainrule.toOnnx: options.inputs must be an array of leaf Values, received undefined.');
  });

  it('an unknown option key, or inputs given with a model, is refused (never silently ignored)', () => {
    const x = new Value(1);
    const y = x.mul(2);
    const net = new MLP(2, [1], { seed: 1 });
    expect(() => toOnnx([y], { inputs: [x], dtyp: 'float64' } as object as { inputs: Value[] })).toThrowErrorMatchingInlineSnapshot(`[TypeError: chainrule.toOnnx: the keys of options must be among inputs, dtype, received "dtyp". Did you mean "dtype"?]`);
    expect(() => toOnnx(net, { dtyp: 'float64' } as object)).toThrowErrorMatchingInlineSnapshot(`[TypeError: chainrule.toOnnx: the keys of options must be among dtype, received "dtyp". Did you mean "dtype"?]`);
    expect(() => toOnnx(net, { inputs: [x] } as object)).toThrowErrorMatchingInlineSnapshot(`[TypeError: chainrule.toOnnx: the keys of options must be among dtype, received "inputs". A model is exported over its own nin inputs: toOnnx(model) or toOnnx(model, { dtype }); options.inputs is for a Value graph, toOnnx(outputs, { inputs }).]`);
    expect(() => toOnnx([y], Object.create({ inputs: [x] }) as { inputs: Value[] })).toThrow('chainrule.toOnnx: options.inputs must be an own property of options, received an inherited one.');
    expect(() => toOnnx(net, [] as object)).toThrow('chainrule.toOnnx: options must be an object');
  });
});

afterAll(() => {
  console.log('worst relative error per check:', worst);
});
