/**
 * Multilayer perceptrons built from the core's Values: `MLP`, `Layer` and `Neuron`, losses,
 * optimizers (`SGD`, `Adam`), `train` on the compiled tape or the graph, save and load, and
 * `referenceBackprop`, the notes' formulas on plain numbers. Needs nothing but the core.
 *
 * @module chainrule/nn
 */
export { MLP } from './model/mlp.js';
export type { MLPOptions } from './model/mlp.js';
export { Layer } from './model/layer.js';
export { Neuron } from './model/neuron.js';
export { ACTIVATIONS, isActivation } from './model/activation.js';
export type { Activation } from './model/activation.js';
export { initialWeights, defaultInit } from './model/init.js';
export type { InitScheme } from './model/init.js';
export type { MLPJSON, LayerJSON, NeuronJSON } from './model/serialize.js';
export { mse, meanLoss, binaryCrossEntropy, binaryCrossEntropyWithLogits, softmaxCrossEntropy, hingeLoss, l2Penalty } from './loss.js';
export type { Model } from './model/model.js';
export { ArrayOptimizer } from './optim/optimizer.js';
export type { Optimizer } from './optim/optimizer.js';
export { sgd, SGD } from './optim/sgd.js';
export type { SGDOptions } from './optim/sgd.js';
export { Adam } from './optim/adam.js';
export type { AdamOptions } from './optim/adam.js';
export { train } from './train/train.js';
export { lossAndGradient } from './train/loss-and-gradient.js';
export type { TrainOptions, TrainProgress, EpochReport, TrainResult } from './train/train.js';
export type { BatchOptions } from './train/loss-and-gradient.js';
export type { Example } from './train/examples.js';
export type { ExampleLoss, LossName } from './loss-registry.js';
export type { TrainEngine } from './train/engines.js';
export { referenceBackprop } from './reference.js';
export type { ReferenceGradients } from './reference.js';
export { makeMoons } from './datasets.js';
export type { Moons } from './datasets.js';
export { mulberry32, gaussian, shuffleInPlace } from './random.js';
export type { Rng } from './random.js';
