import { nodeForward } from '../../ops/layout.js';
import { OPS, type OpSpec } from '../../ops/table.js';
import { lookupOp } from '../../ops/registry.js';
import { Value, applyOp, constant } from '../../engine/value.js';
import { freshMark } from '../../engine/graph.js';
import { emitLinear, emitProduct, type Linear, type Product } from './canonical.js';
import { planEmission } from './accuracy.js';
import { numberOf } from './facts.js';
import { CANONICAL_RULES, RULES, type AnyOpName, type RewriteContext, type Rule } from './rules.js';

// One pass of simplify: a bottom-up rewrite of a topological order with hash-consing, applying
// either rule list of simplify/rules.ts (the fixed point and the choice between them are in
// simplify.ts).

/**
 * A rule list by the op it rewrites: each entry's rules, in their listed order, found once per
 * entry (a rule names its ops, or selects them by a fact of their entry, so a defined op's facts
 * count as a built-in op's do). Entries are frozen, so the list never goes stale.
 */
class RulesByOp {
  private readonly found = new Map<OpSpec, readonly Rule[]>();
  constructor(private readonly rules: readonly Rule[]) {}

  of(spec: OpSpec): readonly Rule[] {
    let list = this.found.get(spec);
    if (list === undefined) this.found.set(spec, (list = this.rules.filter((rule) => rewrites(rule, spec))));
    return list;
  }
}

function rewrites(rule: Rule, spec: OpSpec): boolean {
  return typeof rule.ops === 'function' ? rule.ops(spec) : (rule.ops as readonly string[]).includes(spec.name);
}

// Pure annotations let a bundler drop simplify from bundles that never call it (the engine's size budget).
const EXACT = /* @__PURE__ */ new RulesByOp(RULES);
const CANONICAL = /* @__PURE__ */ new RulesByOp(CANONICAL_RULES);
/** The ops whose canonical rules read their operands' forms (a deferred operand can stay deferred). */
const FORM_OPS = /* @__PURE__ */ formOps();
/** Built-in op → a small number, for numeric hash-consing keys (below 2^9 ops · 2^22 · 2^22 = 2^53, exact). */
const OP_CODES = /* @__PURE__ */ opCodes();

function formOps(): Set<string> {
  return new Set<string>(CANONICAL_RULES.filter((r) => r.readsForms === true).flatMap((r) => (typeof r.ops === 'function' ? [] : r.ops)));
}

function opCodes(): Map<string, number> {
  return new Map(Object.keys(OPS).map((name, i) => [name, i]));
}


/** Per node: its height and a structural hash, for an order of terms independent of how they were built. */
interface Shape {
  readonly height: number;
  readonly hash: number;
}

/** A 32-bit string hash (FNV-1a). */
function hashString(s: string, h = 0x811c9dc5): number {
  for (let i = 0; i < s.length; i++) h = Math.imul(h ^ s.charCodeAt(i), 0x01000193);
  return h >>> 0;
}

/** A form whose emission is deferred (see Rewriter.deferred). */
interface Deferred {
  readonly form: Linear | Product;
  readonly linear: boolean;
  readonly op: AnyOpName;
  readonly inputs: readonly Value[];
}

/**
 * Everything one pass knows about a node, in one record: one map entry per node instead of one
 * per fact (on a 1,000,000-node chain the separate maps' inserts and their garbage were most of
 * the time). Every field is present from the start, so all records share one shape.
 */
class Slot {
  /** Hash-consing id, or −1 until asked (ids are handed out in the order they are first asked for). */
  id = -1;
  /** Users in the input graph of the nodes this one stands for, or −1 if unknown. */
  uses = -1;
  /** Printed tree size, or −1 until measured. */
  size = -1;
  shape: Shape | undefined = undefined;
  linear: Linear | undefined = undefined;
  product: Product | undefined = undefined;
  /** Set while the node stands in for a form not emitted yet. */
  deferred: Deferred | undefined = undefined;
}

/** Printed sizes, read and written through the slots (for memo). */
class SizeTable implements MemoTable<number> {
  constructor(private readonly rw: Rewriter) {}
  get(v: Value): number | undefined {
    const n = this.rw.slotOf(v)?.size ?? -1;
    return n < 0 ? undefined : n;
  }
  has(v: Value): boolean {
    return (this.rw.slotOf(v)?.size ?? -1) >= 0;
  }
  set(v: Value, n: number): void {
    this.rw.slot(v).size = n;
  }
}

