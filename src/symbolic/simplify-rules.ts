import type { OpName } from '../ops.js';
import type { Value } from '../value.js';

/** What a rule may do: read literal constants, make constants, and build (simplified) nodes. */
export interface RewriteContext {
  /** The number a literal constant holds, or null for anything else. */
  numberOf(v: Value): number | null;
  /** The shared literal constant n. */
  num(n: number): Value;
  /** The simplified, shared node op(inputs). */
  make(op: OpName, inputs: readonly Value[]): Value;
}

/** A rewrite of one op's node given its (already simplified) inputs; null when it does not apply. */
export interface Rule {
  readonly name: string;
  readonly op: OpName;
  apply(inputs: readonly Value[], ctx: RewriteContext): Value | null;
}

/**
 * simplify's rules, tried in order at each node after constant folding. Each one is exact in IEEE
 * double arithmetic: for every value of the leaves (±0, ±Infinity, subnormals included) the
 * rewritten node evaluates to the same number as the original, −0 kept apart from +0, NaN where
 * the original is NaN. So the familiar identities appear only in their exact form, as in LLVM's
 * instsimplify without fast-math: x + (−0) → x always, x + 0 → x only where x is never −0
 * (−0 + 0 is +0); x·0, x − x, x/x and 1^x are not rewritten (at x = ±Infinity they are NaN, and
 * −3·0 is −0); constants are combined only where no rounding, overflow or underflow can occur.
 * None mentions a derivative.
 */
export const RULES: readonly Rule[] = [
  { name: 'x + (−0) → x; x + 0 → x where x is never −0', op: 'add', apply: ([a, b], c) => (dropsZero(c, a, b) ? a : dropsZero(c, b, a) ? b : null) },
  { name: 'x + x → 2·x', op: 'add', apply: ([a, b], c) => (a === b ? c.make('mul', [c.num(2), a]) : null) },
  { name: 'x + (−y) → x − y', op: 'add', apply: ([a, b], c) => (b.op === 'neg' ? c.make('sub', [a, b.inputs[0]]) : a.op === 'neg' ? c.make('sub', [b, a.inputs[0]]) : null) },
  // x − 0 is x + (−0), exact; x − (−0) is x + 0.
  { name: 'x − 0 → x; x − (−0) → x where x is never −0', op: 'sub', apply: ([a, b], c) => (is(c, b, 0) || (is(c, b, -0) && neverNegativeZero(c, a)) ? a : null) },
  // (+0) − x is +0 at x = +0, where −x is −0; (−0) − x = (−0) + (−x) = −x everywhere.
  { name: '(−0) − x → −x', op: 'sub', apply: ([a, b], c) => (is(c, a, -0) ? c.make('neg', [b]) : null) },
  { name: 'x − (−y) → x + y', op: 'sub', apply: ([a, b], c) => (b.op === 'neg' ? c.make('add', [a, b.inputs[0]]) : null) },
  { name: 'x·1 → x', op: 'mul', apply: ([a, b], c) => (is(c, b, 1) ? a : is(c, a, 1) ? b : null) },
  { name: 'x·c → c·x', op: 'mul', apply: ([a, b], c) => (c.numberOf(b) !== null && c.numberOf(a) === null ? c.make('mul', [b, a]) : null) },
  { name: '−1·x → −x', op: 'mul', apply: ([a, b], c) => (is(c, a, -1) ? c.make('neg', [b]) : null) },
  { name: 'c1·(c2·x) → (c1c2)·x where c1, c2 are ±2^k, k ≥ 0', op: 'mul', apply: ([a, b], c) => scaleScaled(c, a, b) },
  // Rounding to nearest is symmetric, so a sign moves through a product exactly, zeros included.
  { name: 'c·(−x) → (−c)·x', op: 'mul', apply: ([a, b], c) => (c.numberOf(a) !== null && b.op === 'neg' ? c.make('mul', [c.num(-c.numberOf(a)!), b.inputs[0]]) : null) },
  { name: '(−x)·y → −(x·y)', op: 'mul', apply: ([a, b], c) => (a.op === 'neg' ? c.make('neg', [c.make('mul', [a.inputs[0], b])]) : b.op === 'neg' && c.numberOf(a) === null ? c.make('neg', [c.make('mul', [a, b.inputs[0]])]) : null) },
  // pow's forward computes x^2 as x·x, so this is exact; x^a·x^b → x^(a+b) is not (0^2·0^−3 is NaN).
  { name: 'x·x → x^2', op: 'mul', apply: ([a, b], c) => (a === b && c.numberOf(a) === null ? c.make('pow', [a, c.num(2)]) : null) },
  { name: 'x / 1 → x', op: 'div', apply: ([a, b], c) => (is(c, b, 1) ? a : null) },
  { name: 'x / (−1) → −x', op: 'div', apply: ([a, b], c) => (is(c, b, -1) ? c.make('neg', [a]) : null) },
  { name: 'x^1 → x', op: 'pow', apply: ([a, b], c) => (is(c, b, 1) ? a : null) },
  // x^(±0) is 1 for every x, NaN included; 1^x is not folded (1^±Infinity is NaN in JavaScript).
  { name: 'x^0 → 1', op: 'pow', apply: ([, b], c) => (is(c, b, 0) || is(c, b, -0) ? c.num(1) : null) },
  { name: '−(−x) → x', op: 'neg', apply: ([a]) => (a.op === 'neg' ? a.inputs[0] : null) },
  { name: '−(c·x) → (−c)·x', op: 'neg', apply: ([a], c) => (a.op === 'mul' && c.numberOf(a.inputs[0]) !== null ? c.make('mul', [c.num(-c.numberOf(a.inputs[0])!), a.inputs[1]]) : null) },
  { name: 'sum: fold leading constants, drop ±0 terms, a + a first → 2·a, unwrap short sums', op: 'sum', apply: (inputs, c) => pruneSum(c, inputs) },
  { name: 'dot: drop constant terms whose product is ±0', op: 'dot', apply: (inputs, c) => pruneDot(c, inputs) },
];

