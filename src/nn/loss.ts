import { OPS, Value, constant, dot, logsumexp, sum, type Operand } from '../index.js';
import { checkInteger, checkNumber, rangeError, typeError } from './errors.js';

/**
 * The notes' cost of one example: C0 = Σ_j (a_j − y_j)². One `dot` node of the differences with
 * themselves, so ∂C0/∂a_j = 2(a_j − y_j) as the notes write it. Targets are numbers, or Values
 * (placeholders of a compiled loss).
 * @category Neural nets
 * @example mse(net.forward([0.5, -1]), [0, 1]).backward()
 * @throws TypeError / RangeError if the lengths differ or a target is not finite
 */
export function mse(pred: readonly Value[], target: readonly Operand[]): Value {
  values('mse', 'pred', pred);
  if (!Array.isArray(target) || target.length !== pred.length) {
    throw rangeError('mse', 'target', `an array of length ${pred.length} (as pred)`, target);
  }
  const d = new Array<Value>(pred.length);
  for (let j = 0; j < d.length; j++) d[j] = pred[j].sub(targetOperand('mse', `target[${j}]`, target[j]));
  return dot(d, d);
}

/**
 * The batch cost C = (1/n) Σ_k C_k: the mean of per-example losses.
 * @category Neural nets
 * @example meanLoss(batch.map((e) => mse(net.forward(e.x), e.y)))
 * @throws RangeError for an empty list
 */
export function meanLoss(losses: readonly Value[]): Value {
  values('meanLoss', 'losses', losses);
  return sum(losses).div(losses.length);
}

/**
 * −[y ln p + (1 − y) ln(1 − p)] for a probability p (e.g. a sigmoid output) and a target y in [0, 1]
 * (a number, or a Value placeholder of a compiled loss).
 * When p is a sigmoid node σ(z) (recognised by its op entry), the loss is computed from the logit z
 * with {@link binaryCrossEntropyWithLogits}, so a saturated sigmoid gives a finite loss and finite
 * gradients on every engine. Otherwise it is infinite when p is exactly 0 or 1 on the wrong side,
 * as the formula says.
 * @category Neural nets
 * @example binaryCrossEntropy(out.sigmoid(), 1)
 * @throws TypeError if p is not a Value; RangeError if y is outside [0, 1]
 */
export function binaryCrossEntropy(p: Value, y: Operand): Value {
  if (!(p instanceof Value)) throw typeError('binaryCrossEntropy', 'p', 'a Value', p);
  if (p.spec === OPS.sigmoid) return fromLogit('binaryCrossEntropy', p.inputs[0], y);
  if (y instanceof Value) {
    const notY = constant(1).sub(y);
    return weightedLog(y, p).add(weightedLog(notY, constant(1).sub(p))).neg();
  }
  checkTarget('binaryCrossEntropy', y);
  // Drop a term whose weight is 0, so a hard target never meets 0 · ln 0 = NaN.
  if (y === 1) return p.log().neg();
  if (y === 0) return constant(1).sub(p).log().neg();
  return p.log().mul(y).add(constant(1).sub(p).log().mul(1 - y)).neg();
}

/**
 * Binary cross-entropy of σ(z) from the logit z, without ever forming ln 0:
 * y·softplus(−z) + (1 − y)·softplus(z), whose derivative is σ(z) − y. Finite for every finite z
 * (softplus never overflows), on the graph and the compiled engine alike, also when the target is a
 * placeholder that holds 0 at compile time.
 * @category Neural nets
 * @example binaryCrossEntropyWithLogits(z, 1) // = −ln σ(z)
 * @throws TypeError if z is not a Value; RangeError if y is a number outside [0, 1]
 */
export function binaryCrossEntropyWithLogits(z: Value, y: Operand): Value {
  return fromLogit('binaryCrossEntropyWithLogits', z, y);
}

function fromLogit(where: string, z: Value, y: Operand): Value {
  if (!(z instanceof Value)) throw typeError(where, 'z', 'a Value', z);
  if (y instanceof Value) return z.neg().softplus().mul(y).add(z.softplus().mul(constant(1).sub(y)));
  checkTarget(where, y);
  // A term whose weight is 0 is dropped: exact for hard targets (softplus(−z) = −ln σ(z) in full precision).
  if (y === 1) return z.neg().softplus();
  if (y === 0) return z.softplus();
  return z.neg().softplus().mul(y).add(z.softplus().mul(1 - y));
}

/**
 * Cross-entropy of softmax(logits) against a class: −ln softmax(logits)[label] = ln Σ_i e^(l_i) − l_label.
 * `label` is a class index, or target probabilities y (one-hot or soft; numbers, or Value
 * placeholders of a compiled loss), giving −Σ_j y_j ln softmax_j = (Σ_j y_j)·lse − Σ_j y_j l_j.
 * The log-sum-exp is one {@link logsumexp} node, shifted by max_i l_i at every evaluation (graph
 * and compiled tape alike), so no exp overflows for any finite logits.
 * @category Neural nets
 * @example softmaxCrossEntropy(net.forward(pixels), 7)
 * @throws RangeError if label is not an index into logits, or y has the wrong length or (as numbers) is not a distribution
 */
