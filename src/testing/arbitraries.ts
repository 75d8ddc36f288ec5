import { checkOptionKeys, rangeError, typeError } from '../errors/messages.js';
import type { Arbitrary } from 'fast-check';
import { fc } from './load-fast-check.js';
import { OPS, OP_LIST, type OpInterval, type OpName } from '../index.js';
import { Expression, checkSmoothness, type ExpressionNode, type SmoothnessOptions } from './expression.js';

const EXPRESSION_KEYS = ['ops', 'variables', 'maxDepth'] as const;
const POINT_KEYS = ['min', 'max'] as const;
const SMOOTHNESS_KEYS = ['radius', 'maxMagnitude'] as const;

/**
 * Options for {@link arbExpression}.
 * @category Testing
 */
export interface ExpressionConstraints {
  /** The ops to draw from. @defaultValue every op of the table except those whose domain says `stopsGradient` */
  ops?: readonly OpName[];
  /** Variable names, or how many (named x0, x1, …). @defaultValue ['x', 'y'] */
  variables?: readonly string[] | number;
  /** Maximal depth of the tree. @defaultValue 4 */
  maxDepth?: number;
}

/**
 * Options for {@link arbPoint}: the box the coordinates are drawn from.
 * @category Testing
 */
export interface PointConstraints {
  /** @defaultValue -2 */
  min?: number;
  /** @defaultValue 2 */
  max?: number;
}

/**
 * Random expression trees over every op of the table, built with `fc.letrec`, whose operands
 * respect each op's domain: an operand the table marks 'positive' (log, a pow base, a div
 * denominator, sqrt) is drawn from a grammar of positive expressions (exp, sigmoid, positive
 * constants, and ops that keep positivity over positive operands), so there is no log of a
 * negative number and no pole at any point; an interval operand (asin, acosh, log1p, …) is a
 * constant inside the interval or a subexpression screened per point; integer powers x^k
 * (k from 0 to 3) take any real base, negative ones included. Kinks (relu, abs, max's ties,
 * tan's poles), interval operands and overflow are screened per point by
 * {@link arbExpressionAtPoint}.
 *
 * @example
 * fc.assert(fc.property(arbExpression(), (e) => Number.isFinite(e.evaluate([0.5, 0.5])) || true));
 * @throws TypeError for an unknown key or a wrong type; RangeError for an unknown op, no variables
 *   or a maxDepth that is not a non-negative integer
 * @category Testing
 */
export function arbExpression(constraints: ExpressionConstraints = {}): Arbitrary<Expression> {
  checkOptionKeys('arbExpression', constraints, EXPRESSION_KEYS, 'constraints');
  return expressions('arbExpression', constraints);
}

/**
 * A point: one coordinate per variable, drawn from [min, max] (no NaN, no infinities).
 * @example fc.sample(arbPoint(2, { min: 0, max: 1 }), 1) // [[0.25, 0.5]], say
 * @throws TypeError for an unknown key or a wrong type; RangeError if dimension is not a
 *   non-negative integer or [min, max] is not a finite interval with min < max
 * @category Testing
 */
export function arbPoint(dimension: number, constraints: PointConstraints = {}): Arbitrary<number[]> {
  if (typeof dimension !== 'number') throw typeError('arbPoint', 'dimension', 'a number', dimension);
  if (!(Number.isInteger(dimension) && dimension >= 0)) throw rangeError('arbPoint', 'dimension', 'a non-negative integer', dimension);
  checkOptionKeys('arbPoint', constraints, POINT_KEYS, 'constraints');
  return points('arbPoint', dimension, constraints);
}

/**
 * An expression together with a point where it is smooth and moderately sized (see
 * {@link Expression.isSmoothAt}), ready for gradcheck:
 *
 * @example
 * fc.assert(fc.property(arbExpressionAtPoint(), ({ expr, point }) => gradcheck(expr.fn, point).ok));
 * @throws the errors of {@link arbExpression}, {@link arbPoint} and {@link Expression.isSmoothAt}'s
 *   options, naming arbExpressionAtPoint
 * @category Testing
 */
