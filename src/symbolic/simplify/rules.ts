import type { OpName, OpSpec } from '../../ops/table.js';
import type { Value } from '../../engine/value.js';
import { addLinear, isPowerOfTwo, linearForm, multiplyProduct, productForm, productToLinear, pythagoras, type FormContext, type Linear, type Product } from './canonical.js';
import { MAX_ENTRIES, finalVectorOf, inheritWitnesses, vectorOf, witness } from './accuracy.js';
import { isFinite, isNonnegative, isNonzero, isStrictlyPositive } from './facts.js';
import { lookupOp } from '../../ops/registry.js';

/** The name of a built-in op (checked against the table) or of a defined one. */
export type AnyOpName = OpName | (string & {});

/** What a rule may do: read literal constants, make constants, build (simplified) nodes, and read and emit canonical forms. */
export interface RewriteContext extends FormContext {
  /** The simplified, shared node op(inputs); `op` names a built-in or a defined op. */
  make(op: AnyOpName, inputs: readonly Value[]): Value;
  /**
   * The node for a sum form, as a node of `op` over `inputs` rewrote to: the emitted form, or the
   * node op(inputs) with the exact rules only when the emitted form would be larger; null when no
   * order of the form rounds only what the input rounds (accuracy.ts).
   */
  finishLinear(form: Linear, op: AnyOpName, inputs: readonly Value[]): Value | null;
  /** {@link finishLinear} for a product form. */
  finishProduct(form: Product, op: AnyOpName, inputs: readonly Value[]): Value;
}

