import { defineOp } from '../../src/index.js';

/**
 * A sample user op: softsign(a) = a / (1 + |a|), softsign' = (1 + |a|)^−2. Each test file
 * runs in its own module graph, so every file that imports this registers it once.
 */
export const softsign = defineOp({
  name: 'softsign',
  arity: 1,
  forward: (a) => a / (1 + Math.abs(a)),
  local: (_i, a) => 1 / (1 + Math.abs(a)) ** 2,
  // |a| from table ops: a · (2·step(a) − 1); its derivative rule then reads the table again.
  symbolic: (_i, a, _b, _y, k) => a.mul(a.step().mul(2).sub(1)).add(k(1)).pow(-2),
  latex: ([a]) => `\\operatorname{softsign}\\left(${a}\\right)`,
  domain: { inputs: ['real'], sign: 'any', kinkAtZero: true }, // |a| has a kink at 0 (smooth first derivative, not second)
});
