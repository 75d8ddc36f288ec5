import { describe, rangeError, typeError } from '../errors/messages.js';
import { topologicalOrderAbove } from '../engine/graph.js';
import { Value, applySpec, constant } from '../engine/value.js';

/**
 * y with each key node of `replacements` replaced by its value, as a new graph: y[k₁ → e₁, k₂ → e₂, …].
 * Keys may be leaves or interior nodes (an interior key's inputs are not visited); a number
 * becomes a constant. The substitution is simultaneous: the replacement values are not themselves
 * substituted into, so `{x → y, y → x}` swaps x and y. Only the nodes on a path from a replaced
 * node up to y are rebuilt, through the op table's forward (as {@link applyOp} does), so their
 * `data` is the new graph's value at the current leaf values; every other node is shared with y,
 * and a rebuilt node carries no label (its label named the old expression). y and everything it
 * was built from are left as they were; keys that are not in y's graph are ignored, and when
 * nothing is replaced the result is y itself. Iterative: a 1,000,000-node chain is fine.
 *
 * @example
 * const x = new Value(2, 'x');
 * const t = new Value(0.5, 't');
 * substitute(x.mul(x).add(1), new Map([[x, t.exp()]])).toString(); // 'exp(t) * exp(t) + 1'
 * substitute(x.mul(x), new Map([[x, 3]])).data; // 9
 * @param y - the expression
 * @param replacements - each node to replace, with the Value or finite number that replaces it
 * @throws TypeError if y is not a Value, replacements is not a Map, a key is not a Value or a
 *   value is neither a Value nor a number; RangeError if a number value is not finite
 * @category Symbolic
 */
export function substitute(y: Value, replacements: ReadonlyMap<Value, Value | number>): Value {
  if (!(y instanceof Value)) throw typeError('substitute', 'y', 'a Value', y);
  checkReplacements(replacements);
  if (replacements.size === 0) return y;
  // Walk y's graph down to the replaced nodes (not below them), inputs first, and rebuild every
  // node with a rebuilt or replaced input. Positions are stamped into the nodes' `pending` scratch
  // field (free between walks; cheaper than a Map at a million nodes) and cleared before returning.
  const order = topologicalOrderAbove(y, (v) => replacements.has(v))!;
  const n = order.length;
  for (let i = 0; i < n; i++) order[i].pending = i;
  const result = order.slice();
  try {
    for (let i = 0; i < n; i++) {
      const node = order[i];
      const replacement = replacements.get(node);
      if (replacement !== undefined) {
        if (replacement !== node) result[i] = typeof replacement === 'number' ? constant(replacement) : replacement;
        continue;
      }
      if (node.spec === null) continue;
      const inputs = node.inputs;
      let rebuilt: Value[] | null = null;
      for (let j = 0; j < inputs.length; j++) {
        const input = result[inputs[j].pending];
        if (input === inputs[j]) continue;
        rebuilt ??= inputs.slice();
        rebuilt[j] = input;
      }
      if (rebuilt !== null) result[i] = applySpec(node.spec, rebuilt);
    }
  } finally {
    for (let i = 0; i < n; i++) order[i].pending = 0;
  }
  return result[n - 1];
}

function checkReplacements(replacements: unknown): void {
  if (!(replacements instanceof Map)) throw typeError('substitute', 'replacements', 'a Map from Values to Values or numbers', replacements);
  for (const [key, value] of replacements as Map<unknown, unknown>) {
    if (!(key instanceof Value)) throw typeError('substitute', 'a key of replacements', 'a Value', key);
    if (value instanceof Value) continue;
    const what = `the replacement of ${nodeName(key)} in replacements`;
    if (typeof value !== 'number') throw typeError('substitute', what, 'a Value or a finite number', value);
    if (!Number.isFinite(value)) throw rangeError('substitute', what, 'a Value or a finite number', value);
  }
}

/** A key as a message names it: its label, else its op and value. */
function nodeName(node: Value): string {
  if (node.label !== '') return node.label;
  return `${node.spec === null ? 'a leaf' : `a ${node.op} node`} (${describe(node.data)})`;
}