/** Shapes, read and written through the slots (for memo). */
class ShapeTable implements MemoTable<Shape> {
  constructor(private readonly rw: Rewriter) {}
  get(v: Value): Shape | undefined {
    return this.rw.slotOf(v)?.shape;
  }
  has(v: Value): boolean {
    return this.rw.slotOf(v)?.shape !== undefined;
  }
  set(v: Value, s: Shape): void {
    this.rw.slot(v).shape = s;
  }
}

/** One bottom-up pass with hash-consing: structurally equal nodes are built once. */
export class Rewriter implements RewriteContext {
  /** Records of nodes built during the pass (the order's own are in `orderSlots`). */
  private readonly slots = new Map<Value, Slot>();
  /**
   * Records of the order's nodes, by position: run() stamps them with a mark of its own and their
   * `pending` with their position (as substitute.ts does), so the hot lookups need no Map of 1e6 entries.
   */
  private orderSlots: (Slot | undefined)[] = [];
  private mark = -1;
  private ids = 0;
  private readonly sizes = new SizeTable(this);
  private readonly shapes = new ShapeTable(this);
  /** Hash-consing: node structure (see keyOf) → the node built for it. */
  private readonly table = new Map<string | number, Value>();
  /** Literal constants by value (−0 apart). */
  private readonly constants = new Map<number, Value>();
  private negativeZero: Value | null = null;
  private readonly rules: RulesByOp;
  /**
   * Nodes used once whose canonical form is not emitted yet: their one user usually copies the
   * form in (a chain x·c + d flattens without building each link); `value` emits it on demand.
   * Keyed by the original node, which stands in for the result until then.
   */
  private deferredCount = 0;
  /** The original node run() is building, when it has exactly one user (it may be deferred). */
  private candidate: Value | null = null;
  /** Nesting of build(): only the top-level build (depth 1) of a candidate defers. */
  private depth = 0;

  constructor(private readonly exact: boolean) {
    this.rules = exact ? EXACT : CANONICAL;
  }

  /** Rewrites `order` (a topological order ending at the root); kept nodes map to themselves. */
  run(order: readonly Value[], kept: ((v: Value) => boolean) | null): Value {
    // Positions in the order live in each node's `pending` under a fresh mark (no walk runs during
    // the pass); images, user counts and records live in arrays by position.
    const n = order.length;
    const mark = freshMark();
    this.mark = mark;
    this.orderSlots = new Array<Slot | undefined>(n);
    const image: Value[] = new Array<Value>(n);
    const consumers = new Int32Array(n);
    for (let i = 0; i < n; i++) {
      const node = order[i];
      node.mark = mark;
      node.pending = i;
      if (this.exact || (kept !== null && kept(node))) continue;
      const inputs = node.inputs;
      for (let k = 0; k < inputs.length; k++) consumers[inputs[k].pending]++;
    }
    const last = n - 1;
    for (let i = 0; i < n; i++) {
      const node = order[i];
      let out: Value;
      if (node.spec === null) out = this.leaf(node);
      else if (kept !== null && kept(node)) out = this.keep(node);
      else {
        this.candidate = i !== last && consumers[i] === 1 ? node : null;
        const from = node.inputs;
        const inputs = new Array<Value>(from.length);
        for (let k = 0; k < from.length; k++) inputs[k] = image[from[k].pending];
        out = this.build(node.spec, inputs, node, false);
        this.candidate = null;
      }
      image[i] = out;
      if (!this.exact) {
        const slot = this.slot(out);
        slot.uses = Math.max(slot.uses, 0) + consumers[i];
      }
    }
    return this.value(image[last]);
  }

  /** v's record, made on first use. */
  slot(v: Value): Slot {
    if (v.mark === this.mark) {
      const at = v.pending;
      const s = this.orderSlots[at];
      return s !== undefined ? s : (this.orderSlots[at] = new Slot());
    }
    let s = this.slots.get(v);
    if (s === undefined) this.slots.set(v, (s = new Slot()));
    return s;
  }

  /** v's record, if it has one. */
  slotOf(v: Value): Slot | undefined {
    return v.mark === this.mark ? this.orderSlots[v.pending] : this.slots.get(v);
  }

