import { describe, expect, it } from 'vitest';
import * as core from '../../src/index.js';
import * as nn from '../../src/nn/index.js';
import * as testing from '../../src/testing/index.js';
import * as gradcheck from '../../src/testing/gradcheck.js';
import * as onnx from '../../src/export/onnx/index.js';

// The runtime names each package entry point exports. A rename, a removal or an accidental export
// of an internal shows up here; adding a public name means adding it to this list on purpose.
const names = (module: object) => Object.keys(module).sort();

describe('public API', () => {
  it('chainrule', () => {
    expect(names(core)).toMatchInlineSnapshot(`
      [
        "OPS",
        "OP_LIST",
        "ParseError",
        "Tape",
        "Value",
        "abs",
        "acos",
        "acosh",
        "add",
        "allOps",
        "applyOp",
        "asin",
        "asinh",
        "atan",
        "atan2",
        "atanh",
        "cbrt",
        "compile",
        "constant",
        "cos",
        "cosh",
        "countNodes",
        "defineOp",
        "derivative",
        "div",
        "dot",
        "erf",
        "evaluate",
        "evaluateAll",
        "exp",
        "expNegSquare",
        "explain",
        "expm1",
        "grad",
        "gradients",
        "hessian",
        "hessianGraph",
        "hvp",
        "hypot",
        "isDebug",
        "jacobian",
        "jacobianGraph",
        "jvp",
        "log",
        "log10",
        "log1p",
        "log2",
        "logpos",
        "logsumexp",
        "lookupOp",
        "max",
        "min",
        "mul",
        "neg",
        "parse",
        "pow",
        "relu",
        "setDebug",
        "sigmoid",
        "sign",
        "simplify",
        "sin",
        "sinh",
        "softplus",
        "sqrt",
        "step",
        "stopGradient",
        "strongMul",
        "sub",
        "substitute",
        "sum",
        "tan",
        "tanh",
        "toDot",
        "toLatex",
        "toSource",
        "toText",
        "topologicalOrder",
        "valueAndGrad",
        "zeroGrad",
      ]
    `);
  });
  it('chainrule/nn', () => {
    expect(names(nn)).toMatchInlineSnapshot(`
      [
        "ACTIVATIONS",
        "Adam",
        "ArrayOptimizer",
        "Layer",
        "MLP",
        "Neuron",
        "SGD",
        "binaryCrossEntropy",
        "binaryCrossEntropyWithLogits",
        "defaultInit",
        "gaussian",
        "hingeLoss",
        "initialWeights",
        "isActivation",
        "l2Penalty",
        "lossAndGradient",
        "makeMoons",
        "meanLoss",
        "mse",
        "mulberry32",
        "referenceBackprop",
        "sgd",
        "shuffleInPlace",
        "softmaxCrossEntropy",
        "train",
      ]
    `);
  });
  it('chainrule/testing', () => {
    expect(names(testing)).toMatchInlineSnapshot(`
      [
        "Expression",
        "arbExpression",
        "arbExpressionAtPoint",
        "arbPoint",
        "checkOp",
        "gradcheck",
      ]
    `);
  });
  it('chainrule/gradcheck', () => {
    expect(names(gradcheck)).toMatchInlineSnapshot(`
      [
        "gradcheck",
      ]
    `);
  });
  it('chainrule/onnx', () => {
    expect(names(onnx)).toMatchInlineSnapshot(`
      [
        "toOnnx",
      ]
    `);
  });
});