export function arbExpressionAtPoint(
  constraints: ExpressionConstraints & PointConstraints & SmoothnessOptions = {},
): Arbitrary<{
  /** The expression. */
  expr: Expression;
  /** A point where it is smooth, one coordinate per variable. */
  point: number[];
}> {
  const where = 'arbExpressionAtPoint';
  checkOptionKeys(where, constraints, [...EXPRESSION_KEYS, ...POINT_KEYS, ...SMOOTHNESS_KEYS], 'constraints');
  checkSmoothness(where, constraints, 'constraints');
  const smoothness: SmoothnessOptions = { radius: constraints.radius, maxMagnitude: constraints.maxMagnitude };
  points(where, 0, constraints); // checks [min, max] now rather than at the first sample
  return expressions(where, constraints)
    .chain((expr) => points(where, expr.variables.length, constraints).map((point) => ({ expr, point })))
    .filter(({ expr, point }) => expr.isSmoothAt(point, smoothness));
}

/** arbExpression once its keys are checked; `where` names the public function in messages. */
function expressions(where: string, constraints: ExpressionConstraints): Arbitrary<Expression> {
  const { ops = OP_LIST.filter((s) => s.domain.stopsGradient !== true).map((s) => s.name as OpName), maxDepth = 4 } = constraints;
  if (!Array.isArray(ops as unknown)) throw typeError(where, 'constraints.ops', 'an array of op names', ops);
  for (const op of ops) {
    if (typeof op !== 'string' || !Object.hasOwn(OPS, op)) throw rangeError(where, 'constraints.ops', 'names of ops of the table', op);
  }
  if (typeof maxDepth !== 'number') throw typeError(where, 'constraints.maxDepth', 'a number', maxDepth);
  if (!(Number.isInteger(maxDepth) && maxDepth >= 0)) throw rangeError(where, 'constraints.maxDepth', 'a non-negative integer', maxDepth);
  const variables = variableNames(where, constraints.variables ?? ['x', 'y']);
  const depth = { maxDepth, depthSize: 'medium' as const, withCrossShrink: true, depthIdentifier: fc.createDepthIdentifier() };
  const variable = fc.integer({ min: 0, max: variables.length - 1 }).map((index): ExpressionNode => ({ kind: 'variable', index }));
  const constantOf = (min: number, max: number) =>
    fc.integer({ min, max }).map((n): ExpressionNode => ({ kind: 'constant', value: n / 10 }));

  const { real } = fc.letrec<{ real: ExpressionNode; positive: ExpressionNode }>((tie) => {
    // An interval operand (asin's −1 < x < 1, acosh's x > 1) is a constant inside it or a
    // subexpression that arbExpressionAtPoint keeps only at points where it lies inside.
    const inside = (d: OpInterval) => fc.oneof(depth, constantInside(d), tie(d.min >= 0 ? 'positive' : 'real'));
    const operand = (d: 'real' | 'positive' | OpInterval) => (d === 'real' || d === 'positive' ? tie(d) : inside(d));
    const opNode = (op: OpName, slot: 'real' | 'positive') => {
      const spec = OPS[op];
      const domainOf = (i: number) => (slot === 'positive' && spec.domain.sign === 'keeps-positive' ? positivePart(spec.domain.inputs[i]) : spec.domain.inputs[i]);
      if (spec.arity === 'n') {
        const terms = fc.array(fc.tuple(...spec.domain.inputs.map((_, i) => operand(domainOf(i)))), { minLength: 1, maxLength: 3, depthIdentifier: depth.depthIdentifier });
        return terms.map((ts): ExpressionNode => ({ kind: 'op', op, args: transposeTerms(ts) }));
      }
      const args = spec.domain.inputs.slice(0, spec.arity).map((d, i) => operand(domainOf(i)));
      return fc.tuple(...args).map((as): ExpressionNode => ({ kind: 'op', op, args: as }));
    };
    const realOps = ops.map((op) => opNode(op, 'real'));
    const positiveOps = ops.filter((op) => OPS[op].domain.sign !== 'any').map((op) => opNode(op, 'positive'));
    // pow with a small integer exponent accepts any real base, negative ones included: x^2 is the
    // commonest pow there is.
    const integerPowers = ops.includes('pow')
      ? [fc.tuple(tie('real'), fc.integer({ min: 0, max: 3 })).map(([base, exponent]): ExpressionNode => ({ kind: 'power', base, exponent }))]
      : [];
    return {
      real: fc.oneof(depth, fc.oneof({ arbitrary: variable, weight: 3 }, { arbitrary: constantOf(-30, 30), weight: 1 }), ...realOps, ...integerPowers),
      positive: fc.oneof(depth, constantOf(1, 30), ...positiveOps),
    };
  });
  return real.map((root) => new Expression(root, variables));
}

