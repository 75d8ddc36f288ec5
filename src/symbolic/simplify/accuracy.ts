import type { Value } from '../../engine/value.js';
import { CONSTANT_KEY, canonicalOrder, isPowerOfTwo, type FormContext, type Linear, type Product } from './canonical.js';

/**
 * What keeps the default simplify as accurate as what it was given (issue 21): a rewritten sum may
 * round only what the input rounds. Evaluating y as written rounds each partial sum it computes,
 * each product c·m, and so on; to first order its error is Σ |∂y/∂n| · (rounding of node n), and
 * inside one sum every partial has the sum's own ∂y. So a rewrite of a sum keeps y's accuracy when
 * each quantity the result rounds — a partial sum of its emitted chain, a product coef·monomial
 * (other than ±2^k times one factor), a constant folded inexactly — is a combination, with small
 * coefficients, of quantities the input rounds (its WITNESSES): the partial sums of the input's own
 * sums and its rounded products, as real linear combinations of the sum's terms. (x − 1) + y can
 * print `x - 1 + y` (its partial x − 1 is the input's), never `x + y - 1` (x + y is no combination
 * of x − 1 and x − 1 + y: at x = 1, y = 1e-20 it rounds y away); 3(x − 1) never becomes 3x − 3
 * (3x is no multiple of 3(x − 1)); (x − 1) + 1e-9 never x − 0.999999999 (a folded constant that
 * rounds, 1 − 1e-9, is no small combination of x − 1 and x − 1 + 1e-9). Products regroup freely:
 * their roundings are relative, as the input's are.
 */

/** A real linear combination of a sum's terms, by term key (monomial signature), the constant under CONSTANT_KEY (a Map, or a view of a form). */
export interface Vector extends Iterable<[string, number]> {
  readonly size: number;
  has(key: string): boolean;
  get(key: string): number | undefined;
  keys(): Iterable<string>;
}

/** A form's value as a Vector without a copy: for a form that no longer changes (a node's own sum). */
class FormView implements Vector {
  constructor(private readonly l: Linear) {}
  get size(): number {
    return this.l.terms.size + (this.l.constant !== 0 ? 1 : 0);
  }
  has(key: string): boolean {
    return key === CONSTANT_KEY ? this.l.constant !== 0 : this.l.terms.has(key);
  }
  get(key: string): number | undefined {
    if (key === CONSTANT_KEY) return this.l.constant !== 0 ? this.l.constant : undefined;
    return this.l.terms.get(key)?.coef;
  }
  *keys(): Iterable<string> {
    yield* this.l.terms.keys();
    if (this.l.constant !== 0) yield CONSTANT_KEY;
  }
  *[Symbol.iterator](): Iterator<[string, number]> {
    for (const [k, t] of this.l.terms) yield [k, t.coef];
    if (this.l.constant !== 0) yield [CONSTANT_KEY, this.l.constant];
  }
}

/** The final value of a form as a Vector (a view: the form must not change afterwards). */
export function finalVectorOf(l: Linear): Vector {
  return new FormView(l);
}

/** A witness: the quantity s·v (vectors are shared between forms; a scaled copy is a new scale). */
export interface Witness {
  readonly v: Vector;
  readonly s: number;
}

/**
 * Sums with more entries than this are left to the exact rules: the check below is cubic in the
 * entries (a derivative's sums are far smaller; a 784-term dot product of a network stays a dot).
 */
export const MAX_ENTRIES = 24;
/** Witnesses kept per form (see witness). */
const MAX_WITNESSES = 10;
/** The plan of a form whose every order is as accurate (emitLinear then uses the canonical one). */
export const ANY_ORDER: readonly string[] = Object.freeze([]);
/** How large the coefficients of a combination of witnesses may be (in sum of magnitudes). */
const BOUND = 3;
/** Relative tolerance of the vector arithmetic (coefficients are sums of a few doubles). */
const TOLERANCE = 1e-11;

/** The form's value now, as a vector of its terms and constant (a copy). */
export function vectorOf(l: Linear, scale = 1): Map<string, number> {
  const v = new Map<string, number>();
  for (const [k, t] of l.terms) v.set(k, scale * t.coef);
  if (l.constant !== 0) v.set(CONSTANT_KEY, scale * l.constant);
  return v;
}

/** True when computing coef·monomial rounds: anything but ±2^k times one factor (to the power 1), or a coefficient that rounded when collected. */
export function isRounded(p: Product): boolean {
  if (p.rounded === true || p.factors.size !== 1 || !isPowerOfTwo(p.coef)) return true;
  const [e] = p.factors.values();
  return e !== 1;
}

