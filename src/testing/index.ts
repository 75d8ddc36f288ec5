export { gradcheck } from './gradcheck.js';
export type { GradcheckOptions, GradcheckResult } from './gradcheck.js';
export { checkOp } from './check-op.js';
export type { CheckOpOptions, CheckOpResult, CheckOpFailure } from './check-op.js';
export { arbExpression, arbExpressionAtPoint, arbPoint } from './arbitraries.js';
export type { ExpressionConstraints, PointConstraints } from './arbitraries.js';
export { Expression } from './expression.js';
export type { ExpressionNode, SmoothnessOptions } from './expression.js';
