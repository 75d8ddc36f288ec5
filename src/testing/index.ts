/**
 * Testing your gradients: `gradcheck` (central finite differences), `checkOp` for an op of your
 * own, and fast-check arbitraries of random expressions over the op table. Needs the optional
 * peer `fast-check` (`npm install --save-dev fast-check`).
 *
 * @module chainrule/testing
 */
export { gradcheck } from './gradcheck.js';
export type { GradcheckOptions, GradcheckResult } from './gradcheck.js';
export { checkOp } from './check-op.js';
export type { CheckOpOptions, CheckOpResult, CheckOpFailure } from './check-op.js';
export { arbExpression, arbExpressionAtPoint, arbPoint } from './arbitraries.js';
export type { ExpressionConstraints, PointConstraints } from './arbitraries.js';
export { Expression } from './expression.js';
export type { ExpressionNode, SmoothnessOptions } from './expression.js';