/**
 * Records that the input rounds the quantity s·v (in `form`'s terms). At most MAX_WITNESSES are
 * kept: one single-term witness per term (the largest: it lets a chain's coefficient be checked
 * however long the chain), and the most recent others. A list taken over from an operand is
 * shared until written (copied then), with the form's own scale (witnessScale).
 */
export function witness(form: Linear, v: Vector, s = 1): void {
  if (v.size === 0 || s === 0) return;
  const scale = form.witnessScale ?? 1;
  let list = form.witnesses as Witness[] | undefined;
  if (list === undefined) list = [];
  else if (form.witnessesShared === true) list = list.slice();
  form.witnesses = list;
  form.witnessesShared = false;
  const own = s / scale;
  if (v.size === 1) {
    // The one entry, read without building arrays (a hot path on long chains).
    const [k, c] = (v[Symbol.iterator]().next() as IteratorYieldResult<[string, number]>).value;
    for (let i = 0; i < list.length; i++) {
      const w = list[i];
      if (w.v.size !== 1 || !w.v.has(k)) continue;
      if (Math.abs(w.s * w.v.get(k)!) < Math.abs(own * c)) list[i] = { v, s: own };
      return;
    }
  }
  list.push({ v, s: own });
  if (list.length > MAX_WITNESSES) {
    const i = list.findIndex((w) => w.v.size > 1);
    list.splice(i >= 0 ? i : 0, 1);
  }
}

/**
 * Adds to `form`'s witnesses what the input rounds inside `src`, scaled: src's own witnesses when
 * src is a sum form taken in whole, else its rounded terms (a term read off a product node).
 */
export function inheritWitnesses(form: Linear, src: Linear, scale: number): void {
  if (src.witnesses !== undefined) {
    const k = scale * (src.witnessScale ?? 1);
    if (k === 0) return;
    // A sum of two entries: its vectors span those two terms, so its single-term witnesses and its
    // own value tell a sum that takes it in all its others would (a long chain x·c + d then passes
    // on three, not a growing list).
    if (src.terms.size + (src.constant !== 0 ? 1 : 0) <= 2 && src.witnesses.length > 2) {
      for (const w of src.witnesses) if (w.v.size === 1) witness(form, w.v, k * w.s);
      witness(form, finalVectorOf(src), scale);
      return;
    }
    // Into a form with none yet (a chain's usual step), the list itself is taken, shared.
    if (form.witnesses === undefined || form.witnesses.length === 0) {
      form.witnesses = src.witnesses;
      form.witnessScale = k;
      form.witnessesShared = true;
    } else {
      for (const w of src.witnesses) witness(form, w.v, k * w.s);
    }
    return;
  }
  for (const [key, t] of src.terms) if (isRounded(t)) witness(form, new Map([[key, t.coef]]), scale);
}

/** The order of a form's entries (term keys, CONSTANT_KEY) as the input added them. */
export function inputOrder(l: Linear): string[] {
  const keys = [...l.terms.keys()];
  if (l.constant !== 0) keys.splice(Math.min(l.constantAt ?? keys.length, keys.length), 0, CONSTANT_KEY);
  // The first two entries make the first partial sum in either order: a positive one leads.
  if (keys.length >= 2 && !positive(l, keys[0]) && positive(l, keys[1])) [keys[0], keys[1]] = [keys[1], keys[0]];
  return keys;
}

function positive(l: Linear, key: string): boolean {
  return key === CONSTANT_KEY ? l.constant > 0 : l.terms.get(key)!.coef > 0;
}

/**
 * The order to emit `form` in: the canonical one (terms in a fixed order, the constant last) if
 * every quantity it rounds is witnessed, else the input's own order if that is; null when neither
 * (the node is then rewritten with the exact rules only).
 */
export function planEmission(ctx: FormContext, form: Linear): readonly string[] | null {
  const entries = form.terms.size + (form.constant !== 0 ? 1 : 0);
  if (entries > MAX_ENTRIES) return null;
  const witnesses = form.witnesses ?? [];
  const k = form.witnessScale ?? 1;
  for (const [key, t] of form.terms) if (isRounded(t) && !termCovered(key, t.coef, witnesses, k)) return null;
  if (form.constant !== 0 && form.constantRounded === true && !termCovered(CONSTANT_KEY, form.constant, witnesses, k)) return null;
  // Two entries make one partial sum, the whole: any order.
  if (entries <= 2) return ANY_ORDER;
  const canonical = canonicalOrder(ctx, form);
  // First the canonical order with the terms that share the most common factor moved to the front
  // (emitLinear then takes that factor out of them), then as it is, then the input's own order.
  const clustered = clusterOrder(form, canonical);
  for (const order of [clustered, canonical]) if (order !== null && prefixesCovered(form, order, witnesses, k)) return order;
  const input = inputOrder(form);
  return input.join() !== canonical.join() && prefixesCovered(form, input, witnesses, k) ? input : null;
}

