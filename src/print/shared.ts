import { rangeError, typeError } from '../errors/messages.js';
import { topologicalOrderAbove } from '../engine/graph.js';
import type { Value } from '../engine/value.js';

/**
 * How a printer treats a subgraph used more than once; see {@link TextOptions.shared}.
 * @category Printing
 */
export type SharedMode = 'auto' | 'inline' | 'let';

/** No inline text of more terms fits in a JavaScript string (V8 holds about 2^29 characters). */
const MAX_INLINE_TERMS = 2 ** 29;
const MODES: readonly SharedMode[] = ['auto', 'inline', 'let'];
/** Name prefixes, tried in order until one clashes with no label of the printed expression. */
const PREFIXES = ['t', 'u', 'v', 'w', 's', 'r', 'q', 'p'];

/** What a printer (text, LaTeX) supplies to {@link printShared}. */
export interface SharedPrinter<P> {
  /** One node printed from its inputs' printed forms, which `printed` holds. */
  node(node: Value, printed: ReadonlyMap<Value, P>): P;
  /** A use of the subexpression called `name`: it prints like an atom. */
  ref(name: string): P;
  text(p: P): string;
  /** The index-th name with `prefix`: t1, or t_{1} in LaTeX. */
  name(prefix: string, index: number): string;
  /** The characters one binding adds besides its name and text (its separators). */
  readonly bindingCost: number;
  /** The output from the bindings [name, text] (in dependency order) and the root's text. */
  assemble(bindings: readonly (readonly [string, string])[], body: string): string;
}

/**
 * @internal Prints root's graph down to its atoms (leaves, or labelled nodes with stopAtLabels),
 * either inline (a shared subgraph written out at every use, as sympy and math.js print) or with
 * let-style names for shared subexpressions (as sympy's cse() factors them out), each bound
 * before its first use. 'let' names every non-atom node used twice or more. 'auto' goes
 * bottom-up and names a node used u ≥ 2 times only when its binding and u uses of the name are
 * shorter than u copies of its text, then keeps the inline text if that is not longer. So a
 * shared node left inline is short (u·L ≤ binding + L + u·name bounds L), and the output is
 * linear in the graph; the inline text is built only up to the named output's length, so it never
 * blows up. Linear in the nodes printed.
 *
 * @throws TypeError or RangeError if `shared` is not a mode; RangeError for 'inline' when the
 *   written-out text cannot fit in a string
 */
export function printShared<P>(where: string, root: Value, atom: (v: Value) => boolean, shared: unknown, printer: SharedPrinter<P>): string {
  const mode = sharedMode(where, shared);
  // `pending` holds each node's number of uses until the next walk; printing does not walk.
  const order = topologicalOrderAbove(root, atom)!;
  const isTree = order.every((node) => atom(node) || node.pending <= 1);
  if (isTree) return printInline(order, printer, Infinity)!; // each node is written once
  if (mode === 'inline') {
    const terms = termsWrittenOut(order, atom);
    const tooLong = () => rangeError(where, 'options.shared', "'let' or 'auto' for this graph", 'inline', `Written out inline, its ${order.length} nodes make ${terms} terms, more than a string can hold; 'let' names the shared subexpressions (let t1 = … in …).`);
    if (terms > MAX_INLINE_TERMS) throw tooLong();
    try {
      return printInline(order, printer, Infinity)!;
    } catch (e) {
      // The engine's own "Invalid string length": labels made the text too long for a string.
      if (e instanceof RangeError && !e.message.startsWith('chainrule.')) throw tooLong();
      throw e;
    }
  }
  const named = printNamed(order, atom, printer, mode === 'let');
  if (mode === 'let' || named.bindings === 0) return named.text;
  return printInline(order, printer, named.text.length) ?? named.text;
}

/**
 * @internal root printed inline if that takes at most `maxTerms` terms, else null; looks at no
 * more than maxTerms nodes, so it costs O(maxTerms) however large the graph below root is.
 */
export function printIfShort<P>(root: Value, atom: (v: Value) => boolean, maxTerms: number, printer: SharedPrinter<P>): string | null {
  const order = topologicalOrderAbove(root, atom, maxTerms);
  if (order === null || termsWrittenOut(order, atom) > maxTerms) return null;
  return printInline(order, printer, Infinity);
}

function sharedMode(where: string, shared: unknown): SharedMode {
  if (shared === undefined) return 'auto';
  const expected = `one of ${MODES.map((m) => `'${m}'`).join(', ')}`;
  if (typeof shared !== 'string') throw typeError(where, 'options.shared', expected, shared);
  if (!(MODES as readonly string[]).includes(shared)) throw rangeError(where, 'options.shared', expected, shared);
  return shared as SharedMode;
}

/** The inline text, or null as soon as a node's text is longer than maxLength. */
function printInline<P>(order: readonly Value[], printer: SharedPrinter<P>, maxLength: number): string | null {
  const printed = new Map<Value, P>();
  for (const node of order) {
    const p = printer.node(node, printed);
    if (printer.text(p).length > maxLength) return null;
    printed.set(node, p);
  }
  return printer.text(printed.get(order[order.length - 1])!);
}

/** The text with names for shared subexpressions: all of them, or (auto) those that shorten it. */
function printNamed<P>(order: readonly Value[], atom: (v: Value) => boolean, printer: SharedPrinter<P>, nameAll: boolean): { text: string; bindings: number } {
  const prefix = freePrefix(order, atom);
  const printed = new Map<Value, P>();
  const bindings: [string, string][] = [];
  for (const node of order) {
    const p = printer.node(node, printed);
    const uses = node.pending;
    if (!atom(node) && uses >= 2) {
      const name = printer.name(prefix, bindings.length + 1);
      const text = printer.text(p);
      if (nameAll || printer.bindingCost + name.length + text.length + uses * name.length < uses * text.length) {
        bindings.push([name, text]);
        printed.set(node, printer.ref(name));
        continue;
      }
    }
    printed.set(node, p);
  }
  return { text: printer.assemble(bindings, printer.text(printed.get(order[order.length - 1])!)), bindings: bindings.length };
}

/**
 * The number of atoms and ops in the expression with every shared subgraph copied (a float), for
 * an order just returned by topologicalOrderAbove (so `pending` counts uses).
 */
function termsWrittenOut(order: readonly Value[], atom: (v: Value) => boolean): number {
  const terms = new Map<Value, number>();
  for (const node of order) {
    let n = 1;
    if (!atom(node)) for (const input of node.inputs) n += terms.get(input)!;
    terms.set(node, n);
  }
  return terms.get(order[order.length - 1])!;
}

/** The first prefix that no atom's label starts with (followed by a digit or _), so names never clash. */
function freePrefix(order: readonly Value[], atom: (v: Value) => boolean): string {
  const labels: string[] = [];
  for (const node of order) if (atom(node) && node.label !== '') labels.push(node.label);
  const clashes = (p: string) => labels.some((l) => l.startsWith(p) && /^[\d_]/.test(l.slice(p.length)));
  for (const p of PREFIXES) if (!clashes(p)) return p;
  let p = 'tmp';
  while (clashes(p)) p += '_';
  return p;
}