/** Object.is, not ===: the rules must tell −0 from +0. */
function is(c: RewriteContext, v: Value, n: number): boolean {
  return Object.is(c.numberOf(v), n);
}

/**
 * True where v can never evaluate to −0: a literal constant other than −0, or an op whose table
 * entry says its output is positive (exp, sigmoid: an underflow rounds to +0).
 */
function neverNegativeZero(c: RewriteContext, v: Value): boolean {
  const n = c.numberOf(v);
  return n !== null ? !Object.is(n, -0) : v.spec !== null && v.spec.domain.sign === 'positive';
}

/** x + zero = x exactly: always for zero = −0; for zero = +0 unless x is −0. */
function dropsZero(c: RewriteContext, x: Value, zero: Value): boolean {
  return is(c, zero, -0) || (is(c, zero, 0) && neverNegativeZero(c, x));
}

/** ±2^k with k ≥ 0: multiplying by it scales exactly until it overflows, and never underflows. */
function isExactScale(n: number): boolean {
  const m = Math.abs(n);
  return m >= 1 && Number.isFinite(m) && 2 ** Math.round(Math.log2(m)) === m;
}

// c1·(c2·x) = (c1c2)·x in floats only when neither step rounds: with both scales ±2^k, k ≥ 0, each
// step is exact or overflows, and the two overflow exactly when the one product does.
function scaleScaled(c: RewriteContext, a: Value, b: Value): Value | null {
  const k1 = c.numberOf(a);
  if (k1 === null || b.op !== 'mul') return null;
  const k2 = c.numberOf(b.inputs[0]);
  if (k2 === null || !isExactScale(k1) || !isExactScale(k2) || !Number.isFinite(k1 * k2)) return null;
  return c.make('mul', [c.num(k1 * k2), b.inputs[1]]);
}

/**
 * A sum node adds its terms in order onto +0 (evaluate-node.ts), so its running total is never −0.
 * Hence: constants before the first variable term fold into one exactly (the same additions in
 * the same order); a ±0 term changes no total; two equal first terms are 2·a (0 + a + a and
 * 0 + 2a are both +0 at a = −0, and a + a = 2a exactly); sum(a) = 0 + a is a unless a = −0; and
 * sum(a, b) = (0 + a) + b equals a + b unless both are −0. Terms are never reordered, and later
 * repeats are not collected: (s + a) + a rounds twice where s + 2a rounds once.
 */
function pruneSum(c: RewriteContext, inputs: readonly Value[]): Value | null {
  let k = 0;
  let leading = 0;
  for (; k < inputs.length && c.numberOf(inputs[k]) !== null; k++) leading += c.numberOf(inputs[k])!;
  // A literal constant cannot hold NaN (Infinity − Infinity): then the leading constants stay.
  const terms: Value[] = leading !== leading ? inputs.slice(0, k) : leading !== 0 ? [c.num(leading)] : [];
  for (; k < inputs.length; k++) if (!(is(c, inputs[k], 0) || is(c, inputs[k], -0))) terms.push(inputs[k]);
  if (terms.length >= 2 && terms[0] === terms[1]) terms.splice(0, 2, c.make('mul', [c.num(2), terms[0]]));
  if (terms.length === 0) return c.num(0);
  if (terms.length === 1 && neverNegativeZero(c, terms[0])) return terms[0];
  if (terms.length === 2 && (neverNegativeZero(c, terms[0]) || neverNegativeZero(c, terms[1]))) return c.make('add', [terms[0], terms[1]]);
  return terms.length < inputs.length ? c.make('sum', terms) : null; // (the pair rule shortens too)
}

/** Only a term of two constants has a known product; a 0 · x term is NaN at x = ±Infinity. */
function pruneDot(c: RewriteContext, inputs: readonly Value[]): Value | null {
  const n = inputs.length / 2;
  const as: Value[] = [];
  const bs: Value[] = [];
  for (let k = 0; k < n; k++) {
    const p = c.numberOf(inputs[k]) !== null && c.numberOf(inputs[k + n]) !== null ? c.numberOf(inputs[k])! * c.numberOf(inputs[k + n])! : null;
    if (p === 0) continue;
    as.push(inputs[k]);
    bs.push(inputs[k + n]);
  }
  if (as.length === 0) return c.num(0);
  return as.length < n ? c.make('dot', [...as, ...bs]) : null;
}
