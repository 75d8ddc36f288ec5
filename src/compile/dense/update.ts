import {
  Locals, add, div, get, int, loadF, loadI, loadV, loop, mul, ne, ptr, set, splat, sqrt, storeF, sub, vzero, when, zero,
  type Dialect, type Expr, type Kernel, type Stmt,
} from '../emit/ir.js';
import type { ShapeSource } from './shape.js';

/**
 * What the ∂W kernel does with each weight's gradient g (its epilogue), and the same for a list of
 * other parameters. Rules are optimizers' updates, written exactly as nn's SGD and Adam write them
 * (the same operations in the same order, so float64 results are bit for bit theirs):
 *   sgd       w ← w − lr·g
 *   momentum  v ← μ·v + g,  w ← w − lr·v
 *   adam      m ← β1·m + (1−β1)·g,  v ← β2·v + ((1−β2)·g)·g,  w ← w − (lr·(m / c1)) / (√(v / c2) + ε)
 * 'grad' adds g into the tape's adjoints (Tape.run); 'store' only keeps g (an optimizer that steps
 * arrays itself runs after). A trainer's state lives after its gradients (base): kept gradients
 * [base, base + P), state arrays [base + P, …), and at base + 3P the rule's record: a flag (≠ 0:
 * keep the gradients of this step), then the rule's numbers (lr, β, …, written before each step:
 * user data reaches the code through memory).
 */
export type Rule = 'grad' | 'store' | 'sgd' | 'momentum' | 'adam';

/** A ∂W kernel's epilogue: the rule, and whether other nodes also add into the weights' adjoints (e.g. an L2 penalty). */
export interface WeightsMode {
  readonly rule: Rule;
  /** Read (then clear) G at each weight: the adjoint other nodes added, to be summed with the layer's. */
  readonly extra: boolean;
}

/** The rule's numbers, in order, at base + 3P + 1 (after the keep flag). */
export const RULE_NUMBERS: { readonly [R in Rule]: readonly string[] } = {
  grad: [], store: [], sgd: ['lr'], momentum: ['lr', 'mu'], adam: ['lr', 'b1', 'ob1', 'b2', 'ob2', 'c1', 'c2', 'eps'],
};

/** The state arrays a rule keeps, one number per parameter each. */
export const RULE_STATE: { readonly [R in Rule]: number } = { grad: 0, store: 0, sgd: 0, momentum: 1, adam: 2 };

/** The parameters, locals and prologue a rule adds to its kernel. */
export interface RuleLocals {
  readonly params: readonly { readonly name: string; readonly ty: 'i32' }[];
  readonly init: readonly Stmt[];
}

export function ruleLocals(mode: WeightsMode, s: ShapeSource, loc: Locals): RuleLocals {
  if (mode.rule === 'grad') return { params: [], init: [] };
  return { params: [{ name: 'base', ty: 'i32' }], init: [set(loc.of('i32', 'P_'), s.of.P), ...ruleNumbers(mode.rule, loc, true)] };
}

/** Loads the keep flag and the rule's numbers (and their splats, for a vector epilogue) into locals. */
function ruleNumbers(rule: Exclude<Rule, 'grad'>, loc: Locals, vectors: boolean): Stmt[] {
  const record = ptr(add(get('base'), mul(int(3), get('P_'))));
  const out: Stmt[] = [set(loc.of('i32', 'keep'), ne(loadF(record), zero))];
  RULE_NUMBERS[rule].forEach((n, j) => {
    out.push(set(loc.of('f', n), loadF(add(record, int(j + 1)))));
    if (vectors) out.push(set(loc.of('v', `${n}V`), splat(get(n))));
  });
  return out;
}

/** One weight (or a vector of neighbouring weights) and its gradient. */
export interface Target {
  /** ptr to the weight in M. */
  readonly weight: Expr;
  readonly grad: Expr;
  readonly vector: boolean;
}

