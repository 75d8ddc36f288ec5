import { describe, expect, it } from 'vitest';
import { OP_LIST, Value, applyOp } from '../../src/index.js';
import { everyEngine, sameNumber } from '../helpers/engines.js';

// NaN in, NaN out (as PyTorch and ONNX Runtime give): an op whose operand is NaN has the value NaN
// on every engine — but for the ops that exist to map a NaN on purpose: step and logpos are
// derivative conventions (relu′ and pow's guarded log, 0 off their domain), and strongMul's 0 ⊙ x
// is 0 for every x. An operand is NaN as log(−1) (leaves cannot hold NaN).

const BY_DESIGN: Record<string, string> = {
  step: 'relu′: 0 wherever the argument is not > 0',
  logpos: "pow's guarded log: 0 wherever the argument is not > 0",
  strongMul: "the strong zero: 0 ⊙ x = 0 (a NaN times a nonzero operand is still NaN)",
};

/** The op applied with operand `at` NaN and the others 1.5 (two operands for an n-ary op). */
function withNaN(name: string, arity: 1 | 2 | 'n', perTerm: number, at: number) {
  const count = arity === 'n' ? 2 * perTerm : arity;
  const f = (...xs: Value[]) => applyOp(name, xs.map((x, i) => (i === at ? x.log() : x)));
  const point = Array.from({ length: count }, (_, i) => (i === at ? -1 : 1.5));
  return { f, point, count };
}

describe('NaN in, NaN out', () => {
  it.each(OP_LIST.map((spec) => [spec.name, spec] as const))('%s: a NaN operand gives NaN on every engine (or the op maps it by design)', (name, spec) => {
    const perTerm = spec.group;
    const { count } = withNaN(name, spec.arity, perTerm, 0);
    for (let at = 0; at < count; at++) {
      const { f, point } = withNaN(name, spec.arity, perTerm, at);
      const results = Object.entries(everyEngine(f, point));
      const first = results[0][1].value;
      for (const [engine, { value }] of results) {
        const where = `${name}(${point.map((p, i) => (i === at ? 'NaN' : p))}) on ${engine}`;
        if (name in BY_DESIGN) expect(sameNumber(value, first), `${where}: ${value}, backward ${first} (${BY_DESIGN[name]})`).toBe(true);
        else expect(value, where).toBeNaN();
      }
    }
  });
});