export function softmaxCrossEntropy(logits: readonly Value[], label: number | readonly Operand[]): Value {
  values('softmaxCrossEntropy', 'logits', logits);
  if (Array.isArray(label) && label.length !== logits.length) {
    throw rangeError('softmaxCrossEntropy', 'y', `an array of length ${logits.length} (as logits)`, label);
  }
  if (!Array.isArray(label)) checkInteger('softmaxCrossEntropy', 'label', label, 0, logits.length - 1);
  const lse = logsumexp(logits);
  if (!Array.isArray(label)) return lse.sub(logits[label as number]);
  const y = label.map((t, j) => targetOperand('softmaxCrossEntropy', `y[${j}]`, t));
  if (y.every((t) => typeof t === 'number')) {
    checkDistribution('softmaxCrossEntropy', 'y', y as number[], SOFTMAX_TARGETS);
    // Only the classes with a weight: a masked logit (−∞) of weight 0 is never multiplied by it.
    const weighted = (y as number[]).flatMap((t, j) => (t === 0 ? [] : [j]));
    return sum(y).mul(lse).sub(dot(weighted.map((j) => y[j]), weighted.map((j) => logits[j])));
  }
  // Value targets (placeholders): y_j ⊙ l_j, whose strong product is 0 where y_j is 0, even at l_j = −∞.
  return sum(y).mul(lse).sub(sum(y.map((t, j) => logits[j].strongMul(t))));
}

/**
 * micrograd's max-margin loss: (1/n) Σ_i relu(1 − y_i s_i) for labels y_i = ±1.
 * @category Neural nets
 * @example hingeLoss(scores, [1, -1, 1])
 * @throws RangeError if the lengths differ or a label is not ±1
 */
export function hingeLoss(scores: readonly Value[], labels: readonly number[]): Value {
  values('hingeLoss', 'scores', scores);
  if (!Array.isArray(labels) || labels.length !== scores.length) {
    throw rangeError('hingeLoss', 'labels', `an array of length ${scores.length} (as scores)`, labels);
  }
  const margins = scores.map((s, i) => {
    if (labels[i] !== 1 && labels[i] !== -1) throw rangeError('hingeLoss', `labels[${i}]`, '1 or -1', labels[i]);
    return s.mul(-labels[i]).add(1).relu();
  });
  return sum(margins).div(scores.length);
}

/**
 * The L2 penalty alpha · Σ p² (micrograd's regularisation), one `dot` node.
 * @category Neural nets
 * @example hingeLoss(scores, ys).add(l2Penalty(net.parameters(), 1e-4))
 * @throws TypeError / RangeError if params is not a non-empty array of Values or alpha is not finite
 */
export function l2Penalty(params: readonly Value[], alpha: number): Value {
  values('l2Penalty', 'params', params);
  checkNumber('l2Penalty', 'alpha', alpha, 'nonnegative');
  return dot(params, params).mul(alpha);
}

/**
 * w · ln u for a weight w in [0, 1] (a Value target), and exactly 0 — value and gradient — where w
 * is 0, also at u = 0: ln takes u^step(w), which is u itself, bit for bit, wherever w > 0 and 1
 * where w = 0 (pow's rules give u^0 the partial 0 and u^1 the partial 1 at every u, so no 0 · ∞
 * reaches u's gradient).
 */
function weightedLog(w: Value, u: Value): Value {
  return w.mul(u.pow(w.step()).log());
}

/** A number target of binary cross-entropy: finite and in [0, 1]. */
function checkTarget(where: string, y: unknown): void {
  checkProbability(where, 'y', y);
}

/**
 * What softmaxCrossEntropy's number targets must be, said after the sum it received.
 * @category Neural nets
 */
export const SOFTMAX_TARGETS = 'softmaxCrossEntropy takes a one-hot or soft class distribution.';

/** The sum of target probabilities may differ from 1 by rounding (and float32 data): the loss scales with Σ y, so this is harmless. */
const DISTRIBUTION_TOLERANCE = 1e-6;

/**
 * @internal Throws unless `y` is a finite number in [0, 1]; `hint` says which loss asks.
 * (train checks its data with this before either engine runs, so both refuse it alike.)
 */
export function checkProbability(where: string, what: string, y: unknown, hint?: string): number {
  if (typeof y !== 'number' || !Number.isFinite(y)) checkNumber(where, what, y);
  if ((y as number) < 0 || (y as number) > 1) throw rangeError(where, what, 'a number in [0, 1]', y, hint);
  return y as number;
}

/** @internal Throws unless `ys` are probabilities that sum to 1 (within rounding): a one-hot or soft class distribution. */
export function checkDistribution(where: string, what: string, ys: readonly number[], hint: string): void {
  let total = 0;
  for (let j = 0; j < ys.length; j++) total += checkProbability(where, `${what}[${j}]`, ys[j], hint);
  if (!(Math.abs(total - 1) <= DISTRIBUTION_TOLERANCE)) {
    throw rangeError(where, what, 'target probabilities (numbers in [0, 1] that sum to 1)', ys, `Its entries sum to ${total}; ${hint}`);
  }
}

/** A target: a Value placeholder as is, or a finite number. */
function targetOperand(where: string, what: string, t: unknown): Operand {
  return t instanceof Value ? t : checkNumber(where, what, t);
}

function values(where: string, what: string, xs: unknown): void {
  if (!Array.isArray(xs)) throw typeError(where, what, 'an array of Value', xs);
  if (xs.length === 0) throw rangeError(where, what, 'a non-empty array of Value', xs);
  for (let i = 0; i < xs.length; i++) if (!(xs[i] instanceof Value)) throw typeError(where, `${what}[${i}]`, 'a Value', xs[i]);
}
