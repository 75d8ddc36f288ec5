import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  Value, applyOp, compile, constant, dot, evaluateAll, gradients, hessianGraph, hvp, jacobianGraph, jvp, logsumexp, sum, toSource, topologicalOrder, zeroGrad,
} from '../../src/index.js';
import { Adam, Layer, MLP, Neuron, SGD, hingeLoss, l2Penalty, lossAndGradient, meanLoss, mse, referenceBackprop, softmaxCrossEntropy, train } from '../../src/nn/index.js';
import { toOnnx } from '../../src/export/onnx/index.js';
import { gradcheck } from '../../src/testing/index.js';
import { RUNS, SEED } from '../helpers/runs.js';

// An array with a hole (`[, x]`, `new Array(3)`, `delete xs[1]`) is refused by every function that
// checks an array, naming the index of the hole, as it names any other bad element; forEach and
// map skip holes, so a check written with them let one through to fail later, unnamed.

/** One array argument: valid elements for a list of length n, and the call that takes the list. */
interface Entry {
  readonly elements: (n: number) => unknown[];
  readonly call: (list: unknown[], n: number) => unknown;
}

const leaves = (n: number) => Array.from({ length: n }, (_, i) => new Value(i + 0.5, `v${i}`));
const numbers = (n: number) => Array.from({ length: n }, (_, i) => i / 4);
const net = (nin: number) => new MLP(nin, [2, 1], { seed: 1 });
const f = (...xs: Value[]) => sum(xs).tanh();

const ENTRIES: Record<string, Entry> = {
  'sum(values)': { elements: leaves, call: (xs) => sum(xs as Value[]) },
  'logsumexp(values)': { elements: leaves, call: (xs) => logsumexp(xs as Value[]) },
  'dot(a, b): a': { elements: leaves, call: (a, n) => dot(a as Value[], numbers(n)) },
  'dot(a, b): b': { elements: numbers, call: (b, n) => dot(leaves(n), b as number[]) },
  "applyOp('sum', inputs)": { elements: leaves, call: (xs) => applyOp('sum', xs as Value[]) },
  'zeroGrad(values)': { elements: leaves, call: (xs) => zeroGrad(xs as Value[]) },
  'topologicalOrder(roots)': { elements: leaves, call: (xs) => topologicalOrder(xs as Value[]) },
  'gradients(y, xs)': { elements: leaves, call: (xs) => gradients(new Value(1).exp(), xs as Value[]) },
  'hessianGraph(y, xs)': { elements: leaves, call: (xs) => hessianGraph(new Value(1).exp(), xs as Value[]) },
  'jacobianGraph(ys, xs): ys': { elements: leaves, call: (ys) => jacobianGraph(ys as Value[], leaves(1)) },
  'jacobianGraph(ys, xs): xs': { elements: leaves, call: (xs) => jacobianGraph([new Value(1).exp()], xs as Value[]) },
  'evaluateAll(ys, at)': { elements: leaves, call: (ys) => evaluateAll(ys as Value[], new Map()) },
  'toSource(outputs, options): outputs': { elements: leaves, call: (ys) => toSource(ys as Value[], { inputs: [] }) },
  'toSource(outputs, options): options.inputs': { elements: leaves, call: (xs) => toSource([new Value(1).exp()], { inputs: xs as Value[] }) },
  'compile(outputs, options): outputs': { elements: leaves, call: (ys) => compile(ys as Value[], { inputs: [] }) },
  'compile(outputs, options): options.inputs': { elements: leaves, call: (xs) => compile([sum(leaves(1)).exp()], { inputs: xs as Value[] }) },
  'toOnnx(outputs, options): outputs': { elements: leaves, call: (ys) => toOnnx(ys as Value[], { inputs: [] }) },
  'toOnnx(outputs, options): options.inputs': { elements: leaves, call: (xs) => toOnnx([new Value(1).exp()], { inputs: xs as Value[] }) },
  'jvp(f, primals, tangents): primals': { elements: numbers, call: (xs, n) => jvp(f, xs as number[], numbers(n)) },
  'jvp(f, primals, tangents): tangents': { elements: numbers, call: (v, n) => jvp(f, numbers(n), v as number[]) },
  'hvp(f, xs, v): xs': { elements: numbers, call: (xs, n) => hvp(f, xs as number[], numbers(n)) },
  'hvp(f, xs, v): v': { elements: numbers, call: (v, n) => hvp(f, numbers(n), v as number[]) },
  'gradcheck(f, xs)': { elements: numbers, call: (xs) => gradcheck(f, xs as number[]) },
  'new MLP(nin, nouts)': { elements: (n) => Array.from({ length: n }, () => 2), call: (nouts) => new MLP(2, nouts as number[]) },
  'MLP.fromLayers(layers)': { elements: (n) => Array.from({ length: n }, () => new Layer([new Neuron(leaves(1), new Value(0))])), call: (layers) => MLP.fromLayers(layers as Layer[]) },
  'new Layer(neurons)': { elements: (n) => Array.from({ length: n }, () => new Neuron(leaves(2), new Value(0))), call: (neurons) => new Layer(neurons as Neuron[]) },
  'new Neuron(w, b)': { elements: leaves, call: (w) => new Neuron(w as Value[], new Value(0)) },
  'net.forward(x)': { elements: numbers, call: (x) => net(x.length).forward(x as number[]) },
  'mse(pred, target): pred': { elements: leaves, call: (pred, n) => mse(pred as Value[], numbers(n)) },
  'mse(pred, target): target': { elements: numbers, call: (target, n) => mse(leaves(n), target as number[]) },
  'meanLoss(losses)': { elements: leaves, call: (losses) => meanLoss(losses as Value[]) },
  'softmaxCrossEntropy(logits, label)': { elements: leaves, call: (logits) => softmaxCrossEntropy(logits as Value[], 0) },
  'softmaxCrossEntropy(logits, target): target': { elements: (n) => Array.from({ length: n }, (_, i) => (i === 0 ? 1 : 0)), call: (t, n) => softmaxCrossEntropy(leaves(n), t as number[]) },
  'hingeLoss(scores, labels)': { elements: (n) => Array.from({ length: n }, () => 1), call: (labels, n) => hingeLoss(leaves(n), labels as number[]) },
  'l2Penalty(params, alpha)': { elements: leaves, call: (params) => l2Penalty(params as Value[], 0.1) },
  'new SGD(params)': { elements: leaves, call: (params) => new SGD(params as Value[], { lr: 0.1 }) },
  'new Adam(params)': { elements: leaves, call: (params) => new Adam(params as Value[]) },
  'train(model, data)': { elements: (n) => Array.from({ length: n }, () => ({ x: [0.5], y: [1] })), call: (data) => train(net(1), data as { x: number[]; y: number[] }[]) },
  'train(model, data): data[0].x': { elements: numbers, call: (x) => train(net(x.length), [{ x: x as number[], y: [1] }]) },
  'lossAndGradient(model, batch)': { elements: (n) => Array.from({ length: n }, () => ({ x: [0.5], y: [1] })), call: (batch) => lossAndGradient(net(1), batch as { x: number[]; y: number[] }[]) },
  'referenceBackprop(net, x, y): x': { elements: numbers, call: (x) => referenceBackprop(net(x.length), x as number[], [1]) },
  'MLP.fromJSON: layers': {
    elements: (n) => Array.from({ length: n }, () => ({ activation: 'relu', neurons: [{ w: [1], b: 0 }] })),
    call: (layers) => MLP.fromJSON({ format: 'chainrule.mlp', version: 1, nin: 1, layers }),
  },
  'MLP.fromJSON: layers[0].neurons': {
    elements: (n) => Array.from({ length: n }, () => ({ w: [1], b: 0 })),
    call: (neurons) => MLP.fromJSON({ format: 'chainrule.mlp', version: 1, nin: 1, layers: [{ activation: 'relu', neurons }] }),
  },
  'MLP.fromJSON: layers[0].neurons[0].w': {
    elements: numbers,
    call: (w) => MLP.fromJSON({ format: 'chainrule.mlp', version: 1, nin: w.length, layers: [{ activation: 'relu', neurons: [{ w, b: 0 }] }] }),
  },
};