/** arbPoint once its arguments are checked. */
function points(where: string, dimension: number, constraints: PointConstraints): Arbitrary<number[]> {
  const { min = -2, max = 2 } = constraints;
  if (typeof min !== 'number') throw typeError(where, 'constraints.min', 'a number', min);
  if (typeof max !== 'number') throw typeError(where, 'constraints.max', 'a number', max);
  if (!(Number.isFinite(min) && Number.isFinite(max) && min < max)) {
    throw rangeError(where, '[min, max]', 'a finite interval with min < max', `[${min}, ${max}]`);
  }
  // fc.double alone favours edge values (±0, subnormals, the bounds); mix in evenly spread ones.
  const spread = fc.integer({ min: 0, max: 1 << 20 }).map((n) => min + ((max - min) * n) / (1 << 20));
  const coordinate = fc.oneof(spread, fc.double({ min, max, noNaN: true, noDefaultInfinity: true }));
  return fc.array(coordinate, { minLength: dimension, maxLength: dimension });
}

/** The positive part of an input domain: where an op that keeps positivity gives a positive value. */
function positivePart(d: 'real' | 'positive' | OpInterval): 'positive' | OpInterval {
  return d === 'real' || d === 'positive' ? 'positive' : { min: Math.max(0, d.min), max: d.max };
}

/** Constants on a grid of 0.1 strictly inside the interval (up to 3 past a finite end when the other is infinite). */
function constantInside(d: OpInterval): Arbitrary<ExpressionNode> {
  const lo = Number.isFinite(d.min) ? Math.floor(d.min * 10) + 1 : Math.ceil(d.max * 10) - 31;
  const hi = Number.isFinite(d.max) ? Math.ceil(d.max * 10) - 1 : lo + 30;
  return fc.integer({ min: lo, max: hi }).map((n): ExpressionNode => ({ kind: 'constant', value: n / 10 }));
}

function variableNames(where: string, variables: readonly string[] | number): readonly string[] {
  if (typeof variables === 'number') {
    if (!(Number.isInteger(variables) && variables >= 1)) throw rangeError(where, 'constraints.variables', 'a positive integer or a list of names', variables);
    return Array.from({ length: variables }, (_, i) => `x${i}`);
  }
  if (!Array.isArray(variables)) throw typeError(where, 'constraints.variables', 'a positive integer or a list of names', variables);
  if (variables.length === 0) throw rangeError(where, 'constraints.variables', 'a list naming at least one variable', variables);
  variables.forEach((name, i) => {
    if (typeof name !== 'string') throw typeError(where, `constraints.variables[${i}]`, 'a string', name);
  });
  return variables;
}

/** [[a0, b0], [a1, b1]] → [a0, a1, b0, b1]: the n-ary ops' input layout. */
function transposeTerms(terms: readonly (readonly ExpressionNode[])[]): ExpressionNode[] {
  const group = terms[0].length;
  const args: ExpressionNode[] = [];
  for (let p = 0; p < group; p++) for (const t of terms) args.push(t[p]);
  return args;
}
