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
 * simplify's rules, tried in order at each node after constant folding. Every rule keeps the value
 * wherever the original is finite; none mentions a derivative.
 */
export const RULES: readonly Rule[] = [
  { name: 'x + 0 → x', op: 'add', apply: ([a, b], c) => (is(c, b, 0) ? a : is(c, a, 0) ? b : null) },
  { name: 'c1·x + c2·x → (c1 + c2)·x', op: 'add', apply: ([a, b], c) => collect(c, a, b, 1) },
  { name: 'x + (−y) → x − y', op: 'add', apply: ([a, b], c) => (b.op === 'neg' ? c.make('sub', [a, b.inputs[0]]) : a.op === 'neg' ? c.make('sub', [b, a.inputs[0]]) : null) },
  { name: 'x − 0 → x', op: 'sub', apply: ([a, b], c) => (is(c, b, 0) ? a : null) },
  { name: '0 − x → −x', op: 'sub', apply: ([a, b], c) => (is(c, a, 0) ? c.make('neg', [b]) : null) },
  { name: 'c1·x − c2·x → (c1 − c2)·x (x − x → 0)', op: 'sub', apply: ([a, b], c) => collect(c, a, b, -1) },
  { name: 'x − (−y) → x + y', op: 'sub', apply: ([a, b], c) => (b.op === 'neg' ? c.make('add', [a, b.inputs[0]]) : null) },
  { name: 'x·1 → x', op: 'mul', apply: ([a, b], c) => (is(c, b, 1) ? a : is(c, a, 1) ? b : null) },
  { name: 'x·0 → 0', op: 'mul', apply: ([a, b], c) => (is(c, a, 0) || is(c, b, 0) ? c.num(0) : null) },
  { name: 'x·c → c·x', op: 'mul', apply: ([a, b], c) => (c.numberOf(b) !== null ? c.make('mul', [b, a]) : null) },
  { name: '−1·x → −x', op: 'mul', apply: ([a, b], c) => (is(c, a, -1) ? c.make('neg', [b]) : null) },
  { name: 'c1·(c2·x) → (c1c2)·x', op: 'mul', apply: ([a, b], c) => scaleScaled(c, a, b) },
  { name: 'c·(−x) → (−c)·x', op: 'mul', apply: ([a, b], c) => (c.numberOf(a) !== null && b.op === 'neg' ? c.make('mul', [c.num(-c.numberOf(a)!), b.inputs[0]]) : null) },
  { name: '(−x)·y → −(x·y)', op: 'mul', apply: ([a, b], c) => (a.op === 'neg' ? c.make('neg', [c.make('mul', [a.inputs[0], b])]) : b.op === 'neg' && c.numberOf(a) === null ? c.make('neg', [c.make('mul', [a, b.inputs[0]])]) : null) },
  { name: 'x^a·x^b → x^(a + b) (x·x → x^2)', op: 'mul', apply: ([a, b], c) => collectPowers(c, a, b) },
  { name: 'x·y^(−1) → x / y', op: 'mul', apply: ([a, b], c) => (isPow(c, b, -1) ? c.make('div', [a, b.inputs[0]]) : isPow(c, a, -1) ? c.make('div', [b, a.inputs[0]]) : null) },
  { name: 'x / 1 → x', op: 'div', apply: ([a, b], c) => (is(c, b, 1) ? a : null) },
  { name: 'x / x → 1 where x ≠ 0', op: 'div', apply: ([a, b], c) => (a === b && nonzero(c, a) ? c.num(1) : null) },
  { name: '0 / x → 0 where x ≠ 0', op: 'div', apply: ([a, b], c) => (is(c, a, 0) && nonzero(c, b) ? c.num(0) : null) },
  { name: 'x^1 → x', op: 'pow', apply: ([a, b], c) => (is(c, b, 1) ? a : null) },
  { name: 'x^0 → 1, 1^x → 1', op: 'pow', apply: ([a, b], c) => (is(c, b, 0) || is(c, a, 1) ? c.num(1) : null) },
  { name: '−(−x) → x', op: 'neg', apply: ([a]) => (a.op === 'neg' ? a.inputs[0] : null) },
  { name: '−(x − y) → y − x', op: 'neg', apply: ([a], c) => (a.op === 'sub' ? c.make('sub', [a.inputs[1], a.inputs[0]]) : null) },
  { name: '−(c·x) → (−c)·x', op: 'neg', apply: ([a], c) => (a.op === 'mul' && c.numberOf(a.inputs[0]) !== null ? c.make('mul', [c.num(-c.numberOf(a.inputs[0])!), a.inputs[1]]) : null) },
  { name: 'sum: fold constants, collect repeated terms, drop 0, unwrap short sums', op: 'sum', apply: (inputs, c) => collectSum(c, inputs) },
  { name: 'dot: drop terms with a factor 0, unwrap short dots', op: 'dot', apply: (inputs, c) => pruneDot(c, inputs) },
];

