import { describe, expect, it } from 'vitest';
import { Value } from '../../src/index.js';
import * as nn from '../../src/nn/index.js';
import type { Example } from '../../src/nn/index.js';

// Every export of chainrule/nn, fed bad input: each case must throw the error class and message
// given (house format: `chainrule.<fn>: <arg> must be <expected>, received <actual>.`), and leave
// every object it was given as it was. TABLE is typed by the module's exports, and a test below
// compares it with them at run time, so a new export without an entry fails here.

/** The objects a case may touch: all are snapshotted before and after. */
interface Subjects {
  readonly net: nn.MLP;
  readonly adam: nn.Adam;
  readonly sgd: nn.SGD;
  readonly data: Example[];
  readonly items: number[];
  readonly v: Value;
}

interface Case {
  readonly name: string;
  readonly call: (s: Subjects) => unknown;
  readonly error: typeof TypeError | typeof RangeError;
  /** The exact message, or a pattern for the losses (nn/loss.ts words its own expectations). */
  readonly message: string | RegExp;
}

/** An export that takes no input that could be bad: what it promises instead. */
interface NoBadInput {
  readonly instead: string;
  readonly check: () => void;
}

const HOUSE = /^chainrule\.[\w.]+: .+ must be .+, received .+\.( .+)?$/s;

function subjects(): Subjects {
  const net = new nn.MLP(2, [3, 1], { seed: 5 });
  const adam = new nn.Adam(net.parameters(), { lr: 0.01 });
  const sgd = new nn.SGD(net.parameters(), { lr: 0.1, momentum: 0.5 });
  // Give the optimizers some state, so "unchanged" means something.
  const data: Example[] = [
    { x: [0, 1], y: [1] },
    { x: [1, 0], y: [0] },
    { x: [1, 1], y: [1] },
  ];
  nn.lossAndGradient(net, data);
  adam.step();
  sgd.step();
  return { net, adam, sgd, data, items: [1, 2, 3, 4], v: new Value(0.5) };
}

function snapshot(s: Subjects): string {
  const optimizer = (o: object) =>
    Object.fromEntries(Object.entries(o).filter(([k]) => k !== 'params').map(([k, x]) => [k, x instanceof Float64Array ? Array.from(x) : x]));
  return JSON.stringify({
    params: s.net.parameters().map((p) => [p.data, p.grad]),
    layers: s.net.layers.length,
    adam: optimizer(s.adam),
    sgd: optimizer(s.sgd),
    data: s.data,
    items: s.items,
    v: [s.v.data, s.v.grad],
  });
}

const json = (s: Subjects) => JSON.parse(JSON.stringify(s.net)) as Record<string, any>;
const custom: nn.ExampleLoss = (pred, y) => pred[0].sub(y[0]).mul(pred[0].sub(y[0]));
const T = TypeError;
const R = RangeError;

const TRAIN_KEYS = '"epochs", "batchSize", "optimizer", "lr", "seed", "shuffle", "onProgress", "progressEvery", "onEpochEnd", "dtype", "loss", "engine"';

