import { checkOptionKeys, typeError, rangeError } from '../errors/messages.js';
import { topologicalOrder } from '../engine/graph.js';
import { textIfShort } from '../print/text.js';
import { Value } from '../engine/value.js';
import { isLiteral } from '../engine/literal.js';
import { derivative, localPartial, pathsTo } from './derivative.js';
import { simplifyAbove } from './simplify/simplify.js';

/** Longest expression (in printed terms) the explanation writes out. */
const BRIEF_TERMS = 40;

/**
 * One factor of a chain: ∂of/∂wrt along one edge (edges whose local derivative is 1 are merged).
 * @category Symbolic
 */
export interface ChainFactor {
  /** The node being differentiated. */
  readonly of: Value;
  /** The input it is differentiated with respect to. */
  readonly wrt: Value;
  /** The local derivative as a (simplified) expression; labelled nodes print by label. */
  readonly local: Value;
  /** The local derivative's value at the current point. */
  readonly value: number;
}

/**
 * One path from x to y: its factors from x upward, and their product.
 * @category Symbolic
 */
export interface ChainPath {
  /** The local derivatives along the path, from x up to y. */
  readonly factors: readonly ChainFactor[];
  /** The product of the factors' values: this path's share of ∂y/∂x. */
  readonly product: number;
}

/**
 * Options for {@link explain}.
 * @category Symbolic
 */
export interface ExplainOptions {
  /** At most this many paths are listed (all are counted and summed). @defaultValue 32 */
  maxPaths?: number;
}

/**
 * What {@link explain} returns: every path (up to maxPaths) and the total ∂y/∂x.
 * @category Symbolic
 */
export interface Explanation {
  /** The output. */
  readonly y: Value;
  /** The input. */
  readonly x: Value;
  /** Every path from x to y (up to the option's limit). */
  readonly paths: readonly ChainPath[];
  /** The number of paths from x to y (paths lists at most maxPaths of them). */
  readonly pathCount: number;
  /** ∂y/∂x: the sum of the products over all paths. */
  readonly total: number;
  /** The explanation as text, one block per path. */
  toString(): string;
  /** Logs toString() to the console. */
  print(): void;
}

/**
 * The chain rule spelled out: for every path from x to y, the local derivatives along it (read
 * from the op table's symbolic rules), their values, and their product; the products summed over
 * the paths give ∂y/∂x. Label the intermediate nodes (z, a, …) to read it like a textbook.
 *
 * @example
 * explain(C0, w).print();
 * // ∂C0/∂w = ∂z/∂w · ∂a/∂z · ∂C0/∂a = a_prev · (a * (1 - a)) · (2 * (a - y)) = 0.4 · 0.25 · 0.6 = 0.06
 * @throws TypeError if y or x is not a Value, options has an unknown key or maxPaths is not a
 *   number; RangeError if maxPaths is not a positive integer
 * @category Symbolic
 */
export function explain(y: Value, x: Value, options: ExplainOptions = {}): Explanation {
  if (!(y instanceof Value)) throw typeError('explain', 'y', 'a Value', y);
  if (!(x instanceof Value)) throw typeError('explain', 'x', 'a Value', x);
  checkOptionKeys('explain', options, ['maxPaths']);
  if (options.maxPaths !== undefined && typeof options.maxPaths !== 'number') throw typeError('explain', 'options.maxPaths', 'a number', options.maxPaths);
  const { maxPaths = 32 } = options;
  if (!(Number.isInteger(maxPaths) && maxPaths >= 1)) throw rangeError('explain', 'options.maxPaths', 'a positive integer', maxPaths);
  const order = topologicalOrder([y]);
  const onPath = pathsTo(order, [x]);
  // Local derivatives are simplified above y's graph only: its nodes are kept (and not walked
  // again), so each factor costs O(1) and the explanation is linear in the graph.
  const inGraph = new Set(order);
  const paths = onPath.has(y) ? enumerate(y, x, onPath, maxPaths, (v) => inGraph.has(v)) : [];
  const explanation: Explanation = {
    y, x, paths,
    pathCount: countPaths(order, x, onPath).get(y) ?? 0,
    total: derivative(y, x).data,
    toString: () => describeExplanation(explanation),
    print: () => console.log(describeExplanation(explanation)),
  };
  return explanation;
}

