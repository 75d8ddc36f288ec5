export { Value, applyOp, constant, sum, dot, zeroGrad } from './value.js';
export type { Operand } from './value.js';
export { grad, valueAndGrad } from './grad.js';
export type { ScalarFunction } from './grad.js';
export { topologicalOrder, countNodes } from './graph.js';
export { setDebug, isDebug } from './debug.js';
export { OPS, OP_LIST } from './ops.js';
export type { OpName, OpSpec, OpDomain, TextForm, ConstantMaker } from './ops.js';