  /** v itself, or the emitted node for a deferred form. */
  value(v: Value): Value {
    const s = this.slotOf(v);
    const d = s?.deferred;
    if (d === undefined) return v;
    s!.deferred = undefined;
    this.deferredCount--;
    const out = this.smaller(d.linear ? emitLinear(this, d.form as Linear) : emitProduct(this, d.form as Product), d.op, d.inputs);
    const o = this.slot(out);
    if (d.linear && o.linear === undefined) o.linear = d.form as Linear;
    if (!d.linear && o.product === undefined) o.product = d.form as Product;
    return out;
  }

  numberOf(v: Value): number | null {
    return numberOf(v);
  }

  num(n: number): Value {
    return this.constantNode(n) ?? this.rememberConstant(n, constant(n));
  }

  private constantNode(n: number): Value | undefined {
    return Object.is(n, -0) ? (this.negativeZero ?? undefined) : this.constants.get(n);
  }

  private rememberConstant(n: number, node: Value): Value {
    this.idOf(node);
    if (!this.exact) {
      const s = this.slot(node);
      s.size = 1;
      s.shape = leafShape(node);
    }
    if (Object.is(n, -0)) this.negativeZero = node;
    else this.constants.set(n, node);
    return node;
  }

  make(op: AnyOpName, inputs: readonly Value[]): Value {
    return this.build(specOf(op), inputs, null, false);
  }

  raw(op: AnyOpName, inputs: readonly Value[]): Value {
    const key = this.keyOf(op, inputs);
    return this.table.get(key) ?? this.remember(key, applyOp(op, inputs));
  }

  standsIn(v: Value): boolean {
    return this.slotOf(v)?.deferred !== undefined;
  }

  usedOnce(v: Value): boolean {
    const uses = this.slotOf(v)?.uses ?? -1;
    return uses < 0 || uses <= 1;
  }

  linearOf(v: Value): Linear | undefined {
    return this.slotOf(v)?.linear;
  }

  productOf(v: Value): Product | undefined {
    return this.slotOf(v)?.product;
  }

  finishLinear(form: Linear, op: AnyOpName, inputs: readonly Value[]): Value | null {
    if (form.plan === undefined) {
      const plan = planEmission(this, form);
      if (plan === null) return null;
      form.plan = plan;
    }
    if (this.defers(form.terms.size)) return this.defer(form, true, op, inputs);
    const out = this.smaller(emitLinear(this, form), op, inputs);
    const o = this.slot(out);
    if (o.linear === undefined) o.linear = form;
    return out;
  }

  finishProduct(form: Product, op: AnyOpName, inputs: readonly Value[]): Value {
    if (this.defers(form.factors.size)) return this.defer(form, false, op, inputs);
    const out = this.smaller(emitProduct(this, form), op, inputs);
    const o = this.slot(out);
    if (o.product === undefined) o.product = form;
    return out;
  }

  /** True in the top-level build of a node with one user, for a form that is not just a number. */
  private defers(entries: number): boolean {
    return this.depth === 1 && this.candidate !== null && entries > 0;
  }

  private defer(form: Linear | Product, linear: boolean, op: AnyOpName, inputs: readonly Value[]): Value {
    const stand = this.candidate!;
    const s = this.slot(stand);
    if (s.deferred === undefined) this.deferredCount++;
    s.deferred = { form, linear, op, inputs };
    // Its size is op over the rewritten inputs (what smaller() compares with), not its input subgraph's.
    if (s.size < 0) s.size = this.plainSize(specOf(op), inputs);
    if (linear) s.linear = form as Linear;
    else s.product = form as Product;
    return stand;
  }

  /** The emitted node, unless op(inputs) built with the exact rules prints smaller. */
  private smaller(emitted: Value, op: AnyOpName, inputs: readonly Value[]): Value {
    const spec = specOf(op);
    return this.sizeOf(emitted) <= this.plainSize(spec, inputs) ? emitted : this.build(spec, inputs.map((v) => this.value(v)), null, true);
  }

  /** The printed size of op(inputs). */
  private plainSize(spec: OpSpec, inputs: readonly Value[]): number {
    let plain = spec.arity === 'n' ? (inputs.length / spec.group) * spec.group - 1 : 1;
    for (const v of inputs) plain += this.sizeOf(v);
    return plain;
  }

  /** Printed tree size: leaves and binary ops count 1, a sum of k terms k − 1, a dot of k terms 2k − 1. */
  sizeOf(v: Value): number {
    const n = this.slotOf(v)?.size ?? -1;
    return n >= 0 ? n : memo(v, this.sizes, sizeFrom, ONE);
  }