/** Paths as edge lists [consumer, input slot] from y down to x, depth-first with an explicit stack. */
function enumerate(y: Value, x: Value, onPath: ReadonlySet<Value>, maxPaths: number, inGraph: (v: Value) => boolean): ChainPath[] {
  const paths: ChainPath[] = [];
  const edges: [Value, number][] = [];
  const stack: { node: Value; slot: number }[] = [{ node: y, slot: 0 }];
  while (stack.length > 0 && paths.length < maxPaths) {
    const top = stack[stack.length - 1];
    if (top.node === x) {
      paths.push(toPath(x, edges.slice().reverse(), inGraph));
      stack.pop();
      edges.pop();
      continue;
    }
    const inputs = top.node.inputs;
    while (top.slot < inputs.length && !onPath.has(inputs[top.slot])) top.slot++;
    if (top.slot === inputs.length) {
      stack.pop();
      edges.pop();
      continue;
    }
    edges.push([top.node, top.slot]);
    stack.push({ node: inputs[top.slot++], slot: 0 });
  }
  return paths;
}

/**
 * Factors from x upward; an identity step (local 1) is merged into the factor below it, keeping
 * the labelled end's name. A labelled node reached by identity steps from x itself (z = w·a + b
 * from the bias b) has no factor below it: it gets a factor of its own, ∂z/∂b = 1, so the chain
 * still passes through the name the user gave. A path of identity steps only has no factors.
 */
function toPath(x: Value, edges: readonly [Value, number][], inGraph: (v: Value) => boolean): ChainPath {
  const factors: { of: Value; wrt: Value; local: Value }[] = [];
  let junction = x;
  for (const [node, slot] of edges) {
    const partial = localPartial(node, slot);
    const local = partial.spec === null || inGraph(partial) ? partial : simplifyAbove(partial, inGraph);
    if (isLiteral(local) && local.data === 1) {
      if (factors.length > 0) {
        if (node.label !== '' || junction.label === '') junction = factors[factors.length - 1].of = node;
        continue;
      }
      if (node.label === '') continue;
    }
    factors.push({ of: node, wrt: junction, local });
    junction = node;
  }
  if (factors.every((f) => isLiteral(f.local) && f.local.data === 1)) factors.length = 0;
  const withValues = factors.map((f) => ({ ...f, value: f.local.data }));
  return { factors: withValues, product: withValues.reduce((p, f) => p * f.value, 1) };
}

function countPaths(order: readonly Value[], x: Value, onPath: ReadonlySet<Value>): Map<Value, number> {
  const count = new Map<Value, number>([[x, 1]]);
  for (const node of order) {
    if (node === x || !onPath.has(node)) continue;
    let c = 0;
    for (const input of node.inputs) c += count.get(input) ?? 0;
    count.set(node, c);
  }
  return count;
}

function describeExplanation(e: Explanation): string {
  // A node ends one factor and starts the next: name each once.
  const names = new Map<Value, string>();
  const name = (v: Value) => names.get(v) ?? names.set(v, nameOf(v)).get(v)!;
  const d = `∂${name(e.y)}/∂${name(e.x)}`;
  const lines: string[] = [];
  for (const [i, path] of e.paths.entries()) {
    const head = e.pathCount > 1 ? `path ${i + 1}: ` : '';
    if (path.factors.length === 0) {
      lines.push(`${head}${d} = 1`);
      continue;
    }
    const pad = ' '.repeat(head.length + d.length);
    lines.push(`${head}${d} = ${path.factors.map((f) => `∂${name(f.of)}/∂${name(f.wrt)}`).join(' · ')}`);
    lines.push(`${pad} = ${path.factors.map((f) => wrap(brief(f.local))).join(' · ')}`);
    if (path.factors.length > 1) lines.push(`${pad} = ${path.factors.map((f) => num(f.value)).join(' · ')}`);
    lines.push(`${pad} = ${num(path.product)}`);
  }
  if (e.pathCount > e.paths.length) lines.push(`… ${e.pathCount - e.paths.length} more paths not shown (maxPaths ${e.paths.length}).`);
  if (e.pathCount !== 1) lines.push(`${d} = sum over ${e.pathCount} paths = ${num(e.total)}`);
  return lines.join('\n');
}

function nameOf(v: Value): string {
  return v.label !== '' ? v.label : wrap(brief(v));
}

/**
 * v as text (labelled nodes by label) when that text is short; a shared subgraph prints at every
 * use, so the text of a small graph can be exponentially long: beyond BRIEF_TERMS terms, the op.
 * Looks at no more than BRIEF_TERMS nodes below v, so naming every node of a long chain is linear.
 */
function brief(v: Value): string {
  return textIfShort(v, BRIEF_TERMS) ?? `⟨${v.op}⟩`;
}

function wrap(text: string): string {
  return text.includes(' ') ? `(${text})` : text;
}

/** Six significant digits, integers in full. */
function num(n: number): string {
  return Number.isInteger(n) ? String(n) : String(Number(n.toPrecision(6)));
}
