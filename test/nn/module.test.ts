import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { Value, constant } from '../../src/index.js';
import { ACTIVATIONS, Layer, MLP, Neuron, defaultInit, gaussian, initialWeights, mulberry32, shuffleInPlace } from '../../src/nn/index.js';

const RUNS = Number(process.env.FC_RUNS ?? 100);
const SEED = Number(process.env.FC_SEED ?? 31337); // FC_SEED overrides, as everywhere

describe('MLP structure', () => {
  it('indexes weights as the notes do: layers[l].neurons[j].w[k] connects k of layer l−1 to j of layer l', () => {
    const net = new MLP(3, [4, 2]);
    expect(net.layers.map((l) => l.neurons.length)).toEqual([4, 2]);
    expect(net.layers[0].neurons[3].w).toHaveLength(3);
    expect(net.layers[1].neurons[1].w).toHaveLength(4);
    expect(net.parameters()).toHaveLength(4 * (3 + 1) + 2 * (4 + 1));
    expect(net.nouts).toEqual([4, 2]);
  });

  it('computes σ(Σ_k w_jk a_k + b_j) layer by layer, each weighted sum one dot node', () => {
    const net = new MLP(2, [2, 1], { activation: 'tanh', outputActivation: 'sigmoid', seed: 3 });
    const x = [0.3, -0.7];
    const [out] = net.forward(x);
    const hidden = net.layers[0].neurons.map((n) => Math.tanh(n.w[0].data * x[0] + n.w[1].data * x[1] + n.b.data));
    const o = net.layers[1].neurons[0];
    const z = o.w[0].data * hidden[0] + o.w[1].data * hidden[1] + o.b.data;
    expect(out.data).toBeCloseTo(1 / (1 + Math.exp(-z)), 14);
    expect(out.op).toBe('sigmoid');
    expect(out.inputs[0].op).toBe('add');
    expect(out.inputs[0].inputs[0].op).toBe('dot');
  });

  it('shares one constant node per input across the whole first layer', () => {
    const net = new MLP(3, [5], { activation: 'linear' });
    const outs = net.forward([1, 2, 3]);
    const inputsOf = (v: Value) => v.inputs[0].inputs.slice(3);
    for (const o of outs) inputsOf(o).forEach((c, k) => expect(c).toBe(inputsOf(outs[0])[k]));
    expect(inputsOf(outs[0]).every((c) => !c.requiresGrad)).toBe(true);
  });

  it('gives ∂C/∂x when the inputs are Values', () => {
    const net = new MLP(2, [1], { activation: 'linear', seed: 2 });
    const x = [new Value(1), new Value(2)];
    net.forward(x)[0].backward();
    expect(x.map((v) => v.grad)).toEqual(net.layers[0].neurons[0].w.map((w) => w.data));
  });

  it('zeroGrad clears every parameter', () => {
    const net = new MLP(2, [3, 1]);
    net.forward([1, 1])[0].backward();
    expect(net.parameters().some((p) => p.grad !== 0)).toBe(true);
    net.zeroGrad();
    expect(net.parameters().every((p) => p.grad === 0)).toBe(true);
  });

  it('builds from layers, and refuses layers that do not chain', () => {
    const n = (nin: number) => new Neuron(Array.from({ length: nin }, () => new Value(1)), new Value(0));
    expect(MLP.fromLayers([new Layer([n(2), n(2)]), new Layer([n(2)])]).nouts).toEqual([2, 1]);
    expect(() => MLP.fromLayers([new Layer([n(2)]), new Layer([n(3)])])).toThrowErrorMatchingInlineSnapshot(
      `[RangeError: chainrule.MLP.fromLayers: layers[1].nin must be 1 (the width of layers[0]), received 3.]`,
    );
    expect(() => new Layer([n(2), n(3)])).toThrow('chainrule.Layer: neurons[1].w must be an array of length 2 (as neurons[0].w), received an array of length 3.');
    expect(() => new Layer([n(1), new Neuron([new Value(1)], new Value(0), 'relu')])).toThrow(/neurons\[1\]\.activation must be "sigmoid"/);
  });

  it('rejects bad arguments with messages naming them', () => {
    expect(() => new MLP(0, [1])).toThrowErrorMatchingInlineSnapshot(`[RangeError: chainrule.MLP: nin must be an integer in [1, 67108864], received 0.]`);
    expect(() => new MLP(2, [])).toThrow('chainrule.MLP: nouts must be a non-empty array of layer widths, received an array of length 0.');
    expect(() => new MLP(2, [3, 1.5])).toThrow('chainrule.MLP: nouts[1] must be an integer in [1, 67108864], received 1.5.');
    expect(() => new MLP(2, [1], { activation: 'gelu' as never })).toThrow(
      'chainrule.MLP: options.activation must be "linear" or the name of a unary op (built-in, such as "sigmoid", "tanh", "relu", "softplus", or defined with defineOp), received "gelu".',
    );
    expect(() => new MLP(2, [1], { init: 'zeros' as never })).toThrow(/options\.init must be one of "uniform", "xavier", "he"/);
    const net = new MLP(2, [1]);
    expect(() => net.forward([1])).toThrow('chainrule.MLP.forward: x must be an array of length 2, received an array of length 1.');
    expect(() => net.forward([1, NaN])).toThrow(RangeError);
    expect(() => net.forward([1, '2' as never])).toThrow('chainrule.MLP.forward: x[1] must be a Value or a finite number, received "2".');
  });
});

