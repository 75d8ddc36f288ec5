import type { OpName } from '../../ops/table.js';
import type { Value } from '../../engine/value.js';
import { isNonnegative } from './facts.js';
import type { Witness } from './accuracy.js';

/**
 * simplify's canonical forms (the default, non-exact mode): a sum as Σ coef·monomial + constant
 * and a product as coef · Π base^exponent, with like terms and like factors collected, and the
 * way back to a Value graph in a fixed, readable order. The rules in simplify/rules.ts say when
 * these apply; this file only does the bookkeeping.
 *
 * A child's form is copied into its parent only when the child is used once, or is small (at most
 * SMALL entries): so flattening a shared sum into each of its users never copies more than O(1)
 * per use, and simplify stays linear on DAGs such as s_{k+1} = s_k + sin(s_k).
 */

/** The key of a sum form's constant in an emission order (and in accuracy.ts's vectors). */
export const CONSTANT_KEY = '1';

/** A form with at most this many entries is copied into every user even when shared. */
const SMALL = 2;

/** coef · Π base^exponent; exponents are nonzero numbers, bases are simplified nodes. */
export interface Product {
  coef: number;
  readonly factors: Map<Value, number>;
  /** True when the coefficient rounded as like terms were collected (or scaled): computing the term rounds. */
  rounded?: boolean;
}

/**
 * Σ coef·monomial + constant; each term keyed by its monomial's signature, in the order the input
 * adds them. The rest is what the accuracy check (accuracy.ts) needs.
 */
export interface Linear {
  constant: number;
  readonly terms: Map<string, Product>;
  /** How many terms the input adds before the constant (where it stands in the input's order). */
  constantAt?: number;
  /** True when the constant is a fold of several that rounded. */
  constantRounded?: boolean;
  /** The quantities the input rounds inside this sum (accuracy.ts), as vectors of its terms, times witnessScale. */
  witnesses?: readonly Witness[];
  /** The factor of every witness (a list taken over from an operand keeps its entries). @defaultValue 1 */
  witnessScale?: number;
  /** True while `witnesses` is an operand's list (copied before it is added to). */
  witnessesShared?: boolean;
  /** The order of entries (term keys, CONSTANT_KEY) the form was checked to be emitted in. */
  plan?: readonly string[];
}

/** What the forms need from the rewriter (a subset of RewriteContext). */
export interface FormContext {
  numberOf(v: Value): number | null;
  num(n: number): Value;
  /** The hash-consed node op(inputs), built as it is (no rule applied). */
  raw(op: OpName, inputs: readonly Value[]): Value;
  /** v as a node (a form whose node was not built yet is built now). */
  value(v: Value): Value;
  /** A number identifying v within this pass (for signatures). */
  idOf(v: Value): number;
  /** True when v is used by one node only (so its form may be moved into that node). */
  usedOnce(v: Value): boolean;
  /** The sum form recorded for v, if v was built from one. */
  linearOf(v: Value): Linear | undefined;
  /** The product form recorded for v, if v was built from one. */
  productOf(v: Value): Product | undefined;
  /** Negative when a sorts before b in the printed order. */
  compare(a: Value, b: Value): number;
  /** True when v is a node of the input standing in for a form not emitted yet (its inputs are not the result's). */
  standsIn(v: Value): boolean;
}

/** A result a coefficient may take: finite, and not so small that it lost digits (or is 0 from underflow). */
function safe(c: number, ...from: number[]): boolean {
  if (!Number.isFinite(c)) return false;
  if (c === 0) return from.some((f) => f === 0);
  return Math.abs(c) >= 2 ** -1022;
}

