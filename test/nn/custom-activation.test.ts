import { describe, expect, it } from 'vitest';
import { Value, defineOp, topologicalOrder } from '../../src/index.js';
import { ACTIVATIONS, Layer, MLP, Neuron, defaultInit, isActivation, referenceBackprop, train } from '../../src/nn/index.js';
import type { Example, TrainEngine } from '../../src/nn/index.js';
import { softsign } from '../helpers/softsign.js';

// Any unary op of the table is an activation: built-in (sin, softplus, …) or defined with
// defineOp, named in MLP / Layer / Neuron, saved by name in toJSON, and trained on both engines.
const ENGINES: TrainEngine[] = ['compiled', 'graph'];
const ss = (z: number) => z / (1 + Math.abs(z));

describe('a unary op of the table is an activation (defect 3)', () => {
  it('isActivation: "linear", every built-in unary op, and user ops once defined; not binary ops or unknown names', () => {
    for (const name of [...ACTIVATIONS, 'softplus', 'sin', 'erf', 'softsign']) expect(isActivation(name)).toBe(true);
    for (const name of ['add', 'pow', 'dot', 'nope', '', 3]) expect(isActivation(name)).toBe(false);
    expect(isActivation('lateActivation')).toBe(false);
    defineOp({ name: 'lateActivation', arity: 1, forward: (a) => a, local: () => 1 });
    expect(isActivation('lateActivation')).toBe(true);
  });

  it('an MLP with a user-op hidden activation computes σ(w·x + b) with that op', () => {
    const net = new MLP(2, [3, 1], { activation: 'softsign', outputActivation: 'linear', seed: 4 });
    expect(net.layers[0].activation).toBe('softsign');
    const x = [0.3, -1.2];
    const hidden = net.layers[0].neurons.map((n) => ss(n.w[0].data * x[0] + n.w[1].data * x[1] + n.b.data));
    const out = net.layers[1].neurons[0];
    const want = hidden.reduce((s, h, k) => s + out.w[k].data * h, 0) + out.b.data;
    const [y] = net.forward(x);
    expect(y.data).toBeCloseTo(want, 14);
    expect(topologicalOrder(net.forward(x)).filter((v) => v.op === 'softsign')).toHaveLength(3);
  });

  it('Neuron and Layer take the op by name; a built-in unary op (softplus) works the same way', () => {
    const n = new Neuron([new Value(0.5)], new Value(0.1), 'softsign');
    expect(n.forward([new Value(2)]).data).toBeCloseTo(ss(1.1), 15);
    const layer = new Layer([new Neuron([new Value(1)], new Value(0), 'softplus')]);
    expect(layer.forward([new Value(0)])[0].data).toBeCloseTo(Math.log(2), 15);
    expect(defaultInit('softsign')).toBe('xavier');
  });

  it('bad names are refused, naming what an activation may be', () => {
    const expected = '"linear" or the name of a unary op (built-in, such as "sigmoid", "tanh", "relu", "softplus", or defined with defineOp)';
    expect(() => new MLP(2, [1], { activation: 'swish' })).toThrow(`chainrule.MLP: options.activation must be ${expected}, received "swish".`);
    expect(() => new MLP(2, [1], { activation: 'add' })).toThrow(`chainrule.MLP: options.activation must be ${expected}, received "add". The op "add" takes 2 operands.`);
    expect(() => new Neuron([new Value(1)], new Value(0), 3 as never)).toThrow(`chainrule.Neuron: activation must be ${expected}, received 3.`);
  });

  it.each(ENGINES)('%s: an MLP with a user-op activation trains, and both engines agree', (engine) => {
    const data: Example[] = Array.from({ length: 12 }, (_, i) => ({ x: [Math.sin(i), Math.cos(2 * i)], y: [Math.sin(i) * Math.cos(2 * i)] }));
    const run = (e: TrainEngine) => {
      const net = new MLP(2, [5, 1], { activation: 'softsign', outputActivation: 'linear', seed: 9 });
      const result = train(net, data, { epochs: 20, batchSize: 4, lr: 0.2, engine: e });
      return { losses: result.losses, weights: net.parameters().map((p) => p.data) };
    };
    const [mine, other] = [run(engine), run(engine === 'compiled' ? 'graph' : 'compiled')];
    mine.losses.forEach((l, i) => expect(l).toBeCloseTo(other.losses[i], 12));
    mine.weights.forEach((w, i) => expect(w).toBeCloseTo(other.weights[i], 12));
    expect(mine.losses[mine.losses.length - 1]).toBeLessThan(mine.losses[0]);
  });

  it('referenceBackprop names an activation it has no hand-written formula for', () => {
    const net = new MLP(1, [1], { activation: 'softsign' });
    expect(() => referenceBackprop(net, [1], [0])).toThrow(
      'chainrule.referenceBackprop: layers[0].activation must be one of "sigmoid", "tanh", "relu", "linear" (the activations written out by hand), received "softsign".',
    );
  });
});