/** The epilogue's statements for one target. */
export function epilogue(mode: WeightsMode, rule: RuleLocals, t: Target, loc: Locals): Stmt[] {
  void rule;
  const ty = t.vector ? 'v' : 'f';
  const load = t.vector ? loadV : loadF;
  const g = loc.of(ty, t.vector ? 'gv' : 'gs');
  const at = loc.of('ptr', 'at');
  const n = (name: string) => get(t.vector ? `${name}V` : name);
  const out: Stmt[] = [set(at, t.weight)];
  const adjoint = add(get(at), get('gap'));
  if (mode.rule === 'grad') {
    out.push(set(g, t.grad));
    out.push(storeF(adjoint, add(load(adjoint), get(g))));
    return out;
  }
  out.push(set(g, mode.extra ? add(t.grad, load(adjoint)) : t.grad));
  if (mode.extra) out.push(storeF(adjoint, t.vector ? vzero : zero));
  out.push(...update(mode.rule, g, at, t.vector, loc, n));
  return out;
}

/**
 * The rule applied to the parameter at ptr `at` with gradient local `g`: keeps g when the record
 * says so (local `keep`), then updates. `n(name)` reads one of the rule's numbers.
 */
function update(rule: Rule, g: string, at: string, vector: boolean, loc: Locals, n: (name: string) => Expr): Stmt[] {
  const ty = vector ? 'v' : 'f';
  const load = vector ? loadV : loadF;
  const P = get('P_');
  const state = (j: number) => add(add(get(at), get('base')), mul(int(j), P));
  const out: Stmt[] = [when(ne(get('keep'), int(0)), [storeF(state(0), get(g))])];
  const w = get(at);
  if (rule === 'sgd') out.push(storeF(w, sub(load(w), mul(n('lr'), get(g)))));
  if (rule === 'momentum') {
    const v = loc.of(ty, vector ? 'velV' : 'vel');
    out.push(set(v, add(mul(n('mu'), load(state(1))), get(g))));
    out.push(storeF(state(1), get(v)));
    out.push(storeF(w, sub(load(w), mul(n('lr'), get(v)))));
  }
  if (rule === 'adam') {
    const m = loc.of(ty, vector ? 'mV' : 'm1');
    const v = loc.of(ty, vector ? 'vV' : 'v1');
    out.push(set(m, add(mul(n('b1'), load(state(1))), mul(n('ob1'), get(g)))));
    out.push(set(v, add(mul(n('b2'), load(state(2))), mul(mul(n('ob2'), get(g)), get(g)))));
    out.push(storeF(state(1), get(m)));
    out.push(storeF(state(2), get(v)));
    out.push(storeF(w, sub(load(w), div(mul(n('lr'), div(get(m), n('c1'))), add(sqrt(div(get(v), n('c2'))), n('eps'))))));
  }
  return out;
}

/**
 * The rule over a list of parameters (those outside the dense layers: biases, …), whose gradients
 * the other kernels left in G: for each listed parameter index o, g = 0 + G[o] (as Tape.run adds
 * G into a zeroed gradient), G[o] ← 0, then the rule. Parameters: gap, base, keep, and list (an I
 * index: the count, then the indices). P is the parameter count; the keep flag is the record's.
 */
export function listKernel(rule: Exclude<Rule, 'grad'>, d: Dialect, P: Expr, name = 'list'): Kernel {
  const loc = new Locals();
  const j = loc.of('i32', 'j');
  const at = loc.of('ptr', 'at');
  const g = loc.of('f', 'gs');
  const body: Stmt[] = [
    set(loc.of('i32', 'P_'), P),
    ...ruleNumbers(rule, loc, false),
    loop(j, int(1), add(loadI(get('list')), int(1)), int(1), [
      set(at, ptr(loadI(add(get('list'), get(j))))),
      set(g, add(zero, loadF(add(get(at), get('gap'))))),
      storeF(add(get(at), get('gap')), zero),
      ...update(rule, g, at, false, loc, get),
    ]),
  ];
  void d;
  const params = ['gap', 'base', 'list'].map((p) => ({ name: p, ty: 'i32' as const }));
  return { name, params, locals: loc.list, body };
}