/** The product form of v: its recorded one when it may be copied, else v itself as the one factor. */
export function productForm(ctx: FormContext, v: Value): Product {
  const n = ctx.numberOf(v);
  if (n !== null) return { coef: n, factors: new Map() };
  if (ctx.productOf(v) === undefined && !ctx.standsIn(v)) {
    // −u as −1 · u and c·u as c · u, read off the node (an emitted −(a + b), or c·(a + b) kept
    // because spreading c would print larger, has no recorded product form). Not off a node
    // standing in for a deferred form: its inputs are the input graph's, not the result's.
    const k = v.op === 'neg' ? -1 : v.op === 'mul' ? ctx.numberOf(v.inputs[0]) : null;
    if (k !== null) {
      const inner = productForm(ctx, v.inputs[v.inputs.length - 1]);
      const coef = k * inner.coef;
      if (Number.isFinite(coef) && (coef !== 0 || inner.coef === 0) && Math.abs(coef) >= 2 ** -1022) return { coef, factors: inner.factors };
    }
  }
  const p = ctx.productOf(v);
  if (p !== undefined && (p.factors.size <= SMALL || ctx.usedOnce(v))) return { coef: p.coef, factors: new Map(p.factors) };
  const l = ctx.linearOf(v);
  if (l !== undefined && l.constant === 0 && l.terms.size === 1 && (ctx.usedOnce(v) || l.terms.size <= SMALL)) {
    const [t] = l.terms.values();
    return { coef: t.coef, factors: new Map(t.factors) };
  }
  return { coef: 1, factors: new Map([[ctx.value(v), 1]]) };
}

/**
 * The sum form of v (to be read, not changed): its recorded one when v is used once, else one term
 * from its product form. A sum used twice stays whole in each user: taking it apart in one would
 * leave its rounding to the other use alone, where in v's input it could cancel between the two
 * (x + ½ in (x + ½ − 1) − log(x + ½) near x = ½).
 */
export function linearForm(ctx: FormContext, v: Value): Linear {
  const n = ctx.numberOf(v);
  if (n !== null) return { constant: n, terms: new Map() };
  const l = ctx.linearOf(v);
  // Not copied: callers only read a sum form (addLinear's source), and never change a term's factors.
  if (l !== undefined && ctx.usedOnce(v)) return l;
  return productToLinear(ctx, productForm(ctx, v));
}

/** A product as a one-term sum (a constant when it has no factors). */
export function productToLinear(ctx: FormContext, p: Product): Linear {
  const out: Linear = { constant: 0, terms: new Map() };
  if (p.factors.size === 0) out.constant = p.coef;
  else if (p.coef !== 0) out.terms.set(signature(ctx, p.factors), p);
  return out;
}

/** The key of a monomial: its factors (by id) with their exponents, in id order. */
function signature(ctx: FormContext, factors: Map<Value, number>): string {
  const parts: string[] = [];
  for (const [b, e] of factors) parts.push(`${ctx.idOf(b)}^${e}`);
  if (parts.length > 1) parts.sort();
  return parts.join('*');
}

/**
 * target += scale · src; false (target unusable) if a coefficient would overflow or underflow.
 * Keeps the input's order (src's new terms after target's, the constant where it first appears)
 * and notes every coefficient and constant that rounds on the way (accuracy.ts).
 */
export function addLinear(ctx: FormContext, target: Linear, src: Linear, scale: number): boolean {
  const k0 = scale * src.constant;
  const c = target.constant + k0;
  if (!safe(k0, scale, src.constant) || !safe(c, target.constant, k0)) return false;
  if (src.constant !== 0) {
    if (target.constant === 0 && target.constantAt === undefined) target.constantAt = target.terms.size + (src.constantAt ?? src.terms.size);
    if (src.constantRounded === true || !exactProduct(scale, src.constant) || !exactSum(target.constant, k0)) target.constantRounded = true;
  }
  target.constant = c;
  for (const [k, t] of src.terms) {
    const add = scale * t.coef;
    if (!safe(add, scale, t.coef)) return false;
    const have = target.terms.get(k);
    // A term 0·t is 0 wherever t is finite.
    if (add === 0) continue;
    const scaledRounds = t.rounded === true || !exactProduct(scale, t.coef);
    if (have === undefined) {
      target.terms.set(k, { coef: add, factors: t.factors, rounded: scaledRounds || undefined });
    } else {
      const sum = have.coef + add;
      if (!Number.isFinite(sum)) return false;
      // Like terms cancelling to 0 drop out: x − x is 0 wherever x is finite.
      if (sum === 0) target.terms.delete(k);
      else target.terms.set(k, { coef: sum, factors: have.factors, rounded: have.rounded === true || scaledRounds || !exactSum(have.coef, add) || undefined });
    }
  }
  return true;
}

