import { rangeError } from '../errors.js';
import fc from 'fast-check';
import { OPS, OP_LIST, type OpName } from '../index.js';
import { Expression, type ExpressionNode, type SmoothnessOptions } from './expression.js';

/** Options for {@link arbExpression}. */
export interface ExpressionConstraints {
  /** The ops to draw from. @defaultValue every op of the table except those whose domain says `stopsGradient` */
  ops?: readonly OpName[];
  /** Variable names, or how many (named x0, x1, …). @defaultValue ['x', 'y'] */
  variables?: readonly string[] | number;
  /** Maximal depth of the tree. @defaultValue 4 */
  maxDepth?: number;
}

/** Options for {@link arbPoint}: the box the coordinates are drawn from. */
export interface PointConstraints {
  /** @defaultValue -2 */
  min?: number;
  /** @defaultValue 2 */
  max?: number;
}

/**
 * Random expression trees over the op table, built with `fc.letrec`, whose operands respect each
 * op's domain by construction: an operand the table marks 'positive' (log, a pow base, a div
 * denominator) is drawn from a grammar of positive expressions (exp, sigmoid, positive constants,
 * and ops that keep positivity over positive operands), so there is no log of a negative number
 * and no pole at any point. Kinks (relu, step) and overflow are screened per point by
 * {@link arbExpressionAtPoint}.
 *
 * @example
 * fc.assert(fc.property(arbExpression(), (e) => Number.isFinite(e.evaluate([0.5, 0.5])) || true));
 */
export function arbExpression(constraints: ExpressionConstraints = {}): fc.Arbitrary<Expression> {
  const { ops = OP_LIST.filter((s) => s.domain.stopsGradient !== true).map((s) => s.name as OpName), maxDepth = 4 } = constraints;
  const variables = variableNames(constraints.variables ?? ['x', 'y']);
  for (const op of ops) {
    if (!Object.hasOwn(OPS, op)) throw rangeError('arbExpression', 'ops', 'names of ops of the table', op);
  }
  const depth = { maxDepth, depthSize: 'medium' as const, withCrossShrink: true, depthIdentifier: fc.createDepthIdentifier() };
  const variable = fc.integer({ min: 0, max: variables.length - 1 }).map((index): ExpressionNode => ({ kind: 'variable', index }));
  const constantOf = (min: number, max: number) =>
    fc.integer({ min, max }).map((n): ExpressionNode => ({ kind: 'constant', value: n / 10 }));

  const { real } = fc.letrec<{ real: ExpressionNode; positive: ExpressionNode }>((tie) => {
    const operand = (domain: 'real' | 'positive') => tie(domain === 'positive' ? 'positive' : 'real');
    const opNode = (op: OpName, slot: 'real' | 'positive') => {
      const spec = OPS[op];
      const domainOf = (i: number) => (slot === 'positive' && spec.domain.sign === 'keeps-positive' ? 'positive' : spec.domain.inputs[i]);
      if (spec.arity === 'n') {
        const terms = fc.array(fc.tuple(...spec.domain.inputs.map((_, i) => operand(domainOf(i)))), { minLength: 1, maxLength: 3, depthIdentifier: depth.depthIdentifier });
        return terms.map((ts): ExpressionNode => ({ kind: 'op', op, args: transposeTerms(ts) }));
      }
      const args = spec.domain.inputs.slice(0, spec.arity).map((d, i) => operand(domainOf(i)));
      return fc.tuple(...args).map((as): ExpressionNode => ({ kind: 'op', op, args: as }));
    };
    const realOps = ops.map((op) => opNode(op, 'real'));
    const positiveOps = ops.filter((op) => OPS[op].domain.sign !== 'any').map((op) => opNode(op, 'positive'));
    // pow with a small integer exponent accepts any real base: x^2 is the commonest pow there is.
    const integerPowers = ops.includes('pow')
      ? [fc.tuple(tie('real'), fc.integer({ min: 0, max: 3 })).map(([base, k]): ExpressionNode => ({ kind: 'op', op: 'pow', args: [base, { kind: 'constant', value: k }] }))]
      : [];
    return {
      real: fc.oneof(depth, fc.oneof({ arbitrary: variable, weight: 3 }, { arbitrary: constantOf(-30, 30), weight: 1 }), ...realOps, ...integerPowers),
      positive: fc.oneof(depth, constantOf(1, 30), ...positiveOps),
    };
  });
  return real.map((root) => new Expression(root, variables));
}

/** A point: one coordinate per variable, drawn from [min, max] (no NaN, no infinities). */
export function arbPoint(dimension: number, constraints: PointConstraints = {}): fc.Arbitrary<number[]> {
  const { min = -2, max = 2 } = constraints;
  if (!(Number.isFinite(min) && Number.isFinite(max) && min < max)) {
    throw rangeError('arbPoint', '[min, max]', 'a finite interval with min < max', `[${min}, ${max}]`);
  }
  // fc.double alone favours edge values (±0, subnormals, the bounds); mix in evenly spread ones.
  const spread = fc.integer({ min: 0, max: 1 << 20 }).map((n) => min + ((max - min) * n) / (1 << 20));
  const coordinate = fc.oneof(spread, fc.double({ min, max, noNaN: true, noDefaultInfinity: true }));
  return fc.array(coordinate, { minLength: dimension, maxLength: dimension });
}

/**
 * An expression together with a point where it is smooth and moderately sized (see
 * {@link Expression.isSmoothAt}), ready for gradcheck:
 *
 * @example
 * fc.assert(fc.property(arbExpressionAtPoint(), ({ expr, point }) => gradcheck(expr.fn, point).ok));
 */
export function arbExpressionAtPoint(
  constraints: ExpressionConstraints & PointConstraints & SmoothnessOptions = {},
): fc.Arbitrary<{ expr: Expression; point: number[] }> {
  return arbExpression(constraints)
    .chain((expr) => arbPoint(expr.variables.length, constraints).map((point) => ({ expr, point })))
    .filter(({ expr, point }) => expr.isSmoothAt(point, constraints));
}

function variableNames(variables: readonly string[] | number): readonly string[] {
  if (typeof variables === 'number') {
    if (!(Number.isInteger(variables) && variables >= 1)) throw rangeError('arbExpression', 'variables', 'a positive integer or a list of names', variables);
    return Array.from({ length: variables }, (_, i) => `x${i}`);
  }
  if (variables.length === 0) throw rangeError('arbExpression', 'variables', 'a list naming at least one variable', variables);
  return variables;
}

/** [[a0, b0], [a1, b1]] → [a0, a1, b0, b1]: the n-ary ops' input layout. */
function transposeTerms(terms: readonly (readonly ExpressionNode[])[]): ExpressionNode[] {
  const group = terms[0].length;
  const args: ExpressionNode[] = [];
  for (let p = 0; p < group; p++) for (const t of terms) args.push(t[p]);
  return args;
}