describe('seeded initialisation', () => {
  it('the same seed gives bit-identical weights; another seed different ones', () => {
    fc.assert(
      fc.property(fc.integer(), fc.constantFrom(...ACTIVATIONS), fc.constantFrom('uniform', 'xavier', 'he' as const), (seed, activation, init) => {
        const a = new MLP(4, [3, 2], { seed, activation, init }).parameters().map((p) => p.data);
        const b = new MLP(4, [3, 2], { seed, activation, init }).parameters().map((p) => p.data);
        const c = new MLP(4, [3, 2], { seed: seed + 1, activation, init }).parameters().map((p) => p.data);
        expect(b).toEqual(a);
        expect(c).not.toEqual(a);
      }),
      { seed: SEED, numRuns: RUNS },
    );
  });

  it('draws uniform in (−1, 1) and Xavier/He normals with their scales', () => {
    const rng = mulberry32(1);
    const u = initialWeights('uniform', 20000, 1, rng);
    expect(Math.min(...u)).toBeGreaterThanOrEqual(-1);
    expect(Math.max(...u)).toBeLessThan(1);
    const std = (xs: number[]) => Math.sqrt(xs.reduce((s, x) => s + x * x, 0) / xs.length);
    expect(std(initialWeights('he', 20000, 10, rng))).toBeCloseTo(Math.sqrt(2 / 20000), 4);
    expect(std(initialWeights('xavier', 10000, 10000, rng)) / Math.sqrt(2 / 20000)).toBeCloseTo(1, 1);
    expect(defaultInit('relu')).toBe('he');
    expect(defaultInit('sigmoid')).toBe('xavier');
  });

  it('mulberry32 is uniform in [0, 1); gaussian has mean 0 and variance 1; shuffle permutes', () => {
    const rng = mulberry32(123);
    const us = Array.from({ length: 20000 }, rng);
    expect(us.every((u) => u >= 0 && u < 1)).toBe(true);
    expect(us.reduce((s, u) => s + u, 0) / us.length).toBeCloseTo(0.5, 1);
    const gs = Array.from({ length: 20000 }, () => gaussian(rng));
    const mean = gs.reduce((s, g) => s + g, 0) / gs.length;
    expect(Math.abs(mean)).toBeLessThan(0.03);
    expect(gs.reduce((s, g) => s + (g - mean) ** 2, 0) / gs.length).toBeCloseTo(1, 1);
    const xs = shuffleInPlace(Array.from({ length: 50 }, (_, i) => i), mulberry32(4));
    expect([...xs].sort((a, b) => a - b)).toEqual(Array.from({ length: 50 }, (_, i) => i));
    expect(xs).not.toEqual(Array.from({ length: 50 }, (_, i) => i));
  });
});

describe('Neuron', () => {
  it('checks its parts', () => {
    expect(() => new Neuron([], new Value(0))).toThrow('chainrule.Neuron: w must be a non-empty array of Value, received an array of length 0.');
    expect(() => new Neuron([1 as never], new Value(0))).toThrow('chainrule.Neuron: w[0] must be a Value, received 1.');
    expect(() => new Neuron([constant(1)], 0 as never)).toThrow('chainrule.Neuron: b must be a Value, received 0.');
  });
});