/** True for ±2^k: scaling by it is exact (until it overflows or underflows). */
export function isPowerOfTwo(n: number): boolean {
  const m = Math.abs(n);
  return m > 0 && Number.isFinite(m) && 2 ** Math.round(Math.log2(m)) === m;
}

/**
 * target ·= src^power; false if the coefficient would overflow or underflow, an exponent would
 * round, or a non-integer power would be spread over factors not provably nonnegative.
 */
export function multiplyProduct(target: Product, src: Product, power: number): boolean {
  // x^p is itself a factor for any p; spread over a product or a power, a non-integer p needs
  // nonnegative parts: (x·y)^½ is not x^½·y^½ for x, y < 0, nor (x²)^½ x.
  const single = src.coef === 1 && src.factors.size === 1 && src.factors.values().next().value === 1;
  if (!Number.isInteger(power) && !single) {
    if (src.coef < 0) return false;
    for (const b of src.factors.keys()) if (!isNonnegative(b)) return false;
  }
  const k = power === 1 ? src.coef : Math.pow(src.coef, power);
  const c = target.coef * k;
  if (!safe(k, src.coef) || !safe(c, target.coef, k)) return false;
  target.coef = c;
  for (const [b, e] of src.factors) {
    // Exponents combine only exactly: x^0.1·x^0.2 is not x^0.30000000000000004 within rounding
    // where |ln x| is large (an exponent's rounding is multiplied by ln x).
    const have = target.factors.get(b) ?? 0;
    if (!exactProduct(e, power) || !exactSum(have, e * power)) return false;
    const sum = have + e * power;
    // x^a · x^b = x^(a+b) wherever both are finite; x^0 → 1 (x/x is undefined only where x is 0 or ∞).
    if (sum === 0) target.factors.delete(b);
    else target.factors.set(b, sum);
  }
  return true;
}

/** True when a + b is exact in floating point (TwoSum's error term is 0). */
function exactSum(a: number, b: number): boolean {
  if (a === 0 || (Number.isInteger(a) && Number.isInteger(b) && Math.abs(a) < 2 ** 52 && Math.abs(b) < 2 ** 52)) return true;
  const s = a + b;
  const bb = s - a;
  return Number.isFinite(s) && (a - (s - bb)) + (b - bb) === 0;
}

/** True when a·b is exact in floating point (Dekker's product error term is 0; no fused multiply-add in JavaScript). */
function exactProduct(a: number, b: number): boolean {
  if (b === 1 || a === 1) return true;
  const p = a * b;
  if (!Number.isFinite(p) || Math.abs(p) < 2 ** -900) return p === 0 && (a === 0 || b === 0);
  // Veltkamp splits into 26-bit halves (2^27 + 1), whose products are exact.
  const ta = 134217729 * a;
  const ah = ta - (ta - a);
  const al = a - ah;
  const tb = 134217729 * b;
  const bh = tb - (tb - b);
  const bl = b - bh;
  return ((ah * bh - p) + ah * bl + al * bh) + al * bl === 0;
}

/** sqrt(w)^(2k) → w^k (where sqrt(w) is defined, w ≥ 0, so this is exact in reals). */
function unrootSquares(factors: Map<Value, number>): void {
  for (const [b, e] of [...factors]) {
    if (b.op !== 'sqrt' || !Number.isInteger(e) || e % 2 !== 0) continue;
    factors.delete(b);
    const w = b.inputs[0];
    const sum = (factors.get(w) ?? 0) + e / 2;
    if (sum === 0) factors.delete(w);
    else factors.set(w, sum);
  }
}

/** Factors in printed order; the comparison of two monomials for the order of a sum's terms. */
function sortedFactors(ctx: FormContext, factors: Map<Value, number>): [Value, number][] {
  const list = [...factors];
  if (list.length > 1) list.sort((p, q) => ctx.compare(p[0], q[0]) || q[1] - p[1]);
  return list;
}