function is(c: RewriteContext, v: Value, n: number): boolean {
  return c.numberOf(v) === n;
}

function isPow(c: RewriteContext, v: Value, n: number): boolean {
  return v.op === 'pow' && is(c, v.inputs[1], n);
}

/** Nonzero in exact arithmetic: a nonzero constant, or an op whose output is always positive. */
function nonzero(c: RewriteContext, v: Value): boolean {
  const n = c.numberOf(v);
  return n !== null ? n !== 0 : v.spec !== null && v.spec.domain.sign === 'positive';
}

/** v as coefficient · base: c·x → [c, x], −x → [−1, x], x → [1, x]. */
function term(c: RewriteContext, v: Value): [number, Value] {
  if (v.op === 'mul' && c.numberOf(v.inputs[0]) !== null) return [c.numberOf(v.inputs[0])!, v.inputs[1]];
  if (v.op === 'neg') return [-1, v.inputs[0]];
  return [1, v];
}

function collect(c: RewriteContext, a: Value, b: Value, sign: 1 | -1): Value | null {
  const [ca, x] = term(c, a);
  const [cb, z] = term(c, b);
  return x === z ? c.make('mul', [c.num(ca + sign * cb), x]) : null;
}

function scaleScaled(c: RewriteContext, a: Value, b: Value): Value | null {
  const k = c.numberOf(a);
  if (k === null || b.op !== 'mul' || c.numberOf(b.inputs[0]) === null) return null;
  return c.make('mul', [c.num(k * c.numberOf(b.inputs[0])!), b.inputs[1]]);
}

/** v as base ^ constant exponent: x^e → [x, e], x → [x, 1]. */
function power(c: RewriteContext, v: Value): [Value, number] {
  if (v.op === 'pow' && c.numberOf(v.inputs[1]) !== null) return [v.inputs[0], c.numberOf(v.inputs[1])!];
  return [v, 1];
}

function collectPowers(c: RewriteContext, a: Value, b: Value): Value | null {
  const [x, ea] = power(c, a);
  const [z, eb] = power(c, b);
  return x === z && c.numberOf(x) === null ? c.make('pow', [x, c.num(ea + eb)]) : null;
}

function collectSum(c: RewriteContext, inputs: readonly Value[]): Value | null {
  let constantSum = 0;
  let constants = 0;
  const coefficients = new Map<Value, number>();
  for (const v of inputs) {
    const n = c.numberOf(v);
    if (n !== null) {
      constantSum += n;
      constants++;
      continue;
    }
    const [k, x] = term(c, v);
    coefficients.set(x, (coefficients.get(x) ?? 0) + k);
  }
  const collected = coefficients.size < inputs.length - constants;
  const foldable = constants > 1 || (constants === 1 && constantSum === 0);
  if (!collected && !foldable && inputs.length > 2) return null;
  const terms: Value[] = [];
  if (collected) for (const [x, k] of coefficients) terms.push(c.make('mul', [c.num(k), x]));
  else for (const v of inputs) if (c.numberOf(v) === null) terms.push(v);
  if (constantSum !== 0) terms.push(c.num(constantSum));
  if (terms.length === 0) return c.num(0);
  if (terms.length === 1) return terms[0];
  if (terms.length === 2) return c.make('add', [terms[0], terms[1]]);
  return c.make('sum', terms);
}

function pruneDot(c: RewriteContext, inputs: readonly Value[]): Value | null {
  const n = inputs.length / 2;
  const as: Value[] = [];
  const bs: Value[] = [];
  for (let k = 0; k < n; k++) {
    if (is(c, inputs[k], 0) || is(c, inputs[k + n], 0)) continue;
    as.push(inputs[k]);
    bs.push(inputs[k + n]);
  }
  if (as.length === 0) return c.num(0);
  if (as.length === 1) return c.make('mul', [as[0], bs[0]]);
  return as.length < n ? c.make('dot', [...as, ...bs]) : null;
}
