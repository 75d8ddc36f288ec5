import { describe, expect, it } from 'vitest';
import { Value } from '../../src/index.js';
import { MLP, binaryCrossEntropyWithLogits, lossAndGradient, softmaxCrossEntropy, train } from '../../src/nn/index.js';
import type { Example, ExampleLoss, LossName, TrainEngine } from '../../src/nn/index.js';

// Targets are checked once, against the loss, before either engine runs: both engines refuse the
// same data with the same message and leave the network as it was. A loss that is not finite on
// the first batch, before any step, is diagnosed as a domain problem, not a learning-rate one.
const ENGINES: TrainEngine[] = ['compiled', 'graph'];
const state = (net: MLP) => JSON.stringify(net.parameters().map((p) => [p.data, p.grad]));
const weights = (net: MLP) => JSON.stringify(net.parameters().map((p) => p.data));

/** What each engine throws (or 'trained'), and whether the network changed. */
function outcome(make: () => MLP, data: Example[], loss: LossName | ExampleLoss, engine: TrainEngine) {
  const net = make();
  const before = state(net);
  const weightsBefore = weights(net);
  let message = 'trained';
  try {
    train(net, data, { loss, engine, epochs: 2, batchSize: 2, lr: 0.1 });
  } catch (e) {
    message = (e as Error).message;
  }
  return { message, unchanged: state(net) === before, weightsUnchanged: weights(net) === weightsBefore };
}

describe('targets are validated once, before either engine (defect 1)', () => {
  const probabilities = () => new MLP(2, [3, 1], { outputActivation: 'sigmoid', seed: 1 });
  const classes = () => new MLP(2, [3, 2], { outputActivation: 'linear', seed: 1 });
  const xs = [[0, 1], [1, 0], [1, 1], [0, 0], [0.5, 0.5]];

  it('binaryCrossEntropy with a target of 2 (in the last example) throws the same message on both engines, before any step', () => {
    const data = xs.map((x, i) => ({ x, y: [i === 4 ? 2 : i % 2] }));
    const results = ENGINES.map((engine) => outcome(probabilities, data, 'binaryCrossEntropy', engine));
    for (const r of results) {
      expect(r.message).toBe('chainrule.train: data[4].y[0] must be a number in [0, 1], received 2. binaryCrossEntropy takes a probability as its target.');
      expect(r.unchanged).toBe(true);
    }
  });

  it('binaryCrossEntropy accepts soft targets in [0, 1]', () => {
    const data = xs.map((x, i) => ({ x, y: [i / 4] }));
    for (const engine of ENGINES) expect(outcome(probabilities, data, 'binaryCrossEntropy', engine).message).toBe('trained');
  });

  it('softmaxCrossEntropy refuses targets that are not a distribution ([0.5, 0.9]) with the same message on both engines', () => {
    const data = xs.map((x, i) => ({ x, y: i === 2 ? [0.5, 0.9] : [1, 0] }));
    const results = ENGINES.map((engine) => outcome(classes, data, 'softmaxCrossEntropy', engine));
    for (const r of results) {
      expect(r.message).toBe(
        'chainrule.train: data[2].y must be target probabilities (numbers in [0, 1] that sum to 1), received an array of length 2. Its entries sum to 1.4; softmaxCrossEntropy takes a one-hot or soft class distribution.',
      );
      expect(r.unchanged).toBe(true);
    }
  });

  it('softmaxCrossEntropy refuses a negative entry even when the sum is 1, naming the entry', () => {
    const data = [{ x: [0, 1], y: [1.5, -0.5] }];
    for (const engine of ENGINES) {
      expect(outcome(classes, data, 'softmaxCrossEntropy', engine).message).toBe(
        'chainrule.train: data[0].y[0] must be a number in [0, 1], received 1.5. softmaxCrossEntropy takes a one-hot or soft class distribution.',
      );
    }
  });

  it('softmaxCrossEntropy accepts one-hot and soft targets (a sum within rounding of 1)', () => {
    const data = xs.map((x, i) => ({ x, y: i % 2 === 0 ? [1, 0] : [0.1 + 0.2, 0.7] }));
    for (const engine of ENGINES) expect(outcome(classes, data, 'softmaxCrossEntropy', engine).message).toBe('trained');
  });

  it('lossAndGradient validates the same way, before any grad changes', () => {
    const net = probabilities();
    const before = state(net);
    for (const engine of ENGINES) {
      expect(() => lossAndGradient(net, [{ x: [0, 1], y: [-0.5] }], { loss: 'binaryCrossEntropy', engine })).toThrow(
        'chainrule.lossAndGradient: data[0].y[0] must be a number in [0, 1], received -0.5. binaryCrossEntropy takes a probability as its target.',
      );
    }
    expect(state(net)).toBe(before);
  });

  it('the loss functions themselves refuse the same targets when called directly', () => {
    const logits = [new Value(1), new Value(2)];
    expect(() => softmaxCrossEntropy(logits, [0.5, 0.9])).toThrow(
      'chainrule.softmaxCrossEntropy: y must be target probabilities (numbers in [0, 1] that sum to 1), received an array of length 2. Its entries sum to 1.4; softmaxCrossEntropy takes a one-hot or soft class distribution.',
    );
    expect(softmaxCrossEntropy(logits, [0.25, 0.75]).data).toBeCloseTo(Math.log(Math.exp(1) + Math.exp(2)) - 0.25 - 1.5, 12);
  });
});