function chain(ctx: FormContext, parts: readonly Value[]): Value | null {
  let out: Value | null = null;
  for (const p of parts) out = out === null ? p : ctx.raw('mul', [out, p]);
  return out;
}

/**
 * The node coef · Π base^exponent: the coefficient first, positive powers in order, negative ones
 * as one division (`2 * x / (y * z)`), `x^(-1)` as `1 / x`, coefficient −1 as a negation.
 */
export function emitProduct(ctx: FormContext, p: Product): Value {
  let factors = p.factors;
  for (const b of factors.keys()) {
    if (b.op === 'sqrt') {
      factors = new Map(factors);
      unrootSquares(factors);
      break;
    }
  }
  if (p.coef === 0 || factors.size === 0) return ctx.num(p.coef);
  const up: Value[] = [];
  const down: Value[] = [];
  for (const [b, e] of sortedFactors(ctx, factors)) {
    const m = Math.abs(e);
    (e > 0 ? up : down).push(m === 1 ? b : ctx.raw('pow', [b, ctx.num(m)]));
  }
  // A coefficient ±1/q divides instead: a / (3 * b * c), not 1/3 * a / (b * c) (as sympy prints).
  let coef = p.coef;
  const q = 1 / Math.abs(coef);
  if (up.length > 0 && q > 1 && q <= 1000 && Number.isInteger(q) && 1 / q === Math.abs(coef)) {
    down.unshift(ctx.num(q));
    coef = Math.sign(coef);
  }
  // Coefficient −1 negates the first factor: −a·b/c prints `-a * b / c`, not `-(a * b / c)`
  // (the same double: rounding is symmetric in the sign).
  const negate = coef === -1 && up.length > 0;
  if (negate) up[0] = ctx.raw('neg', [up[0]]);
  const lead = coef === 1 || negate ? [] : [ctx.num(coef)];
  const top = chain(ctx, [...lead, ...up]) ?? ctx.num(coef === -1 ? -1 : 1);
  const bottom = chain(ctx, down);
  return bottom === null ? top : ctx.raw('div', [top, bottom]);
}

/**
 * The canonical order of a sum's entries: terms in a fixed order with the first positive one
 * leading, the constant last (`3 * x - 2 * y + 1`), or first when every term is negative (`1 - x`).
 */
export function canonicalOrder(ctx: FormContext, l: Linear): string[] {
  const terms = [...l.terms].filter(([, t]) => t.coef !== 0).map(([k, t]) => ({ k, coef: t.coef, order: sortedFactors(ctx, t.factors) }));
  terms.sort((p, q) => compareMonomials(ctx, p.order, q.order));
  const keys = terms.map((p) => p.k);
  const first = terms.findIndex((p) => p.coef > 0);
  if (first > 0) keys.unshift(...keys.splice(first, 1));
  if (l.constant !== 0) {
    if (first < 0 && l.constant > 0) keys.unshift(CONSTANT_KEY);
    else keys.push(CONSTANT_KEY);
  }
  return keys;
}

/**
 * The node Σ coef·monomial + constant, its entries added in the order checked for accuracy
 * (l.plan, see accuracy.ts; else canonicalOrder), negative ones as subtraction; what every term
 * shares taken out (commonFactor), and −(a + b) when every entry is negative.
 */