/**
 * `order` with the terms having the factor most terms share (two or more, not all: all is a common
 * factor emitLinear takes out anyway) moved to the front, in their order; null when no factor is
 * shared so. The first entry stays positive where it was.
 */
function clusterOrder(form: Linear, order: readonly string[]): string[] | null {
  const count = new Map<Value, number>();
  for (const t of form.terms.values()) for (const b of t.factors.keys()) count.set(b, (count.get(b) ?? 0) + 1);
  let best: Value | null = null;
  let most = 1;
  const entries = order.length;
  for (const [b, n] of count) if (n > most && n < entries) [best, most] = [b, n];
  if (best === null) return null;
  const has = (key: string) => key !== CONSTANT_KEY && form.terms.get(key)!.factors.has(best!);
  const front = order.filter(has);
  const back = order.filter((key) => !has(key));
  if (!front.some((key) => form.terms.get(key)!.coef > 0)) return null;
  while (form.terms.get(front[0])!.coef < 0) front.push(front.shift()!);
  const out = [...front, ...back];
  return out.join() === order.join() ? null : out;
}

/**
 * What the result rounds whatever the order, one term c·m (or the constant): covered as {@link
 * covered} covers it, with the two common cases first and without building a vector: a multiple
 * of a single-term witness, or a two-term witness less a single-term one (a chain's constant
 * c·d + d is its latest partial sum c²x + (c·d + d) less the rounded c²·x).
 */
function termCovered(key: string, coef: number, witnesses: readonly Witness[], k: number): boolean {
  for (const w of witnesses) {
    if (w.v.size !== 1) continue;
    const d = w.v.get(key);
    if (d !== undefined && d !== 0 && Math.abs(coef / (k * w.s * d)) <= BOUND) return true;
  }
  for (const w of witnesses) {
    if (w.v.size !== 2) continue;
    const d = w.v.get(key);
    if (d === undefined || d === 0) continue;
    let other: string | null = null;
    for (const o of w.v.keys()) if (o !== key) other = o;
    const lambda = coef / (k * w.s * d);
    const rest = lambda * k * w.s * w.v.get(other!)!;
    for (const u of witnesses) {
      const e = u.v.size === 1 ? u.v.get(other!) : undefined;
      if (e !== undefined && e !== 0 && Math.abs(lambda) + Math.abs(rest / (k * u.s * e)) <= BOUND) return true;
    }
  }
  return covered(new Map([[key, coef]]), witnesses, k);
}

/** True when every partial sum of the chain in `order` (but the whole, the input's own) is witnessed. */
function prefixesCovered(form: Linear, order: readonly string[], witnesses: readonly Witness[], k: number): boolean {
  const prefix = new Map<string, number>();
  for (let i = 0; i < order.length - 1; i++) {
    const key = order[i];
    prefix.set(key, key === CONSTANT_KEY ? form.constant : form.terms.get(key)!.coef);
    if (i >= 1 && !covered(prefix, witnesses, k)) return false;
  }
  return true;
}

/** t as a combination of the witnesses (each times k) with coefficients of total magnitude at most BOUND. */
function covered(t: Vector, witnesses: readonly Witness[], k: number): boolean {
  for (const w of witnesses) {
    const r = ratio(t, w, k);
    if (r !== null && Math.abs(r) <= BOUND) return true;
  }
  // A term no witness mentions cannot be combined from them.
  for (const key of t.keys()) if (!witnesses.some((w) => w.v.has(key))) return false;
  return pairCovered(t, witnesses, k) || combination(t, witnesses, k);
}

/**
 * The common case of a combination, without elimination: t = λ·w − μ·u for a witness w with one
 * key more than t and a single-term witness u of that key (a chain's constant c·d + d is the
 * latest partial sum c²x + (c·d + d) less the rounded c²·x).
 */