describe('toJSON saves the activation by name; fromJSON needs the op defined (defect 3)', () => {
  it('a user-op network round-trips to the same function', () => {
    const net = new MLP(2, [4, 2], { activation: 'softsign', outputActivation: 'sin', seed: 3 });
    const json = JSON.parse(JSON.stringify(net));
    expect(json.layers.map((l: { activation: string }) => l.activation)).toEqual(['softsign', 'sin']);
    const copy = MLP.fromJSON(json);
    for (const x of [[0.2, -0.7], [3, 1]]) expect(copy.forward(x).map((v) => v.data)).toEqual(net.forward(x).map((v) => v.data));
  });

  it('loading a model whose activation op is not defined fails, naming the op and how to define it', () => {
    const saved = { format: 'chainrule.mlp', version: 1, nin: 1, layers: [{ activation: 'notYetDefined', neurons: [{ w: [1], b: 0 }] }] };
    expect(() => MLP.fromJSON(saved)).toThrow(
      'chainrule.MLP.fromJSON: layers[0].activation must be "linear" or the name of a unary op (built-in, such as "sigmoid", "tanh", "relu", "softplus", or defined with defineOp), received "notYetDefined". Define the op (defineOp({ name: "notYetDefined", … })) before loading a model that uses it.',
    );
    defineOp({ name: 'notYetDefined', arity: 1, forward: (a) => 2 * a, local: () => 2 });
    expect(MLP.fromJSON(saved).forward([3])[0].data).toBe(6);
  });
});

describe('toJSON refuses a network whose forward it cannot reproduce (defect 3)', () => {
  // The workaround: a subclass that applies its own op in forward. Its layers say linear.
  class SoftsignNet extends MLP {
    override forward(x: readonly (Value | number)[]): Value[] {
      let a = x.map((v) => (v instanceof Value ? v : new Value(v)));
      for (const layer of this.layers) a = layer.forward(a).map((z) => softsign(z));
      return a;
    }
  }

  it('a subclass that overrides forward is refused by toJSON (and JSON.stringify), naming the class', () => {
    const net = new SoftsignNet(2, [3, 1], { activation: 'linear', seed: 1 });
    const message =
      "chainrule.MLP.toJSON: the network's forward must be the function its layers compute (what MLP.fromJSON rebuilds), received a SoftsignNet. Pass your op as the activation instead of overriding forward (any unary op by name: { activation: 'myOp' }), or export what forward computes with toOnnx or toSource.";
    expect(() => net.toJSON()).toThrow(message);
    expect(() => JSON.stringify(net)).toThrow(message);
  });

  it('a subclass whose forward builds the same graph as its layers (e.g. it only logs) saves fine', () => {
    class Logged extends MLP {
      calls = 0;
      override forward(x: readonly (Value | number)[]): Value[] {
        this.calls++;
        return super.forward(x);
      }
    }
    const net = new Logged(2, [3, 1], { seed: 1 });
    expect(MLP.fromJSON(net.toJSON()).forward([1, 2])[0].data).toBe(net.forward([1, 2])[0].data);
  });

  it('a layer subclass that changes forward is refused too (MLP.fromLayers keeps the layer objects)', () => {
    class Doubled extends Layer {
      override forward(x: readonly Value[]): Value[] {
        return super.forward(x).map((v) => v.mul(2));
      }
    }
    const base = new MLP(2, [2, 1], { seed: 2 });
    const net = MLP.fromLayers([new Doubled(base.layers[0].neurons), base.layers[1]]);
    expect(() => net.toJSON()).toThrow(/^chainrule\.MLP\.toJSON: the network's forward must be the function its layers compute/);
    expect(net.forwardMatchesLayers()).toBe(false);
    expect(base.forwardMatchesLayers()).toBe(true);
  });

  it('the check sees the weights themselves: a forward that reads other Values is refused', () => {
    class Borrowed extends MLP {
      readonly shadow = new MLP(2, [1], { seed: 99 });
      override forward(x: readonly (Value | number)[]): Value[] {
        return this.shadow.forward(x);
      }
    }
    // The same numbers (same seed) but other Value objects: not a function of this network's parameters.
    expect(new Borrowed(2, [1], { seed: 99 }).forwardMatchesLayers()).toBe(false);
  });
});