export function emitLinear(ctx: FormContext, l: Linear): Value {
  // An empty plan (ANY_ORDER in accuracy.ts, a form of at most two entries) leaves the order free.
  const order = l.plan === undefined || l.plan.length === 0 ? canonicalOrder(ctx, l) : l.plan;
  const factored = commonFactor(l, order);
  if (factored !== null) {
    const { common, rest } = factored;
    // A rest of negative entries only takes the sign into the common factor: −c·u·(a + b), not c·u·−(a + b).
    const entries = [...rest.terms.values()];
    if (entries.length + (rest.constant !== 0 ? 1 : 0) > 1 && rest.constant <= 0 && entries.every((t) => t.coef < 0)) {
      common.coef = -common.coef;
      rest.constant = -rest.constant;
      for (const [k, t] of rest.terms) rest.terms.set(k, { coef: -t.coef, factors: t.factors });
    }
    const inner = emitLinear(ctx, rest);
    // The rest may be one of the common factors itself: −a·t − a·b/c with a = b/c + t is −a².
    common.factors.set(inner, (common.factors.get(inner) ?? 0) + 1);
    return emitProduct(ctx, common);
  }
  if (order.length === 0) return ctx.num(l.constant);
  if (order.length > 1 && order.every((k) => coefOf(l, k) < 0)) {
    // Every entry negative: −(a + b), which shares a + b with the graph where it occurs.
    const negated: Linear = { constant: -l.constant, terms: new Map(), plan: order };
    for (const [k, t] of l.terms) negated.terms.set(k, { coef: -t.coef, factors: t.factors });
    return ctx.raw('neg', [emitLinear(ctx, negated)]);
  }
  // The longest run of leading entries that share a factor is emitted with it taken out:
  // a·u·p − a·u·q + r → a·u·(p − q) + r. The run's partial sums are the order's own first ones,
  // so this rounds nothing the order does not (accuracy.ts checked the order).
  let start = 1;
  let out: Value | null = null;
  for (let k = order.length - 1; k >= 2 && order.length >= 3; k--) {
    const run: Linear = { constant: 0, terms: new Map(), plan: order.slice(0, k) };
    for (const key of run.plan!) {
      if (key === CONSTANT_KEY) run.constant = l.constant;
      else run.terms.set(key, l.terms.get(key)!);
    }
    const shared = commonFactor(run, run.plan!);
    if (shared === null || shared.common.factors.size === 0) continue;
    out = emitLinear(ctx, run);
    start = k;
    break;
  }
  if (out === null) {
    const head = order[0];
    out = coefOf(l, head) > 0 ? magnitude(ctx, l, head) : head === CONSTANT_KEY ? ctx.num(l.constant) : emitProduct(ctx, l.terms.get(head)!);
  }
  for (const k of order.slice(start)) out = ctx.raw(coefOf(l, k) > 0 ? 'add' : 'sub', [out, magnitude(ctx, l, k)]);
  return out;
}

function compareMonomials(ctx: FormContext, a: [Value, number][], b: [Value, number][]): number {
  for (let i = 0; i < Math.min(a.length, b.length); i++) {
    const c = ctx.compare(a[i][0], b[i][0]) || b[i][1] - a[i][1];
    if (c !== 0) return c;
  }
  return a.length - b.length;
}

/** Sums with more terms than this are not searched for sin² + cos² pairs (the search is quadratic). */
const PYTHAGORAS_TERMS = 16;

/**
 * c·m·sin²(u) + c·m·cos²(u) → c·m in a sum form (in place): equal in reals for every u, and within
 * a few ulps in floats (each square rounds once, and the sum is 1 ± 2^-52 or so). Returns the terms
 * c·m put in (each is what the input's pair rounds to: a witness, accuracy.ts).
 */
export function pythagoras(ctx: FormContext, form: Linear, replaced: Linear[] = []): Linear[] {
  if (form.terms.size < 2 || form.terms.size > PYTHAGORAS_TERMS) return replaced;
  for (const [k1, t1] of form.terms) {
    for (const [s, e] of t1.factors) {
      if (s.op !== 'sin' || e !== 2) continue;
      for (const [k2, t2] of form.terms) {
        if (k2 === k1 || t2.coef !== t1.coef || t2.factors.size !== t1.factors.size) continue;
        const c = [...t2.factors.keys()].find((b) => b.op === 'cos' && b.inputs[0] === s.inputs[0] && t2.factors.get(b) === 2);
        if (c === undefined || ![...t1.factors].every(([b, x]) => b === s || t2.factors.get(b) === x)) continue;
        form.terms.delete(k1);
        form.terms.delete(k2);
        const rest = productToLinear(ctx, { coef: t1.coef, factors: new Map([...t1.factors].filter(([b]) => b !== s)) });
        addLinear(ctx, form, rest, 1);
        replaced.push(rest);
        return pythagoras(ctx, form, replaced);
      }
    }
  }
  return replaced;
}

