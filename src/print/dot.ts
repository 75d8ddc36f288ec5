import { rangeError, typeError } from '../errors.js';
import { topologicalOrder } from '../graph.js';
import { Value } from '../value.js';

/** Options for {@link toDot}. */
export interface DotOptions {
  /** Graphviz layout direction. @defaultValue 'LR' */
  rankdir?: 'LR' | 'TB';
  /** Digits after the point for data and grad. @defaultValue 4 */
  digits?: number;
}

/**
 * Graphviz DOT for `root`, as micrograd's draw_dot shows it: one record per Value with its label,
 * data and grad, and one small node per op (its table `dot` label) between the operands and the
 * result. Render it with `dot -Tsvg` or a WebAssembly Graphviz build (examples/graphviz.ts).
 * Iterative: deep graphs print without stack overflow.
 *
 * @example
 * y.backward();
 * toDot(y) // 'digraph chainrule {\n  rankdir=LR; …'
 * @throws TypeError if root is not a Value; RangeError if digits is not an integer in [0, 20]
 */
export function toDot(root: Value, options: DotOptions = {}): string {
  if (!(root instanceof Value)) throw typeError('toDot', 'root', 'a Value', root);
  const { rankdir = 'LR', digits = 4 } = options;
  if (rankdir !== 'LR' && rankdir !== 'TB') throw typeError('toDot', 'options.rankdir', "'LR' or 'TB'", rankdir);
  if (!(Number.isInteger(digits) && digits >= 0 && digits <= 20)) throw rangeError('toDot', 'options.digits', 'an integer in [0, 20]', digits);
  const order = topologicalOrder([root]);
  const ids = new Map<Value, number>();
  const lines = ['digraph chainrule {', `  rankdir=${rankdir};`, '  node [shape=record, fontname="Helvetica"];'];
  for (let i = 0; i < order.length; i++) {
    const node = order[i];
    ids.set(node, i);
    const name = node.label === '' ? '' : `${escapeRecord(node.label)} | `;
    lines.push(`  n${i} [label="{ ${name}data ${fixed(node.data, digits)} | grad ${fixed(node.grad, digits)} }"];`);
    if (node.spec === null) continue;
    lines.push(`  n${i}_op [label="${escapeString(node.spec.dot)}", shape=ellipse];\n  n${i}_op -> n${i};`);
    for (const input of node.inputs) lines.push(`  n${ids.get(input)!} -> n${i}_op;`);
  }
  lines.push('}');
  return lines.join('\n');
}

function fixed(n: number, digits: number): string {
  return Number.isFinite(n) ? n.toFixed(digits) : String(n);
}

/** Record labels treat { } | < > as structure; quotes and backslashes end or escape the string. */
function escapeRecord(label: string): string {
  return label.replace(/[\\{}|<>"]/g, (c) => `\\${c}`);
}

function escapeString(label: string): string {
  return label.replace(/[\\"]/g, (c) => `\\${c}`);
}