describe('a loss that is not finite before any step points at its domain, not the learning rate (defect 2)', () => {
  // BCE on a linear output: ln p of a negative p is NaN at the very first batch.
  const linear = () => new MLP(2, [3, 1], { outputActivation: 'linear', seed: 2 });
  const data: Example[] = [{ x: [1, -2], y: [1] }, { x: [-3, 1], y: [0] }, { x: [2, 2], y: [1] }];

  it.each(ENGINES)('%s: binaryCrossEntropy on a linear output says the first batch is already not finite and names the cure', (engine) => {
    // The step is not taken: the weights are the initial ones (the grads hold the failing batch's, for inspection).
    const { message, weightsUnchanged } = outcome(linear, data, 'binaryCrossEntropy', engine);
    expect(message).toMatch(/^chainrule\.train: the loss at epoch 1, batch 1 must be finite, received NaN\. /);
    expect(message).toContain('It is not finite before any step, so the learning rate is not the cause:');
    expect(message).toContain("binaryCrossEntropy takes probabilities p in [0, 1]: give the model a sigmoid output (outputActivation: 'sigmoid'), or pass its logits to binaryCrossEntropyWithLogits in a custom loss.");
    expect(message).not.toContain('lower the learning rate');
    expect(weightsUnchanged).toBe(true);
  });

  it.each(ENGINES)('%s: the logits form the message suggests trains on the same network', (engine) => {
    const logits: ExampleLoss = (pred, y) => binaryCrossEntropyWithLogits(pred[0], y[0]);
    expect(outcome(linear, data, logits, engine).message).toBe('trained');
  });

  it.each(ENGINES)('%s: a custom loss that is not finite at the start points at the loss function', (engine) => {
    const logOfOutput: ExampleLoss = (pred) => pred[0].mul(-1e3).exp().log().mul(pred[0].mul(0).log());
    const { message } = outcome(linear, data, logOfOutput, engine);
    expect(message).toMatch(/^chainrule\.train: the loss at epoch 1, batch 1 must be finite, received (NaN|-?Infinity)\. It is not finite before any step, so the learning rate is not the cause: /);
    expect(message).toContain("check the loss function's domain at the model's initial outputs");
  });

  it.each(ENGINES)('%s: a gradient that is not finite before any step gets the same diagnosis', (engine) => {
    const sqrtAtZero: ExampleLoss = (pred) => pred[0].mul(0).pow(0.5);
    const { message } = outcome(linear, data, sqrtAtZero, engine);
    expect(message).toMatch(/^chainrule\.train: the gradient of layers\[0\]\.neurons\[0\]\.w\[0\] at epoch 1, batch 1 must be finite, received NaN\. It is not finite before any step, so the learning rate is not the cause: /);
  });

  it.each(ENGINES)('%s: a loss that diverges after some steps still points at the learning rate', (engine) => {
    const net = new MLP(1, [8, 1], { activation: 'tanh', outputActivation: 'linear', seed: 1 });
    const regression = Array.from({ length: 16 }, (_, i) => ({ x: [i / 4 - 2], y: [Math.sin(i)] }));
    expect(() => train(net, regression, { lr: 1e100, epochs: 5, batchSize: 4, engine })).toThrow(/became NaN\/Infinity: lower the learning rate/);
  });
});