// Module-level rather than closures in emitLinear: a closure made per call costs, on the hot path,
// its allocation (and under tsx a keep-names wrapper per call).

/** The coefficient of entry k of l (its constant for CONSTANT_KEY). */
function coefOf(l: Linear, k: string): number {
  return k === CONSTANT_KEY ? l.constant : l.terms.get(k)!.coef;
}

/** The node |coef|·monomial of entry k of l (a plain base for ±base). */
function magnitude(ctx: FormContext, l: Linear, k: string): Value {
  if (k === CONSTANT_KEY) return ctx.num(Math.abs(l.constant));
  const t = l.terms.get(k)!;
  if (t.factors.size === 1 && Math.abs(t.coef) === 1) {
    const [[b, e]] = t.factors;
    if (e === 1 && b.op !== 'sqrt') return b;
  }
  return emitProduct(ctx, { coef: Math.abs(t.coef), factors: t.factors });
}

/**
 * What every term of a sum shares, taken out: c·a·u + c·b·u → c·u·(a + b), p/D + q/D → (p + q)/D,
 * 2·x + 4·y → 2·(x + 2·y), as sympy and math.js print sums. A base is common when every term has
 * it with exponents of one sign, integers (or all equal); the coefficient is the integers' gcd, or
 * the common magnitude. The same real number; in floats c·(a + b) rounds like c·a + c·b within
 * their own rounding. Null when nothing is shared (or the sum has a constant and one term).
 */
function commonFactor(l: Linear, order: readonly string[]): { common: Product; rest: Linear } | null {
  const terms = [...l.terms.values()].filter((t) => t.coef !== 0);
  if (terms.length + (l.constant !== 0 ? 1 : 0) < 2) return null;
  const factors = new Map<Value, number>();
  if (l.constant === 0) {
    for (const [b, e0] of terms[0].factors) {
      let e = e0;
      for (let i = 1; i < terms.length && e !== 0; i++) {
        const f = terms[i].factors.get(b);
        if (f === undefined || Math.sign(f) !== Math.sign(e0)) e = 0;
        else if (Number.isInteger(f) && Number.isInteger(e)) e = Math.sign(e0) * Math.min(Math.abs(e), Math.abs(f));
        else if (f !== e) e = 0;
      }
      if (e !== 0) factors.set(b, e);
    }
  }
  const coefs = terms.map((t) => Math.abs(t.coef));
  if (l.constant !== 0) coefs.push(Math.abs(l.constant));
  let coef = coefs.every((c) => c === coefs[0]) ? coefs[0] : coefs.every((c) => Number.isInteger(c) && c < 2 ** 53) ? coefs.reduce(gcd) : 1;
  // Every term negative: the sign goes with the common factor, −c·(a + b).
  if (terms.every((t) => t.coef < 0) && l.constant <= 0) coef = -coef;
  if (factors.size === 0 && coef === 1) return null;
  // The rest keeps the order (its partial sums are the sum's own, over the common factor); the
  // coefficients divide exactly (by ±1, the one common magnitude, or the integers' gcd).
  const rest: Linear = { constant: l.constant / coef, terms: new Map() };
  let plan: readonly string[] = order;
  for (const [k, t] of l.terms) {
    if (t.coef === 0) continue;
    const left = new Map(t.factors);
    for (const [b, e] of factors) {
      const r = left.get(b)! - e;
      if (r === 0) left.delete(b);
      else left.set(b, r);
    }
    if (left.size === 0) {
      rest.constant += t.coef / coef; // the term that was all common factor (there is no other constant)
      plan = plan.map((key) => (key === k ? CONSTANT_KEY : key));
    } else {
      rest.terms.set(k, { coef: t.coef / coef, factors: left });
    }
  }
  rest.plan = plan;
  return { common: { coef, factors }, rest };
}

function gcd(a: number, b: number): number {
  while (b !== 0) [a, b] = [b, a % b];
  return a;
}