function pairCovered(t: Vector, witnesses: readonly Witness[], k: number): boolean {
  for (const w of witnesses) {
    if (w.v.size !== t.size + 1) continue;
    let extra: string | null = null;
    for (const key of w.v.keys()) {
      if (t.has(key)) continue;
      if (extra !== null) {
        extra = null;
        break;
      }
      extra = key;
    }
    if (extra === null) continue;
    const reduced = new Map(t);
    const lambda = ratio(reduced, { v: new Map([...w.v].filter(([key]) => key !== extra)), s: w.s }, k);
    if (lambda === null) continue;
    const rest = lambda * k * w.s * w.v.get(extra)!;
    const u = witnesses.find((x) => x.v.size === 1 && x.v.has(extra!));
    if (u !== undefined && Math.abs(lambda) + Math.abs(rest / (k * u.s * u.v.get(extra!)!)) <= BOUND) return true;
  }
  return false;
}

/** λ with t = λ·(k·w) (the same keys, proportional coefficients), or null. */
function ratio(t: Vector, w: Witness, k: number): number | null {
  if (t.size !== w.v.size) return null;
  let lambda: number | null = null;
  for (const [key, c] of t) {
    const d = k * w.s * (w.v.get(key) ?? 0);
    if (d === 0) return null;
    if (lambda === null) lambda = c / d;
    else if (Math.abs(c - lambda * d) > TOLERANCE * Math.abs(c)) return null;
  }
  return lambda;
}

/**
 * True when t is a combination Σ α_i w_i with Σ |α_i| ≤ BOUND. Gaussian elimination gives a basic
 * solution, which depends on the order of the witnesses and is not always the smallest: it is
 * tried with single-term witnesses first and the others newest first (a chain's latest partial
 * sums), then in the order kept, then reversed. So a valid rewrite can be refused, never a bad one
 * accepted.
 */
function combination(t: Vector, witnesses: readonly Witness[], k: number): boolean {
  if (witnesses.length === 0) return false;
  const singles = witnesses.filter((w) => w.v.size === 1);
  const others = witnesses.filter((w) => w.v.size > 1).reverse();
  for (const cols of [[...singles, ...others], witnesses, [...witnesses].reverse()]) if (basicSolution(t, cols, k) <= BOUND) return true;
  return false;
}

/** Σ |α_i| of the basic solution of Σ α_i cols_i = t by elimination in the order of cols, or Infinity if there is none. */
function basicSolution(t: Vector, cols: readonly Witness[], scale: number): number {
  const rowOf = new Map<string, number>();
  for (const k of t.keys()) rowOf.set(k, rowOf.size);
  for (const w of cols) for (const k of w.v.keys()) if (!rowOf.has(k)) rowOf.set(k, rowOf.size);
  const rows = rowOf.size;
  const n = cols.length;
  const width = n + 1;
  // Augmented matrix, one row per key: [w_0[k] … w_n-1[k] | t[k]], each row then scaled to its
  // largest entry (coefficients of different terms can differ by many orders: 1e-9 and 1).
  const m = new Float64Array(rows * width);
  cols.forEach((w, c) => {
    for (const [k, a] of w.v) m[rowOf.get(k)! * width + c] = scale * w.s * a;
  });
  for (const [k, a] of t) m[rowOf.get(k)! * width + n] = a;
  for (let i = 0; i < rows; i++) {
    let top = 0;
    for (let j = 0; j < width; j++) top = Math.max(top, Math.abs(m[i * width + j]));
    if (top > 0) for (let j = 0; j < width; j++) m[i * width + j] /= top;
  }
  const pivots: number[] = [];
  let r = 0;
  for (let c = 0; c < n && r < rows; c++) {
    let best = r;
    for (let i = r + 1; i < rows; i++) if (Math.abs(m[i * width + c]) > Math.abs(m[best * width + c])) best = i;
    if (Math.abs(m[best * width + c]) <= TOLERANCE) continue;
    if (best !== r) {
      for (let j = 0; j < width; j++) {
        const tmp = m[r * width + j];
        m[r * width + j] = m[best * width + j];
        m[best * width + j] = tmp;
      }
    }
    const p = m[r * width + c];
    for (let i = 0; i < rows; i++) {
      const f = i === r ? 0 : m[i * width + c] / p;
      if (f === 0) continue;
      for (let j = c; j < width; j++) m[i * width + j] -= f * m[r * width + j];
    }
    pivots.push(c);
    r++;
  }
  // Consistent only if the rows without a pivot have no right-hand side left.
  for (let i = r; i < rows; i++) if (Math.abs(m[i * width + n]) > TOLERANCE) return Infinity;
  let total = 0;
  pivots.forEach((c, i) => (total += Math.abs(m[i * width + n] / m[i * width + c])));
  return total;
}