describe('every array check rejects a hole, naming its index', () => {
  it.each(Object.keys(ENTRIES))('property: %s with a hole at any index throws naming that index', (name) => {
    const { elements, call } = ENTRIES[name];
    fc.assert(
      fc.property(fc.integer({ min: 1, max: 4 }).chain((n) => fc.tuple(fc.constant(n), fc.nat({ max: n - 1 }))), ([n, k]) => {
        // Arrange: valid elements, then a hole at k
        const list = elements(n);
        delete list[k];
        // Act
        let thrown: unknown = null;
        try {
          call(list, n);
        } catch (e) {
          thrown = e;
        }
        // Assert: the house format, naming index k (the shared core checks say "an empty slot"; element loops read it as undefined)
        expect(thrown, 'no error').not.toBeNull();
        const message = (thrown as Error).message;
        expect(thrown instanceof TypeError || thrown instanceof RangeError, message).toBe(true);
        expect(message).toMatch(/^chainrule\.[\w.]+: /);
        expect(message).toContain(`[${k}]`);
      }),
      { numRuns: Math.min(RUNS, 20), seed: SEED },
    );
  });

  it('the shared checks of the core say what is there: an empty slot of a sparse array', () => {
    const x = new Value(1, 'x');
    // eslint-disable-next-line no-sparse-arrays
    expect(() => gradients(x.mul(x), [, x] as Value[])).toThrowErrorMatchingInlineSnapshot(`[TypeError: chainrule.gradients: xs[0] must be a Value, received an empty slot (a hole in a sparse array).]`);
    expect(() => sum(new Array(3))).toThrowErrorMatchingInlineSnapshot(`[TypeError: chainrule.sum: values[0] must be a Value or a number, received an empty slot (a hole in a sparse array).]`);
    expect(constant(1).data).toBe(1);
  });
});