  compare(a: Value, b: Value): number {
    if (a === b) return 0;
    const la = a.spec === null;
    const lb = b.spec === null;
    if (la !== lb) return la ? -1 : 1;
    if (la) return a.label < b.label ? -1 : a.label > b.label ? 1 : this.idOf(a) - this.idOf(b);
    const sa = this.shapeOf(a);
    const sb = this.shapeOf(b);
    if (sa.height !== sb.height) return sa.height - sb.height;
    if (a.op !== b.op) return a.op < b.op ? -1 : 1;
    return sa.hash - sb.hash || this.idOf(a) - this.idOf(b);
  }

  private shapeOf(v: Value): Shape {
    return this.slotOf(v)?.shape ?? memo(v, this.shapes, shapeFrom, leafShape);
  }

  private keep(node: Value): Value {
    this.idOf(node);
    // Not looked into: counted as one leaf-like node by size and order.
    const s = this.slot(node);
    s.size = 1;
    s.shape = { height: 1, hash: hashString(node.op) };
    return node;
  }

  private leaf(node: Value): Value {
    const n = this.numberOf(node);
    if (n === null) {
      this.idOf(node);
      if (!this.exact) {
        const s = this.slot(node);
        s.size = 1;
        s.shape = leafShape(node);
      }
      return node;
    }
    return this.constantNode(n) ?? this.rememberConstant(n, node);
  }

  /** The structure's key: a number for unary and binary nodes of built-in ops (op index, input ids), else a string. */
  private keyOf(op: string, inputs: readonly Value[]): string | number {
    const code = OP_CODES.get(op);
    if (code !== undefined && inputs.length <= 2) {
      const a = this.idOf(inputs[0]);
      const b = inputs.length === 2 ? this.idOf(inputs[1]) + 1 : 0;
      if (a < 2 ** 22 && b < 2 ** 22) return (code * 2 ** 22 + a) * 2 ** 22 + b;
    }
    let key = op;
    for (const v of inputs) key += `,${this.idOf(v)}`;
    return key;
  }

  /**
   * The simplest node for op(inputs), whose inputs are already simplified: the first rule that
   * applies (its result is built through `make` or `raw`, so the recursion is bounded by the rule
   * chain, not by the graph), else the shared node with this structure. With `exactOnly`, only
   * the exact rules are tried (a canonical rule's fallback when its form would print larger).
   */
  private build(spec: OpSpec, inputs: readonly Value[], original: Value | null, exactOnly: boolean): Value {
    if (inputs.every((v) => this.numberOf(v) !== null)) {
      const folded = nodeForward(spec, inputs);
      // A literal constant cannot hold NaN, so a node folding to NaN (log(−1), ∞ − ∞) stays a node.
      if (folded === folded) return this.num(folded);
    }
    // Only the canonical rules read forms; every other user needs its inputs as nodes.
    if (this.deferredCount > 0 && (exactOnly || !FORM_OPS.has(spec.name))) inputs = inputs.map((v) => this.value(v));
    this.depth++;
    const out = this.exact ? this.buildExact(spec, inputs, original) : this.buildCanonical(spec, inputs, original, exactOnly);
    this.depth--;
    return out;
  }

  /** build with the exact rules (as before the canonical form existed, bit for bit). */
  private buildExact(spec: OpSpec, inputs: readonly Value[], original: Value | null): Value {
    for (const rule of EXACT.of(spec)) {
      const rewritten = rule.apply(inputs, this, spec.name);
      if (rewritten !== null) return rewritten;
    }
    const key = this.keyOf(spec.name, inputs);
    const found = this.table.get(key);
    if (found !== undefined) return found;
    const same = original !== null && original.inputs.every((v, i) => v === inputs[i]);
    const node = same ? original : applyOp(spec.name, inputs);
    if (!same && original !== null) node.label = original.label;
    return this.remember(key, node);
  }

