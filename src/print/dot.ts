import { checkOptionKeys, rangeError, typeError } from '../errors/messages.js';
import { topologicalOrder } from '../engine/graph.js';
import type { OpSpec } from '../ops/table.js';
import { Value } from '../engine/value.js';

/** Lines per joined chunk: big enough to amortise the join, small enough to stay in the young generation. */
const CHUNK = 4096;

/**
 * Options for {@link toDot}.
 * @category Printing
 */
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
 * @throws TypeError if root is not a Value, options has an unknown key, rankdir is not 'LR' or
 *   'TB' or digits is not a number; RangeError if digits is not an integer in [0, 20]
 * @category Printing
 */
export function toDot(root: Value, options: DotOptions = {}): string {
  if (!(root instanceof Value)) throw typeError('toDot', 'root', 'a Value', root);
  checkOptionKeys('toDot', options, ['rankdir', 'digits']);
  if (options.digits !== undefined && typeof options.digits !== 'number') throw typeError('toDot', 'options.digits', 'a number', options.digits);
  const { rankdir = 'LR', digits = 4 } = options;
  if (rankdir !== 'LR' && rankdir !== 'TB') throw typeError('toDot', 'options.rankdir', "'LR' or 'TB'", rankdir);
  if (!(Number.isInteger(digits) && digits >= 0 && digits <= 20)) throw rangeError('toDot', 'options.digits', 'an integer in [0, 20]', digits);
  const order = topologicalOrder([root]);
  // Speed (1e6 nodes): lines are joined into chunks of ~CHUNK lines, so short-lived strings die
  // young instead of piling up in one array of millions until the end; op labels are escaped
  // once per op.
  const chunks = [`digraph chainrule {\n  rankdir=${rankdir};\n  node [shape=record, fontname="Helvetica"];`];
  const opLabels = new Map<OpSpec, string>();
  const ids = new Map<Value, number>();
  let lines: string[] = [];
  for (let i = 0; i < order.length; i++) {
    const node = order[i];
    ids.set(node, i);
    const name = node.label === '' ? '' : `${escapeRecord(node.label)} | `;
    lines.push(`  n${i} [label="{ ${name}data ${fixed(node.data, digits)} | grad ${fixed(node.grad, digits)} }"];`);
    const spec = node.spec;
    if (spec !== null) {
      let op = opLabels.get(spec);
      if (op === undefined) opLabels.set(spec, (op = escapeString(spec.dot)));
      lines.push(`  n${i}_op [label="${op}", shape=ellipse];\n  n${i}_op -> n${i};`);
      const inputs = node.inputs;
      for (let k = 0; k < inputs.length; k++) lines.push(`  n${ids.get(inputs[k])} -> n${i}_op;`);
    }
    if (lines.length >= CHUNK) {
      chunks.push(lines.join('\n'));
      lines = [];
    }
  }
  lines.push('}');
  chunks.push(lines.join('\n'));
  return chunks.join('\n');
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