/** A rewrite of a node of one of `ops` given its (already simplified) inputs; null when it does not apply. */
export interface Rule {
  readonly name: string;
  /**
   * The ops it rewrites: built-in ops by name (rules of arithmetic), or every op, built-in or
   * defined, whose entry declares a fact (parity, inverseOf): a predicate on the entry.
   */
  readonly ops: readonly OpName[] | ((spec: OpSpec) => boolean);
  /** True for the rules that read their operands' sum or product forms (see canonical.ts). */
  readonly readsForms?: boolean;
  /** The rewritten node, or null; `op` is the node's op (one of `ops`). */
  apply(inputs: readonly Value[], ctx: RewriteContext, op: AnyOpName): Value | null;
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
  { name: 'x + (−0) → x; x + 0 → x where x is never −0', ops: ['add'], apply: ([a, b], c) => (dropsZero(c, a, b) ? a : dropsZero(c, b, a) ? b : null) },
  { name: 'x + x → 2·x', ops: ['add'], apply: ([a, b], c) => (a === b ? c.make('mul', [c.num(2), a]) : null) },
  { name: 'x + (−y) → x − y', ops: ['add'], apply: ([a, b], c) => (b.op === 'neg' ? c.make('sub', [a, b.inputs[0]]) : a.op === 'neg' ? c.make('sub', [b, a.inputs[0]]) : null) },
  // x − 0 is x + (−0), exact; x − (−0) is x + 0.
  { name: 'x − 0 → x; x − (−0) → x where x is never −0', ops: ['sub'], apply: ([a, b], c) => (is(c, b, 0) || (is(c, b, -0) && neverNegativeZero(c, a)) ? a : null) },
  // (+0) − x is +0 at x = +0, where −x is −0; (−0) − x = (−0) + (−x) = −x everywhere.
  { name: '(−0) − x → −x', ops: ['sub'], apply: ([a, b], c) => (is(c, a, -0) ? c.make('neg', [b]) : null) },
  { name: 'x − (−y) → x + y', ops: ['sub'], apply: ([a, b], c) => (b.op === 'neg' ? c.make('add', [a, b.inputs[0]]) : null) },
  { name: 'x·1 → x', ops: ['mul'], apply: ([a, b], c) => (is(c, b, 1) ? a : is(c, a, 1) ? b : null) },
  { name: 'x·c → c·x', ops: ['mul'], apply: ([a, b], c) => (c.numberOf(b) !== null && c.numberOf(a) === null ? c.make('mul', [b, a]) : null) },
  { name: '−1·x → −x', ops: ['mul'], apply: ([a, b], c) => (is(c, a, -1) ? c.make('neg', [b]) : null) },
  { name: 'c1·(c2·x) → (c1c2)·x where c1, c2 are ±2^k, k ≥ 0', ops: ['mul'], apply: ([a, b], c) => scaleScaled(c, a, b) },
  // Rounding to nearest is symmetric, so a sign moves through a product exactly, zeros included.
  { name: 'c·(−x) → (−c)·x', ops: ['mul'], apply: ([a, b], c) => (c.numberOf(a) !== null && b.op === 'neg' ? c.make('mul', [c.num(-c.numberOf(a)!), b.inputs[0]]) : null) },
  { name: '(−x)·y → −(x·y)', ops: ['mul'], apply: ([a, b], c) => (a.op === 'neg' ? c.make('neg', [c.make('mul', [a.inputs[0], b])]) : b.op === 'neg' && c.numberOf(a) === null ? c.make('neg', [c.make('mul', [a, b.inputs[0]])]) : null) },
  // pow's forward computes x^2 as x·x, so this is exact; x^a·x^b → x^(a+b) is not (0^2·0^−3 is NaN).
  { name: 'x·x → x^2', ops: ['mul'], apply: ([a, b], c) => (a === b && c.numberOf(a) === null ? c.make('pow', [a, c.num(2)]) : null) },
  { name: 'x / 1 → x', ops: ['div'], apply: ([a, b], c) => (is(c, b, 1) ? a : null) },
  { name: 'x / (−1) → −x', ops: ['div'], apply: ([a, b], c) => (is(c, b, -1) ? c.make('neg', [a]) : null) },
  { name: 'x^1 → x', ops: ['pow'], apply: ([a, b], c) => (is(c, b, 1) ? a : null) },
  // x^(±0) is 1 for every x, NaN included; 1^x is not folded (1^±Infinity is NaN in JavaScript).
  { name: 'x^0 → 1', ops: ['pow'], apply: ([, b], c) => (is(c, b, 0) || is(c, b, -0) ? c.num(1) : null) },
  { name: '−(−x) → x', ops: ['neg'], apply: ([a]) => (a.op === 'neg' ? a.inputs[0] : null) },
  { name: '−(c·x) → (−c)·x', ops: ['neg'], apply: ([a], c) => (a.op === 'mul' && c.numberOf(a.inputs[0]) !== null ? c.make('mul', [c.num(-c.numberOf(a.inputs[0])!), a.inputs[1]]) : null) },
  { name: 'sum: fold leading constants, drop ±0 terms, a + a first → 2·a, unwrap short sums', ops: ['sum'], apply: (inputs, c) => pruneSum(c, inputs) },
  { name: 'dot: drop constant terms whose product is ±0', ops: ['dot'], apply: (inputs, c) => pruneDot(c, inputs) },
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
 * A sum node adds its terms in order onto +0 (ops/layout.ts nodeForward), so its running total is never −0.
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

/**
 * The default simplify's rules (`exact: false`), tried in order at each node after constant
 * folding. Each keeps the node equal to the original AS A REAL FUNCTION wherever the original is
 * defined (every node finite), up to rounding; where the original is undefined (a 0/0 hole, a
 * NaN, an overflow) it may give a value. So several of the conditions are stricter than
 * needed and are not asked for: x/x → 1 needs no x ≠ 0 (at 0 it is 0/0, undefined), nor
 * exp(log(u)) → u a proof of u > 0 (log(u) is NaN or −Infinity elsewhere). A rewrite is kept only
 * if it makes the printed tree no larger (finishLinear/finishProduct); where it would, the node is
 * built with the exact RULES instead. The derivative conventions are kept: strongMul's 0 ⊙ ∞ = 0,
 * logpos(0) = 0, relu/step/abs at 0 (no rule looks inside them except where stated).
 *
 * Left out on purpose: exp(a)·exp(b) → exp(a + b) (the rounding of a + b is multiplied by |a + b|
 * in the result: at a = 700, b = 0.5 that is 100 ulps, beyond the product's own rounding), and
 * exponents that would round when combined (x^0.1·x^0.2 is not x^0.30000000000000004).
 */
export const CANONICAL_RULES: readonly Rule[] = [
  // Flattening re-associates and collects (x + 1 + 2x → 3x + 1, x·y − y·x → 0): in reals the same
  // number; in floats each sum or product rounds differently, within the original's own rounding.
  // Coefficients are combined only while finite and normal (1e200·1e200 is not folded to ∞).
  { name: 'Σ: a + b, a − b, Σ a_k, Σ a_k·b_k → Σ coef·term + const, like terms collected (and c·m·sin²u + c·m·cos²u → c·m), in order', ops: ['add', 'sub', 'sum', 'dot'], readsForms: true, apply: sumRule },
  // 1^u is 1 for every finite u (NaN only at u = ±Infinity, where it is undefined): pow's partial
  // by the exponent of a constant base 1, 1^x ⊙ logpos(1), then folds to 0.
  { name: '1^u → 1', ops: ['pow'], apply: ([a], c) => (c.numberOf(a) === 1 ? c.num(1) : null) },
  // Π: (x^a)^b → x^(ab) for integer b, or for any b where x ≥ 0 is provable (multiplyProduct; not
  // (x^2)^½ → x); x^a·x^b → x^(a+b) (both finite means x^(a+b) is too); x^0 → 1; sqrt(w)^2k → w^k.
  { name: 'Π: a·b, a/b, −a, a^c → coef · Π base^exp, like factors collected, in order', ops: ['mul', 'div', 'neg', 'pow'], readsForms: true, apply: productRule },
  // a ⊙ b differs from a·b only where one is 0 and the other not finite: ruled out when each
  // factor is provably nonzero or the other provably finite. (Dividing by a factor also rules it
  // out: productRule expands a ⊙ b inside a product that divides by a or b.)
  {
    name: 'a ⊙ b → a·b where (a ≠ 0 or b finite) and (b ≠ 0 or a finite)',
    ops: ['strongMul'],
    apply: ([a, b], c) => ((isNonzero(a) || isFinite(b)) && (isNonzero(b) || isFinite(a)) ? c.make('mul', [a, b]) : null),
  },
  // logpos(u) = log(u) for u > 0; u must be positive in floats too (exp(−800) rounds to 0, where
  // logpos is 0 and log −∞), so only what never rounds to 0: cosh, positive constants, 1 + x², ….
  { name: 'logpos(u) → log(u) where u > 0 is provable (never 0 by underflow)', ops: ['logpos'], apply: ([a], c) => (isStrictlyPositive(a) ? c.make('log', [a]) : null) },
  // f(g(u)) = u wherever g(u) and f(g(u)) are finite (elsewhere the original is undefined): the
  // entry's inverseOf says which g each f undoes (sin∘asin, exp∘log, log∘exp, …; see ops/spec.ts
  // for why cos∘acos and tan∘atan are not declared).
  // Only where g(u) has no other use: where it has, its rounding can cancel between the uses
  // (exp(x) − 1 − log(exp(x)) is 0 for tiny x, where exp(x) − 1 − x is −x).
  { name: 'f(g(u)) → u where f is declared inverseOf g and g(u) has no other use', ops: (spec) => spec.inverseOf !== undefined, apply: ([a], c, op) => (a.op !== '' && a.op === inverseOf(op) && c.usedOnce(a) ? a.inputs[0] : null) },
  // Odd functions: f(−u) = −f(u) (exact: each is computed symmetrically); the sign moves outward.
  { name: 'f(−u) → −f(u) for f declared odd (sin, tan, erf, …)', ops: (spec) => spec.parity === 'odd', apply: oddRule },
  // Even functions: f(−u) = f(u).
  { name: 'f(−u) → f(u) for f declared even (cos, cosh, abs, …)', ops: (spec) => spec.parity === 'even', apply: evenRule },
  { name: 'abs(u) → u where u ≥ 0 is provable (abs(abs(v)), x², exp, …)', ops: ['abs'], apply: ([a]) => (isNonnegative(a) ? a : null) },
];

/** The op `op`'s entry declares it undoes (its inverseOf). */
function inverseOf(op: string): string | undefined {
  return lookupOp(op)?.inverseOf;
}

/** The node's operand as a negation: −u → u, c·u with c < 0 → (−c)·u; else null. */
function negated(u: Value, c: RewriteContext): Value | null {
  if (u.op === 'neg') return u.inputs[0];
  const k = u.op === 'mul' ? c.numberOf(u.inputs[0]) : null;
  return k !== null && k < 0 ? c.make('mul', [c.num(-k), u.inputs[1]]) : null;
}

// Only a plain −u: moving the sign out of c·u (c < 0) would add a node, −f((−c)·u), for no gain.
function oddRule(inputs: readonly Value[], c: RewriteContext, op: AnyOpName): Value | null {
  const u = inputs[0].op === 'neg' ? inputs[0].inputs[0] : null;
  return u === null ? null : c.make('neg', [c.make(op, [u])]);
}

function evenRule(inputs: readonly Value[], c: RewriteContext, op: AnyOpName): Value | null {
  const u = negated(inputs[0], c);
  return u === null ? null : c.make(op, [u]);
}

/**
 * Σ over the operands' sum forms (a dot's terms as products), with the quantities the input
 * rounds as witnesses (accuracy.ts): each partial sum as the node adds its operands, each rounded
 * product, and everything rounded inside an operand whose sum form is taken in. When no order of
 * the result rounds only what is witnessed, the operands' sums are kept whole (as terms of their
 * own) and that is tried; null if a coefficient would overflow, or neither is accurate.
 */
function sumRule(inputs: readonly Value[], c: RewriteContext, op: AnyOpName): Value | null {
  for (const whole of [false, true]) {
    const form = sumForm();
    let opened = false;
    if (op === 'dot') {
      const n = inputs.length / 2;
      for (let k = 0; k < n; k++) {
        const p = productForm(c, inputs[k]);
        if (!multiplyProduct(p, productForm(c, inputs[k + n]), 1)) return null;
        const term = productToLinear(c, p);
        // The product a_k·b_k rounds (unless one factor is ±2^k): a witness.
        if (term.terms.size > 0) witness(form, vectorOf(term));
        if (!addLinear(c, form, term, 1)) return null;
        if (k >= 1) witness(form, vectorOf(form));
      }
    } else {
      for (let k = 0; k < inputs.length; k++) {
        const src = whole ? productToLinear(c, productForm(c, c.value(inputs[k]))) : linearForm(c, inputs[k]);
        const scale = op === 'sub' && k === 1 ? -1 : 1;
        if (src.witnesses !== undefined) opened = true;
        // What an operand rounds counts only if this sum is its one user: the rounding of a node
        // used twice, in x·y − 1 and log(x·y), can cancel between its uses (its ∂y is then small).
        if (c.usedOnce(inputs[k])) inheritWitnesses(form, src, scale);
        if (!addLinear(c, form, src, scale)) return null;
        // The partial sum so far (the last: the node's own value, which no longer changes).
        if (k >= 1) witness(form, k === inputs.length - 1 ? finalVectorOf(form) : vectorOf(form));
        if (form.terms.size > MAX_ENTRIES) return null;
      }
    }
    for (const put of pythagoras(c, form)) witness(form, vectorOf(put));
    const out = c.finishLinear(form, op, inputs);
    if (out !== null || !opened) return out;
  }
  return null;
}

/**
 * An empty sum form with every optional field present from the start: a sum's form lives for the
 * whole pass (a chain keeps one per link), and fields added later would each move it to a new
 * shape and an out-of-object property store.
 */
function sumForm(): Linear {
  return { constant: 0, terms: new Map(), constantAt: undefined, constantRounded: undefined, witnesses: [], witnessScale: undefined, witnessesShared: undefined, plan: undefined };
}

/** A sum with more than one entry: scaled by a constant it stays a sum (2·(x + 1) → 2x + 2 when no larger). */
function isSum(c: RewriteContext, v: Value): boolean {
  const l = c.linearOf(v);
  return l !== undefined && l.terms.size + (l.constant !== 0 ? 1 : 0) > 1;
}

function productRule(inputs: readonly Value[], c: RewriteContext, op: AnyOpName): Value | null {
  const [a, b] = inputs;
  const kb = b === undefined ? null : c.numberOf(b);
  const ka = c.numberOf(a);
  // c·(sum), (sum)/c, −(sum): scale the sum form instead.
  const scaled = op === 'neg' ? (isSum(c, a) ? [a, -1] : null)
    : op === 'mul' ? (ka !== null && isSum(c, b) ? [b, ka] : kb !== null && isSum(c, a) ? [a, kb] : null)
    : op === 'div' && kb !== null && isSum(c, a) ? [a, 1 / kb] : null;
  if (scaled !== null) {
    // The input rounds the sum, then its product by the constant (the whole, a witness).
    const form = sumForm();
    const src = linearForm(c, scaled[0] as Value);
    if (c.usedOnce(scaled[0] as Value)) inheritWitnesses(form, src, scaled[1] as number);
    if (!addLinear(c, form, src, scaled[1] as number)) return null;
    // The product by the constant rounds (unless it is ±2^k): a witness.
    if (!isPowerOfTwo(scaled[1] as number)) witness(form, finalVectorOf(form));
    // Where spreading the constant would round what the input does not (3(x − 1) → 3x − 3), the
    // sum stays whole: a factor of the product below.
    const spread = c.finishLinear(form, op, inputs);
    if (spread !== null) return spread;
  }
  if (op === 'pow') {
    if (kb === null) return null;
    const form: Product = { coef: 1, factors: new Map() };
    return multiplyProduct(form, productForm(c, a), kb) ? c.finishProduct(form, op, inputs) : null;
  }
  if (op === 'neg') return c.finishProduct(negate(productForm(c, a)), op, inputs);
  const power = op === 'div' ? -1 : 1;
  const pb = productForm(c, b);
  const pa = expandStrong(c, a, pb, power) ?? productForm(c, a);
  // A ⊙ in the denominator: where it is 0 the quotient is undefined anyway.
  const pbb = (op === 'div' ? expandStrong(c, b, null, 1) : expandStrong(c, b, pa, 1)) ?? pb;
  const form: Product = { coef: 1, factors: new Map() };
  if (!multiplyProduct(form, pa, 1) || !multiplyProduct(form, pbb, power)) return null;
  return c.finishProduct(form, op, inputs);
}

function negate(p: Product): Product {
  return { coef: -p.coef, factors: p.factors };
}

/**
 * s = u ⊙ w inside a product that also divides by u (or w): there u ⊙ w may be u·w, since the
 * product is undefined where u = 0 (and u ⊙ w = u·w wherever u ≠ 0 and w is finite). `other` is
 * the form of the product's other operand, raised to `power` relative to s (null: s is a divisor).
 */
function expandStrong(c: RewriteContext, s: Value, other: Product | null, power: number): Product | null {
  if (s.op !== 'strongMul') return null;
  const [u, w] = s.inputs;
  const divides = (v: Value) => other === null || (other.factors.get(v) ?? 0) * power < 0;
  if (!divides(u) && !divides(w)) return null;
  const p = productForm(c, u);
  return multiplyProduct(p, productForm(c, w), 1) ? p : null;
}