const TABLE: { readonly [K in keyof typeof nn]: readonly Case[] | NoBadInput } = {
  MLP: [
    { name: 'nin a string', call: () => new nn.MLP('2' as never, [1]), error: T, message: 'chainrule.MLP: nin must be an integer, received "2".' },
    { name: 'nin non-integer', call: () => new nn.MLP(1.5, [1]), error: R, message: 'chainrule.MLP: nin must be an integer in [1, 67108864], received 1.5.' },
    { name: 'nin NaN', call: () => new nn.MLP(NaN, [1]), error: R, message: 'chainrule.MLP: nin must be an integer in [1, 67108864], received NaN.' },
    { name: 'nin 1e12', call: () => new nn.MLP(1e12, [1]), error: R, message: 'chainrule.MLP: nin must be an integer in [1, 67108864], received 1000000000000.' },
    { name: 'too many parameters', call: () => new nn.MLP(100000, [100000]), error: R, message: 'chainrule.MLP: the parameter count of nin and nouts must be at most 67108864 (one Value object each), received 10000100000.' },
    { name: 'nouts empty', call: () => new nn.MLP(2, []), error: R, message: 'chainrule.MLP: nouts must be a non-empty array of layer widths, received an array of length 0.' },
    { name: 'nouts not an array', call: () => new nn.MLP(2, 3 as never), error: T, message: 'chainrule.MLP: nouts must be an array of layer widths, received 3.' },
    { name: 'a width Infinity', call: () => new nn.MLP(2, [4, Infinity]), error: R, message: 'chainrule.MLP: nouts[1] must be an integer in [1, 67108864], received Infinity.' },
    { name: 'a negative width', call: () => new nn.MLP(2, [-1]), error: R, message: 'chainrule.MLP: nouts[0] must be an integer in [1, 67108864], received -1.' },
    { name: 'options not an object', call: () => new nn.MLP(2, [1], 'relu' as never), error: T, message: 'chainrule.MLP: options must be an object, received "relu".' },
    {
      name: 'an unknown option',
      call: () => new nn.MLP(2, [1], { activaton: 'relu' } as never),
      error: R,
      message: 'chainrule.MLP: options.activaton must be a known option (one of "activation", "outputActivation", "seed", "init"), received "relu". Did you mean "activation"?',
    },
    { name: 'seed NaN', call: () => new nn.MLP(2, [1], { seed: NaN }), error: R, message: 'chainrule.MLP: options.seed must be a finite number, received NaN.' },
    { name: 'an unknown init', call: () => new nn.MLP(2, [1], { init: 'glorot' as never }), error: R, message: 'chainrule.MLP: options.init must be one of "uniform", "xavier", "he", received "glorot".' },
    { name: 'an unknown activation', call: () => new nn.MLP(2, [1], { activation: 'swish' as never }), error: R, message: 'chainrule.MLP: options.activation must be "linear" or the name of a unary op (built-in, such as "sigmoid", "tanh", "relu", "softplus", or defined with defineOp), received "swish".' },
    { name: 'forward: x null', call: (s) => s.net.forward(null as never), error: T, message: 'chainrule.MLP.forward: x must be an array of Value or number, received null.' },
    { name: 'forward: x too short', call: (s) => s.net.forward([1]), error: R, message: 'chainrule.MLP.forward: x must be an array of length 2, received an array of length 1.' },
    { name: 'forward: x NaN', call: (s) => s.net.forward([1, NaN]), error: R, message: 'chainrule.MLP.forward: x[1] must be a Value or a finite number, received NaN.' },
    { name: 'forward: x a string', call: (s) => s.net.forward(['a', 1] as never), error: T, message: 'chainrule.MLP.forward: x[0] must be a Value or a finite number, received "a".' },
    { name: 'fromLayers: empty', call: () => nn.MLP.fromLayers([]), error: R, message: 'chainrule.MLP.fromLayers: layers must be a non-empty array of Layer, received an array of length 0.' },
    { name: 'fromLayers: not a Layer', call: () => nn.MLP.fromLayers([1 as never]), error: T, message: 'chainrule.MLP.fromLayers: layers[0] must be a Layer, received 1.' },
    { name: 'fromLayers: widths do not chain', call: (s) => nn.MLP.fromLayers([s.net.layers[0], s.net.layers[0]]), error: R, message: 'chainrule.MLP.fromLayers: layers[1].nin must be 3 (the width of layers[0]), received 2.' },
    { name: 'fromJSON: an extra key', call: (s) => nn.MLP.fromJSON({ ...json(s), extra: 1 }), error: R, message: 'chainrule.MLP.fromJSON: extra must be a known field (one of "format", "version", "nin", "layers"), received 1.' },
    {
      name: 'fromJSON: a __proto__ key in JSON text',
      call: (s) => nn.MLP.fromJSON(JSON.stringify(json(s)).replace('{', '{"__proto__":{"nin":2},')),
      error: R,
      message: 'chainrule.MLP.fromJSON: __proto__ must be a known field (one of "format", "version", "nin", "layers"), received an object.',
    },
    {
      name: 'fromJSON: inherited layers',
      call: (s) => {
        const { layers, ...rest } = json(s);
        return nn.MLP.fromJSON(Object.assign(Object.create({ layers }), rest));
      },
      error: T,
      message: 'chainrule.MLP.fromJSON: the saved model must be plain JSON data (an object with no prototype but Object.prototype), received an object.',
    },
    {
      name: 'fromJSON: an extra key in a neuron',
      call: (s) => {
        const j = json(s);
        j.layers[1].neurons[0].bias = 0;
        return nn.MLP.fromJSON(j);
      },
      error: R,
      message: 'chainrule.MLP.fromJSON: layers[1].neurons[0].bias must be a known field (one of "w", "b"), received 0.',
    },
    {
      name: 'fromJSON: an extra key in a layer',
      call: (s) => nn.MLP.fromJSON({ ...json(s), layers: [{ ...json(s).layers[0], act: 'relu' }, json(s).layers[1]] }),
      error: R,
      message: 'chainrule.MLP.fromJSON: layers[0].act must be a known field (one of "activation", "neurons"), received "relu".',
    },
    {
      name: 'toJSON: a NaN weight',
      call: (s) => {
        const w = s.net.layers[0].neurons[1].w[0];
        const saved = w.data;
        w.data = NaN;
        try {
          return s.net.toJSON();
        } finally {
          w.data = saved;
        }
      },
      error: R,
      message: 'chainrule.MLP.toJSON: layers[0].neurons[1].w[0] must be a finite number, received NaN. A saved model must load back: train with a lower learning rate, or reset the weight.',
    },
  ],
  Layer: [
    { name: 'neurons null', call: () => new nn.Layer(null as never), error: T, message: 'chainrule.Layer: neurons must be an array of Neuron, received null.' },
    { name: 'neurons empty', call: () => new nn.Layer([]), error: R, message: 'chainrule.Layer: neurons must be a non-empty array of Neuron, received an array of length 0.' },
    { name: 'a neuron that is not one', call: (s) => new nn.Layer([s.net.layers[0].neurons[0], 1 as never]), error: T, message: 'chainrule.Layer: neurons[1] must be a Neuron, received 1.' },
    { name: 'ragged neurons', call: (s) => new nn.Layer([s.net.layers[0].neurons[0], s.net.layers[1].neurons[0]]), error: R, message: 'chainrule.Layer: neurons[1].w must be an array of length 2 (as neurons[0].w), received an array of length 3.' },
    { name: 'forward: x null', call: (s) => s.net.layers[0].forward(null as never), error: T, message: 'chainrule.Layer.forward: x must be an array of Value, received null.' },
    { name: 'forward: x too long', call: (s) => s.net.layers[0].forward([s.v, s.v, s.v]), error: R, message: 'chainrule.Layer.forward: x must be an array of length 2, received an array of length 3.' },
    { name: 'forward: a number in x', call: (s) => s.net.layers[0].forward([s.v, 1 as never]), error: T, message: 'chainrule.Layer.forward: x[1] must be a Value, received 1.' },
  ],
  Neuron: [
    { name: 'w empty', call: (s) => new nn.Neuron([], s.v), error: R, message: 'chainrule.Neuron: w must be a non-empty array of Value, received an array of length 0.' },
    { name: 'w a number', call: (s) => new nn.Neuron(1 as never, s.v), error: T, message: 'chainrule.Neuron: w must be an array of Value, received 1.' },
    { name: 'b a number', call: (s) => new nn.Neuron([s.v], 0 as never), error: T, message: 'chainrule.Neuron: b must be a Value, received 0.' },
    { name: 'an unknown activation', call: (s) => new nn.Neuron([s.v], s.v, 'swish' as never), error: R, message: 'chainrule.Neuron: activation must be "linear" or the name of a unary op (built-in, such as "sigmoid", "tanh", "relu", "softplus", or defined with defineOp), received "swish".' },
    { name: 'forward: x undefined', call: (s) => s.net.layers[0].neurons[0].forward(undefined as never), error: T, message: 'chainrule.Neuron.forward: x must be an array of Value, received undefined.' },
    { name: 'forward: x too short', call: (s) => s.net.layers[0].neurons[0].forward([s.v]), error: R, message: 'chainrule.Neuron.forward: x must be an array of length 2, received an array of length 1.' },
  ],
  ACTIVATIONS: {
    instead: 'is frozen: no caller can add or change an activation name',
    check: () => {
      expect(Object.isFrozen(nn.ACTIVATIONS)).toBe(true);
      expect(() => (nn.ACTIVATIONS as string[]).push('swish')).toThrow(TypeError);
    },
  },
  isActivation: {
    instead: 'is a predicate: it answers false for any value that is not an activation name, and never throws',
    check: () => {
      for (const x of [null, undefined, NaN, 'swish', 'toString', '__proto__', {}, ['relu'], 1]) expect(nn.isActivation(x)).toBe(false);
      for (const a of nn.ACTIVATIONS) expect(nn.isActivation(a)).toBe(true);
    },
  },
  initialWeights: [
    { name: 'an unknown scheme', call: () => nn.initialWeights('glorot' as never, 2, 2, nn.mulberry32(1)), error: R, message: 'chainrule.initialWeights: scheme must be one of "uniform", "xavier", "he", received "glorot".' },
    { name: 'nin 0', call: () => nn.initialWeights('he', 0, 2, nn.mulberry32(1)), error: R, message: 'chainrule.initialWeights: nin must be an integer in [1, 67108864], received 0.' },
    { name: 'nout non-integer', call: () => nn.initialWeights('he', 2, 2.5, nn.mulberry32(1)), error: R, message: 'chainrule.initialWeights: nout must be an integer in [1, 67108864], received 2.5.' },
    { name: 'nin 1e12', call: () => nn.initialWeights('uniform', 1e12, 1, nn.mulberry32(1)), error: R, message: 'chainrule.initialWeights: nin must be an integer in [1, 67108864], received 1000000000000.' },
    { name: 'rng not a function', call: () => nn.initialWeights('he', 2, 2, null as never), error: T, message: 'chainrule.initialWeights: rng must be a function returning numbers in [0, 1), received null.' },
  ],
  defaultInit: [{ name: 'an unknown activation', call: () => nn.defaultInit('swish' as never), error: R, message: 'chainrule.defaultInit: activation must be "linear" or the name of a unary op (built-in, such as "sigmoid", "tanh", "relu", "softplus", or defined with defineOp), received "swish".' }],
  // The losses belong to nn/loss.ts, whose wording of expectations may change: match function, argument and received.
  mse: [
    { name: 'pred null', call: () => nn.mse(null as never, [1]), error: T, message: /^chainrule\.mse: pred must be .+, received null\.$/ },
    { name: 'target too short', call: (s) => nn.mse([s.v, s.v], [1]), error: R, message: /^chainrule\.mse: target must be .*length 2.*, received an array of length 1\.$/ },
    { name: 'a NaN target', call: (s) => nn.mse([s.v], [NaN]), error: R, message: /^chainrule\.mse: target\[0\] must be .+, received NaN\.$/ },
  ],
  meanLoss: [
    { name: 'empty', call: () => nn.meanLoss([]), error: R, message: /^chainrule\.meanLoss: losses must be .+, received an array of length 0\.$/ },
    { name: 'a number', call: () => nn.meanLoss([1 as never]), error: T, message: /^chainrule\.meanLoss: losses\[0\] must be .+, received 1\.$/ },
  ],
  binaryCrossEntropy: [
    { name: 'p a number', call: () => nn.binaryCrossEntropy(0.5 as never, 1), error: T, message: /^chainrule\.binaryCrossEntropy: p must be .+, received 0\.5\.$/ },
    { name: 'y Infinity', call: (s) => nn.binaryCrossEntropy(s.v, Infinity), error: R, message: /^chainrule\.binaryCrossEntropy: y must be .+, received Infinity\.$/ },
    { name: 'y outside [0, 1]', call: (s) => nn.binaryCrossEntropy(s.v, 2), error: R, message: /^chainrule\.binaryCrossEntropy: y must be .+, received 2\.$/ },
  ],
  binaryCrossEntropyWithLogits: [
    { name: 'z a number', call: () => nn.binaryCrossEntropyWithLogits(0.5 as never, 1), error: T, message: /^chainrule\.binaryCrossEntropyWithLogits: z must be .+, received 0\.5\.$/ },
    { name: 'z an array of Values', call: (s) => nn.binaryCrossEntropyWithLogits([s.v] as never, 1), error: T, message: /^chainrule\.binaryCrossEntropyWithLogits: z must be .+, received an array of length 1\.$/ },
    { name: 'y a string', call: (s) => nn.binaryCrossEntropyWithLogits(s.v, '1' as never), error: T, message: /^chainrule\.binaryCrossEntropyWithLogits: y must be .+, received "1"\.$/ },
    { name: 'y missing', call: (s) => nn.binaryCrossEntropyWithLogits(s.v, undefined as never), error: T, message: /^chainrule\.binaryCrossEntropyWithLogits: y must be .+, received undefined\.$/ },
    { name: 'y NaN', call: (s) => nn.binaryCrossEntropyWithLogits(s.v, NaN), error: R, message: /^chainrule\.binaryCrossEntropyWithLogits: y must be .+, received NaN\.$/ },
    { name: 'y -Infinity', call: (s) => nn.binaryCrossEntropyWithLogits(s.v, -Infinity), error: R, message: /^chainrule\.binaryCrossEntropyWithLogits: y must be .+, received -Infinity\.$/ },
    { name: 'y outside [0, 1]', call: (s) => nn.binaryCrossEntropyWithLogits(s.v, 1.5), error: R, message: /^chainrule\.binaryCrossEntropyWithLogits: y must be .+, received 1\.5\.$/ },
    { name: 'a negative y', call: (s) => nn.binaryCrossEntropyWithLogits(s.v, -0.25), error: R, message: /^chainrule\.binaryCrossEntropyWithLogits: y must be .+, received -0\.25\.$/ },
  ],
  softmaxCrossEntropy: [
    { name: 'logits empty', call: () => nn.softmaxCrossEntropy([], 0), error: R, message: /^chainrule\.softmaxCrossEntropy: logits must be .+, received an array of length 0\.$/ },
    { name: 'label out of range', call: (s) => nn.softmaxCrossEntropy([s.v, s.v], 2), error: R, message: /^chainrule\.softmaxCrossEntropy: label must be .+, received 2\.$/ },
    { name: 'label non-integer', call: (s) => nn.softmaxCrossEntropy([s.v, s.v], 0.5), error: R, message: /^chainrule\.softmaxCrossEntropy: label must be .+, received 0\.5\.$/ },
    { name: 'y of the wrong length', call: (s) => nn.softmaxCrossEntropy([s.v, s.v], [1]), error: R, message: /^chainrule\.softmaxCrossEntropy: y must be .+, received an array of length 1\.$/ },
  ],
  hingeLoss: [
    { name: 'labels too short', call: (s) => nn.hingeLoss([s.v, s.v], [1]), error: R, message: /^chainrule\.hingeLoss: labels must be .+, received an array of length 1\.$/ },
    { name: 'a label that is not ±1', call: (s) => nn.hingeLoss([s.v], [0]), error: R, message: /^chainrule\.hingeLoss: labels\[0\] must be .+, received 0\.$/ },
  ],
  l2Penalty: [
    { name: 'alpha negative', call: (s) => nn.l2Penalty([s.v], -1), error: R, message: /^chainrule\.l2Penalty: alpha must be .+, received -1\.$/ },
    { name: 'alpha NaN', call: (s) => nn.l2Penalty([s.v], NaN), error: R, message: /^chainrule\.l2Penalty: alpha must be .+, received NaN\.$/ },
    { name: 'params not Values', call: () => nn.l2Penalty([0.5 as never], 1), error: T, message: /^chainrule\.l2Penalty: params\[0\] must be .+, received 0\.5\.$/ },
  ],
  sgd: [
    { name: 'params null', call: () => nn.sgd(null as never, 0.1), error: T, message: 'chainrule.sgd: params must be an array of Value, received null.' },
    { name: 'a negative lr', call: (s) => nn.sgd(s.net.parameters(), -1), error: R, message: 'chainrule.sgd: lr must be a nonnegative finite number, received -1.' },
    { name: 'lr NaN', call: (s) => nn.sgd(s.net.parameters(), NaN), error: R, message: 'chainrule.sgd: lr must be a nonnegative finite number, received NaN.' },
    { name: 'lr a string', call: (s) => nn.sgd(s.net.parameters(), '0.1' as never), error: T, message: 'chainrule.sgd: lr must be a number, received "0.1".' },
    { name: 'a number among params', call: (s) => nn.sgd([s.v, 2 as never], 0.1), error: T, message: 'chainrule.sgd: params[1] must be a Value, received 2.' },
  ],
  SGD: [
    { name: 'a negative lr', call: (s) => new nn.SGD(s.net.parameters(), { lr: -1 }), error: R, message: 'chainrule.SGD: options.lr must be a nonnegative finite number, received -1.' },
    { name: 'lr Infinity', call: (s) => new nn.SGD(s.net.parameters(), { lr: Infinity }), error: R, message: 'chainrule.SGD: options.lr must be a nonnegative finite number, received Infinity.' },
    { name: 'no options', call: (s) => new (nn.SGD as any)(s.net.parameters()), error: T, message: 'chainrule.SGD: options must be an object with lr, received undefined.' },
    {
      name: 'an unknown option',
      call: (s) => new nn.SGD(s.net.parameters(), { lr: 0.1, momentun: 0.9 } as never),
      error: R,
      message: 'chainrule.SGD: options.momentun must be a known option (one of "lr", "momentum"), received 0.9. Did you mean "momentum"?',
    },
    { name: 'momentum 1', call: (s) => new nn.SGD(s.net.parameters(), { lr: 0.1, momentum: 1 }), error: R, message: 'chainrule.SGD: options.momentum must be a number in [0, 1), received 1.' },
    { name: 'params not Values', call: () => new nn.SGD([1 as never], { lr: 0.1 }), error: T, message: 'chainrule.SGD: params[0] must be a Value, received 1.' },
  ],
  Adam: [
    { name: 'a negative lr', call: (s) => new nn.Adam(s.net.parameters(), { lr: -1 }), error: R, message: 'chainrule.Adam: options.lr must be a nonnegative finite number, received -1.' },
    { name: 'beta1 1', call: (s) => new nn.Adam(s.net.parameters(), { beta1: 1 }), error: R, message: 'chainrule.Adam: options.beta1 must be a number in [0, 1), received 1.' },
    { name: 'eps 0', call: (s) => new nn.Adam(s.net.parameters(), { eps: 0 }), error: R, message: 'chainrule.Adam: options.eps must be a positive finite number, received 0.' },
    { name: 'beta2 NaN', call: (s) => new nn.Adam(s.net.parameters(), { beta2: NaN }), error: R, message: 'chainrule.Adam: options.beta2 must be a nonnegative finite number, received NaN.' },
    {
      name: 'an unknown option',
      call: (s) => new nn.Adam(s.net.parameters(), { learningRate: 0.1 } as never),
      error: R,
      message: 'chainrule.Adam: options.learningRate must be a known option (one of "lr", "beta1", "beta2", "eps"), received 0.1.',
    },
    { name: 'options null', call: (s) => new nn.Adam(s.net.parameters(), null as never), error: T, message: 'chainrule.Adam: options must be an object, received null.' },
    { name: 'params not an array', call: (s) => new nn.Adam(s.v as never), error: T, message: 'chainrule.Adam: params must be an array of Value, received a Value.' },
  ],
  ArrayOptimizer: [
    {
      name: 'a subclass given the network instead of its parameters',
      call: (s) => new (class Sign extends nn.ArrayOptimizer { update() { return 0; } })(s.net as never),
      error: T,
      message: 'chainrule.Sign: params must be an array of Value, received an MLP. Pass its parameters: net.parameters().',
    },
  ],
  train: [
    { name: 'model not a Model', call: (s) => nn.train({} as never, s.data), error: T, message: 'chainrule.train: model.nin must be an integer, received undefined.' },
    { name: 'data not an array', call: (s) => nn.train(s.net, 'data' as never), error: T, message: 'chainrule.train: data must be an array of { x, y } examples, received "data".' },
    { name: 'data empty', call: (s) => nn.train(s.net, []), error: R, message: 'chainrule.train: data must be a non-empty array of { x, y } examples, received an array of length 0.' },
    { name: 'ragged rows', call: (s) => nn.train(s.net, [...s.data, { x: [1, 2, 3], y: [1] }]), error: R, message: 'chainrule.train: data[3].x must be an array of length 2, received an array of length 3.' },
    { name: 'a NaN input', call: (s) => nn.train(s.net, [...s.data, { x: [1, NaN], y: [1] }]), error: R, message: 'chainrule.train: data[3].x[1] must be a finite number, received NaN.' },
    { name: 'an infinite target', call: (s) => nn.train(s.net, [{ x: [1, 2], y: [-Infinity] }]), error: R, message: 'chainrule.train: data[0].y[0] must be a finite number, received -Infinity.' },
    { name: 'an example null', call: (s) => nn.train(s.net, [null as never]), error: T, message: 'chainrule.train: data[0] must be an { x, y } example, received null.' },
    {
      name: 'ragged targets of a custom loss',
      call: (s) => nn.train(s.net, [{ x: [1, 2], y: [1] }, { x: [1, 2], y: [] }], { loss: custom }),
      error: R,
      message: 'chainrule.train: data[1].y must be an array of length 1 (one number per target of the loss, as data[0].y), received an array of length 0.',
    },
    { name: 'an unknown option', call: (s) => nn.train(s.net, s.data, { epoch: 5 } as never), error: R, message: `chainrule.train: options.epoch must be a known option (one of ${TRAIN_KEYS}), received 5. Did you mean "epochs"?` },
    { name: 'options a string', call: (s) => nn.train(s.net, s.data, 'fast' as never), error: T, message: 'chainrule.train: options must be an object, received "fast".' },
    { name: 'epochs non-integer', call: (s) => nn.train(s.net, s.data, { epochs: 1.5 }), error: R, message: 'chainrule.train: options.epochs must be an integer ≥ 0, received 1.5.' },
    { name: 'batchSize 0', call: (s) => nn.train(s.net, s.data, { batchSize: 0 }), error: R, message: 'chainrule.train: options.batchSize must be an integer ≥ 1, received 0.' },
    { name: 'progressEvery Infinity', call: (s) => nn.train(s.net, s.data, { progressEvery: Infinity }), error: R, message: 'chainrule.train: options.progressEvery must be an integer ≥ 1, received Infinity.' },
    { name: 'a negative lr', call: (s) => nn.train(s.net, s.data, { lr: -0.1 }), error: R, message: 'chainrule.train: options.lr must be a nonnegative finite number, received -0.1.' },
    { name: 'lr NaN', call: (s) => nn.train(s.net, s.data, { lr: NaN }), error: R, message: 'chainrule.train: options.lr must be a nonnegative finite number, received NaN.' },
    { name: 'seed Infinity', call: (s) => nn.train(s.net, s.data, { seed: Infinity }), error: R, message: 'chainrule.train: options.seed must be a finite number, received Infinity.' },
    { name: 'shuffle a string', call: (s) => nn.train(s.net, s.data, { shuffle: 'no' as never }), error: T, message: 'chainrule.train: options.shuffle must be a boolean or undefined, received "no".' },
    { name: 'onProgress a string', call: (s) => nn.train(s.net, s.data, { optimizer: s.adam, onProgress: 'x' as never }), error: T, message: 'chainrule.train: options.onProgress must be a function or undefined, received "x".' },
    { name: 'onEpochEnd an object', call: (s) => nn.train(s.net, s.data, { optimizer: s.sgd, onEpochEnd: {} as never }), error: T, message: 'chainrule.train: options.onEpochEnd must be a function or undefined, received an object.' },
    { name: 'an optimizer without step', call: (s) => nn.train(s.net, s.data, { optimizer: { zeroGrad() {} } as never }), error: T, message: 'chainrule.train: options.optimizer must be an Optimizer (with step() and zeroGrad()), received an object.' },
    {
      name: 'lr beside an optimizer',
      call: (s) => nn.train(s.net, s.data, { optimizer: s.adam, lr: 0.1 }),
      error: R,
      message: "chainrule.train: options.lr must be undefined when options.optimizer is given, received 0.1. Set the optimizer's own lr instead.",
    },
    { name: 'an unknown engine', call: (s) => nn.train(s.net, s.data, { engine: 'gpu' as never, optimizer: s.adam }), error: R, message: 'chainrule.train: options.engine must be one of "compiled", "graph", received "gpu".' },
    {
      name: 'an unknown loss',
      call: (s) => nn.train(s.net, s.data, { loss: 'l1' as never }),
      error: R,
      message: /^chainrule\.train: options\.loss must be one of "mse", .+ or a function \(pred, y\) => Value, received "l1"\.$/,
    },
  ],
  lossAndGradient: [
    { name: 'model null', call: (s) => nn.lossAndGradient(null as never, s.data), error: T, message: 'chainrule.lossAndGradient: model must be a Model { nin, forward(x), parameters() }, received null.' },
    { name: 'batch empty', call: (s) => nn.lossAndGradient(s.net, []), error: R, message: 'chainrule.lossAndGradient: data must be a non-empty array of { x, y } examples, received an array of length 0.' },
    { name: 'ragged targets', call: (s) => nn.lossAndGradient(s.net, [{ x: [1, 2], y: [1, 0] }]), error: R, message: 'chainrule.lossAndGradient: data[0].y must be an array of length 1, received an array of length 2.' },
    {
      name: 'an unknown option',
      call: (s) => nn.lossAndGradient(s.net, s.data, { engin: 'graph' } as never),
      error: R,
      message: 'chainrule.lossAndGradient: options.engin must be a known option (one of "loss", "engine"), received "graph". Did you mean "engine"?',
    },
    { name: 'an unknown engine', call: (s) => nn.lossAndGradient(s.net, s.data, { engine: 'wasm' as never }), error: R, message: 'chainrule.lossAndGradient: options.engine must be one of "compiled", "graph", received "wasm".' },
  ],
  referenceBackprop: [
    { name: 'net a number', call: () => nn.referenceBackprop(1 as never, [1, 2], [1]), error: T, message: 'chainrule.referenceBackprop: net must be an MLP, received 1.' },
    { name: 'x too short', call: (s) => nn.referenceBackprop(s.net, [1], [1]), error: R, message: 'chainrule.referenceBackprop: x must be an array of length 2, received an array of length 1.' },
    { name: 'y NaN', call: (s) => nn.referenceBackprop(s.net, [1, 2], [NaN]), error: R, message: 'chainrule.referenceBackprop: y[0] must be a finite number, received NaN.' },
  ],
  makeMoons: [
    { name: 'n 0', call: () => nn.makeMoons(0), error: R, message: 'chainrule.makeMoons: n must be an integer in [1, 16777216], received 0.' },
    { name: 'n non-integer', call: () => nn.makeMoons(2.5), error: R, message: 'chainrule.makeMoons: n must be an integer in [1, 16777216], received 2.5.' },
    { name: 'n 1e9', call: () => nn.makeMoons(1e9), error: R, message: 'chainrule.makeMoons: n must be an integer in [1, 16777216], received 1000000000.' },
    { name: 'a negative noise', call: () => nn.makeMoons(10, { noise: -1 }), error: R, message: 'chainrule.makeMoons: options.noise must be a nonnegative finite number, received -1.' },
    { name: 'seed NaN', call: () => nn.makeMoons(10, { seed: NaN }), error: R, message: 'chainrule.makeMoons: options.seed must be a finite number, received NaN.' },
    { name: 'an unknown option', call: () => nn.makeMoons(10, { nosie: 0.1 } as never), error: R, message: 'chainrule.makeMoons: options.nosie must be a known option (one of "noise", "seed"), received 0.1. Did you mean "noise"?' },
  ],
  mulberry32: [
    { name: 'seed a string', call: () => nn.mulberry32('1' as never), error: T, message: 'chainrule.mulberry32: seed must be a number, received "1".' },
    { name: 'seed NaN', call: () => nn.mulberry32(NaN), error: R, message: 'chainrule.mulberry32: seed must be a finite number, received NaN.' },
    { name: 'seed -Infinity', call: () => nn.mulberry32(-Infinity), error: R, message: 'chainrule.mulberry32: seed must be a finite number, received -Infinity.' },
  ],
  gaussian: [{ name: 'rng null', call: () => nn.gaussian(null as never), error: T, message: 'chainrule.gaussian: rng must be a function returning numbers in [0, 1), received null.' }],
  shuffleInPlace: [
    { name: 'items null', call: () => nn.shuffleInPlace(null as never, nn.mulberry32(1)), error: T, message: 'chainrule.shuffleInPlace: items must be an array, received null.' },
    { name: 'rng a number', call: (s) => nn.shuffleInPlace(s.items, 5 as never), error: T, message: 'chainrule.shuffleInPlace: rng must be a function returning numbers in [0, 1), received 5.' },
  ],
};

describe('bad input to chainrule/nn', () => {
  it('has an entry for every export of src/nn/index.ts (a new export needs one)', () => {
    expect(Object.keys(TABLE).sort()).toEqual(Object.keys(nn).sort());
  });

  const rows = Object.entries(TABLE).flatMap(([name, entry]) => (Array.isArray(entry) ? (entry as Case[]).map((c) => [`${name}: ${c.name}`, c] as const) : []));
  it.each(rows)('%s: throws the named error and changes nothing', (_label, c) => {
    const s = subjects();
    const before = snapshot(s);
    let error: unknown;
    try {
      c.call(s);
    } catch (e) {
      error = e;
    }
    expect(error).toBeInstanceOf(c.error);
    const message = (error as Error).message;
    if (typeof c.message === 'string') expect(message).toBe(c.message);
    else expect(message).toMatch(c.message);
    expect(message).toMatch(HOUSE);
    expect(snapshot(s)).toBe(before);
  });

  const promises = Object.entries(TABLE).flatMap(([name, entry]) => (Array.isArray(entry) ? [] : [[name, entry as NoBadInput] as const]));
  it.each(promises)('%s takes no bad input: it %s', (_name, entry) => entry.check());
});
