import fc from 'fast-check';
import { derivative, simplify, toText, Value, type OpName } from '../src/index.js';
import { arbExpression, Expression, type ExpressionNode } from '../src/testing/index.js';

// The symbolic corpus of issue 13: random expressions in x and y from arbExpression with a fixed
// seed, restricted to the ops math.js's and sympy's `derivative`/`diff` both know, each with up to
// three points where it is smooth. The peer script (symbolic-peers.ts) stores the corpus with the
// peers' answers in test/fixtures/symbolic-corpus.json; the test and the bench rebuild the
// expressions from the stored trees, so they keep measuring the same expressions even if
// arbExpression's grammar changes.

/** How many expressions, the fast-check seed, and the highest derivative order measured. */
export const CORPUS_SIZE = 320;
export const CORPUS_SEED = 13;
export const MAX_ORDER = 3;
export const VARIABLES = ['x', 'y'] as const;

/** The ops math.js 15 and sympy both differentiate (sigmoid is left out: neither has it built in). */
export const CORPUS_OPS: readonly OpName[] = [
  'add', 'sub', 'mul', 'div', 'neg', 'pow', 'exp', 'log', 'tanh', 'sin', 'cos', 'tan', 'asin', 'acos',
  'atan', 'sinh', 'cosh', 'asinh', 'acosh', 'atanh', 'sqrt', 'cbrt',
];

/** Candidate points (x, y); an entry keeps the first three where its expression is smooth. */
const CANDIDATE_POINTS: readonly (readonly [number, number])[] = [
  [0.7, 1.3], [-0.4, 0.9], [1.6, -1.1], [0.3, -0.6], [-1.2, 0.5], [1.1, 1.7], [-0.8, -1.4], [0.45, 0.25], [1.9, 0.8], [-1.7, 1.2],
];

/** One expression of the corpus: its tree, its points, and its text for each tool. */
export interface CorpusExpression {
  /** The expression tree over x (index 0) and y (index 1), as arbExpression made it. */
  tree: ExpressionNode;
  /** Two or three points [x, y] where the expression is smooth (Expression.isSmoothAt). */
  points: [number, number][];
  /** chainrule's toText of the expression's Value graph. */
  chainrule: string;
  /** The same expression as math.js text. */
  mathjs: string;
  /** The same expression as sympy text (constants as exact fractions, `cbrt` the real cube root). */
  sympy: string;
}

/**
 * The corpus: the first CORPUS_SIZE expressions of arbExpression (seed CORPUS_SEED) that depend on
 * x and are smooth at two or more candidate points.
 */
export function makeCorpus(): CorpusExpression[] {
  const arb = arbExpression({ ops: CORPUS_OPS, variables: [...VARIABLES] });
  const out: CorpusExpression[] = [];
  for (let batch = 0; out.length < CORPUS_SIZE; batch++) {
    for (const expr of fc.sample(arb, { seed: CORPUS_SEED + batch * 1000, numRuns: CORPUS_SIZE })) {
      if (out.length === CORPUS_SIZE) break;
      if (!mentionsX(expr.root)) continue;
      const points = CANDIDATE_POINTS.filter((p) => expr.isSmoothAt([...p])).slice(0, 3).map((p): [number, number] => [p[0], p[1]]);
      if (points.length < 2) continue;
      out.push({ tree: expr.root, points, chainrule: expr.toString(), mathjs: toMathjs(expr.root), sympy: toSympy(expr.root) });
    }
  }
  return out;
}

/**
 * chainrule's answers for one expression: y⁽ⁿ⁾ = simplify(derivative(y⁽ⁿ⁻¹⁾, x)) for n = 1 … MAX_ORDER,
 * each the derivative of the previous order's simplified graph, as a user would chain them.
 */
export function chainruleDerivatives(tree: ExpressionNode): { x: Value; y: Value; orders: Value[] } {
  const x = new Value(0.5, 'x');
  const y = new Value(0.5, 'y');
  let g = new Expression(tree, [...VARIABLES]).build([x, y]);
  const orders: Value[] = [];
  for (let n = 1; n <= MAX_ORDER; n++) orders.push((g = simplify(derivative(g, x))));
  return { x, y, orders };
}

/** Printed size: characters with all whitespace removed, the same measure for every tool. */
export function printedSize(text: string): number {
  return text.replace(/\s+/g, '').length;
}

/** chainrule's printed text of a graph (toText with its default sharing). */
export function chainruleText(v: Value): string {
  return toText(v);
}

/** Fully parenthesised math.js text for a corpus tree (decimal constants, `^` for powers). */
export function toMathjs(root: ExpressionNode): string {
  return printTree(root, {
    constant: (c) => (c < 0 ? `(${c})` : String(c)),
    pow: (a, b) => `(${a})^(${b})`,
    call: (name, a) => `${name}(${a})`,
  });
}

/** Fully parenthesised sympy text (exact fractions, `**` for powers, cbrt a real cube root the script defines). */
export function toSympy(root: ExpressionNode): string {
  return printTree(root, {
    constant: (c) => `Rational(${Math.round(c * 10)}, 10)`,
    pow: (a, b) => `(${a})**(${b})`,
    call: (name, a) => `${name}(${a})`,
  });
}

interface PeerSyntax {
  constant(c: number): string;
  pow(base: string, exponent: string): string;
  call(name: string, arg: string): string;
}

const INFIX: Partial<Record<OpName, string>> = { add: '+', sub: '-', mul: '*', div: '/' };

/** Post-order printing with an explicit stack (the house rule for every tree walk). */
function printTree(root: ExpressionNode, syntax: PeerSyntax): string {
  const out: string[] = [];
  const stack: { node: ExpressionNode; expanded: boolean }[] = [{ node: root, expanded: false }];
  while (stack.length > 0) {
    const { node, expanded } = stack.pop()!;
    if (node.kind === 'variable') out.push(VARIABLES[node.index]);
    else if (node.kind === 'constant') out.push(syntax.constant(node.value));
    else if (node.kind === 'power') {
      if (expanded) out.push(syntax.pow(out.pop()!, String(node.exponent)));
      else stack.push({ node, expanded: true }, { node: node.base, expanded: false });
    } else if (!expanded) {
      stack.push({ node, expanded: true });
      for (let i = node.args.length - 1; i >= 0; i--) stack.push({ node: node.args[i], expanded: false });
    } else {
      const args = out.splice(out.length - node.args.length);
      const infix = INFIX[node.op];
      if (infix !== undefined) out.push(`(${args[0]} ${infix} ${args[1]})`);
      else if (node.op === 'neg') out.push(`(-(${args[0]}))`);
      else if (node.op === 'pow') out.push(syntax.pow(args[0], args[1]));
      else out.push(syntax.call(node.op, args[0]));
    }
  }
  return out[0];
}

/** True when the tree contains the variable x. */
function mentionsX(root: ExpressionNode): boolean {
  const stack = [root];
  while (stack.length > 0) {
    const node = stack.pop()!;
    if (node.kind === 'variable' && node.index === 0) return true;
    if (node.kind === 'op') stack.push(...node.args);
    else if (node.kind === 'power') stack.push(node.base);
  }
  return false;
}