  private buildCanonical(spec: OpSpec, inputs: readonly Value[], original: Value | null, exactOnly: boolean): Value {
    const key = this.keyOf(spec.name, inputs);
    const found = this.table.get(key);
    if (found !== undefined) return found;
    const same = original !== null && original.inputs.every((v, i) => v === inputs[i]);
    // Registered before the rules run, so a rule that emits this very structure gets the original
    // back (and the fixed point is reached).
    if (same) this.remember(key, original);
    for (const rule of (exactOnly ? EXACT : this.rules).of(spec)) {
      const rewritten = rule.apply(inputs, this, spec.name);
      if (rewritten !== null) {
        // A deferred stand-in is the original node, whose inputs are not this key's (unless same).
        if (same || !this.standsIn(rewritten)) this.table.set(key, rewritten);
        return rewritten;
      }
    }
    if (this.deferredCount > 0 && inputs.some((v) => this.standsIn(v))) return this.build(spec, inputs.map((v) => this.value(v)), original, true);
    if (same) return original;
    const node = applyOp(spec.name, inputs);
    if (original !== null) node.label = original.label;
    return this.remember(key, node);
  }

  private remember(key: string | number, node: Value): Value {
    this.idOf(node);
    this.table.set(key, node);
    // Sizes and shapes order and compare canonical forms; the exact rules read neither.
    if (!this.exact) this.measure(node);
    return node;
  }

  /** Size and shape of a node whose inputs are measured, at once (else they are found when asked). */
  private measure(node: Value): void {
    const slot = this.slot(node);
    if (slot.size >= 0) return;
    const spec = node.spec!;
    let size = spec.arity !== 'n' ? 1 : (node.inputs.length / spec.group) * spec.group - 1;
    let height = 0;
    let hash = hashString(node.op);
    for (const u of node.inputs) {
      const us = this.slotOf(u);
      const n = us?.size ?? -1;
      const sh = us?.shape;
      if (n < 0 || sh === undefined) return;
      size += n;
      if (sh.height > height) height = sh.height;
      hash = Math.imul(hash ^ sh.hash, 0x01000193) >>> 0;
    }
    slot.size = size;
    slot.shape = { height: height + 1, hash };
  }

  idOf(node: Value): number {
    const s = this.slot(node);
    if (s.id < 0) s.id = this.ids++;
    return s.id;
  }
}

/** What memo reads and writes: a Map, or a view of the slots. */
interface MemoTable<T> {
  get(v: Value): T | undefined;
  has(v: Value): boolean;
  set(v: Value, value: T): unknown;
}

type Memo<T> = MemoTable<T>;

/**
 * memo's value for v, computing it (with `inner` from the inputs' memo values, `outer` for leaves)
 * for v and every input not yet in memo: an explicit stack, no recursion.
 */
function memo<T>(v: Value, table: Memo<T>, inner: (node: Value, table: Memo<T>) => T, outer: (leaf: Value) => T): T {
  if (v.spec === null) {
    const value = outer(v);
    table.set(v, value);
    return value;
  }
  let ready = true;
  for (const u of v.inputs) if (!table.has(u)) ready = false;
  if (ready) {
    const value = inner(v, table);
    table.set(v, value);
    return value;
  }
  const stack = [v];
  while (stack.length > 0) {
    const top = stack[stack.length - 1];
    if (table.has(top)) {
      stack.pop();
      continue;
    }
    if (top.spec === null) {
      table.set(top, outer(top));
      stack.pop();
      continue;
    }
    let ready = true;
    for (const u of top.inputs) {
      if (!table.has(u)) {
        stack.push(u);
        ready = false;
      }
    }
    if (ready) {
      table.set(top, inner(top, table));
      stack.pop();
    }
  }
  return table.get(v)!;
}

const ONE = (): number => 1;

function sizeFrom(node: Value, sizes: Memo<number>): number {
  const spec = node.spec!;
  let size = spec.arity !== 'n' ? 1 : (node.inputs.length / spec.group) * spec.group - 1;
  for (const u of node.inputs) size += sizes.get(u)!;
  return size;
}

function shapeFrom(node: Value, shapes: Memo<Shape>): Shape {
  let height = 0;
  let hash = hashString(node.op);
  for (const u of node.inputs) {
    const s = shapes.get(u)!;
    height = Math.max(height, s.height);
    hash = Math.imul(hash ^ s.hash, 0x01000193) >>> 0;
  }
  return { height: height + 1, hash };
}

function leafShape(leaf: Value): Shape {
  return { height: 0, hash: hashString(leaf.label === '' ? `#${leaf.data}` : leaf.label) };
}

/** The entry of a built-in or defined op (rules only name ops that exist). */
function specOf(op: AnyOpName): OpSpec {
  return lookupOp(op)!;
}
